import type { Database } from "../env"
import { notFound } from "../domain/errors"
import { findReturnReason, listTopLevelReturnReasons, type ReturnReasonRow } from "../db/queries/return-reasons"

/**
 * v1 selects defaultStoreReturnReasonFields for the reason itself (no metadata) and loads its relations whole,
 * so parent_return_reason and return_reason_children do carry metadata.
 */
function serializeReturnReason(row: ReturnReasonRow, parent: ReturnReasonRow | null, children: readonly ReturnReasonRow[]) {
  return {
    id: row.id,
    created_at: row.created_at,
    updated_at: row.updated_at,
    deleted_at: row.deleted_at,
    value: row.value,
    label: row.label,
    description: row.description,
    parent_return_reason_id: row.parent_return_reason_id,
    parent_return_reason: parent,
    return_reason_children: [...children],
  }
}

/** Top-level reasons only (v1 filters `parent_return_reason_id: null`); v1 reads no query parameters here. */
export async function listReturnReasonsResponse(db: Database) {
  const { rows, children } = await listTopLevelReturnReasons(db)
  return {
    return_reasons: rows.map((row) => serializeReturnReason(row, null, children.filter((c) => c.parent_return_reason_id === row.id))),
  }
}

export async function retrieveReturnReason(db: Database, id: string) {
  const { row, parent, children } = await findReturnReason(db, id)
  if (!row) throw notFound(`Return Reason with id: ${id} was not found.`)
  return serializeReturnReason(row, parent, children)
}
