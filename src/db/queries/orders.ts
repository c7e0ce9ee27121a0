import { and, asc, eq, inArray, sql, type SQL } from "drizzle-orm"
import type { BatchItem } from "drizzle-orm/batch"
import type { Database } from "../../env"
import * as t from "../schema"
import type {
  AddressRow, AdjustmentRow, CustomerRow, DiscountRow, DiscountRuleRow, GiftCardRow, ItemTaxLineRow, LineItemRow,
  MethodTaxLineRow, RegionRow, ShippingMethodRow, ShippingOptionRow, VariantRow,
} from "./carts"

export type OrderRow = typeof t.order.$inferSelect
export type PaymentRow = typeof t.payment.$inferSelect
export type GiftCardTransactionRow = typeof t.giftCardTransaction.$inferSelect
export type FulfillmentRow = typeof t.fulfillment.$inferSelect
export type FulfillmentItemRow = typeof t.fulfillmentItem.$inferSelect
export type ReturnRow = typeof t.orderReturn.$inferSelect
export type ReturnItemRow = typeof t.returnItem.$inferSelect
export type RefundRow = typeof t.refund.$inferSelect
export type ReturnReasonRow = typeof t.returnReason.$inferSelect
export type SalesChannelRow = typeof t.salesChannel.$inferSelect

/** Everything an order response needs, loaded in one D1 round trip. */
export interface OrderAggregate {
  order: OrderRow
  region: RegionRow | null
  customer: CustomerRow | null
  addresses: AddressRow[]
  items: LineItemRow[]
  adjustments: AdjustmentRow[]
  itemTaxLines: ItemTaxLineRow[]
  variants: VariantRow[]
  shippingMethods: ShippingMethodRow[]
  methodTaxLines: MethodTaxLineRow[]
  shippingOptions: ShippingOptionRow[]
  discounts: DiscountRow[]
  discountRules: DiscountRuleRow[]
  giftCards: GiftCardRow[]
  giftCardTransactions: GiftCardTransactionRow[]
  payments: PaymentRow[]
  fulfillments: FulfillmentRow[]
  fulfillmentItems: FulfillmentItemRow[]
  returns: ReturnRow[]
  returnItems: ReturnItemRow[]
  returnReasons: ReturnReasonRow[]
  refunds: RefundRow[]
  salesChannel: SalesChannelRow | null
  returnShippingMethods: ShippingMethodRow[]
}

/** Which order to load: by id, by the cart it was placed from, or by display id + email (the lookup). */
export type OrderSelector =
  | { id: string }
  | { cartId: string }
  | { displayId: number; email: string }

function whereOf(selector: OrderSelector): SQL {
  if ("id" in selector) return sql`${t.order.id} = ${selector.id}`
  if ("cartId" in selector) return sql`${t.order.cart_id} = ${selector.cartId}`
  // email is COLLATE NOCASE: the lookup ignores case, as emails do.
  return sql`${t.order.display_id} = ${selector.displayId} AND ${t.order.email} = ${selector.email}`
}

/**
 * The statements that load one order aggregate. They can join a caller's batch (the order lookup runs its rate
 * limit in the same round trip); `assembleOrderAggregate` reads their results in order.
 */
