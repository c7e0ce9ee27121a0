/**
 * Order totals, as Medusa v1 (1.20.x) computes them: OrderService.decorateTotals over NewTotalsService. They differ
 * from a cart's in three ways:
 * - gift cards come from the order's gift-card transactions (what was actually taken from each card), not balances;
 * - `tax_total` EXCLUDES the gift-card tax (`item_tax_total + shipping_tax_total - gift_card_tax_total`), so
 *   `total = subtotal + shipping_total + tax_total - (gift_card_total + discount_total)`;
 * - payments give `paid_total`, refunds `refunded_total`, and each item gets `refundable` (getLineItemRefund).
 * Pure: the service gathers rows; this module does the arithmetic.
 */
import { roundedLineTax } from "./money"
import { returnLineRefund } from "./returns"
import { computeCartTotals, itemDiscountAllocation, type CartTotals, type LineItemInput, type LineItemTotals, type TotalsInput } from "./totals"

export interface GiftCardTransactionInput {
  readonly amount: number
  readonly tax_rate: number | null
}

export interface OrderTotalsInput extends Omit<TotalsInput, "gift_cards"> {
  readonly gift_card_transactions: readonly GiftCardTransactionInput[]
  /** Amounts of the order's payments. */
  readonly payments: readonly number[]
  /** Amounts of the order's refunds. */
  readonly refunds: readonly number[]
  /** Units of each line the merchant received back (line_item.returned_quantity); they are no longer refundable. */
  readonly returned_quantities?: Readonly<Record<string, number>>
}

export interface OrderTotals extends Omit<CartTotals, "items"> {
  paid_total: number
  refunded_total: number
  refundable_amount: number
  items: Record<string, LineItemTotals & { refundable: number }>
}

/**
 * Gift-card totals from transactions (v1 getGiftCardTransactionsTotals): the amounts add up, and the tax is rounded
 * on the running sum: `tax = round(tax + amount · rate/100)`.
 */
export function giftCardTransactionTotals(transactions: readonly GiftCardTransactionInput[]): { total: number; tax_total: number } {
  let total = 0
  let tax = 0
  for (const t of transactions) {
    total += t.amount
    tax = Math.round(tax + t.amount * ((t.tax_rate || 0) / 100))
  }
  return { total, tax_total: tax }
}

/**
 * What refunding a whole line would return (v1 getLineItemRefund, tax-exclusive prices): its subtotal minus its
 * discount (the per-unit discount rounded first, then multiplied back), plus tax on that, rounded per tax line.
 */
export function lineItemRefundable(item: LineItemInput, discountId: string | null): number {
  const allocation = itemDiscountAllocation(item, discountId)
  const discount = item.quantity > 0 ? Math.round(allocation / item.quantity) * item.quantity : 0
  const taxable = item.unit_price * item.quantity - discount
  return taxable + item.tax_lines.reduce((sum, line) => sum + roundedLineTax(taxable, line.rate), 0)
}

export function computeOrderTotals(input: OrderTotalsInput): OrderTotals {
  const base = computeCartTotals({ ...input, gift_cards: [] })
  const giftCards = giftCardTransactionTotals(input.gift_card_transactions)
  const taxTotal = base.item_tax_total + base.shipping_tax_total - giftCards.tax_total
  const paid = input.payments.reduce((sum, amount) => sum + amount, 0)
  const refunded = Math.round(input.refunds.reduce((sum, amount) => sum + amount, 0))
  const items: OrderTotals["items"] = {}
  for (const item of input.items) {
    const totals = base.items[item.id]
    const returned = input.returned_quantities?.[item.id] ?? 0
    const refundable = returned > 0
      ? returnLineRefund(item, input.discount_id, item.quantity - returned)
      : lineItemRefundable(item, input.discount_id)
    if (totals) items[item.id] = { ...totals, refundable }
  }
  return {
    ...base,
    tax_total: taxTotal,
    gift_card_total: giftCards.total,
    gift_card_tax_total: giftCards.tax_total,
    total: base.subtotal + base.shipping_total + taxTotal - (giftCards.total + base.discount_total),
    paid_total: paid,
    refunded_total: refunded,
    refundable_amount: paid - refunded || 0,
    items,
  }
}
