import { eq, sql } from "drizzle-orm"
import type { BatchItem } from "drizzle-orm/batch"
import type { Database, Env } from "../env"
import { outboxEvent, publishEvents, type EventName } from "./events"
import * as t from "../db/schema"
import { conflict, notAllowed, notFound } from "../domain/errors"
import { newId } from "../domain/ids"
import { checkCompletable, checkDeclinable, differenceDue, orderEditStatus } from "../domain/order-edits"
import { guardedValue, isGuardFailure } from "../db/guards"
import { loadOrderEdit, type OrderEditAggregate } from "../db/queries/order-edits"
import { openReturnStatusList } from "../db/queries/returns"
import { orderTotalsOf, serializeOrder } from "./orders"

export interface EditContext {
  db: Database
  env?: Env | undefined
  now: () => Date
  /** The logged-in customer, if any: a customer only sees and answers edits of their own orders. */
  customerId?: string | undefined
}

/** The edit's lines standing in for the order's: totals and item views come from the same code as orders'. */
function editAsOrder(aggregate: OrderEditAggregate) {
  return {
    ...aggregate.order,
    items: aggregate.items,
    itemTaxLines: aggregate.itemTaxLines,
    adjustments: aggregate.adjustments,
    variants: [...aggregate.order.variants, ...aggregate.variants],
    // The edit is priced as the order would be, without what was paid or refunded.
    payments: [],
    refunds: [],
  }
}

const variantOf = (aggregate: OrderEditAggregate, id: string | null) =>
  aggregate.variants.find((v) => v.id === id) ?? aggregate.order.variants.find((v) => v.id === id) ?? null

const lineView = (aggregate: OrderEditAggregate, id: string | null) => {
  const row = aggregate.items.find((i) => i.id === id) ?? aggregate.originals.find((i) => i.id === id)
  if (!row) return null
  const { product_id: _p, includes_tax: _i, ...item } = row
  return { ...item, variant: variantOf(aggregate, row.variant_id) }
}

/**
 * The wire shape of an order edit (v1 defaults: changes with their lines and variants, items with totals, the payment
 * collection, status and totals with difference_due). The store hides the merchant's fields.
 */
export function serializeOrderEdit(aggregate: OrderEditAggregate, audience: "store" | "admin"): Record<string, unknown> {
  const { edit } = aggregate
  const asOrder = editAsOrder(aggregate)
  const totals = orderTotalsOf(asOrder)
  const orderTotal = orderTotalsOf(aggregate.order).total
  const items = serializeOrder(asOrder, { fields: new Set(["id"]), relations: new Set(["items", "items.variant"]) }).items
  const { updated_at: _u, internal_note, created_by, confirmed_by, canceled_by, ...shared } = edit
  return {
    ...shared,
    ...(audience === "admin" ? { internal_note, created_by, confirmed_by, canceled_by } : {}),
    changes: aggregate.changes.map((change) => ({
      ...change,
      line_item: lineView(aggregate, change.line_item_id),
      original_line_item: lineView(aggregate, change.original_line_item_id),
    })),
    items,
    payment_collection: aggregate.collection,
    status: orderEditStatus(edit),
    discount_total: totals.discount_total,
    gift_card_total: totals.gift_card_total,
    gift_card_tax_total: totals.gift_card_tax_total,
    shipping_total: totals.shipping_total,
    subtotal: totals.subtotal,
    tax_total: totals.tax_total,
    total: totals.total,
    difference_due: differenceDue(totals.total, orderTotal),
  }
}

export async function loadEditOrThrow(ctx: EditContext, id: string): Promise<OrderEditAggregate> {
  const aggregate = await loadOrderEdit(ctx.db, id)
  // Another customer's edit is answered as unknown: its existence is not theirs to learn.
  if (!aggregate || (ctx.customerId && aggregate.order.order.customer_id !== ctx.customerId)) {
    throw notFound(`Order edit with id ${id} was not found`)
  }
  return aggregate
}

/** GET /store/order-edits/:id. */
export async function retrieveOrderEdit(ctx: EditContext, id: string) {
  return serializeOrderEdit(await loadEditOrThrow(ctx, id), "store")
}

/** Guard: the edit is still `requested` when the batch runs (a concurrent complete/decline makes it fail). */
const stillRequested = sql`${t.orderEdit.requested_at} IS NOT NULL AND ${t.orderEdit.confirmed_at} IS NULL
  AND ${t.orderEdit.declined_at} IS NULL AND ${t.orderEdit.canceled_at} IS NULL`

type Writes = BatchItem<"sqlite">[] & { events?: { env: Env | undefined; ids: string[] } }

/** Adds the edit's event to its batch; runGuarded hands it to the queue once the batch committed. */
export function withEvent(ctx: EditContext, writes: BatchItem<"sqlite">[], name: EventName, id: string): Writes {
  const event = outboxEvent(ctx.db, name, { id }, ctx.now())
  return Object.assign([...writes, event.statement], { events: { env: ctx.env, ids: [event.id] } })
}

async function runGuarded(db: Database, writes: Writes) {
  try {
    await db.batch([writes[0]!, ...writes.slice(1)])
    if (writes.events?.env) await publishEvents(writes.events.env, writes.events.ids)
  } catch (err) {
    if (isGuardFailure(err, "order_edit.updated_at")) {
      throw conflict("The request conflicted with another request. You may retry the request with the provided Idempotency-Key.")
    }
    throw err
  }
}

