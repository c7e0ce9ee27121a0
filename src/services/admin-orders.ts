import { desc, eq, sql } from "drizzle-orm"
import type { BatchItem } from "drizzle-orm/batch"
import type { Database, Env } from "../env"
import { outboxEvent, publishEvents } from "./events"
import * as t from "../db/schema"
import { conflict, invalidData, MedusaError, notAllowed, notFound } from "../domain/errors"
import { newId } from "../domain/ids"
import { guardedValue, isGuardFailure } from "../db/guards"
import { loadOrderAggregate, type OrderAggregate } from "../db/queries/orders"
import { installedPayments, providerTimeoutMs, type PaymentRegistry } from "../providers/payment/registry"
import { claimLeaseMs, claimPayments, endClaim, releaseClaim } from "./payment-claims"
import { callProvider } from "./payment-sessions"
import { serializeOrder, type OrderView } from "./orders"

export interface AdminContext {
  db: Database
  env?: Env | undefined
  now: () => Date
  /** Payment providers (tests inject recorders); defaults to the installed ones. */
  payments?: PaymentRegistry
}

/** v1 admin orders: every column and these relations (defaultAdminOrdersRelations), no `object` key. */
const ADMIN_VIEW: OrderView = {
  fields: "all",
  relations: new Set([
    "billing_address", "claims", "customer", "discounts", "discounts.rule", "fulfillments", "gift_card_transactions",
    "gift_cards", "items", "items.variant", "payments", "refunds", "region", "returns", "sales_channel",
    "shipping_address", "shipping_methods", "shipping_methods.shipping_option", "swaps",
  ]),
}

const TOTAL_KEYS = [
  "subtotal", "discount_total", "shipping_total", "refunded_total", "paid_total", "refundable_amount", "item_tax_total",
  "shipping_tax_total", "tax_total", "gift_card_total", "gift_card_tax_total", "total",
] as const

export function serializeAdminOrder(aggregate: OrderAggregate, withTotals = true): Record<string, unknown> {
  const { object: _object, ...order } = serializeOrder(aggregate, ADMIN_VIEW)
  if (!withTotals) for (const key of TOTAL_KEYS) delete order[key]
  return order
}

/** The providers of an admin command: the injected ones, or the Worker's installed ones (from its env). */
export function adminPayments(ctx: AdminContext): PaymentRegistry {
  if (ctx.payments) return ctx.payments
  if (!ctx.env) throw new MedusaError("unexpected_state", "Payment providers are not available without the Worker's env")
  return installedPayments(ctx.env)
}
const registryOf = adminPayments

async function loadOrThrow(db: Database, id: string): Promise<OrderAggregate> {
  const aggregate = await loadOrderAggregate(db, { id })
  if (!aggregate) throw notFound(`Order with id ${id} was not found`)
  return aggregate
}

/** GET /admin/orders: newest first; v1's list shows the relations but no totals. */
export async function listAdminOrders(db: Database, page: { limit: number; offset: number }) {
  const [rows, [counted]] = await db.batch([
    db.select({ id: t.order.id }).from(t.order).orderBy(desc(t.order.created_at), desc(t.order.id)).limit(page.limit).offset(page.offset),
    db.select({ count: sql<number>`count(*)` }).from(t.order),
  ])
  // One round trip per order of the page; the admin list is not a hot path (limit ≤ 100).
  const aggregates = await Promise.all(rows.map((row) => loadOrderAggregate(db, { id: row.id })))
  const orders = aggregates.flatMap((a) => (a ? [serializeAdminOrder(a, false)] : []))
  return { orders, count: counted?.count ?? 0, offset: page.offset, limit: page.limit }
}

export async function retrieveAdminOrder(db: Database, id: string) {
  return serializeAdminOrder(await loadOrThrow(db, id))
}

const isCanceled = (order: OrderAggregate["order"]) => order.status === "canceled" || order.canceled_at !== null

/**
 * POST /admin/orders/:id/capture: captures every authorized, uncaptured payment with its provider, then marks the
 * order captured. The payments are claimed (payment_claim) before any provider is called, in a batch that also
 * checks they are still uncaptured: a concurrent capture is answered 409 without reaching the provider, and a
 * capture after this one answers the captured order. Each capture carries an idempotency key derived from its
 * payment, and is recorded as soon as its provider answers, so a later payment's failure loses no capture and the
 * retry captures only the rest.
 */
