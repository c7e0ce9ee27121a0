import { describe, expect, it } from "vitest"
import {
  assertRegionChangeAllowed,
  assertShippingCountryInRegion,
  checkGiftCardUsable,
  chooseCartDiscounts,
  countryAfterRegionChange,
  customerGroupsAllow,
  discountsNotFound,
  freeShippingPrices,
  normalizeDiscountCode,
  repriceLines,
} from "../../src/domain/cart-updates"

describe("discount codes", () => {
  it.each([
    ["ten", "TEN"],
    ["  Summer-10 ", "SUMMER-10"],
    ["ÉTÉ", "ÉTÉ"],
  ])("normalizes %j to %j", (code, want) => expect(normalizeDiscountCode(code)).toBe(want))

  it("names every requested code when one is missing", () => {
    expect(discountsNotFound(["TEN", "NOPE"])).toMatchObject({ type: "not_found", message: "Discounts with code [TEN, NOPE] was not found" })
  })

  it.each([
    { given: ["p1:percentage"], keep: ["p1"] },
    { given: ["p1:percentage", "f1:fixed"], keep: ["p1"] },
    { given: ["s1:free_shipping", "p1:percentage"], keep: ["s1", "p1"] },
    { given: ["p1:percentage", "s1:free_shipping", "s2:free_shipping", "f1:fixed"], keep: ["p1", "s1"] },
    { given: [], keep: [] },
  ])("keeps one regular and one free-shipping discount: $given → $keep", ({ given, keep }) => {
    const discounts = given.map((g) => {
      const [id, type] = g.split(":")
      return { id: id!, type: type! }
    })
    expect(chooseCartDiscounts(discounts).map((d) => d.id)).toEqual(keep)
  })
})

describe("freeShippingPrices (v1 adjustFreeShipping_)", () => {
  const methods = [
    { id: "sm_1", shipping_option_id: "so_flat", price: 1000 },
    { id: "sm_2", shipping_option_id: "so_calc", price: 1234 },
  ]
  const amounts: Record<string, number | null> = { so_flat: 1000, so_calc: null }
  const amountOf = (id: string) => amounts[id]

  it("stores every method at 0 when the cart has free shipping", () => {
    expect(freeShippingPrices(methods, amountOf, false, true).map((m) => m.price)).toEqual([0, 0])
  })

  it("restores flat prices when free shipping goes; a calculated price stays as stored", () => {
    const free = methods.map((m) => ({ ...m, price: 0 }))
    expect(freeShippingPrices(free, amountOf, true, false).map((m) => m.price)).toEqual([1000, 0])
  })

  it("leaves prices alone when the cart never had free shipping", () => {
    const custom = [{ id: "sm_1", shipping_option_id: "so_flat", price: 800 }]
    expect(freeShippingPrices(custom, amountOf, false, false)).toEqual(custom)
  })
})

describe("customerGroupsAllow (v1 canApplyForCustomer)", () => {
  const inVip = { type: "customer_groups", operator: "in", target_ids: ["vip"] }
  const notBanned = { type: "customer_groups", operator: "not_in", target_ids: ["banned"] }
  const products = { type: "products", operator: "in", target_ids: ["prod_1"] }
  it.each([
    { conditions: [], groups: [], want: true },
    { conditions: [products], groups: [], want: true },
    { conditions: [inVip], groups: [], want: false },
    { conditions: [inVip], groups: ["vip"], want: true },
    { conditions: [notBanned], groups: [], want: true },
    { conditions: [notBanned], groups: ["banned"], want: false },
    { conditions: [inVip, notBanned], groups: ["vip", "banned"], want: false },
  ])("conditions $conditions.length, groups $groups → $want", ({ conditions, groups, want }) => {
    expect(customerGroupsAllow(conditions, groups)).toBe(want)
  })
})

