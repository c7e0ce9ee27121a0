import type { Database } from "../env"
import { notFound } from "../domain/errors"
import { pickInOrder, resolveFindConfig, type FindConfig, type FindConfigSpec } from "../http/find-config"
import { listChannelScope } from "../http/sales-channel-scope"
import { runBatch } from "../db/queries/products"
import {
  collectionProductsQuery,
  findCollectionQuery,
  listCollections,
  type CollectionProductRow,
  type CollectionRow,
} from "../db/queries/collections"
import type { ListCollectionsInput } from "../schemas/collections"

export interface CollectionCtx {
  db: Database
  /** The publishable key's sales channels: expanded products are the ones the store shows in them. */
  keyScopes: readonly string[] | undefined
}

/** v1 returns every collection column. */
const COLLECTION_FIELDS = ["id", "created_at", "updated_at", "deleted_at", "title", "handle", "metadata"] as const

/** `products` (bounded, see collectionProductsQuery) is this API's addition: v1's store collection routes take no expand. */
export const collectionFindSpec: FindConfigSpec = {
  defaultFields: COLLECTION_FIELDS,
  allowedFields: COLLECTION_FIELDS,
  defaultRelations: [],
  allowedRelations: ["products"],
}

type ProductWire = Omit<CollectionProductRow, "position">

function serializeCollection(row: CollectionRow, products: readonly CollectionProductRow[], config: FindConfig) {
  const out = pickInOrder(row, COLLECTION_FIELDS, config.fields)
  if (config.relations.has("products")) {
    out.products = products.filter((p) => p.collection_id === row.id).map(({ position: _, ...p }): ProductWire => p)
  }
  return out
}

/** One round trip, with or without `products` (the page's products: one statement for every collection). */
export async function listCollectionsResponse(ctx: CollectionCtx, query: ListCollectionsInput) {
  const config = resolveFindConfig({ ...collectionFindSpec, isList: true }, query)
  const channels = config.relations.has("products") ? listChannelScope(undefined, ctx.keyScopes) : undefined
  const { rows, count, products } = await listCollections(ctx.db, query, channels)
  return { collections: rows.map((row) => serializeCollection(row, products, config)), count, limit: query.limit, offset: query.offset }
}

/** One round trip, with or without its products. */
export async function retrieveCollection(ctx: CollectionCtx, id: string, query: { fields?: string | undefined; expand?: string | undefined }) {
  const config = resolveFindConfig(collectionFindSpec, query)
  const found = findCollectionQuery(ctx.db, id)
  const productsQuery = config.relations.has("products") ? [collectionProductsQuery(ctx.db, [id], listChannelScope(undefined, ctx.keyScopes))] : []
  const [rows, products = []] = (await runBatch(ctx.db, [found, ...productsQuery])) as [CollectionRow[], CollectionProductRow[]?]
  const row = rows[0]
  if (!row) throw notFound(`Product collection with id: ${id} was not found`)
  return serializeCollection(row, products, config)
}
