import { and, asc, count, desc, eq, gt, gte, isNull, lt, lte, sql, type SQL } from "drizzle-orm"
import type { SQLiteColumn } from "drizzle-orm/sqlite-core"
import type { Database } from "../../env"
import { discountConditionTarget, productTag } from "../schema"
import { inList, likeTerm } from "../sql"
import { dateRangeFilters } from "./regions"
import type { StringFilter, ValueListQuery } from "../../schemas/product-tags"

/** Filters for an `id`/`value` query param (v1 buildQuery: equality, IN, comparisons, ILIKE for contains/…_with). */
export function stringFilters(column: SQLiteColumn, filter: StringFilter | undefined): SQL[] {
  if (filter === undefined) return []
  if (typeof filter === "string") return [eq(column, filter)]
  if (Array.isArray(filter)) return [inList(column, filter)]
  const out: SQL[] = []
  if (filter.lt !== undefined) out.push(lt(column, filter.lt))
  if (filter.gt !== undefined) out.push(gt(column, filter.gt))
  if (filter.lte !== undefined) out.push(lte(column, filter.lte))
  if (filter.gte !== undefined) out.push(gte(column, filter.gte))
  // SQLite's LIKE is case-insensitive for ASCII, like Postgres' ILIKE that v1 uses.
  if (filter.contains !== undefined) out.push(likeTerm(column, filter.contains, "contains"))
  if (filter.starts_with !== undefined) out.push(likeTerm(column, filter.starts_with, "starts_with"))
  if (filter.ends_with !== undefined) out.push(likeTerm(column, filter.ends_with, "ends_with"))
  return out
}

export interface ValueColumns {
  id: SQLiteColumn
  value: SQLiteColumn
  created_at: SQLiteColumn
  updated_at: SQLiteColumn
  deleted_at: SQLiteColumn
}

export type ValueListFilter = Omit<ValueListQuery, "order" | "fields" | "expand">

/**
 * WHERE for the tag/type lists. `q` is v1's unescaped `ILIKE %q%` (so `%` and `_` act as wildcards there too);
 * `discount_condition_id` keeps the rows the condition targets.
 */
export function valueListWhere(columns: ValueColumns, filter: ValueListFilter): SQL | undefined {
  return and(
    isNull(columns.deleted_at),
    ...stringFilters(columns.id, filter.id),
    ...stringFilters(columns.value, filter.value),
    ...(filter.q ? [likeTerm(columns.value, filter.q, "contains")] : []),
    ...(filter.discount_condition_id !== undefined
      ? [
          sql`${columns.id} IN (SELECT ${discountConditionTarget.target_id} FROM ${discountConditionTarget} WHERE ${discountConditionTarget.condition_id} = ${filter.discount_condition_id})`,
        ]
      : []),
    ...dateRangeFilters(columns.created_at, filter.created_at),
    ...dateRangeFilters(columns.updated_at, filter.updated_at),
  )
}

export interface ListOrder {
  field: string
  direction: "asc" | "desc"
}

/**
 * ORDER BY the requested column, then insertion order (rowid). v1 leaves ties to Postgres, which returns them in
 * heap (insertion) order for freshly seeded tables; rowid reproduces that deterministically.
 */
export function orderByColumn(
  columns: Readonly<Record<string, SQLiteColumn>>,
  order: ListOrder,
  table: string,
): SQL[] {
  const column = columns[order.field]
  const rowid = sql.raw(`"${table}".rowid`)
  if (!column) return [asc(rowid)]
  return [order.direction === "desc" ? desc(column) : asc(column), asc(rowid)]
}

export type ProductTagRow = typeof productTag.$inferSelect

/** Columns `order` may name (v1 allowedStoreProductTagFields). */
export const TAG_ORDER_COLUMNS = {
  id: productTag.id,
  value: productTag.value,
  created_at: productTag.created_at,
  updated_at: productTag.updated_at,
} as const

/** One round trip: a page of tags and the total count. */
export async function listProductTags(db: Database, filter: ValueListFilter & { order: ListOrder }) {
  const where = valueListWhere(productTag, filter)
  const [rows, [total]] = await db.batch([
    db
      .select()
      .from(productTag)
      .where(where)
      .orderBy(...orderByColumn(TAG_ORDER_COLUMNS, filter.order, "product_tag"))
      .limit(filter.limit)
      .offset(filter.offset),
    db.select({ value: count() }).from(productTag).where(where),
  ])
  return { rows, count: total?.value ?? 0 }
}
