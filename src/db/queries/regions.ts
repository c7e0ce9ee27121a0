import { and, asc, count, desc, eq, isNull, gt, gte, lt, lte, type SQL } from "drizzle-orm"
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
} from "../schema"
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

/**
 * Statements that load every region relation for `regionIds`; run them inside the caller's batch so a page of
 * regions costs one round trip whatever its size.
 */
export function regionRelationQueries(db: Database, regionIds: string[], currencyCodes: string[]) {
  return [
    db.select().from(country).where(inList(country.region_id, regionIds)).orderBy(asc(country.id)),
    db.select().from(currency).where(inList(currency.code, currencyCodes)),
    db
      .select({ region_id: regionPaymentProvider.region_id, id: paymentProvider.id, is_installed: paymentProvider.is_installed })
      .from(regionPaymentProvider)
      .innerJoin(paymentProvider, eq(paymentProvider.id, regionPaymentProvider.provider_id))
      .where(inList(regionPaymentProvider.region_id, regionIds))
      .orderBy(asc(paymentProvider.id)),
    db
      .select({
        region_id: regionFulfillmentProvider.region_id,
        id: fulfillmentProvider.id,
        is_installed: fulfillmentProvider.is_installed,
      })
      .from(regionFulfillmentProvider)
      .innerJoin(fulfillmentProvider, eq(fulfillmentProvider.id, regionFulfillmentProvider.provider_id))
      .where(inList(regionFulfillmentProvider.region_id, regionIds))
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
  const [rows, [total]] = await db.batch([
    db.select().from(region).where(where).orderBy(desc(region.created_at), desc(region.id)).limit(filter.limit).offset(filter.offset),
    db.select({ value: count() }).from(region).where(where),
  ])
  return { rows, count: total?.value ?? 0, relations: await loadRegionRelations(db, rows) }
}

export async function loadRegionRelations(db: Database, rows: RegionRow[]): Promise<Map<string, RegionRelations>> {
  const out = new Map<string, RegionRelations>()
  if (rows.length === 0) return out
  const queries = regionRelationQueries(db, rows.map((r) => r.id), [...new Set(rows.map((r) => r.currency_code))])
  const [countries, currencies, payments, fulfillments] = await db.batch(queries)
  for (const row of rows) {
    out.set(row.id, groupRegionRelations(row.id, row.currency_code, { countries, currencies, payments, fulfillments }))
  }
  return out
}

export async function findRegion(db: Database, id: string): Promise<RegionRow | undefined> {
  const [row] = await db.select().from(region).where(and(eq(region.id, id), isNull(region.deleted_at))).limit(1)
  return row
}
