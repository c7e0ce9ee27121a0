import type { Database } from "../env"
import { resolveFindConfig } from "../domain/find-config"
import { listProductTypes, TYPE_ORDER_COLUMNS } from "../db/queries/product-types"
import type { ValueListQuery } from "../schemas/product-tags"
import { serializeValueRow, valueFindSpec } from "./product-tags"

export async function listProductTypesResponse(db: Database, query: ValueListQuery) {
  const config = resolveFindConfig(valueFindSpec(Object.keys(TYPE_ORDER_COLUMNS)), query)
  const { rows, count } = await listProductTypes(db, { ...query, order: config.order })
  return { product_types: rows.map((row) => serializeValueRow(row, config)), count, offset: query.offset, limit: query.limit }
}