export function orderAggregateStatements(db: Database, selector: OrderSelector) {
  const orderId = sql`(SELECT id FROM "order" WHERE ${whereOf(selector)} LIMIT 1)`
  const itemIds = db.select({ id: t.lineItem.id }).from(t.lineItem).where(sql`${t.lineItem.order_id} = ${orderId}`)
  const methodIds = db.select({ id: t.shippingMethod.id }).from(t.shippingMethod).where(sql`${t.shippingMethod.order_id} = ${orderId}`)
  const discountIds = db
    .select({ id: t.orderDiscounts.discount_id })
    .from(t.orderDiscounts)
    .where(sql`${t.orderDiscounts.order_id} = ${orderId}`)
  return [
    db.select().from(t.order).where(sql`${t.order.id} = ${orderId}`),
    db.select().from(t.region).where(sql`${t.region.id} = (SELECT region_id FROM "order" WHERE id = ${orderId})`),
    db.select().from(t.customer).where(sql`${t.customer.id} = (SELECT customer_id FROM "order" WHERE id = ${orderId})`),
    db
      .select()
      .from(t.address)
      .where(
        sql`${t.address.id} IN (SELECT billing_address_id FROM "order" WHERE id = ${orderId} UNION SELECT shipping_address_id FROM "order" WHERE id = ${orderId})`,
      ),
    db.select().from(t.lineItem).where(sql`${t.lineItem.order_id} = ${orderId}`).orderBy(asc(t.lineItem.created_at), asc(t.lineItem.id)),
    db.select().from(t.lineItemAdjustment).where(inArray(t.lineItemAdjustment.item_id, itemIds)),
    db.select().from(t.lineItemTaxLine).where(inArray(t.lineItemTaxLine.item_id, itemIds)).orderBy(asc(t.lineItemTaxLine.id)),
    db
      .select()
      .from(t.productVariant)
      .where(inArray(t.productVariant.id, db.select({ id: t.lineItem.variant_id }).from(t.lineItem).where(sql`${t.lineItem.order_id} = ${orderId}`))),
    db.select().from(t.shippingMethod).where(sql`${t.shippingMethod.order_id} = ${orderId}`).orderBy(asc(t.shippingMethod.id)),
    db
      .select()
      .from(t.shippingMethodTaxLine)
      .where(inArray(t.shippingMethodTaxLine.shipping_method_id, methodIds))
      .orderBy(asc(t.shippingMethodTaxLine.id)),
    db
      .select()
      .from(t.shippingOption)
      .where(
        inArray(
          t.shippingOption.id,
          db.select({ id: t.shippingMethod.shipping_option_id }).from(t.shippingMethod).where(sql`${t.shippingMethod.order_id} = ${orderId}`),
        ),
      ),
    db.select().from(t.discount).where(inArray(t.discount.id, discountIds)),
    db
      .select()
      .from(t.discountRule)
      .where(inArray(t.discountRule.id, db.select({ id: t.discount.rule_id }).from(t.discount).where(inArray(t.discount.id, discountIds)))),
    db
      .select({ card: t.giftCard })
      .from(t.orderGiftCards)
      .innerJoin(t.giftCard, eq(t.giftCard.id, t.orderGiftCards.gift_card_id))
      .where(sql`${t.orderGiftCards.order_id} = ${orderId}`)
      .orderBy(asc(t.giftCard.id)),
    db
      .select()
      .from(t.giftCardTransaction)
      .where(sql`${t.giftCardTransaction.order_id} = ${orderId}`)
      .orderBy(asc(t.giftCardTransaction.created_at), asc(t.giftCardTransaction.id)),
    db.select().from(t.payment).where(sql`${t.payment.order_id} = ${orderId}`).orderBy(asc(t.payment.created_at), asc(t.payment.id)),
    ...afterSaleStatements(db, orderId),
  ] as const
}

/** Fulfillments, returns, refunds and the sales channel of the order (the after-sale relations). */
function afterSaleStatements(db: Database, orderId: SQL) {
  const fulfillmentIds = db.select({ id: t.fulfillment.id }).from(t.fulfillment).where(sql`${t.fulfillment.order_id} = ${orderId}`)
  const returnIds = db.select({ id: t.orderReturn.id }).from(t.orderReturn).where(sql`${t.orderReturn.order_id} = ${orderId}`)
  return [
    db.select().from(t.fulfillment).where(sql`${t.fulfillment.order_id} = ${orderId}`).orderBy(asc(t.fulfillment.created_at), asc(t.fulfillment.id)),
    db.select().from(t.fulfillmentItem).where(inArray(t.fulfillmentItem.fulfillment_id, fulfillmentIds)),
    db.select().from(t.orderReturn).where(sql`${t.orderReturn.order_id} = ${orderId}`).orderBy(asc(t.orderReturn.created_at), asc(t.orderReturn.id)),
    db.select().from(t.returnItem).where(inArray(t.returnItem.return_id, returnIds)),
    db
      .select()
      .from(t.returnReason)
      .where(inArray(t.returnReason.id, db.select({ id: t.returnItem.reason_id }).from(t.returnItem).where(inArray(t.returnItem.return_id, returnIds)))),
    db.select().from(t.refund).where(sql`${t.refund.order_id} = ${orderId}`).orderBy(asc(t.refund.created_at), asc(t.refund.id)),
    db.select().from(t.salesChannel).where(sql`${t.salesChannel.id} = (SELECT sales_channel_id FROM "order" WHERE id = ${orderId})`),
    db.select().from(t.shippingMethod).where(inArray(t.shippingMethod.return_id, returnIds)),
  ] as const
}

