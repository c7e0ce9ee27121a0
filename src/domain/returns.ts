/**
 * Returns (v1 ReturnService.create as the store route calls it), pure: which quantities of an order's lines may be
 * returned, and what the return refunds. The service loads the order; this module decides and does the arithmetic.
 */
import { invalidData, notAllowed, notFound } from "./errors"
import { roundedLineTax } from "./money"
import { itemDiscountAllocation, type LineItemInput } from "./totals"

/** An order line as a return sees it: its totals input, and how much of it is already returned or on its way back. */
export interface ReturnableLine extends LineItemInput {
  /** Received by the merchant (line_item.returned_quantity). */
  readonly returned_quantity: number
  /** In returns requested but neither received nor canceled. */
  readonly requested_quantity: number
  /** A gift-card line: its units became gift cards when the order was placed. */
  readonly is_giftcard?: boolean | undefined
}

export interface ReturnRequestItem {
  readonly item_id: string
  readonly quantity: number
  readonly reason_id?: string | undefined
  readonly note?: string | undefined
}

export interface ReturnReasonInfo {
  readonly id: string
  /** A reason with children is a category and cannot be applied (v1). */
  readonly has_children: boolean
}

/**
 * What may still be returned of a line. v1 counts only received returns (`quantity - returned_quantity`), so two
 * open requests could together claim more than was bought; requested quantities count here too.
 */
export const returnableQuantity = (line: ReturnableLine): number =>
  line.quantity - line.returned_quantity - line.requested_quantity

/**
 * Checks a store return request against its order, in v1's order of checks and with its messages: a canceled order
 * → "Cannot create a return for a canceled item."; a line not on the order → "Return contains invalid line item";
 * a gift-card line → not_allowed (not v1); an unknown reason → 404; a reason category → "Cannot apply return reason category"; more than is returnable →
 * "Cannot return more items than have been purchased". The same line twice counts as its summed quantity.
 */
export function checkReturnRequest(
  order: { canceled: boolean },
  lines: readonly ReturnableLine[],
  items: readonly ReturnRequestItem[],
  reasons: readonly ReturnReasonInfo[],
): void {
  if (order.canceled && items.length > 0) throw invalidData("Cannot create a return for a canceled item.")
  const byId = new Map(lines.map((line) => [line.id, line]))
  for (const item of items) if (!byId.has(item.item_id)) throw invalidData("Return contains invalid line item")
  // The cards a gift-card line issued stay spendable whatever comes back: refunding the line would pay the card's
  // value twice (v1 has no such check; the merchant disables a card instead of taking it back).
  for (const item of items) {
    if (byId.get(item.item_id)!.is_giftcard) {
      throw notAllowed(`Line item ${item.item_id} is a gift card and cannot be returned; disable the gift card instead`)
    }
  }
  for (const item of items) {
    if (!item.reason_id) continue
    const reason = reasons.find((r) => r.id === item.reason_id)
    if (!reason) throw notFound(`Return Reason with id: ${item.reason_id} was not found.`)
    if (reason.has_children) throw invalidData("Cannot apply return reason category")
  }
  const wanted = new Map<string, number>()
  for (const item of items) wanted.set(item.item_id, (wanted.get(item.item_id) ?? 0) + item.quantity)
  for (const [id, quantity] of wanted) {
    if (quantity > returnableQuantity(byId.get(id)!)) throw notAllowed("Cannot return more items than have been purchased")
  }
}

/**
 * What returning `quantity` units of a line refunds (v1 TotalsService.getLineItemRefund, tax-exclusive prices): the
 * line's discount per unit (rounded) times the quantity comes off, and tax is added per tax line, rounded per line.
 */
export function returnLineRefund(line: LineItemInput, discountId: string | null, quantity: number): number {
  const allocation = itemDiscountAllocation(line, discountId)
  const discount = line.quantity > 0 ? Math.round(allocation / line.quantity) * quantity : 0
  const taxable = line.unit_price * quantity - discount
  return taxable + line.tax_lines.reduce((sum, tax) => sum + roundedLineTax(taxable, tax.rate), 0)
}

/** The return shipping the shopper pays, deducted from the refund: its price plus tax rounded per tax line (v1). */
export interface ReturnShippingInput {
  readonly price: number
  readonly tax_rates: readonly (number | null)[]
}

export function returnShippingTotal(shipping: ReturnShippingInput): number {
  return shipping.price + shipping.tax_rates.reduce<number>((sum, rate) => sum + roundedLineTax(shipping.price, rate), 0)
}

/**
 * A return's refund_amount (v1 ReturnService.create): Σ line refunds, floored, minus the return shipping total.
 * v1 lets a return shipping dearer than the goods make the refund negative; it stops at 0 here.
 */
export function returnRefundAmount(
  lines: readonly LineItemInput[],
  discountId: string | null,
  items: readonly { item_id: string; quantity: number }[],
  shipping: ReturnShippingInput | null,
): number {
  const byId = new Map(lines.map((line) => [line.id, line]))
  let refund = 0
  for (const item of items) {
    const line = byId.get(item.item_id)
    if (line) refund += returnLineRefund(line, discountId, item.quantity)
  }
  refund = Math.floor(refund)
  return Math.max(0, refund - (shipping ? returnShippingTotal(shipping) : 0))
}

/** A payment a refund may go back through. */
export interface RefundablePayment {
  readonly id: string
  readonly amount: number
  readonly amount_refunded: number
  readonly canceled: boolean
}

export interface RefundShare {
  readonly payment_id: string
  readonly amount: number
}

/**
 * Splits a refund over the order's payments as v1's PaymentProviderService.refundPayment does: in order, each live
 * payment gives back what is left on it until the amount is covered. Undefined when the payments cannot cover it
 * (the refund must then not be reported as made).
 */
export function allocateRefund(payments: readonly RefundablePayment[], amount: number): RefundShare[] | undefined {
  const shares: RefundShare[] = []
  let rest = amount
  for (const payment of payments) {
    if (rest <= 0) break
    const left = payment.canceled ? 0 : payment.amount - payment.amount_refunded
    if (left <= 0) continue
    const share = Math.min(left, rest)
    shares.push({ payment_id: payment.id, amount: share })
    rest -= share
  }
  return rest > 0 ? undefined : shares
}
