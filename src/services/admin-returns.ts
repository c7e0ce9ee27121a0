import { eq, sql } from "drizzle-orm"
import type { BatchItem } from "drizzle-orm/batch"
import * as t from "../db/schema"
import { conflict, notAllowed, notFound } from "../domain/errors"
import { allocateRefund, type RefundShare } from "../domain/returns"
import { newId } from "../domain/ids"
import { loadOrderAggregate } from "../db/queries/orders"
import { loadReturn } from "../db/queries/returns"
import { guardedValue, isGuardFailure } from "../db/guards"
import { PaymentProcessorError, providerTimeoutMs } from "../providers/payment/registry"
import { adminPayments, batchOrConflict, type AdminContext } from "./admin-orders"
import { orderTotalsOf } from "./orders"
import { serializeReturn } from "./returns"
import { processorError } from "./payment-sessions"
import { outboxEvent, publishEvents } from "./events"

export interface ReceiveInput {
  items: { item_id: string; quantity: number }[]
  refund?: number | undefined
  location_id?: string | undefined
}

/** A claim older than this is taken to be dead (its request never finished) and may be taken over. */
const claimExpiryMs = (env: AdminContext["env"]) => 10 * providerTimeoutMs(env ?? {})

/**
 * Claims the return for this receipt: `requested`/`requires_action` → `receiving`, stamped with `now` (the claim's
 * token). Only one request wins; the others answer 409. Nothing goes to a payment provider unclaimed.
 */
async function claimReturn(ctx: AdminContext, returnId: string, now: string) {
  const staleBefore = new Date(Date.parse(now) - claimExpiryMs(ctx.env)).toISOString()
  const claimed = await ctx.db
    .update(t.orderReturn)
    .set({ status: "receiving", updated_at: now })
    .where(sql`${t.orderReturn.id} = ${returnId} AND (${t.orderReturn.status} IN ('requested', 'requires_action')
      OR (${t.orderReturn.status} = 'receiving' AND ${t.orderReturn.updated_at} < ${staleBefore}))`)
    .run()
  // Lost to a concurrent receipt (this request saw the return open when it loaded it).
  if (claimed.meta.changes !== 1) throw conflict("The request conflicted with another request. You may retry the request with the provided Idempotency-Key.")
}

/** The claim is still this request's: the return is `receiving` with this request's stamp. */
const stillClaimed = (now: string) => sql`${t.orderReturn.status} = 'receiving' AND ${t.orderReturn.updated_at} = ${now}`

/** Gives the return back as it was claimed, for a retry (the refunds' keys make that retry refund nothing twice). */
async function releaseClaim(ctx: AdminContext, returnId: string, now: string, previous: string) {
  await ctx.db.update(t.orderReturn).set({ status: previous }).where(sql`${t.orderReturn.id} = ${returnId} AND ${stillClaimed(now)}`)
}

/** A refund's provider idempotency key: one per return and payment, so a retried receipt is the same refund. */
export const refundKey = (returnId: string, paymentId: string) => `${returnId}:${paymentId}`