type OrderStatements = ReturnType<typeof orderAggregateStatements>
type Results<S extends readonly unknown[]> = { [K in keyof S]: S[K] extends PromiseLike<infer R> ? R : never }

/** Reads the results of `orderAggregateStatements` (in their order); undefined when no order matched. */
export function assembleOrderAggregate(results: Results<OrderStatements>): OrderAggregate | undefined {
  const [
    [order], [region], [customer], addresses, items, adjustments, itemTaxLines, variants, shippingMethods,
    methodTaxLines, shippingOptions, discounts, discountRules, giftCards, giftCardTransactions, payments,
    fulfillments, fulfillmentItems, returns, returnItems, returnReasons, refunds, [salesChannel],
    returnShippingMethods,
  ] = results
  if (!order) return undefined
  return {
    order,
    region: region ?? null,
    customer: customer ?? null,
    addresses,
    items,
    adjustments,
    itemTaxLines,
    variants,
    shippingMethods,
    methodTaxLines,
    shippingOptions,
    discounts,
    discountRules,
    giftCards: giftCards.map((g) => g.card),
    giftCardTransactions,
    payments,
    fulfillments,
    fulfillmentItems,
    returns,
    returnItems,
    returnReasons,
    refunds,
    salesChannel: salesChannel ?? null,
    returnShippingMethods,
  }
}

/** Loads one order aggregate in one round trip. */
export async function loadOrderAggregate(db: Database, selector: OrderSelector): Promise<OrderAggregate | undefined> {
  const statements = orderAggregateStatements(db, selector)
  return assembleOrderAggregate((await db.batch(statements)) as Results<OrderStatements>)
}

/**
 * One counter hit (`rate_limit` table): counts this request in the key's window and returns the window's count and
 * start. A window opens at the key's first hit and lasts `windowMs` (not aligned to the clock: there is no boundary
 * at which a client gets twice its limit, and a burst is never split across two counts). A statement, so it can
 * share the caller's batch; expired windows are pruned by `pruneRateLimits`.
 */
export function rateLimitHit(db: Database, key: string, nowMs: number, windowMs: number) {
  const open = windowOpen(nowMs, windowMs)
  // SQLite evaluates SET with the row's old values: an expired window restarts the count now.
  return counterHit(db, key, nowMs, open, sql`CASE WHEN ${open} THEN ${t.rateLimit.hits} + 1 ELSE 1 END`)
    .returning({ hits: t.rateLimit.hits, window_start: t.rateLimit.window_start })
}

/** The stored window is still open at `nowMs`. */
const windowOpen = (nowMs: number, windowMs: number) => sql`${t.rateLimit.window_start} > ${nowMs - windowMs}`

/** The upsert of one hit on `key`'s counter: a new row, or `hits` as given with the window kept while `open`. */
const counterHit = (db: Database, key: string, nowMs: number, open: SQL, hits: SQL) =>
  db
    .insert(t.rateLimit)
    .values({ key, window_start: nowMs, hits: 1 })
    .onConflictDoUpdate({
      target: t.rateLimit.key,
      set: { hits, window_start: sql`CASE WHEN ${open} THEN ${t.rateLimit.window_start} ELSE excluded.window_start END` },
    })

/**
 * `rateLimitHit` for a batch that must not apply over the limit: the hit that would make the count exceed
 * `limit` writes NULL into `hits` (NOT NULL), which fails the whole batch (see db/guards.ts).
 */
export function guardedRateLimitHit(db: Database, key: string, nowMs: number, windowMs: number, limit: number) {
  const open = windowOpen(nowMs, windowMs)
  return counterHit(db, key, nowMs, open, sql`CASE WHEN NOT (${open}) THEN 1 WHEN ${t.rateLimit.hits} < ${limit} THEN ${t.rateLimit.hits} + 1 ELSE NULL END`)
}

/** Seconds until a window that opened at `windowStart` closes (at least 1). */
export function secondsLeftInWindow(windowStart: number, windowMs: number, nowMs: number): number {
  return Math.max(1, Math.ceil((windowStart + windowMs - nowMs) / 1000))
}

/** Deletes the windows that opened before `openedBefore` (expired, for a window of `now − openedBefore`). */
export function pruneRateLimits(db: Database, openedBefore: number): BatchItem<"sqlite"> {
  return db.delete(t.rateLimit).where(and(sql`${t.rateLimit.window_start} < ${openedBefore}`))
}

