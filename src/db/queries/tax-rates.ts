import { and, eq } from "drizzle-orm"
import { inList } from "../sql"
import type { Database } from "../../env"
import { productTaxRate, productTypeTaxRate, taxRate } from "../schema"
import { regionDefaultRate, type TaxRate } from "../../domain/pricing"

const toRate = (r: { rate: number | null; name: string; code: string | null }): TaxRate => ({
  rate: r.rate,
  name: r.name,
  code: r.code,
})

/**
 * Tax rates per product in a region (v1 TaxProviderService.getRegionRatesForProduct): the region's overrides for
 * the product, else those for its product type, else the region default. One round trip for any number of products.
 */
export async function taxRatesForProducts(
  db: Database,
  region: { id: string; tax_rate: number },
  products: readonly { id: string; type_id: string | null }[],
): Promise<Map<string, TaxRate[]>> {
  const out = new Map<string, TaxRate[]>()
  if (products.length === 0) return out
  const typeIds = [...new Set(products.map((p) => p.type_id).filter((t): t is string => t !== null))]
  const [byProduct, byType] = await db.batch([
    db
      .select({ owner: productTaxRate.product_id, rate: taxRate.rate, name: taxRate.name, code: taxRate.code })
      .from(productTaxRate)
      .innerJoin(taxRate, eq(taxRate.id, productTaxRate.rate_id))
      .where(and(eq(taxRate.region_id, region.id), inList(productTaxRate.product_id, products.map((p) => p.id)))),
    db
      .select({ owner: productTypeTaxRate.product_type_id, rate: taxRate.rate, name: taxRate.name, code: taxRate.code })
      .from(productTypeTaxRate)
      .innerJoin(taxRate, eq(taxRate.id, productTypeTaxRate.rate_id))
      .where(and(eq(taxRate.region_id, region.id), inList(productTypeTaxRate.product_type_id, typeIds))),
  ])
  for (const product of products) {
    const own = byProduct.filter((r) => r.owner === product.id)
    const typed = byType.filter((r) => r.owner === product.type_id)
    const rates = own.length ? own : typed.length ? typed : null
    out.set(product.id, rates ? rates.map(toRate) : [regionDefaultRate(region.tax_rate)])
  }
  return out
}

