import { describe, expect, it } from "vitest"
import {
  assertNotReturnLine, assertReturnLinesKept, assertSwapCartMoveAllowed, RETURN_LINES_FIXED, returnLinesFingerprint, sameReturnLines,
  type ReturnLinesView,
} from "../../src/domain/swap-carts"

const line = (over: Partial<ReturnLinesView["items"][number]> = {}) => ({
  id: "item_credit", is_return: true, title: "Mug", variant_id: "variant_mug", unit_price: -2000, quantity: 1, allow_discounts: true, ...over,
})
const cart: ReturnLinesView = {
  items: [
    line({ id: "item_cap", is_return: false, title: "Cap", variant_id: "variant_cap", unit_price: 1000 }),
    line({ id: "item_ship", title: "Return shipping", variant_id: null, unit_price: 500, allow_discounts: false }),
    line(),
  ],
  itemTaxLines: [
    { item_id: "item_ship", rate: 10, name: "Tax", code: null },
    { item_id: "item_credit", rate: 10, name: "Tax", code: null },
  ],
  adjustments: [{ item_id: "item_credit", amount: -195, discount_id: null }],
}
const refused = { type: "not_allowed", message: RETURN_LINES_FIXED }

describe("a swap cart's return lines", () => {
  it("refuses an edit of a return line, not of a bought one", () => {
    expect(() => assertNotReturnLine({ is_return: true })).toThrow(expect.objectContaining(refused))
    expect(() => assertNotReturnLine({ is_return: false })).not.toThrow()
  })

  it("fingerprints only the return lines, whatever their ids and order", () => {
    expect(returnLinesFingerprint(cart)).toHaveLength(2)
    const renamed: ReturnLinesView = {
      items: [line({ id: "x" }), line({ id: "y", title: "Return shipping", variant_id: null, unit_price: 500, allow_discounts: false })],
      itemTaxLines: [{ item_id: "y", rate: 10, name: "Tax", code: null }, { item_id: "x", rate: 10, name: "Tax", code: null }],
      adjustments: [{ item_id: "x", amount: -195, discount_id: null }],
    }
    expect(sameReturnLines(cart, renamed)).toBe(true)
  })

  it.each([
    ["a quantity", { items: cart.items.map((i) => (i.id === "item_credit" ? { ...i, quantity: 50 } : i)) }],
    ["a price", { items: cart.items.map((i) => (i.id === "item_credit" ? { ...i, unit_price: 2000 } : i)) }],
    ["a deleted line", { items: cart.items.filter((i) => i.id !== "item_ship") }],
    ["a tax line", { itemTaxLines: cart.itemTaxLines.slice(1) }],
    ["an adjustment", { adjustments: [] }],
  ])("tells %s apart, and the invariant refuses it", (_name, change) => {
    const after = { ...cart, ...change }
    expect(sameReturnLines(cart, after)).toBe(false)
    expect(() => assertReturnLinesKept(cart, after)).toThrow(expect.objectContaining(refused))
  })

  it("lets bought lines change freely", () => {
    const after = { ...cart, items: cart.items.map((i) => (i.is_return ? i : { ...i, quantity: 3 })) }
    expect(() => assertReturnLinesKept(cart, after)).not.toThrow()
    expect(() => assertReturnLinesKept(cart, { ...cart, items: cart.items.filter((i) => i.is_return) })).not.toThrow()
  })

  it("refuses the same lines under new ids as a change (only completion puts them back)", () => {
    const after = { ...cart, items: cart.items.map((i) => (i.id === "item_credit" ? { ...i, id: "item_other" } : i)),
      itemTaxLines: cart.itemTaxLines.map((l) => (l.item_id === "item_credit" ? { ...l, item_id: "item_other" } : l)),
      adjustments: [{ item_id: "item_other", amount: -195, discount_id: null }] }
    expect(sameReturnLines(cart, after)).toBe(true)
    expect(() => assertReturnLinesKept(cart, after)).toThrow(expect.objectContaining(refused))
  })

  it("fixes a swap cart's region and channel, not an ordinary cart's", () => {
    expect(() => assertSwapCartMoveAllowed({ type: "swap" }, "region")).toThrow(
      expect.objectContaining({ type: "not_allowed", message: "The region of a swap cart is fixed by its order and cannot be changed" }),
    )
    expect(() => assertSwapCartMoveAllowed({ type: "default" }, "sales channel")).not.toThrow()
  })
})
