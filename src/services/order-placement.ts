import { eq, sql } from "drizzle-orm"
import type { BatchItem } from "drizzle-orm/batch"
import { outboxEvent } from "./events"
import type { Database } from "../env"
import * as t from "../db/schema"
import { newId } from "../domain/ids"
import type { CartAggregate, GiftCardRow } from "../db/queries/carts"
import type { OrderRow, PaymentRow } from "../db/queries/orders"
import type { CartState } from "./cart-state"
import { aggregateWithState } from "./cart-state"
import { totalsOf } from "./cart-view"

/**
 * The writes that place a cart's order (v1 OrderService.createFromCart + the inventory reservation of
 * CartCompletionStrategy + the discount-usage subscriber), for ONE batch with the cart's own changes, which this
 * function applies to `state`: items and shipping methods get the order's id and the cart is completed.
 *
 * Conditions that can race with other carts are guards inside the batch — a failed guard writes NULL into a NOT NULL
 * column and the whole batch rolls back (db/guards.ts):
 * - stock: `product_variant.inventory_quantity` for managed, non-backorder variants;
 * - gift cards: `gift_card.balance` must still cover what this order takes;
 * - discounts: `discount.usage_count` must stay within `usage_limit`.
 * `order.cart_id` is UNIQUE: a cart places at most one order, whatever else goes wrong.
 */
export function orderWrites(db: Database, aggregate: CartAggregate, state: CartState, payment: PaymentRow | undefined, now: string) {
  const totals = totalsOf(aggregateWithState(aggregate, state))
  const orderId = newId("order")
  const { cart } = state
  const order: Omit<OrderRow, "display_id"> = {
    id: orderId, status: "pending", fulfillment_status: "not_fulfilled", payment_status: "awaiting",
    cart_id: cart.id, customer_id: cart.customer_id ?? "", email: cart.email ?? "", billing_address_id: cart.billing_address_id,
    shipping_address_id: cart.shipping_address_id, region_id: cart.region_id, currency_code: aggregate.region.currency_code,
    tax_rate: null, draft_order_id: null, canceled_at: null, metadata: cart.metadata ?? {}, no_notification: null,
    idempotency_key: null, external_id: null, sales_channel_id: cart.sales_channel_id, created_at: now, updated_at: now,
  }
  const writes: BatchItem<"sqlite">[] = [
    // display_id is assigned inside the INSERT: D1 runs the batch alone, so MAX + 1 cannot be taken twice.
    db.insert(t.order).values({ ...order, display_id: sql`(SELECT COALESCE(MAX(display_id), 0) + 1 FROM "order")` }),
  ]

  const stock = stockWrites(db, state.items, now)
  writes.push(...stock.writes)
  for (const discount of aggregate.discounts.filter((x) => state.discountIds.includes(x.id))) {
    writes.push(db.insert(t.orderDiscounts).values({ order_id: orderId, discount_id: discount.id }))
  }
  writes.push(...discountUsageWrites(db, aggregate, state, now))

  const cards = state.giftCardIds.flatMap((id) => aggregate.giftCards.filter((g) => g.id === id))
  for (const card of cards) writes.push(db.insert(t.orderGiftCards).values({ order_id: orderId, gift_card_id: card.id }))
  writes.push(...giftCardWrites(db, orderId, cards, totals.gift_card_total, now))
  writes.push(...newGiftCards(db, orderId, aggregate, state, now))

  if (payment) writes.push(db.update(t.payment).set({ order_id: orderId, updated_at: now }).where(eq(t.payment.id, payment.id)))
  for (const item of state.items) Object.assign(item, { order_id: orderId, updated_at: now })
  for (const method of state.shippingMethods) method.order_id = orderId
  state.cart.completed_at = now
  // v1 emits order.placed once the order exists; the outbox row commits (or rolls back) with the order.
  const placed = outboxEvent(db, "order.placed", { id: orderId, no_notification: false, email: order.email, customer_id: order.customer_id }, new Date(now))
  writes.push(placed.statement)
  return { orderId, writes, reserved: stock.reserved, eventIds: [placed.id] }
}

/**
 * Stock (v1 reserveQuantity without an inventory module): every variant of a bought line is decremented; managed,
 * non-backorder variants only while they have enough (a guard). A swap cart's credit lines (`is_return`) take nothing.
 */
