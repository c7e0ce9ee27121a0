import type { Database } from "../env"
import { resolveFindConfig } from "../http/find-config"
import { listProductTags, TAG_ORDER_COLUMNS, type ListOrder, type ValueListFilter } from "../db/queries/product-tags"

/**
 * Validates `order` against the fields a list may be ordered by (v1 prepareListQuery: `-field` is DESC,
 * anything else is `invalid_data` "Order field x is not valid"); the default is created_at DESC.
 */
export function resolveListOrder(order: string | undefined, allowed: readonly string[]): ListOrder {
  const spec = { defaultFields: [], allowedFields: allowed, defaultRelations: [], allowedRelations: [], allowedOrderFields: allowed }
  return resolveFindConfig(spec, { order }).order
}

/** The wire shape of a tag or type: v1's default select (id, created_at, updated_at, value). */
export function serializeValueRow(row: { id: string; created_at: string; updated_at: string; value: string }) {
  return { id: row.id, created_at: row.created_at, updated_at: row.updated_at, value: row.value }
}

export async function listProductTagsResponse(db: Database, query: ValueListFilter & { order?: string | undefined }) {
  const order = resolveListOrder(query.order, Object.keys(TAG_ORDER_COLUMNS))
  const { rows, count } = await listProductTags(db, { ...query, order })
  return { product_tags: rows.map(serializeValueRow), count, offset: query.offset, limit: query.limit }
}