/**
 * The edit copied the order's lines when it was drafted; what happened to them since (units fulfilled, shipped or
 * received back) is carried onto the copies as the batch runs, and a copy may not keep fewer units than were returned
 * or are on their way back (the guard fails the batch on line_item.updated_at). Open returns of the replaced lines
 * then point at the copies, so they are received on the edited order.
 */
function carryOverLines(db: Database, editId: string, now: string): BatchItem<"sqlite">[] {
  const open = openReturnStatusList()
  // line_item here is the copy being updated; o is the order line it replaces.
  const original = (column: string) => sql.raw(`(SELECT o.${column} FROM line_item o WHERE o.id = line_item.original_item_id)`)
  const pending = sql`(SELECT COALESCE(SUM(ri.quantity), 0) FROM return_item ri JOIN "return" r ON r.id = ri.return_id
    WHERE ri.item_id = line_item.original_item_id AND r.status IN (${open}))`
  return [
    db
      .update(t.lineItem)
      .set({
        fulfilled_quantity: original("fulfilled_quantity"),
        shipped_quantity: original("shipped_quantity"),
        returned_quantity: original("returned_quantity"),
        updated_at: guardedValue(sql`quantity >= COALESCE(${original("returned_quantity")}, 0) + ${pending}`, sql`${now}`),
      })
      .where(sql`${t.lineItem.order_edit_id} = ${editId} AND ${t.lineItem.original_item_id} IS NOT NULL`),
    db
      .update(t.returnItem)
      .set({ item_id: sql`(SELECT c.id FROM line_item c WHERE c.order_edit_id = ${editId} AND c.original_item_id = return_item.item_id)` })
      .where(sql`return_item.item_id IN (SELECT original_item_id FROM line_item WHERE order_edit_id = ${editId} AND original_item_id IS NOT NULL)
        AND return_item.return_id IN (SELECT id FROM "return" WHERE status IN (${open}))`),
  ]
}

/**
 * POST /store/order-edits/:id/complete: applies the edit to the order in one batch, as the order is when it runs —
 * the copies take over what happened to the order's lines meanwhile (carryOverLines), the order's current lines
 * leave it, the edit's lines join it, and the authorized sessions of its payment collection become the order's
 * payments.
 */
export async function completeOrderEdit(ctx: EditContext, id: string) {
  const aggregate = await loadEditOrThrow(ctx, id)
  const status = orderEditStatus(aggregate.edit)
  if (checkCompletable(status, aggregate.collection) === "noop") return serializeOrderEdit(aggregate, "store")
  const { db } = ctx
  const now = ctx.now().toISOString()
  const orderId = aggregate.order.order.id
  const writes: BatchItem<"sqlite">[] = [
    db
      .update(t.orderEdit)
      .set({ confirmed_at: now, confirmed_by: ctx.customerId ?? null, updated_at: guardedValue(stillRequested, sql`${now}`) })
      .where(eq(t.orderEdit.id, id)),
    ...carryOverLines(db, id, now),
    db
      .update(t.lineItem)
      .set({ order_id: null, updated_at: now })
      .where(sql`${t.lineItem.order_id} = ${orderId} AND COALESCE(${t.lineItem.order_edit_id}, '') <> ${id}`),
    db.update(t.lineItem).set({ order_id: orderId, updated_at: now }).where(eq(t.lineItem.order_edit_id, id)),
  ]
  if (aggregate.collection) {
    const sessions = await db
      .select({ session: t.paymentSession })
      .from(t.paymentCollectionSessions)
      .innerJoin(t.paymentSession, eq(t.paymentSession.id, t.paymentCollectionSessions.payment_session_id))
      .where(eq(t.paymentCollectionSessions.payment_collection_id, aggregate.collection.id))
    for (const { session } of sessions.filter((s) => s.session.status === "authorized")) {
      const paymentId = newId("payment")
      writes.push(
        db.insert(t.payment).values({
          id: paymentId, swap_id: null, cart_id: null, order_id: orderId, amount: session.amount ?? 0,
          currency_code: aggregate.collection.currency_code, amount_refunded: 0, provider_id: session.provider_id,
          data: session.data, captured_at: null, canceled_at: null, metadata: null, idempotency_key: null,
          created_at: now, updated_at: now,
        }),
        db.insert(t.paymentCollectionPayments).values({ payment_collection_id: aggregate.collection.id, payment_id: paymentId }),
      )
    }
  }
  try {
    await runGuarded(db, withEvent(ctx, writes, "order-edit.confirmed", id))
  } catch (err) {
    if (isGuardFailure(err, "line_item.updated_at")) {
      throw notAllowed("Cannot complete the order edit: it keeps fewer units of a line than were returned or are being returned")
    }
    throw err
  }
  return retrieveOrderEdit(ctx, id)
}

/** POST /store/order-edits/:id/decline: records the shopper's reason; only a requested edit can be declined. */
export async function declineOrderEdit(ctx: EditContext, id: string, reason: string | undefined) {
  const aggregate = await loadEditOrThrow(ctx, id)
  if (checkDeclinable(orderEditStatus(aggregate.edit)) === "noop") return serializeOrderEdit(aggregate, "store")
  const now = ctx.now().toISOString()
  await runGuarded(ctx.db, withEvent(ctx, [
    ctx.db
      .update(t.orderEdit)
      .set({
        declined_at: now, declined_reason: reason ?? null, declined_by: ctx.customerId ?? null,
        updated_at: guardedValue(stillRequested, sql`${now}`),
      })
      .where(eq(t.orderEdit.id, id)),
  ], "order-edit.declined", id))
  return retrieveOrderEdit(ctx, id)
}
