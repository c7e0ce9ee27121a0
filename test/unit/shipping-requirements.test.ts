import { describe, expect, it } from "vitest"
import { assertOptionFitsCart, lineHasShipping, meetsRequirements } from "../../src/domain/shipping-requirements"

describe("meetsRequirements (v1 validateCartOption)", () => {
  it.each([
    { requirements: [], subtotal: 0, expected: true },
    // min is inclusive: 10000 <= 10000
    { requirements: [{ type: "min_subtotal", amount: 10000 }], subtotal: 10000, expected: true },
    { requirements: [{ type: "min_subtotal", amount: 10000 }], subtotal: 9999, expected: false },
    // max is exclusive: 2000 > 1999, not 2000 > 2000
    { requirements: [{ type: "max_subtotal", amount: 2000 }], subtotal: 1999, expected: true },
    { requirements: [{ type: "max_subtotal", amount: 2000 }], subtotal: 2000, expected: false },
    { requirements: [{ type: "min_subtotal", amount: 1000 }, { type: "max_subtotal", amount: 2000 }], subtotal: 1500, expected: true },
    { requirements: [{ type: "min_subtotal", amount: 1000 }, { type: "max_subtotal", amount: 2000 }], subtotal: 2500, expected: false },
    { requirements: [{ type: "weight", amount: 1 }], subtotal: 0, expected: true },
  ])("$requirements at $subtotal → $expected", ({ requirements, subtotal, expected }) => {
    expect(meetsRequirements(requirements, subtotal)).toBe(expected)
  })
})

describe("assertOptionFitsCart", () => {
  const cart = { region_id: "reg_a", subtotal: 500 }
  it("checks return, region, then requirements, with v1's messages", () => {
    expect(() => assertOptionFitsCart({ region_id: "reg_b", is_return: true }, [], cart)).toThrow(
      "A return shipping option cannot be used to ship a cart",
    )
    expect(() => assertOptionFitsCart({ region_id: "reg_b", is_return: false }, [], cart)).toThrow(
      "The shipping option is not available in the cart's region",
    )
    expect(() => assertOptionFitsCart({ region_id: "reg_a", is_return: false }, [{ type: "min_subtotal", amount: 501 }], cart)).toThrow(
      "The Cart does not satisfy the shipping option's requirements",
    )
    expect(() => assertOptionFitsCart({ region_id: "reg_a", is_return: false }, [{ type: "min_subtotal", amount: 500 }], cart)).not.toThrow()
  })
})

describe("lineHasShipping (v1 validateLineItemShipping_)", () => {
  it.each([
    { profiles: [], profile: null, expected: true },
    { profiles: [], profile: "sp_a", expected: false },
    { profiles: ["sp_b"], profile: "sp_a", expected: false },
    { profiles: ["sp_b", "sp_a"], profile: "sp_a", expected: true },
  ])("$profile among $profiles → $expected", ({ profiles, profile, expected }) => {
    expect(lineHasShipping(profiles, profile)).toBe(expected)
  })
})
