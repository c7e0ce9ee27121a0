import { and, eq, isNull, sql } from "drizzle-orm"
import type { BatchItem } from "drizzle-orm/batch"
import * as t from "../db/schema"
import { conflict, invalidData, notFound } from "../domain/errors"
import { newId } from "../domain/ids"
import { checkEditable, checkRequestable, orderEditStatus } from "../domain/order-edits"
import { selectPrice } from "../domain/pricing"
import { guardedValue, isGuardFailure } from "../db/guards"
import { isConstraintFailure } from "../db/errors"
import { loadOrderAggregate } from "../db/queries/orders"
import { loadVariantsForCart } from "../db/queries/cart-variants"
import { taxRatesForProducts } from "../db/queries/tax-rates"
import type { LineItemRow } from "../db/queries/carts"
import { loadEditOrThrow, serializeOrderEdit, type EditContext } from "./order-edits"
import { outboxEvent, publishEvents } from "./events"

/** Who the admin API token acts as (v1 records the user id; one shared token has no user). */
const ADMIN_ACTOR = "admin_api_token"

const admin = async (ctx: EditContext, id: string) => serializeOrderEdit(await loadEditOrThrow(ctx, id), "admin")

/** Guard: the edit is still a draft (`created`) when the batch runs. */
const stillDraft = sql`${t.orderEdit.requested_at} IS NULL AND ${t.orderEdit.confirmed_at} IS NULL
  AND ${t.orderEdit.declined_at} IS NULL AND ${t.orderEdit.canceled_at} IS NULL`
const touchDraft = (ctx: EditContext, id: string, now: string) =>
  ctx.db.update(t.orderEdit).set({ updated_at: guardedValue(stillDraft, sql`${now}`) }).where(eq(t.orderEdit.id, id))

/** One atomic batch; a guard that found the edit no longer a draft (a concurrent request moved it) answers 409. */
async function batch(ctx: EditContext, writes: BatchItem<"sqlite">[]) {
  try {
    await ctx.db.batch([writes[0]!, ...writes.slice(1)])
  } catch (err) {
    if (isGuardFailure(err, "order_edit.updated_at")) {
      throw conflict("The request conflicted with another request. You may retry the request with the provided Idempotency-Key.")
    }
    throw err
  }
}

/**
 * POST /admin/order-edits: a draft edit of an order, holding a copy of each of the order's lines (with tax lines
 * and adjustments) that the merchant then changes. One open edit per order (a unique index settles races).
 */
export async function createOrderEdit(ctx: EditContext, input: { order_id: string; internal_note?: string | undefined }) {
  const { db } = ctx
  const order = await loadOrderAggregate(db, { id: input.order_id })
  if (!order) throw notFound(`Order with id ${input.order_id} was not found`)
  const [open] = await db
    .select({ id: t.orderEdit.id })
    .from(t.orderEdit)
    .where(and(eq(t.orderEdit.order_id, input.order_id), isNull(t.orderEdit.confirmed_at), isNull(t.orderEdit.declined_at), isNull(t.orderEdit.canceled_at)))
  if (open) throw invalidData(`An active order edit already exists for the order ${input.order_id}`)
  const now = ctx.now().toISOString()
  const id = newId("orderEdit")
  const writes: BatchItem<"sqlite">[] = [
    db.insert(t.orderEdit).values({
      id, order_id: input.order_id, internal_note: input.internal_note ?? null, created_by: ADMIN_ACTOR, requested_by: null,
      requested_at: null, confirmed_by: null, confirmed_at: null, declined_by: null, declined_reason: null, declined_at: null,
      canceled_by: null, canceled_at: null, payment_collection_id: null, created_at: now, updated_at: now,
    }),
  ]
  for (const item of order.items) {
    const cloneId = newId("lineItem")
    writes.push(db.insert(t.lineItem).values({ ...item, id: cloneId, cart_id: null, order_id: null, original_item_id: item.id, order_edit_id: id, updated_at: now }))
    for (const line of order.itemTaxLines.filter((l) => l.item_id === item.id)) {
      writes.push(db.insert(t.lineItemTaxLine).values({ ...line, id: newId("taxLine"), item_id: cloneId }))
    }
    for (const adjustment of order.adjustments.filter((a) => a.item_id === item.id)) {
      writes.push(db.insert(t.lineItemAdjustment).values({ ...adjustment, id: newId("adjustment"), item_id: cloneId }))
    }
  }
  try {
    await batch(ctx, writes)
  } catch (err) {
    if (isConstraintFailure(err, "UNIQUE", "order_edit.order_id")) {
      throw invalidData(`An active order edit already exists for the order ${input.order_id}`)
    }
    throw err
  }
  return admin(ctx, id)
}

