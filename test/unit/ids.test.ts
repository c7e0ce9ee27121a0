import { describe, expect, it } from "vitest"
import { newId, ulid } from "../../src/domain/ids"

describe("ids", () => {
  it("encodes time then randomness in Crockford base32 (a ULID)", () => {
    expect(ulid(0, new Uint8Array(10))).toBe("0".repeat(26))
    expect(ulid(1, new Uint8Array(10).fill(255))).toBe("0000000001" + "Z".repeat(16))
  })

  it("prefixes ids like Medusa and sorts them by creation time", () => {
    const a = newId("cart", 1_700_000_000_000)
    const b = newId("cart", 1_700_000_000_001)
    expect(a).toMatch(/^cart_[0-9A-HJKMNP-TV-Z]{26}$/)
    expect(a < b).toBe(true)
    expect(newId("lineItem")).toMatch(/^item_/)
  })

  it("does not repeat", () => {
    const ids = new Set(Array.from({ length: 1000 }, () => newId("order", 42)))
    expect(ids.size).toBe(1000)
  })
})
