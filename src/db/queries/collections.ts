import { and, asc, count, eq, isNull, sql } from "drizzle-orm"
import type { Database } from "../../env"
import { productCollection } from "../schema"
import { inList } from "../sql"
import { dateRangeFilters } from "./regions"
import type { ListCollectionsInput } from "../../schemas/collections"

export type CollectionRow = typeof productCollection.$inferSelect

/**
 * One round trip: a page of collections and the total count. v1 sends no ORDER BY, so Postgres answers in
 * insertion order; created_at then rowid reproduces that.
 */
export async function listCollections(db: Database, filter: ListCollectionsInput) {
  const where = and(
    isNull(productCollection.deleted_at),
    ...(filter.handle ? [inList(productCollection.handle, filter.handle)] : []),
    ...dateRangeFilters(productCollection.created_at, filter.created_at),
    ...dateRangeFilters(productCollection.updated_at, filter.updated_at),
  )
  const [rows, [total]] = await db.batch([
    db
      .select()
      .from(productCollection)
      .where(where)
      .orderBy(asc(productCollection.created_at), asc(sql.raw(`"product_collection".rowid`)))
      .limit(filter.limit)
      .offset(filter.offset),
    db.select({ value: count() }).from(productCollection).where(where),
  ])
  return { rows, count: total?.value ?? 0 }
}

export async function findCollection(db: Database, id: string): Promise<CollectionRow | undefined> {
  const [row] = await db
    .select()
    .from(productCollection)
    .where(and(eq(productCollection.id, id), isNull(productCollection.deleted_at)))
    .limit(1)
  return row
}
