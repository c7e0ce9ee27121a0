import { describe, expect, it } from "vitest"
import {
  allocateRefund, checkReturnRequest, returnableQuantity, returnLineRefund, returnRefundAmount, returnShippingTotal, type ReturnableLine,
} from "../../src/domain/returns"
import { computeOrderTotals } from "../../src/domain/order-totals"
import { MedusaError } from "../../src/domain/errors"

const line = (over: Partial<ReturnableLine> = {}): ReturnableLine => ({
  id: "item_1", unit_price: 1000, quantity: 1, includes_tax: false, allow_discounts: true, tax_lines: [], adjustments: [],
  returned_quantity: 0, requested_quantity: 0, ...over,
})

describe("returnLineRefund (v1 getLineItemRefund for a returned quantity)", () => {
  it.each([
    // 1 of 2 × 1950, no tax (golden 179) → 1950
    { input: line({ unit_price: 1950, quantity: 2 }), quantity: 1, expected: 1950 },
    // 1 of 4 × 1950 with 780 off: unit discount 195 → 1755; 10% tax → round(175.5) = 176 → 1931
    { input: line({ unit_price: 1950, quantity: 4, tax_lines: [{ rate: 10 }], adjustments: [{ amount: 780, discount_id: "d" }] }), quantity: 1, expected: 1931 },
    // 2 of 3 × 1000 with 100 off: unit discount round(33.33) = 33 → 66 off → 1934, no tax
    { input: line({ quantity: 3, adjustments: [{ amount: 100, discount_id: "d" }] }), quantity: 2, expected: 1934 },
    // tax lines 10% and 5% on 1000, each rounded → 1000 + 100 + 50
    { input: line({ tax_lines: [{ rate: 10 }, { rate: 5 }] }), quantity: 1, expected: 1150 },
    // the discount of another code does not count (the order's regular discount is "d")
    { input: line({ adjustments: [{ amount: 500, discount_id: "other" }] }), quantity: 1, expected: 1000 },
    // a line that does not allow discounts keeps its price
    { input: line({ allow_discounts: false, adjustments: [{ amount: 500, discount_id: "d" }] }), quantity: 1, expected: 1000 },
  ])("refunds $expected", ({ input, quantity, expected }) => {
    expect(returnLineRefund(input, "d", quantity)).toBe(expected)
  })
})

describe("returnRefundAmount (v1 ReturnService.create)", () => {
  const a = line({ id: "a", unit_price: 1950, quantity: 2 })
  const b = line({ id: "b", unit_price: 999, quantity: 1, tax_lines: [{ rate: 25 }] })
  it.each([
    // nothing returned → 0 (golden 182)
    { items: [], shipping: null, expected: 0 },
    // 1 × 1950, return shipping 500 untaxed (golden 180) → 1450
    { items: [{ item_id: "a", quantity: 1 }], shipping: { price: 500, tax_rates: [] }, expected: 1450 },
    // 1950 + (999 + round(249.75) = 250) = 3199; shipping 500 at 25% → 625 → 2574
    { items: [{ item_id: "a", quantity: 1 }, { item_id: "b", quantity: 1 }], shipping: { price: 500, tax_rates: [25] }, expected: 2574 },
    // shipping dearer than the goods → 0, not negative (v1 goes negative)
    { items: [{ item_id: "b", quantity: 1 }], shipping: { price: 2000, tax_rates: [] }, expected: 0 },
    // both units of a → 3900
    { items: [{ item_id: "a", quantity: 2 }], shipping: null, expected: 3900 },
  ])("refunds $expected", ({ items, shipping, expected }) => {
    expect(returnRefundAmount([a, b], null, items, shipping)).toBe(expected)
  })

  it("adds tax to the return shipping per tax line", () => {
    // 333 at 10% → round(33.3) = 33; at 5% → round(16.65) = 17 → 383
    expect(returnShippingTotal({ price: 333, tax_rates: [10, 5] })).toBe(383)
  })
})

describe("returnableQuantity", () => {
  it.each([
    { input: line({ quantity: 3 }), expected: 3 },
    // 1 received, 1 on its way back → 1 left
    { input: line({ quantity: 3, returned_quantity: 1, requested_quantity: 1 }), expected: 1 },
    { input: line({ quantity: 2, requested_quantity: 2 }), expected: 0 },
  ])("leaves $expected", ({ input, expected }) => {
    expect(returnableQuantity(input)).toBe(expected)
  })
})

