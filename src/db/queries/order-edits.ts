import { and, asc, eq, inArray, isNull, or, sql } from "drizzle-orm"
import type { Database } from "../../env"
import * as t from "../schema"
import { loadOrderAggregate, type OrderAggregate } from "./orders"
import type { AdjustmentRow, ItemTaxLineRow, LineItemRow, VariantRow } from "./carts"

export type OrderEditRow = typeof t.orderEdit.$inferSelect
export type OrderItemChangeRow = typeof t.orderItemChange.$inferSelect
export type PaymentCollectionRow = typeof t.paymentCollection.$inferSelect

/** An edit, its own lines (clones of the order's plus added ones), its changes, collection and the order. */
export interface OrderEditAggregate {
  edit: OrderEditRow
  order: OrderAggregate
  items: LineItemRow[]
  itemTaxLines: ItemTaxLineRow[]
  adjustments: AdjustmentRow[]
  variants: VariantRow[]
  changes: OrderItemChangeRow[]
  /** The order lines the changes point at (original_line_item). */
  originals: LineItemRow[]
  collection: PaymentCollectionRow | null
}

/** Loads an edit in two round trips (the edit's rows, then the order aggregate); undefined when unknown. */
export async function loadOrderEdit(db: Database, id: string): Promise<OrderEditAggregate | undefined> {
  const itemIds = db.select({ id: t.lineItem.id }).from(t.lineItem).where(eq(t.lineItem.order_edit_id, id))
  const changes = and(eq(t.orderItemChange.order_edit_id, id), isNull(t.orderItemChange.deleted_at))
  const [[edit], items, itemTaxLines, adjustments, variants, changeRows, originals, [collection]] = await db.batch([
    db.select().from(t.orderEdit).where(eq(t.orderEdit.id, id)),
    db.select().from(t.lineItem).where(eq(t.lineItem.order_edit_id, id)).orderBy(asc(t.lineItem.created_at), asc(t.lineItem.id)),
    db.select().from(t.lineItemTaxLine).where(inArray(t.lineItemTaxLine.item_id, itemIds)).orderBy(asc(t.lineItemTaxLine.id)),
    db.select().from(t.lineItemAdjustment).where(inArray(t.lineItemAdjustment.item_id, itemIds)),
    db
      .select()
      .from(t.productVariant)
      .where(
        or(
          inArray(t.productVariant.id, db.select({ id: t.lineItem.variant_id }).from(t.lineItem).where(eq(t.lineItem.order_edit_id, id))),
          inArray(
            t.productVariant.id,
            db.select({ id: t.lineItem.variant_id }).from(t.lineItem).where(
              inArray(t.lineItem.id, db.select({ id: t.orderItemChange.original_line_item_id }).from(t.orderItemChange).where(changes)),
            ),
          ),
        ),
      ),
    db.select().from(t.orderItemChange).where(changes).orderBy(asc(t.orderItemChange.created_at), asc(t.orderItemChange.id)),
    db
      .select()
      .from(t.lineItem)
      .where(inArray(t.lineItem.id, db.select({ id: t.orderItemChange.original_line_item_id }).from(t.orderItemChange).where(changes))),
    db
      .select()
      .from(t.paymentCollection)
      .where(sql`${t.paymentCollection.id} = (SELECT payment_collection_id FROM order_edit WHERE id = ${id})`),
  ])
  if (!edit) return undefined
  const order = await loadOrderAggregate(db, { id: edit.order_id })
  if (!order) return undefined
  return { edit, order, items, itemTaxLines, adjustments, variants, changes: changeRows, originals, collection: collection ?? null }
}
