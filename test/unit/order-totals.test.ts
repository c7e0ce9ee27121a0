import { describe, expect, it } from "vitest"
import { computeOrderTotals, giftCardTransactionTotals, lineItemRefundable, type OrderTotalsInput } from "../../src/domain/order-totals"
import type { LineItemInput } from "../../src/domain/totals"
import { giftCardCode } from "../../src/services/order-placement"

const item = (over: Partial<LineItemInput> = {}): LineItemInput => ({
  id: "item_1", unit_price: 1000, quantity: 1, includes_tax: false, allow_discounts: true, tax_lines: [], adjustments: [], ...over,
})
const order = (over: Partial<OrderTotalsInput> = {}): OrderTotalsInput => ({
  items: [], shipping_methods: [], gift_cards_taxable: true, discount_id: null, free_shipping: false,
  gift_card_transactions: [], payments: [], refunds: [], ...over,
})

describe("giftCardTransactionTotals (v1 getGiftCardTransactionsTotals)", () => {
  it.each([
    // no transactions → nothing
    { transactions: [], expected: { total: 0, tax_total: 0 } },
    // 5000 at 25% → tax 1250 (golden 135)
    { transactions: [{ amount: 5000, tax_rate: 25 }], expected: { total: 5000, tax_total: 1250 } },
    // untaxed card: no tax
    { transactions: [{ amount: 1000, tax_rate: null }], expected: { total: 1000, tax_total: 0 } },
    // running rounding: round(0 + 333 × 0.25 = 83.25) = 83, then round(83 + 333 × 0.25 = 166.25) = 166
    { transactions: [{ amount: 333, tax_rate: 25 }, { amount: 333, tax_rate: 25 }], expected: { total: 666, tax_total: 166 } },
  ])("$transactions.length transaction(s) → $expected.total / $expected.tax_total", ({ transactions, expected }) => {
    expect(giftCardTransactionTotals(transactions)).toEqual(expected)
  })
})

describe("lineItemRefundable (v1 getLineItemRefund)", () => {
  it.each([
    // 4 × 1950 = 7800, 780 off → unit discount 195 → 7020; no tax (golden 110)
    { input: item({ unit_price: 1950, quantity: 4, adjustments: [{ amount: 780, discount_id: "d" }] }), expected: 7020 },
    // 3 × 1000, 100 off → unit discount round(33.33) = 33 → 99 off → 2901; tax 25% → round(725.25) = 725 → 3626
    { input: item({ quantity: 3, tax_lines: [{ rate: 25 }], adjustments: [{ amount: 100, discount_id: "d" }] }), expected: 3626 },
    // no discount, two tax lines of 10% and 5% on 1000 → 100 + 50
    { input: item({ tax_lines: [{ rate: 10 }, { rate: 5 }] }), expected: 1150 },
  ])("refunds $expected", ({ input, expected }) => {
    expect(lineItemRefundable(input, "d")).toBe(expected)
  })
})

describe("computeOrderTotals", () => {
  it("takes gift cards from transactions and keeps their tax out of tax_total", () => {
    // 2 × 850 = 1700 at 25% → 425; shipping 1000 at 25% → 250; card used 2700 at 25% → tax 675
    const totals = computeOrderTotals(order({
      items: [item({ unit_price: 850, quantity: 2, tax_lines: [{ rate: 25 }] })],
      shipping_methods: [{ id: "sm_1", price: 1000, includes_tax: false, tax_lines: [{ rate: 25 }] }],
      gift_card_transactions: [{ amount: 2700, tax_rate: 25 }],
    }))
    // tax_total = 425 + 250 − 675 = 0; total = 1700 + 1000 + 0 − 2700 = 0
    expect(totals).toMatchObject({
      subtotal: 1700, shipping_total: 1000, item_tax_total: 425, shipping_tax_total: 250, tax_total: 0,
      gift_card_total: 2700, gift_card_tax_total: 675, total: 0, paid_total: 0, refunded_total: 0, refundable_amount: 0,
    })
  })

  it("sums payments and refunds", () => {
    const totals = computeOrderTotals(order({ items: [item()], payments: [600, 400], refunds: [250] }))
    expect(totals).toMatchObject({ total: 1000, paid_total: 1000, refunded_total: 250, refundable_amount: 750 })
    expect(totals.items.item_1).toMatchObject({ subtotal: 1000, total: 1000, refundable: 1000 })
  })
})

describe("giftCardCode (v1 generateCode)", () => {
  it("groups 16 characters from the alphabet in fours", () => {
    expect(giftCardCode(new Uint8Array(Array.from({ length: 16 }, (_, i) => i)))).toBe("ABCD-EFGH-IJKL-MNOP")
    // 36 + 1 wraps to "B"; 35 is "9"
    expect(giftCardCode(new Uint8Array([35, 37, ...Array(14).fill(0)]))).toBe("9BAA-AAAA-AAAA-AAAA")
  })
})
