import { and, eq, isNull } from "drizzle-orm"
import type { BatchItem } from "drizzle-orm/batch"
import type { Database } from "../env"
import * as t from "../db/schema"
import type { CartAggregate } from "../db/queries/carts"
import type { PaymentRow } from "../db/queries/orders"
import type { CartState } from "./cart-state"
import { aggregateWithState } from "./cart-state"
import { totalsOf } from "./cart-view"
import { discountUsageWrites, giftCardWrites, stockWrites } from "./order-placement"

/** The swap a cart of type `swap` pays for (v1 keeps it in the cart's metadata). */
export function swapIdOf(cart: { type: string; metadata: Record<string, unknown> | null }): string | undefined {
  const id = cart.type === "swap" ? cart.metadata?.swap_id : undefined
  return typeof id === "string" ? id : undefined
}

/**
 * The writes that confirm a swap when its cart completes (v1 SwapService.registerCartCompletion), for ONE batch with
 * the cart's own changes, which this function applies to `state`: the additional items' stock is reserved (the same
 * guard as an order's), discounts and gift cards are used, the payment joins the swap and its order, the shipping
 * methods join the swap, and the swap records `difference_due` (the cart's total: negative when the shopper is owed),
 * its shipping address, `confirmed_at` and `payment_status` (`confirmed` when nothing is due, else `awaiting`).
 */
export function swapWrites(db: Database, aggregate: CartAggregate, state: CartState, payment: PaymentRow | undefined, now: string) {
  const swapId = swapIdOf(state.cart)!
  const parentOrderId = String(state.cart.metadata?.parent_order_id ?? "")
  const totals = totalsOf(aggregateWithState(aggregate, state))
  const stock = stockWrites(db, state.items, now)
  const cards = state.giftCardIds.flatMap((id) => aggregate.giftCards.filter((g) => g.id === id))
  const writes: BatchItem<"sqlite">[] = [
    ...stock.writes,
    ...discountUsageWrites(db, aggregate, state, now),
    ...giftCardWrites(db, parentOrderId, cards, totals.gift_card_total, now),
    db
      .update(t.swap)
      .set({
        difference_due: totals.total, shipping_address_id: state.cart.shipping_address_id, confirmed_at: now,
        payment_status: totals.total === 0 ? "confirmed" : "awaiting", updated_at: now,
      })
      .where(and(eq(t.swap.id, swapId), isNull(t.swap.confirmed_at))),
  ]
  if (payment) {
    writes.push(db.update(t.payment).set({ swap_id: swapId, order_id: parentOrderId, updated_at: now }).where(eq(t.payment.id, payment.id)))
  }
  for (const method of state.shippingMethods) method.swap_id = swapId
  state.cart.completed_at = now
  return { writes, reserved: stock.reserved, eventIds: [] as string[] }
}
