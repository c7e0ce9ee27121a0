import { and, eq, inArray, isNull, sql } from "drizzle-orm"
import type { BatchItem } from "drizzle-orm/batch"
import type { Database } from "../../env"
import * as t from "../schema"
import { guardedValue } from "../guards"
import type { ReturnItemRow, ReturnReasonRow, ReturnRow } from "./orders"

/**
 * Statuses of a return whose items are on their way back: they count against what may still be returned.
 * `receiving` is a receipt in progress (claimed before the refund goes to the payment provider).
 */
export const OPEN_RETURN_STATUSES = ["requested", "requires_action", "receiving"] as const

/** The open statuses as an SQL list, for `status IN (…)`. */
export const openReturnStatusList = () => sql.raw(OPEN_RETURN_STATUSES.map((s) => `'${s}'`).join(", "))

/** Return reasons by id (live ones), each with whether it has children (a category, which v1 refuses to apply). */
export async function loadReturnReasons(db: Database, ids: readonly string[]): Promise<{ row: ReturnReasonRow; has_children: boolean }[]> {
  if (ids.length === 0) return []
  const rows = await db
    .select({
      reason: t.returnReason,
      // Qualified by hand: drizzle renders a lone column unqualified here, which would bind to the subquery's table.
      has_children: sql<number>`EXISTS (SELECT 1 FROM return_reason c WHERE c.parent_return_reason_id = "return_reason"."id" AND c.deleted_at IS NULL)`,
    })
    .from(t.returnReason)
    .where(and(inArray(t.returnReason.id, [...ids]), isNull(t.returnReason.deleted_at)))
  return rows.map((r) => ({ row: r.reason, has_children: Boolean(r.has_children) }))
}

/**
 * Inserts a return line whose quantity is guarded: the batch fails ("NOT NULL constraint failed: return_item.quantity")
 * when, with this line, the order line would be requested or returned more often than it was bought, or when the line
 * is no longer on its order. It sees the
 * open returns committed by any concurrent request, since D1 runs batches one at a time.
 */
export function insertGuardedReturnItem(db: Database, row: ReturnItemRow): BatchItem<"sqlite"> {
  const open = openReturnStatusList()
  // A line an order edit replaced has left the order (order_id NULL): nothing of it is returnable any more.
  const remaining = sql`(SELECT quantity - COALESCE(returned_quantity, 0) FROM line_item WHERE id = ${row.item_id} AND order_id IS NOT NULL)
    - (SELECT COALESCE(SUM(ri.quantity), 0) FROM return_item ri JOIN "return" r ON r.id = ri.return_id
       WHERE ri.item_id = ${row.item_id} AND r.status IN (${open}))`
  return db.insert(t.returnItem).values({ ...row, quantity: guardedValue(sql`${remaining} >= ${row.quantity}`, sql`${row.quantity}`) })
}

/** The return created under an idempotency key, with its items and their reasons. */
export async function loadReturnByKey(db: Database, key: string) {
  const [ret] = await db.select().from(t.orderReturn).where(eq(t.orderReturn.idempotency_key, key))
  return ret ? loadReturnParts(db, ret) : undefined
}

export async function loadReturn(db: Database, id: string) {
  const [ret] = await db.select().from(t.orderReturn).where(eq(t.orderReturn.id, id))
  return ret ? loadReturnParts(db, ret) : undefined
}

async function loadReturnParts(db: Database, ret: ReturnRow) {
  const [items, reasons] = await db.batch([
    db.select().from(t.returnItem).where(eq(t.returnItem.return_id, ret.id)),
    db
      .select()
      .from(t.returnReason)
      .where(inArray(t.returnReason.id, db.select({ id: t.returnItem.reason_id }).from(t.returnItem).where(eq(t.returnItem.return_id, ret.id)))),
  ])
  return { ret, items, reasons }
}