describe("region change", () => {
  it.each([
    { requested: "FR", countries: ["de", "fr"], want: "fr" },
    { requested: null, countries: ["de", "fr"], want: null },
    { requested: undefined, countries: ["se"], want: "se" },
    { requested: "", countries: ["se"], want: "se" },
    { requested: "dk", countries: ["dk"], want: "dk" },
  ])("moves the shipping country: $requested in $countries → $want", ({ requested, countries, want }) => {
    expect(countryAfterRegionChange(requested, countries)).toBe(want)
  })

  it("refuses a requested country outside the new region with v1's not_allowed", () => {
    expect(() => countryAfterRegionChange("us", ["de"])).toThrow(expect.objectContaining({ type: "not_allowed", message: "Country not available in region" }))
  })

  it("refuses carts that are completed or payment-authorized", () => {
    const open = { completed_at: null, payment_authorized_at: null }
    expect(() => assertRegionChangeAllowed(open)).not.toThrow()
    for (const cart of [{ ...open, completed_at: "2026-01-01" }, { ...open, payment_authorized_at: "2026-01-01" }]) {
      expect(() => assertRegionChangeAllowed(cart)).toThrow("Cannot change the region of a completed cart")
    }
  })

  it("checks a shipping country case-insensitively; no country passes", () => {
    expect(() => assertShippingCountryInRegion("US", ["us"])).not.toThrow()
    expect(() => assertShippingCountryInRegion(null, ["us"])).not.toThrow()
    expect(() => assertShippingCountryInRegion("de", ["us"])).toThrow(
      expect.objectContaining({ type: "invalid_data", message: "Shipping country must be in the cart region" }),
    )
  })
})

describe("repriceLines (v1 updateUnitPrices_)", () => {
  const lines = [
    { id: "item_a", variant_id: "v_a", quantity: 2, unit_price: 1000, has_shipping: true },
    { id: "item_b", variant_id: "v_b", quantity: 1, unit_price: 500, has_shipping: false },
    { id: "item_custom", variant_id: null, quantity: 1, unit_price: 42, has_shipping: true },
    { id: "item_gone", variant_id: "v_gone", quantity: 1, unit_price: 300, has_shipping: true },
  ]
  const prices: Record<string, number> = { v_a: 850, v_b: 500 }
  const priceOf = (variantId: string) => prices[variantId]

  it("re-prices, removes unpriced variants and keeps custom lines; a region change clears has_shipping", () => {
    const { lines: out, removed } = repriceLines(lines, priceOf, true)
    expect(removed).toEqual(["item_gone"])
    expect(out.map((l) => [l.id, l.unit_price, l.has_shipping])).toEqual([
      ["item_a", 850, false],
      ["item_b", 500, false],
      ["item_custom", 42, true],
    ])
    // an unchanged line is the same object, so the service writes nothing for it
    expect(out[1]).toBe(lines[1])
  })

  it("keeps has_shipping for a customer-only re-pricing", () => {
    const { lines: out } = repriceLines(lines, priceOf, false)
    expect(out[0]).toMatchObject({ unit_price: 850, has_shipping: true })
  })

  it("keeps a swap cart's return lines (their credit is fixed by the swap)", () => {
    const credit = { id: "item_credit", variant_id: "v_a", quantity: 1, unit_price: -1000, has_shipping: null, is_return: true }
    const { lines: out, removed } = repriceLines([credit, { ...credit, id: "item_unpriced", variant_id: "v_gone" }], priceOf, true)
    expect(removed).toEqual([])
    expect(out[0]).toBe(credit)
    expect(out[1]).toMatchObject({ unit_price: -1000, variant_id: "v_gone" })
  })

  it("passes the line's quantity to the price lookup", () => {
    const seen: [string, number][] = []
    repriceLines(lines.slice(0, 1), (v, q) => (seen.push([v, q]), 1), false)
    expect(seen).toEqual([["v_a", 2]])
  })
})

describe("checkGiftCardUsable (v1 applyGiftCard_)", () => {
  const card = { code: "GC", is_disabled: false, region_id: "reg_1" }
  it.each([
    { card: undefined, type: "not_found", message: "Gift card with code: GC was not found" },
    { card: { ...card, is_disabled: true }, type: "not_allowed", message: "The gift card is disabled" },
    { card: { ...card, region_id: "reg_2" }, type: "invalid_data", message: "The gift card cannot be used in the current region" },
    { card: { ...card, is_disabled: true, region_id: "reg_2" }, type: "not_allowed", message: "The gift card is disabled" },
  ])("refuses with $type: $message", ({ card: given, type, message }) => {
    expect(() => checkGiftCardUsable(given, "GC", "reg_1")).toThrow(expect.objectContaining({ type, message }))
  })

  it("accepts a live card of the cart's region", () => {
    expect(() => checkGiftCardUsable(card, "GC", "reg_1")).not.toThrow()
  })
})
