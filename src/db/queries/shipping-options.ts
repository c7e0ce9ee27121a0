import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm"
import type { Database } from "../../env"
import { product, region, shippingOption, shippingOptionRequirement, shippingTaxRate, taxRate } from "../schema"
import { inList } from "../sql"

export type ShippingOptionRow = typeof shippingOption.$inferSelect
export type RequirementRow = typeof shippingOptionRequirement.$inferSelect

export interface ShippingOptionFilter {
  region_id?: string | undefined
  is_return?: boolean | undefined
  /** Keep options whose shipping profile is one of these products' profiles. */
  product_ids?: readonly string[] | undefined
}

/**
 * One round trip: the store-visible options (never admin_only), their requirements, the pricing facts of their
 * regions and their shipping tax-rate overrides. Relations select by the same WHERE as a subquery, so nothing waits
 * for the option ids.
 */
export async function listShippingOptionsWithRelations(db: Database, filter: ShippingOptionFilter) {
  const where = and(
    isNull(shippingOption.deleted_at),
    eq(shippingOption.admin_only, false),
    ...(filter.region_id !== undefined ? [eq(shippingOption.region_id, filter.region_id)] : []),
    ...(filter.is_return !== undefined ? [eq(shippingOption.is_return, filter.is_return)] : []),
    ...(filter.product_ids?.length
      ? [
          sql`${shippingOption.profile_id} IN (SELECT ${product.profile_id} FROM ${product} WHERE ${inList(product.id, filter.product_ids)} AND ${product.deleted_at} IS NULL)`,
        ]
      : []),
  )
  const [options, requirements, regions, overrides] = await db.batch([
    db
      .select()
      .from(shippingOption)
      .where(where)
      .orderBy(asc(shippingOption.created_at), asc(sql.raw(`"shipping_option".rowid`))),
    db
      .select()
      .from(shippingOptionRequirement)
      .where(
        and(
          isNull(shippingOptionRequirement.deleted_at),
          inArray(shippingOptionRequirement.shipping_option_id, db.select({ id: shippingOption.id }).from(shippingOption).where(where)),
        ),
      )
      .orderBy(asc(sql.raw(`"shipping_option_requirement".rowid`))),
    db
      .select({ id: region.id, tax_rate: region.tax_rate, automatic_taxes: region.automatic_taxes })
      .from(region)
      .where(inArray(region.id, db.select({ id: shippingOption.region_id }).from(shippingOption).where(where))),
    // v1 getRegionRatesForShipping: overrides for the option within its own region.
    db
      .select({ owner: shippingTaxRate.shipping_option_id, rate: taxRate.rate, name: taxRate.name, code: taxRate.code })
      .from(shippingTaxRate)
      .innerJoin(taxRate, eq(taxRate.id, shippingTaxRate.rate_id))
      .innerJoin(
        shippingOption,
        and(eq(shippingOption.id, shippingTaxRate.shipping_option_id), eq(shippingOption.region_id, taxRate.region_id)),
      )
      .where(where)
      .orderBy(asc(sql.raw(`"shipping_tax_rate".rowid`))),
  ])
  return { options, requirements, regions, overrides }
}
