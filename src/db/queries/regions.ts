import { and, asc, count, desc, eq, inArray, isNull, gt, gte, lt, lte, sql, type SQL, type SQLWrapper } from "drizzle-orm"
import { inList } from "../sql"
import type { Database } from "../../env"
import {
  country,
  currency,
  fulfillmentProvider,
  paymentProvider,
  region,
  regionFulfillmentProvider,
  regionPaymentProvider,
  taxRate,
} from "../schema"
import { defineRead } from "../reads"
import type { DateRange } from "../../schemas/common"
import type { SQLiteColumn } from "drizzle-orm/sqlite-core"

export type RegionRow = typeof region.$inferSelect

export const REGION_RELATIONS = ["countries", "currency", "payment_providers", "fulfillment_providers", "tax_rates"] as const

/** Filters for a date column from a `{lt,gt,lte,gte}` query object. */
export function dateRangeFilters(column: SQLiteColumn, range: DateRange | undefined): SQL[] {
  if (!range) return []
  const iso = (v: string) => new Date(v).toISOString()
  const out: SQL[] = []
  if (range.lt) out.push(lt(column, iso(range.lt)))
  if (range.gt) out.push(gt(column, iso(range.gt)))
  if (range.lte) out.push(lte(column, iso(range.lte)))
  if (range.gte) out.push(gte(column, iso(range.gte)))
  return out
}

export interface RegionRelations {
  countries: (typeof country.$inferSelect)[]
  currency: typeof currency.$inferSelect | null
  payment_providers: { id: string; is_installed: boolean }[]
  fulfillment_providers: { id: string; is_installed: boolean }[]
}

/** Which regions a statement is about: a list of ids, or a subquery selecting them (so it can share a batch). */
type RegionIdSet = readonly string[] | SQLWrapper

const regionIdSubquery = (db: Database, where: SQL | undefined, page?: { limit: number; offset: number }) => {
  const query = db.select({ id: region.id }).from(region).where(where).orderBy(desc(region.created_at), desc(region.id))
  return page ? query.limit(page.limit).offset(page.offset) : query
}

const isIn = (column: SQLiteColumn, ids: RegionIdSet): SQL =>
  Array.isArray(ids) ? inList(column, ids as readonly string[]) : sql`${column} IN (${ids as SQLWrapper})`

/**
 * Statements that load every region relation for a set of regions; run them inside the caller's batch so a page
 * of regions costs one round trip whatever its size.
 */
export function regionRelationQueries(db: Database, regionIds: RegionIdSet) {
  const currencyCodes = db.select({ code: region.currency_code }).from(region).where(isIn(region.id, regionIds))
  return [
    db.select().from(country).where(isIn(country.region_id, regionIds)).orderBy(asc(country.id)),
    db.select().from(currency).where(inArray(currency.code, currencyCodes)),
    db
      .select({ region_id: regionPaymentProvider.region_id, id: paymentProvider.id, is_installed: paymentProvider.is_installed })
      .from(regionPaymentProvider)
      .innerJoin(paymentProvider, eq(paymentProvider.id, regionPaymentProvider.provider_id))
      .where(isIn(regionPaymentProvider.region_id, regionIds))
      .orderBy(asc(paymentProvider.id)),
    db
      .select({
        region_id: regionFulfillmentProvider.region_id,
        id: fulfillmentProvider.id,
        is_installed: fulfillmentProvider.is_installed,
      })
      .from(regionFulfillmentProvider)
      .innerJoin(fulfillmentProvider, eq(fulfillmentProvider.id, regionFulfillmentProvider.provider_id))
      .where(isIn(regionFulfillmentProvider.region_id, regionIds))
      .orderBy(asc(fulfillmentProvider.id)),
  ] as const
}

type ProviderRow = { region_id: string; id: string; is_installed: boolean }

export interface RegionRelationRows {
  countries: (typeof country.$inferSelect)[]
  currencies: (typeof currency.$inferSelect)[]
  payments: ProviderRow[]
  fulfillments: ProviderRow[]
}