export async function captureOrder(ctx: AdminContext, id: string) {
  const aggregate = await loadOrThrow(ctx.db, id)
  if (isCanceled(aggregate.order)) throw notAllowed("A canceled order cannot capture payment")
  const pending = aggregate.payments.filter((p) => p.captured_at === null && p.canceled_at === null)
  if (pending.length === 0 && aggregate.order.payment_status === "captured") return serializeAdminOrder(aggregate)
  const registry = registryOf(ctx)
  const providers = pending.map((payment) => {
    const provider = registry.get(payment.provider_id)
    if (!provider) throw notAllowed(`Payment provider ${payment.provider_id} is not available`)
    return provider
  })
  const db = ctx.db
  const now = ctx.now().toISOString()
  // Captured once no payment is left to capture (one an order edit added meanwhile keeps the order awaiting).
  const capturedOrder = db
    .update(t.order)
    .set({
      payment_status: sql`CASE WHEN EXISTS (SELECT 1 FROM payment WHERE order_id = ${id} AND captured_at IS NULL
        AND canceled_at IS NULL) THEN ${t.order.payment_status} ELSE 'captured' END`,
      updated_at: now,
    })
    .where(eq(t.order.id, id))
  if (pending.length === 0) {
    await db.batch([capturedOrder])
    return retrieveAdminOrder(db, id)
  }
  const ids = pending.map((p) => p.id)
  const uncaptured = sql`${t.payment.captured_at} IS NULL AND ${t.payment.canceled_at} IS NULL`
  const token = await claimPayments(db, ids, "capture", uncaptured, ctx.now(), claimLeaseMs(providerTimeoutMs(ctx.env ?? {})))
  if (!token) {
    // Captured by a request that finished meanwhile: answered as a captured order is. Still running: 409.
    const after = await loadOrThrow(db, id)
    const done = after.payments.every((p) => p.captured_at !== null || p.canceled_at !== null)
    if (done && after.order.payment_status === "captured") return serializeAdminOrder(after)
    throw conflict("The request conflicted with another request. You may retry the request with the provided Idempotency-Key.")
  }
  try {
    for (const [i, payment] of pending.entries()) {
      const provider = providers[i]!
      const data = await callProvider(() => provider.capture(payment.data, { amount: payment.amount, idempotency_key: `capture:${payment.id}` }))
      const last = i === pending.length - 1
      await batchOrConflict(db, [
        db
          .update(t.payment)
          // The guard sits on updated_at: captured_at is nullable, so a NULL there would not fail the batch.
          .set({ data, captured_at: now, updated_at: guardedValue(sql`${t.payment.captured_at} IS NULL`, sql`${now}`) })
          .where(eq(t.payment.id, payment.id)),
        endClaim(db, payment.id, "capture", token),
        ...(last ? [capturedOrder] : []),
      ], "payment.updated_at")
    }
  } catch (err) {
    await releaseClaim(db, ids, "capture", token)
    throw err
  }
  return retrieveAdminOrder(db, id)
}

export interface FulfillmentInput {
  items: { item_id: string; quantity: number }[]
  no_notification?: boolean | undefined
  metadata?: Record<string, unknown> | undefined
  location_id?: string | undefined
}

/**
 * POST /admin/orders/:id/fulfillment: a manual-provider fulfillment of the given lines. Each line's
 * fulfilled_quantity only grows while it stays within the bought quantity (guarded, so racing fulfillments cannot
 * ship a unit twice), and the order's fulfillment_status is computed in SQL after those updates, in the same batch.
 */
export async function createFulfillment(ctx: AdminContext, id: string, input: FulfillmentInput) {
  const aggregate = await loadOrThrow(ctx.db, id)
  if (isCanceled(aggregate.order)) throw notAllowed("A canceled order cannot be fulfilled")
  const lines = new Map(aggregate.items.map((item) => [item.id, item]))
  const wanted = new Map<string, number>()
  for (const item of input.items) {
    if (!lines.has(item.item_id)) throw invalidData(`Line item with id ${item.item_id} is not part of order ${id}`)
    wanted.set(item.item_id, (wanted.get(item.item_id) ?? 0) + item.quantity)
  }
  for (const [itemId, quantity] of wanted) {
    const line = lines.get(itemId)!
    if (quantity > line.quantity - (line.fulfilled_quantity ?? 0)) throw notAllowed("Cannot fulfill more items than have been purchased")
  }
  const db = ctx.db
  const now = ctx.now().toISOString()
  const fulfillmentId = newId("fulfillment")
  const event = outboxEvent(db, "order.fulfillment_created", { id, fulfillment_id: fulfillmentId }, ctx.now())
  const writes: BatchItem<"sqlite">[] = [
    db.insert(t.fulfillment).values({
      id: fulfillmentId, order_id: id, swap_id: null, claim_order_id: null, provider_id: "manual",
      location_id: input.location_id ?? null, tracking_numbers: [], data: {}, shipped_at: null, canceled_at: null,
      no_notification: input.no_notification ?? null, metadata: input.metadata ?? {}, idempotency_key: null,
      created_at: now, updated_at: now,
    }),
  ]
  for (const [itemId, quantity] of wanted) {
    const fulfilled = sql`COALESCE(${t.lineItem.fulfilled_quantity}, 0) + ${quantity}`
    writes.push(
      db.insert(t.fulfillmentItem).values({ fulfillment_id: fulfillmentId, item_id: itemId, quantity }),
      db
        .update(t.lineItem)
        // Guarded through updated_at (NOT NULL); fulfilled_quantity itself is nullable and would take the NULL.
        .set({ fulfilled_quantity: fulfilled, updated_at: guardedValue(sql`${fulfilled} <= ${t.lineItem.quantity}`, sql`${now}`) })
        .where(eq(t.lineItem.id, itemId)),
    )
  }
  writes.push(
    db
      .update(t.order)
      .set({
        fulfillment_status: sql`CASE WHEN EXISTS (SELECT 1 FROM line_item WHERE order_id = ${id}
          AND COALESCE(fulfilled_quantity, 0) < quantity) THEN 'partially_fulfilled' ELSE 'fulfilled' END`,
        updated_at: now,
      })
      .where(eq(t.order.id, id)),
    event.statement,
  )
  try {
    await db.batch([writes[0]!, ...writes.slice(1)])
  } catch (err) {
    if (isGuardFailure(err, "line_item.updated_at")) throw notAllowed("Cannot fulfill more items than have been purchased")
    throw err
  }
  if (ctx.env) await publishEvents(ctx.env, [event.id])
  return retrieveAdminOrder(db, id)
}

export async function batchOrConflict(db: Database, writes: BatchItem<"sqlite">[], guardColumn: string) {
  if (writes.length === 0) return
  try {
    await db.batch([writes[0]!, ...writes.slice(1)])
  } catch (err) {
    if (isGuardFailure(err, guardColumn)) {
      throw conflict("The request conflicted with another request. You may retry the request with the provided Idempotency-Key.")
    }
    throw err
  }
}