/** POST /admin/order-edits/:id/items: a new line priced for the order's region (item_add change). */
export async function addOrderEditItem(ctx: EditContext, id: string, input: { variant_id: string; quantity: number; metadata?: Record<string, unknown> | undefined }) {
  const aggregate = await loadEditOrThrow(ctx, id)
  checkEditable(orderEditStatus(aggregate.edit), id, "add")
  const { db } = ctx
  const order = aggregate.order.order
  const loaded = await loadVariantsForCart(db, [input.variant_id])
  const variant = loaded.variants[0]
  const product = loaded.products.find((p) => p.id === variant?.product_id)
  if (!variant || !product) throw notFound(`Variant with id: ${input.variant_id} was not found`)
  const price = selectPrice(loaded.prices.filter((p) => p.variant_id === variant.id), {
    region_id: order.region_id, currency_code: order.currency_code, quantity: input.quantity,
  })
  if (!price) throw invalidData(`Cannot generate line item for variant "${variant.title}" with id "${variant.id}" because it does not have a price.`)
  const region = aggregate.order.region
  const rates = region ? (await taxRatesForProducts(db, region, [product])).get(product.id) ?? [] : []
  const now = ctx.now().toISOString()
  const itemId = newId("lineItem")
  const row: LineItemRow = {
    id: itemId, cart_id: null, order_id: null, swap_id: null, claim_order_id: null, original_item_id: null, order_edit_id: id,
    title: product.title, description: variant.title, thumbnail: product.thumbnail, is_return: false, is_giftcard: product.is_giftcard,
    should_merge: true, allow_discounts: product.discountable, has_shipping: null, unit_price: price.amount, variant_id: variant.id,
    product_id: product.id, quantity: input.quantity, fulfilled_quantity: null, returned_quantity: null, shipped_quantity: null,
    includes_tax: false, metadata: input.metadata ?? {}, created_at: now, updated_at: now,
  }
  await batch(ctx, [
    touchDraft(ctx, id, now),
    db.insert(t.lineItem).values(row),
    ...rates.map((rate) =>
      db.insert(t.lineItemTaxLine).values({
        id: newId("taxLine"), item_id: itemId, rate: rate.rate ?? 0, name: rate.name, code: rate.code, metadata: null, created_at: now, updated_at: now,
      }),
    ),
    db.insert(t.orderItemChange).values({
      id: newId("orderItemChange"), type: "item_add", order_edit_id: id, original_line_item_id: null, line_item_id: itemId,
      created_at: now, updated_at: now, deleted_at: null,
    }),
  ])
  return admin(ctx, id)
}

/** POST /admin/order-edits/:id/items/:item_id: a line's new quantity (item_update change for a copied order line). */
export async function updateOrderEditItem(ctx: EditContext, id: string, itemId: string, quantity: number) {
  const aggregate = await loadEditOrThrow(ctx, id)
  checkEditable(orderEditStatus(aggregate.edit), id, "update")
  const item = aggregate.items.find((i) => i.id === itemId)
  if (!item) throw invalidData(`Invalid line item id ${itemId} it does not belong to the same order edit ${aggregate.edit.order_id}.`)
  const { db } = ctx
  const now = ctx.now().toISOString()
  const writes: BatchItem<"sqlite">[] = [
    touchDraft(ctx, id, now),
    db.update(t.lineItem).set({ quantity, updated_at: now }).where(eq(t.lineItem.id, itemId)),
  ]
  const hasChange = aggregate.changes.some((c) => c.line_item_id === itemId)
  if (!hasChange && item.original_item_id) {
    writes.push(db.insert(t.orderItemChange).values({
      id: newId("orderItemChange"), type: "item_update", order_edit_id: id, original_line_item_id: item.original_item_id,
      line_item_id: itemId, created_at: now, updated_at: now, deleted_at: null,
    }))
  }
  await batch(ctx, writes)
  return admin(ctx, id)
}

