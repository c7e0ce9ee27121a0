import { and, asc, count, eq, isNull, lte, sql, type SQL } from "drizzle-orm"
import { storeProductColumns } from "./product-columns"
import type { Database } from "../../env"
import { product, productCollection } from "../schema"
import { inList } from "../sql"
import { dateRangeFilters } from "./regions"
import { productWhere, type ChannelScope } from "./products"
import type { ListCollectionsInput } from "../../schemas/collections"

export type CollectionRow = typeof productCollection.$inferSelect

export type CollectionListFilter = Omit<ListCollectionsInput, "fields" | "expand">

/**
 * One round trip: a page of collections and the total count. v1 sends no ORDER BY, so Postgres answers in
 * insertion order; created_at then rowid reproduces that.
 */
/**
 * ONE round trip: a page of collections, the count, and (with `productChannels`) the page's products keyed by the
 * page's own subquery.
 */
export async function listCollections(db: Database, filter: CollectionListFilter, productChannels?: ChannelScope) {
  const where = and(
    isNull(productCollection.deleted_at),
    ...(filter.handle ? [inList(productCollection.handle, filter.handle)] : []),
    ...dateRangeFilters(productCollection.created_at, filter.created_at),
    ...dateRangeFilters(productCollection.updated_at, filter.updated_at),
  )
  const order = [asc(productCollection.created_at), asc(sql.raw(`"product_collection".rowid`))]
  const pageIds = sql`(SELECT id FROM (${db
    .select({ id: productCollection.id })
    .from(productCollection)
    .where(where)
    .orderBy(...order)
    .limit(filter.limit)
    .offset(filter.offset)}))`
  const [rows, [total], products] = await db.batch([
    db.select().from(productCollection).where(where).orderBy(...order).limit(filter.limit).offset(filter.offset),
    db.select({ value: count() }).from(productCollection).where(where),
    // Without products wanted, the statement asks for no collection and reads nothing.
    collectionProductsQuery(db, productChannels === undefined ? [] : pageIds, productChannels ?? { kind: "all" }),
  ])
  return { rows, count: total?.value ?? 0, products: productChannels === undefined ? [] : products }
}

export function findCollectionQuery(db: Database, id: string) {
  return db
    .select()
    .from(productCollection)
    .where(and(eq(productCollection.id, id), isNull(productCollection.deleted_at)))
    .limit(1)
}

/** Most products an expanded collection carries; GET /store/products?collection_id[]=… pages through all of them. */
export const COLLECTION_PRODUCTS_LIMIT = 50


/**
 * The `products` of collections, as the store shows products (published, live, in the request's sales channels):
 * per collection the first COLLECTION_PRODUCTS_LIMIT in GET /store/products order (newest first, then id), however
 * many collections are asked for, in one statement.
 */
export function collectionProductsQuery(db: Database, collectionIds: readonly string[] | SQL, channels: ChannelScope) {
  const inCollections = Array.isArray(collectionIds) ? undefined : sql`${product.collection_id} IN ${collectionIds}`
  const ranked = db
    .select({
      ...storeProductColumns,
      position: sql<number>`row_number() OVER (PARTITION BY ${product.collection_id} ORDER BY ${product.created_at} DESC, ${product.id})`.as(
        "position",
      ),
    })
    .from(product)
    .where(
      inCollections
        ? and(productWhere({ published_only: true, channels }), inCollections)
        : productWhere({ published_only: true, collection_ids: collectionIds as readonly string[], channels }),
    )
    .as("ranked")
  return db
    .select()
    .from(ranked)
    .where(lte(ranked.position, COLLECTION_PRODUCTS_LIMIT))
    .orderBy(asc(ranked.collection_id), asc(ranked.position))
}

export type CollectionProductRow = Awaited<ReturnType<typeof collectionProductsQuery>>[number]

