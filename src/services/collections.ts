import type { Database } from "../env"
import { notFound } from "../domain/errors"
import { findCollection, listCollections, type CollectionRow } from "../db/queries/collections"
import type { ListCollectionsInput } from "../schemas/collections"

/** v1 returns every collection column. */
export function serializeCollection(row: CollectionRow) {
  return {
    id: row.id,
    created_at: row.created_at,
    updated_at: row.updated_at,
    deleted_at: row.deleted_at,
    title: row.title,
    handle: row.handle,
    metadata: row.metadata,
  }
}

export async function listCollectionsResponse(db: Database, query: ListCollectionsInput) {
  const { rows, count } = await listCollections(db, query)
  return { collections: rows.map(serializeCollection), count, limit: query.limit, offset: query.offset }
}

export async function retrieveCollection(db: Database, id: string) {
  const row = await findCollection(db, id)
  if (!row) throw notFound(`Product collection with id: ${id} was not found`)
  return serializeCollection(row)
}
