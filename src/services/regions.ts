import type { Database } from "../env"
import { notFound } from "../domain/errors"
import { resolveFindConfig, pickFields, type FindConfig, type FindConfigSpec } from "../domain/find-config"
import {
  findRegionWithRelations,
  listRegions,
  type RegionListFilter,
  type RegionRelations,
  type RegionRow,
} from "../db/queries/regions"

const REGION_FIELDS = [
  "id", "created_at", "updated_at", "deleted_at", "name", "currency_code", "tax_rate", "tax_code",
  "gift_cards_taxable", "automatic_taxes", "tax_provider_id", "metadata",
] as const

export const regionFindSpec: FindConfigSpec = {
  defaultFields: REGION_FIELDS,
  allowedFields: REGION_FIELDS,
  // v1 loads currency eagerly alongside the default relations.
  defaultRelations: ["countries", "currency", "payment_providers", "fulfillment_providers"],
  allowedRelations: ["countries", "currency", "payment_providers", "fulfillment_providers"],
}

/** The wire shape of a region: its columns (minus internal ones) and the requested relations. */
export function serializeRegion(row: RegionRow, relations: RegionRelations | undefined, config: FindConfig) {
  const out: Record<string, unknown> = pickFields(row, config.fields)
  for (const name of ["countries", "currency", "fulfillment_providers", "payment_providers"] as const) {
    if (config.relations.has(name)) out[name] = relations?.[name] ?? (name === "currency" ? null : [])
  }
  return out
}

export async function listRegionsResponse(
  db: Database,
  query: RegionListFilter & { fields?: string | undefined; expand?: string | undefined },
) {
  const config = resolveFindConfig({ ...regionFindSpec, isList: true }, query)
  const { rows, count, relations } = await listRegions(db, query)
  return {
    regions: rows.map((row) => serializeRegion(row, relations.get(row.id), config)),
    count,
    offset: query.offset,
    limit: query.limit,
  }
}

export async function retrieveRegion(
  db: Database,
  id: string,
  query: { fields?: string | undefined; expand?: string | undefined } = {},
) {
  const config = resolveFindConfig(regionFindSpec, query)
  const found = await findRegionWithRelations(db, id)
  if (!found) throw notFound(`Region with ${id} was not found`)
  return serializeRegion(found.row, found.relations, config)
}
