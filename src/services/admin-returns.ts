import { eq, sql } from "drizzle-orm"
import type { BatchItem } from "drizzle-orm/batch"
import * as t from "../db/schema"
import { notAllowed, notFound } from "../domain/errors"
import { newId } from "../domain/ids"
import { loadOrderAggregate } from "../db/queries/orders"
import { loadReturn } from "../db/queries/returns"
import { guardedValue, isGuardFailure } from "../db/guards"
import { adminPayments, batchOrConflict, type AdminContext } from "./admin-orders"
import { orderTotalsOf } from "./orders"
import { serializeReturn } from "./returns"
import { outboxEvent, publishEvents } from "./events"

export interface ReceiveInput {
  items: { item_id: string; quantity: number }[]
  refund?: number | undefined
  location_id?: string | undefined
}

/**
 * POST /admin/returns/:id/receive (v1 ReturnService.receive + OrderService.registerReturnReceived): records what
 * came back. Lines that differ from the request put the return in `requires_action` (no refund). Otherwise the
 * received units count as returned on the order's lines, and the refund (the return's refund_amount, or `refund`)
 * goes back through the payment's provider — unless it exceeds what is refundable, which leaves the order in
 * `requires_action` as v1 does. Everything lands in one batch, guarded on the return still being open.
 */
export async function receiveReturn(ctx: AdminContext, returnId: string, input: ReceiveInput) {
  const { db } = ctx
  const found = await loadReturn(db, returnId)
  if (!found) throw notFound(`Return with id: ${returnId} was not found`)
  const { ret, items } = found
  if (ret.status === "canceled") throw notAllowed("Cannot receive a canceled return")
  if (ret.status === "received") throw notAllowed(`Return with id ${returnId} has already been received`)
  // A swap's return has no order_id of its own (v1): its order is the swap's.
  const [swap] = ret.swap_id ? await db.select().from(t.swap).where(eq(t.swap.id, ret.swap_id)) : []
  const ownerId = ret.order_id ?? swap?.order_id
  const aggregate = ownerId ? await loadOrderAggregate(db, { id: ownerId }) : undefined
  if (!aggregate) throw notFound(`Order of return ${returnId} was not found`)

  const received = new Map<string, number>()
  for (const item of input.items) received.set(item.item_id, (received.get(item.item_id) ?? 0) + item.quantity)
  const requested = new Map(items.map((i) => [i.item_id, i.quantity]))
  const matches = received.size === requested.size && [...received].every(([id, q]) => requested.get(id) === q)
  const orderLines = new Set(aggregate.items.map((i) => i.id))
  for (const id of received.keys()) if (!orderLines.has(id)) throw notAllowed(`Line item with id ${id} is not part of the order of return ${returnId}`)

  const now = ctx.now().toISOString()
  const refundAmount = input.refund ?? ret.refund_amount
  const refundable = orderTotalsOf(aggregate).refundable_amount
  const status = matches ? "received" : "requires_action"
  const writes: BatchItem<"sqlite">[] = [
    db
      .update(t.orderReturn)
      .set({
        // Guard: a concurrent receive of the same return makes this batch fail instead of returning twice.
        status: guardedValue(sql`${t.orderReturn.status} IN ('requested', 'requires_action')`, sql`${status}`),
        refund_amount: refundAmount, received_at: now, location_id: input.location_id ?? ret.location_id, updated_at: now,
      })
      .where(eq(t.orderReturn.id, returnId)),
  ]
  for (const [itemId, quantity] of received) {
    if (requested.has(itemId)) {
      writes.push(
        db.update(t.returnItem).set({ received_quantity: quantity })
          .where(sql`${t.returnItem.return_id} = ${returnId} AND ${t.returnItem.item_id} = ${itemId}`),
      )
    } else {
      writes.push(db.insert(t.returnItem).values({
        return_id: returnId, item_id: itemId, quantity, is_requested: false, requested_quantity: null,
        received_quantity: quantity, reason_id: null, note: null, metadata: null,
      }))
    }
  }
  if (matches) {
    for (const [itemId, quantity] of received) {
      const returned = sql`COALESCE(${t.lineItem.returned_quantity}, 0) + ${quantity}`
      writes.push(
        db.update(t.lineItem)
          // Guarded through updated_at (NOT NULL); returned_quantity itself is nullable and would take the NULL.
          .set({ returned_quantity: returned, updated_at: guardedValue(sql`${returned} <= ${t.lineItem.quantity}`, sql`${now}`) })
          .where(eq(t.lineItem.id, itemId)),
      )
    }
    const orderId = aggregate.order.id
    if (!swap && refundAmount > refundable) {
      writes.push(db.update(t.order).set({ fulfillment_status: "requires_action", updated_at: now }).where(eq(t.order.id, orderId)))
    } else {
      // A swap's return is paid for by the swap (its cart credited the returned lines): receiving it refunds nothing.
      const payment = swap ? undefined : aggregate.payments.find((p) => p.amount - p.amount_refunded >= refundAmount && p.canceled_at === null)
      if (refundAmount > 0 && payment) {
        const registry = adminPayments(ctx)
        const provider = registry.get(payment.provider_id)
        if (!provider) throw notAllowed(`Payment provider ${payment.provider_id} is not available`)
        const data = await provider.refund(payment.data, refundAmount)
        writes.push(
          db.insert(t.refund).values({
            id: newId("refund"), order_id: orderId, payment_id: payment.id, amount: refundAmount, note: null, reason: "return",
            metadata: null, idempotency_key: null, created_at: now, updated_at: now,
          }),
          db.update(t.payment).set({ data, amount_refunded: sql`${t.payment.amount_refunded} + ${refundAmount}`, updated_at: now })
            .where(eq(t.payment.id, payment.id)),
        )
      }
      writes.push(
        db.update(t.order).set({
          fulfillment_status: sql`CASE WHEN EXISTS (SELECT 1 FROM line_item WHERE order_id = ${orderId}
            AND COALESCE(returned_quantity, 0) < quantity) THEN 'partially_returned' ELSE 'returned' END`,
          updated_at: now,
        }).where(eq(t.order.id, orderId)),
      )
    }
  }
  const event = outboxEvent(db, "order.items_returned", { id: aggregate.order.id, return_id: returnId }, ctx.now())
  writes.push(event.statement)
  try {
    await batchOrConflict(db, writes, "return.status")
  } catch (err) {
    if (isGuardFailure(err, "line_item.updated_at")) throw notAllowed("Cannot return more items than have been purchased")
    throw err
  }
  if (ctx.env) await publishEvents(ctx.env, [event.id])
  const after = await loadReturn(db, returnId)
  if (!after) throw notFound(`Return with id: ${returnId} was not found`)
  // v1's receive answers the return with its `swap` relation.
  return { ...serializeReturn(after.ret, after.items, after.reasons), swap: swap ?? null }
}