describe("checkReturnRequest", () => {
  const lines = [line({ id: "a", quantity: 2, requested_quantity: 1 })]
  const reasons = [{ id: "rr_ok", has_children: false }, { id: "rr_cat", has_children: true }]
  const fails = (fn: () => void) => {
    try {
      fn()
    } catch (err) {
      return err instanceof MedusaError ? { type: err.type, message: err.message } : err
    }
    return "did not throw"
  }
  it.each([
    { order: { canceled: true }, items: [{ item_id: "a", quantity: 1 }], expected: { type: "invalid_data", message: "Cannot create a return for a canceled item." } },
    { order: { canceled: false }, items: [{ item_id: "x", quantity: 1 }], expected: { type: "invalid_data", message: "Return contains invalid line item" } },
    { order: { canceled: false }, items: [{ item_id: "a", quantity: 1, reason_id: "rr_no" }], expected: { type: "not_found", message: "Return Reason with id: rr_no was not found." } },
    { order: { canceled: false }, items: [{ item_id: "a", quantity: 1, reason_id: "rr_cat" }], expected: { type: "invalid_data", message: "Cannot apply return reason category" } },
    // 1 of 2 already requested: 2 more is too many
    { order: { canceled: false }, items: [{ item_id: "a", quantity: 2 }], expected: { type: "not_allowed", message: "Cannot return more items than have been purchased" } },
    // the same line twice counts as its sum
    { order: { canceled: false }, items: [{ item_id: "a", quantity: 1 }, { item_id: "a", quantity: 1 }], expected: { type: "not_allowed", message: "Cannot return more items than have been purchased" } },
  ])("refuses $expected.message", ({ order, items, expected }) => {
    expect(fails(() => checkReturnRequest(order, lines, items, reasons))).toEqual(expected)
  })

  it("accepts what is still returnable, with a plain reason", () => {
    expect(fails(() => checkReturnRequest({ canceled: false }, lines, [{ item_id: "a", quantity: 1, reason_id: "rr_ok" }], reasons))).toBe("did not throw")
  })
  it("refuses a gift-card line, even alongside a returnable one: its cards stay spendable", () => {
    const withCard = [...lines, line({ id: "gc", quantity: 1, is_giftcard: true })]
    expect(fails(() => checkReturnRequest({ canceled: false }, withCard, [{ item_id: "a", quantity: 1 }, { item_id: "gc", quantity: 1 }], reasons))).toEqual({
      type: "not_allowed", message: "Line item gc is a gift card and cannot be returned; disable the gift card instead",
    })
  })
})

describe("allocateRefund (v1 refundPayment: payments in order, each giving back what is left on it)", () => {
  const pay = (id: string, amount: number, amount_refunded = 0, canceled = false) => ({ id, amount, amount_refunded, canceled })
  it.each([
    // one payment covers it
    { payments: [pay("p1", 5390)], amount: 2145, expected: [{ payment_id: "p1", amount: 2145 }] },
    // 6490 over 5390 + 2200 → 5390 + 1100
    { payments: [pay("p1", 5390), pay("p2", 2200)], amount: 6490, expected: [{ payment_id: "p1", amount: 5390 }, { payment_id: "p2", amount: 1100 }] },
    // what was refunded already stays out: p1 has 3245 left
    { payments: [pay("p1", 5390, 2145), pay("p2", 2200)], amount: 4000, expected: [{ payment_id: "p1", amount: 3245 }, { payment_id: "p2", amount: 755 }] },
    // a canceled payment and a fully refunded one give nothing
    { payments: [pay("p0", 9999, 0, true), pay("p1", 1000, 1000), pay("p2", 500)], amount: 500, expected: [{ payment_id: "p2", amount: 500 }] },
  ])("splits $amount", ({ payments, amount, expected }) => {
    expect(allocateRefund(payments, amount)).toEqual(expected)
  })

  it("answers undefined when the payments cannot cover the refund (nothing is refunded)", () => {
    expect(allocateRefund([pay("p1", 1000), pay("p2", 500, 0, true)], 1200)).toBeUndefined()
    expect(allocateRefund([], 1)).toBeUndefined()
  })
})

describe("order totals after a received return (v1 keeps returned units in the totals)", () => {
  it("leaves subtotal alone and shrinks the line's refundable amount", () => {
    const totals = computeOrderTotals({
      items: [line({ id: "a", unit_price: 1950, quantity: 2 })], shipping_methods: [], gift_cards_taxable: true, discount_id: null,
      free_shipping: false, gift_card_transactions: [], payments: [4900], refunds: [1950], returned_quantities: { a: 1 },
    })
    // subtotal 2 × 1950 = 3900; refundable of the line: 1 unit = 1950; paid 4900 − refunded 1950 = 2950
    expect(totals).toMatchObject({ subtotal: 3900, refunded_total: 1950, refundable_amount: 2950 })
    expect(totals.items.a?.refundable).toBe(1950)
  })
})
