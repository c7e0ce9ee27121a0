import type { Database } from "../env"
import { pickInOrder, resolveFindConfig, type FindConfig, type FindConfigSpec } from "../domain/find-config"
import { listProductTags, TAG_ORDER_COLUMNS } from "../db/queries/product-tags"
import type { ValueListQuery } from "../schemas/product-tags"

/** Tag and type columns in wire order; v1's default select is id, created_at, updated_at and value. */
const VALUE_FIELDS = ["id", "created_at", "updated_at", "deleted_at", "value", "metadata"] as const

/**
 * `fields` may name any column (`fields=+metadata` adds one); there are no relations, so only an empty `expand=`
 * is valid. `order` names one of `orderFields`.
 */
export const valueFindSpec = (orderFields: readonly string[]): FindConfigSpec => ({
  defaultFields: ["id", "created_at", "updated_at", "value"],
  allowedFields: VALUE_FIELDS,
  defaultRelations: [],
  allowedRelations: [],
  allowedOrderFields: orderFields,
  isList: true,
})

/** The wire shape of a tag or type: the selected columns. */
export function serializeValueRow(row: Readonly<Record<(typeof VALUE_FIELDS)[number], unknown>>, config: FindConfig) {
  return pickInOrder(row, VALUE_FIELDS, config.fields)
}

export async function listProductTagsResponse(db: Database, query: ValueListQuery) {
  const config = resolveFindConfig(valueFindSpec(Object.keys(TAG_ORDER_COLUMNS)), query)
  const { rows, count } = await listProductTags(db, { ...query, order: config.order })
  return { product_tags: rows.map((row) => serializeValueRow(row, config)), count, offset: query.offset, limit: query.limit }
}
