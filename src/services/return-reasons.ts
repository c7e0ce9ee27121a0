import type { Database } from "../env"
import { notFound } from "../domain/errors"
import { pickInOrder, resolveFindConfig, type FindConfig, type FindConfigSpec } from "../domain/find-config"
import { findReturnReason, listTopLevelReturnReasons, type ReturnReasonRow } from "../db/queries/return-reasons"

type FindQuery = { fields?: string | undefined; expand?: string | undefined }

const RETURN_REASON_FIELDS = [
  "id", "created_at", "updated_at", "deleted_at", "value", "label", "description", "parent_return_reason_id", "metadata",
] as const

/**
 * v1 defaultStoreReturnReasonFields (every column but metadata, which `fields=+metadata` adds) and relations. The
 * relations come back whole, metadata included, as v1 loads them.
 */
export const returnReasonFindSpec: FindConfigSpec = {
  defaultFields: RETURN_REASON_FIELDS.filter((f) => f !== "metadata"),
  allowedFields: RETURN_REASON_FIELDS,
  defaultRelations: ["parent_return_reason", "return_reason_children"],
  allowedRelations: ["parent_return_reason", "return_reason_children"],
}

function serializeReturnReason(row: ReturnReasonRow, parent: ReturnReasonRow | null, children: readonly ReturnReasonRow[], config: FindConfig) {
  const out = pickInOrder(row, RETURN_REASON_FIELDS, config.fields)
  if (config.relations.has("parent_return_reason")) out.parent_return_reason = parent
  if (config.relations.has("return_reason_children")) out.return_reason_children = [...children]
  return out
}

/** Top-level reasons only (v1 filters `parent_return_reason_id: null`), in creation order; no paging, as in v1. */
export async function listReturnReasonsResponse(db: Database, query: FindQuery) {
  const config = resolveFindConfig(returnReasonFindSpec, query)
  const { rows, children } = await listTopLevelReturnReasons(db)
  return {
    return_reasons: rows.map((row) =>
      serializeReturnReason(row, null, children.filter((c) => c.parent_return_reason_id === row.id), config),
    ),
  }
}

export async function retrieveReturnReason(db: Database, id: string, query: FindQuery) {
  const config = resolveFindConfig(returnReasonFindSpec, query)
  const { row, parent, children } = await findReturnReason(db, id)
  if (!row) throw notFound(`Return Reason with id: ${id} was not found.`)
  return serializeReturnReason(row, parent, children, config)
}
