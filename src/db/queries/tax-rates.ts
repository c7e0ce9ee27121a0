import { and, eq, sql, type SQLWrapper } from "drizzle-orm"
import { inList, isIn, type IdSet } from "../sql"
import type { Database } from "../../env"
import { productTaxRate, productTypeTaxRate, shippingTaxRate, taxRate } from "../schema"
import { regionDefaultRate, type TaxRate } from "../../domain/pricing"

const toRate = (r: { rate: number | null; name: string; code: string | null }): TaxRate => ({
  rate: r.rate,
  name: r.name,
  code: r.code,
})

/**
 * The two statements behind tax rates per product in a region (for a caller's batch): the region's overrides for
 * the products, and for their product types. `regionId` may be a subquery (a cart's region).
 */
export function productTaxRateQueries(db: Database, regionId: string | SQLWrapper, productIds: IdSet) {
  const inRegion = typeof regionId === "string" ? eq(taxRate.region_id, regionId) : sql`${taxRate.region_id} = (${regionId})`
  return [
    db
      .select({ owner: productTaxRate.product_id, rate: taxRate.rate, name: taxRate.name, code: taxRate.code })
      .from(productTaxRate)
      .innerJoin(taxRate, eq(taxRate.id, productTaxRate.rate_id))
      .where(and(inRegion, isIn(productTaxRate.product_id, productIds))),
    db
      .select({ owner: productTypeTaxRate.product_type_id, rate: taxRate.rate, name: taxRate.name, code: taxRate.code })
      .from(productTypeTaxRate)
      .innerJoin(taxRate, eq(taxRate.id, productTypeTaxRate.rate_id))
      .where(and(inRegion, sql`${productTypeTaxRate.product_type_id} IN (SELECT type_id FROM product WHERE ${isIn(sql`id`, productIds)})`)),
  ] as const
}

type RateRow = { owner: string; rate: number | null; name: string; code: string | null }

/**
 * Tax rates per product (v1 TaxProviderService.getRegionRatesForProduct): the region's overrides for the product,
 * else those for its product type, else the region default.
 */
export function toProductTaxRates(
  region: { tax_rate: number },
  products: readonly { id: string; type_id: string | null }[],
  byProduct: readonly RateRow[],
  byType: readonly RateRow[],
): Map<string, TaxRate[]> {
  const out = new Map<string, TaxRate[]>()
  for (const product of products) {
    const own = byProduct.filter((r) => r.owner === product.id)
    const typed = byType.filter((r) => r.owner === product.type_id)
    const rates = own.length ? own : typed.length ? typed : null
    out.set(product.id, rates ? rates.map(toRate) : [regionDefaultRate(region.tax_rate)])
  }
  return out
}

/** Tax rates per product in a region, in one round trip for any number of products. */
export async function taxRatesForProducts(
  db: Database,
  region: { id: string; tax_rate: number },
  products: readonly { id: string; type_id: string | null }[],
): Promise<Map<string, TaxRate[]>> {
  if (products.length === 0) return new Map()
  const [byProduct, byType] = await db.batch(productTaxRateQueries(db, region.id, products.map((p) => p.id)))
  return toProductTaxRates(region, products, byProduct, byType)
}

/** Tax rates per shipping option in a region: its overrides, else the region default (getRegionRatesForShipping). */
export async function taxRatesForShippingOptions(
  db: Database,
  region: { id: string; tax_rate: number },
  optionIds: readonly string[],
): Promise<Map<string, TaxRate[]>> {
  const out = new Map<string, TaxRate[]>()
  if (optionIds.length === 0) return out
  const rows = await db
    .select({ owner: shippingTaxRate.shipping_option_id, rate: taxRate.rate, name: taxRate.name, code: taxRate.code })
    .from(shippingTaxRate)
    .innerJoin(taxRate, eq(taxRate.id, shippingTaxRate.rate_id))
    .where(and(eq(taxRate.region_id, region.id), inList(shippingTaxRate.shipping_option_id, [...optionIds])))
  for (const id of optionIds) {
    const own = rows.filter((r) => r.owner === id)
    out.set(id, own.length ? own.map(toRate) : [regionDefaultRate(region.tax_rate)])
  }
  return out
}