/**
 * POST /admin/returns/:id/receive (v1 ReturnService.receive + OrderService.registerReturnReceived): records what
 * came back. Lines that differ from the request put the return in `requires_action` (no refund). Otherwise the
 * received units count as returned on the order's lines, and the refund (the return's refund_amount, or `refund`)
 * goes back through the payments' providers, split over the payments when no single one covers it (v1
 * refundPayment) — unless it exceeds what is refundable or the payments cannot cover it, which leaves the order in
 * `requires_action` as v1 does, with no refund recorded.
 *
 * The return is claimed (guarded write) before any provider call, so racing receipts refund once; each refund is
 * keyed by return and payment. A failed provider call or batch gives the claim back. Everything the receipt
 * records lands in one batch, guarded on the claim still being this request's.
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
  const orderId = aggregate.order.id
  const refundAmount = input.refund ?? ret.refund_amount
  const refundable = orderTotalsOf(aggregate).refundable_amount
  const status = matches ? "received" : "requires_action"
  // A swap's return is paid for by the swap (its cart credited the returned lines): receiving it refunds nothing.
  const refunding = matches && !swap && refundAmount > 0 && refundAmount <= refundable
  const shares = refunding
    ? allocateRefund(aggregate.payments.map((p) => ({ ...p, canceled: p.canceled_at !== null })), refundAmount)
    : []
  const orderNeedsAction = matches && !swap && (refundAmount > refundable || shares === undefined)
  const registry = adminPayments(ctx)
  const payments = (shares ?? []).map((share) => {
    const payment = aggregate.payments.find((p) => p.id === share.payment_id)!
    const provider = registry.get(payment.provider_id)
    if (!provider) throw notAllowed(`Payment provider ${payment.provider_id} is not available`)
    return { share, payment, provider }
  })

  await claimReturn(ctx, returnId, now)
  const previous = ret.status === "requires_action" ? "requires_action" : "requested"
  const refunded: { share: RefundShare; data: Record<string, unknown> }[] = []
  try {
    for (const { share, payment, provider } of payments) {
      const data = await provider.refund(payment.data, share.amount, refundKey(returnId, payment.id))
      refunded.push({ share, data })
    }
  } catch (err) {
    await releaseClaim(ctx, returnId, now, previous)
    if (err instanceof PaymentProcessorError) throw processorError(err)
    throw err
  }

  const writes: BatchItem<"sqlite">[] = [
    db
      .update(t.orderReturn)
      .set({
        // Guard: the claim is still ours (a claim taken over as stale makes this batch fail instead of returning twice).
        status: guardedValue(stillClaimed(now), sql`${status}`),
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
          // Guarded through updated_at (NOT NULL); returned_quantity itself is nullable and would take the NULL. The
          // line must still be on the order (a completed order edit replaces the order's lines).
          .set({
            returned_quantity: returned,
            updated_at: guardedValue(sql`${returned} <= ${t.lineItem.quantity} AND ${t.lineItem.order_id} = ${orderId}`, sql`${now}`),
          })
          .where(eq(t.lineItem.id, itemId)),
      )
    }
    if (orderNeedsAction) {
      writes.push(db.update(t.order).set({ fulfillment_status: "requires_action", updated_at: now }).where(eq(t.order.id, orderId)))
    } else {
      for (const { share, data } of refunded) {
        writes.push(
          db.insert(t.refund).values({
            id: newId("refund"), order_id: orderId, payment_id: share.payment_id, amount: share.amount, note: null, reason: "return",
            metadata: null, idempotency_key: refundKey(returnId, share.payment_id), created_at: now, updated_at: now,
          }),
          db.update(t.payment)
            .set({
              data, amount_refunded: sql`${t.payment.amount_refunded} + ${share.amount}`,
              // Guard: a payment never records more refunded than it took (another receipt may have refunded it since).
              updated_at: guardedValue(sql`${t.payment.amount_refunded} + ${share.amount} <= ${t.payment.amount}`, sql`${now}`),
            })
            .where(eq(t.payment.id, share.payment_id)),
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
  const event = outboxEvent(db, "order.items_returned", { id: orderId, return_id: returnId }, ctx.now())
  writes.push(event.statement)
  try {
    await batchOrConflict(db, writes, "return.status")
  } catch (err) {
    await releaseClaim(ctx, returnId, now, previous)
    if (isGuardFailure(err, "line_item.updated_at")) throw notAllowed("Cannot return more items than have been purchased")
    if (isGuardFailure(err, "payment.updated_at")) {
      throw conflict("The request conflicted with another request. You may retry the request with the provided Idempotency-Key.")
    }
    throw err
  }
  if (ctx.env) await publishEvents(ctx.env, [event.id])
  const after = await loadReturn(db, returnId)
  if (!after) throw notFound(`Return with id: ${returnId} was not found`)
  // v1's receive answers the return with its `swap` relation.
  return { ...serializeReturn(after.ret, after.items, after.reasons), swap: swap ?? null }
}