export function groupRegionRelations(regionId: string, currencyCode: string, rows: RegionRelationRows): RegionRelations {
  const { countries, currencies, payments, fulfillments } = rows
  const strip = ({ id, is_installed }: { id: string; is_installed: boolean }) => ({ id, is_installed })
  return {
    countries: countries.filter((c) => c.region_id === regionId),
    currency: currencies.find((c) => c.code === currencyCode) ?? null,
    payment_providers: payments.filter((p) => p.region_id === regionId).map(strip),
    fulfillment_providers: fulfillments.filter((p) => p.region_id === regionId).map(strip),
  }
}

export interface RegionListFilter {
  created_at?: DateRange | undefined
  updated_at?: DateRange | undefined
  limit: number
  offset: number
}

/** One round trip: the page of regions, the total count, and every relation of the page. */
export async function listRegions(db: Database, filter: RegionListFilter) {
  const where = and(
    isNull(region.deleted_at),
    ...dateRangeFilters(region.created_at, filter.created_at),
    ...dateRangeFilters(region.updated_at, filter.updated_at),
  )
  const pageIds = regionIdSubquery(db, where, filter)
  const [rows, [total], countries, currencies, payments, fulfillments] = await db.batch([
    db.select().from(region).where(where).orderBy(desc(region.created_at), desc(region.id)).limit(filter.limit).offset(filter.offset),
    db.select({ value: count() }).from(region).where(where),
    ...regionRelationQueries(db, pageIds),
  ])
  const relations = new Map<string, RegionRelations>()
  for (const row of rows) {
    relations.set(row.id, groupRegionRelations(row.id, row.currency_code, { countries, currencies, payments, fulfillments }))
  }
  return { rows, count: total?.value ?? 0, relations }
}

export async function loadRegionRelations(db: Database, rows: RegionRow[]): Promise<Map<string, RegionRelations>> {
  const out = new Map<string, RegionRelations>()
  if (rows.length === 0) return out
  const [countries, currencies, payments, fulfillments] = await db.batch(regionRelationQueries(db, rows.map((r) => r.id)))
  for (const row of rows) {
    out.set(row.id, groupRegionRelations(row.id, row.currency_code, { countries, currencies, payments, fulfillments }))
  }
  return out
}

export async function findRegion(db: Database, id: string): Promise<RegionRow | undefined> {
  const [row] = await db.select().from(region).where(and(eq(region.id, id), isNull(region.deleted_at))).limit(1)
  return row
}

/** One round trip: a region and all its relations (undefined when there is no such region). */
export async function findRegionWithRelations(db: Database, id: string) {
  const live = and(eq(region.id, id), isNull(region.deleted_at))
  const [[row], countries, currencies, payments, fulfillments] = await db.batch([
    db.select().from(region).where(live).limit(1),
    ...regionRelationQueries(db, regionIdSubquery(db, live)),
  ])
  if (!row) return undefined
  return { row, relations: groupRegionRelations(row.id, row.currency_code, { countries, currencies, payments, fulfillments }) }
}

/**
 * A region and its relations and tax rates as ONE read (for a batch): the given one (live), or with no id the first
 * region (v1 regionService.list()[0]: insertion order, ties on created_at to the row stored first).
 */
export function regionForCartRead(db: Database, regionId: string | undefined) {
  const chosen = regionId
    ? db.select({ id: region.id }).from(region).where(and(eq(region.id, regionId), isNull(region.deleted_at))).limit(1)
    : db.select({ id: region.id }).from(region).where(isNull(region.deleted_at)).orderBy(asc(region.created_at), sql`rowid`).limit(1)
  return defineRead(
    [
      db.select().from(region).where(sql`${region.id} IN (${chosen})`),
      ...regionRelationQueries(db, chosen),
      db.select().from(taxRate).where(sql`${taxRate.region_id} IN (${chosen})`),
    ] as const,
    ([[row], countries, currencies, payments, fulfillments, taxRates]) =>
      row ? { row, relations: groupRegionRelations(row.id, row.currency_code, { countries, currencies, payments, fulfillments }), taxRates } : undefined,
  )
}