/** DELETE /admin/order-edits/:id/changes/:change_id: undoes one change (drops an added line, restores a quantity). */
export async function deleteOrderEditChange(ctx: EditContext, id: string, changeId: string) {
  const aggregate = await loadEditOrThrow(ctx, id)
  const change = aggregate.changes.find((c) => c.id === changeId)
  if (!change) {
    const [exists] = await ctx.db.select({ id: t.orderItemChange.id }).from(t.orderItemChange).where(eq(t.orderItemChange.id, changeId))
    if (!exists) throw notFound(`Order item change with id ${changeId} was not found`)
    throw invalidData(`The item change you are trying to delete doesn't belong to the OrderEdit with id: ${id}.`)
  }
  checkEditable(orderEditStatus(aggregate.edit), id, "delete_change")
  const { db } = ctx
  const now = ctx.now().toISOString()
  const writes: BatchItem<"sqlite">[] = [touchDraft(ctx, id, now), db.delete(t.orderItemChange).where(eq(t.orderItemChange.id, changeId))]
  if (change.type === "item_add" && change.line_item_id) {
    writes.push(
      db.delete(t.lineItemTaxLine).where(eq(t.lineItemTaxLine.item_id, change.line_item_id)),
      db.delete(t.lineItem).where(eq(t.lineItem.id, change.line_item_id)),
    )
  } else if (change.line_item_id) {
    const original = aggregate.originals.find((o) => o.id === change.original_line_item_id)
    if (original) writes.push(db.update(t.lineItem).set({ quantity: original.quantity, updated_at: now }).where(eq(t.lineItem.id, change.line_item_id)))
  }
  await batch(ctx, writes)
  return { id: changeId, object: "item_change", deleted: true }
}

/**
 * POST /admin/order-edits/:id/request: asks the shopper to accept the edit. A positive difference gets a payment
 * collection for exactly that amount in the order's region, created in the same batch.
 */
export async function requestOrderEdit(ctx: EditContext, id: string) {
  const aggregate = await loadEditOrThrow(ctx, id)
  if (checkRequestable(orderEditStatus(aggregate.edit), aggregate.changes.length) === "noop") return admin(ctx, id)
  const edit = serializeOrderEdit(aggregate, "admin")
  const difference = Number(edit.difference_due)
  const order = aggregate.order.order
  const now = ctx.now().toISOString()
  const collectionId = difference > 0 ? newId("paymentCollection") : null
  const writes: BatchItem<"sqlite">[] = [
    ctx.db
      .update(t.orderEdit)
      .set({ requested_at: now, requested_by: ADMIN_ACTOR, payment_collection_id: collectionId, updated_at: guardedValue(stillDraft, sql`${now}`) })
      .where(eq(t.orderEdit.id, id)),
  ]
  if (collectionId) {
    writes.push(ctx.db.insert(t.paymentCollection).values({
      id: collectionId, type: "order_edit", status: "not_paid", description: null, amount: difference, authorized_amount: null,
      region_id: order.region_id, currency_code: order.currency_code, metadata: null, created_by: ADMIN_ACTOR,
      created_at: now, updated_at: now, deleted_at: null,
    }))
  }
  const event = outboxEvent(ctx.db, "order-edit.requested", { id }, ctx.now())
  await batch(ctx, [...writes, event.statement])
  if (ctx.env) await publishEvents(ctx.env, [event.id])
  return admin(ctx, id)
}

