import { count } from "drizzle-orm"
import type { Database } from "../../env"
import { productType } from "../schema"
import { orderByColumn, valueListWhere, type ListOrder, type ValueListFilter } from "./product-tags"

export type ProductTypeRow = typeof productType.$inferSelect

/** The admin router v1 mounts has no allowedFields, so any column may be ordered by. */
export const TYPE_ORDER_COLUMNS = {
  id: productType.id,
  value: productType.value,
  created_at: productType.created_at,
  updated_at: productType.updated_at,
  deleted_at: productType.deleted_at,
  metadata: productType.metadata,
} as const

/** One round trip: a page of product types and the total count (same filters as tags). */
export async function listProductTypes(db: Database, filter: ValueListFilter & { order: ListOrder }) {
  const where = valueListWhere(productType, filter)
  const [rows, [total]] = await db.batch([
    db
      .select()
      .from(productType)
      .where(where)
      .orderBy(...orderByColumn(TYPE_ORDER_COLUMNS, filter.order, "product_type"))
      .limit(filter.limit)
      .offset(filter.offset),
    db.select({ value: count() }).from(productType).where(where),
  ])
  return { rows, count: total?.value ?? 0 }
}