export function stockWrites(db: Database, items: readonly CartState["items"][number][], now: string) {
  const reserved = new Map<string, number>()
  for (const item of items) {
    if (item.variant_id && !item.is_return) reserved.set(item.variant_id, (reserved.get(item.variant_id) ?? 0) + item.quantity)
  }
  const v = t.productVariant
  const writes: BatchItem<"sqlite">[] = []
  for (const [variantId, quantity] of reserved) {
    writes.push(
      db
        .update(v)
        .set({
          inventory_quantity: sql`CASE WHEN ${v.manage_inventory} = 0 OR ${v.allow_backorder} = 1 OR ${v.inventory_quantity} >= ${quantity} THEN ${v.inventory_quantity} - ${quantity} ELSE NULL END`,
          updated_at: now,
        })
        .where(eq(v.id, variantId)),
    )
  }
  return { writes, reserved }
}

/** Each of the cart's discounts is used once more, guarded by its usage limit. */
export function discountUsageWrites(db: Database, aggregate: CartAggregate, state: CartState, now: string) {
  const d = t.discount
  return aggregate.discounts
    .filter((x) => state.discountIds.includes(x.id))
    .map((discount) =>
      db
        .update(d)
        .set({
          usage_count: sql`CASE WHEN ${d.usage_limit} IS NULL OR ${d.usage_count} < ${d.usage_limit} THEN ${d.usage_count} + 1 ELSE NULL END`,
          updated_at: now,
        })
        .where(eq(d.id, discount.id)),
    )
}

/**
 * What the order takes from each gift card (v1 createFromCart): cards that expire first, then smaller balances, pay
 * first; each gives min(balance, what is left of the cart's gift_card_total), is disabled once empty, and records a
 * transaction. Cards that give nothing record nothing.
 */
export function giftCardWrites(db: Database, orderId: string, cards: readonly GiftCardRow[], giftCardTotal: number, now: string) {
  const never = "9999-12-31T23:59:59.999Z"
  const ordered = [...cards].sort((a, b) => (a.ends_at ?? never).localeCompare(b.ends_at ?? never) || a.balance - b.balance)
  const g = t.giftCard
  const writes: BatchItem<"sqlite">[] = []
  let remaining = giftCardTotal
  for (const card of ordered) {
    if (remaining <= 0) break
    const used = Math.min(card.balance, remaining)
    remaining -= used
    writes.push(
      db
        .update(g)
        .set({
          balance: sql`CASE WHEN ${g.balance} >= ${used} THEN ${g.balance} - ${used} ELSE NULL END`,
          is_disabled: sql`CASE WHEN ${g.balance} = ${used} THEN 1 ELSE ${g.is_disabled} END`,
          updated_at: now,
        })
        .where(eq(g.id, card.id)),
      db.insert(t.giftCardTransaction).values({
        id: newId("giftCardTransaction"), gift_card_id: card.id, order_id: orderId, amount: used,
        is_taxable: Boolean(card.tax_rate), tax_rate: card.tax_rate, created_at: now,
      }),
    )
  }
  return writes
}

const CODE_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

/** A gift card code like v1's generateCode: 16 random characters in groups of four (`ABCD-EFGH-IJKL-MNOP`). */
export function giftCardCode(random: Uint8Array = crypto.getRandomValues(new Uint8Array(16))): string {
  const chars = [...random.subarray(0, 16)].map((byte) => CODE_ALPHABET[byte % CODE_ALPHABET.length])
  return [0, 4, 8, 12].map((i) => chars.slice(i, i + 4).join("")).join("-")
}

/**
 * Gift-card line items become gift cards (v1 createGiftCardsFromLineItem): one per unit, worth the unit's
 * tax-exclusive price, carrying the line's summed tax rate so the card's later use is taxed the same way.
 */
function newGiftCards(db: Database, orderId: string, aggregate: CartAggregate, state: CartState, now: string) {
  const writes: BatchItem<"sqlite">[] = []
  for (const item of state.items) {
    if (!item.is_giftcard || item.quantity < 1) continue
    const rate = state.itemTaxLines.filter((l) => l.item_id === item.id).reduce((sum, l) => sum + l.rate, 0)
    for (let unit = 0; unit < item.quantity; unit++) {
      writes.push(
        db.insert(t.giftCard).values({
          id: newId("giftCard"), code: giftCardCode(), value: item.unit_price, balance: item.unit_price,
          region_id: aggregate.region.id, order_id: orderId, is_disabled: false, ends_at: null, tax_rate: rate || null,
          metadata: item.metadata, created_at: now, updated_at: now, deleted_at: null,
        }),
      )
    }
  }
  return writes
}
