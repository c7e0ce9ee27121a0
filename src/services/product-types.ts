import type { Database } from "../env"
import type { ValueListFilter } from "../db/queries/product-tags"
import { listProductTypes, TYPE_ORDER_COLUMNS } from "../db/queries/product-types"
import { resolveListOrder, serializeValueRow } from "./product-tags"

export async function listProductTypesResponse(db: Database, query: ValueListFilter & { order?: string | undefined }) {
  const order = resolveListOrder(query.order, Object.keys(TYPE_ORDER_COLUMNS))
  const { rows, count } = await listProductTypes(db, { ...query, order })
  return { product_types: rows.map(serializeValueRow), count, offset: query.offset, limit: query.limit }
}
