import { inArray } from "drizzle-orm"
import type { Database } from "../../env"
import * as t from "../schema"
import { inList } from "../sql"
import { defineRead, runReads, type Read } from "../reads"

export type MoneyAmountRow = typeof t.moneyAmount.$inferSelect

/** What adding variants to a cart needs to know about them, in one round trip. */
export interface VariantsForCart {
  variants: (typeof t.productVariant.$inferSelect)[]
  products: (typeof t.product.$inferSelect)[]
  prices: MoneyAmountRow[]
  productSalesChannels: { product_id: string; sales_channel_id: string }[]
  productTags: { product_id: string; product_tag_id: string }[]
  profiles: (typeof t.shippingProfile.$inferSelect)[]
  productTaxRates: { owner: string; rate_id: string }[]
  productTypeTaxRates: { owner: string; rate_id: string }[]
}

export async function loadVariantsForCart(db: Database, variantIds: readonly string[]): Promise<VariantsForCart> {
  const [refs] = await runReads(db, [variantsForCartRead(db, variantIds)])
  return refs
}

/**
 * The variants' rows, prices, products, and their tax-rate overrides (so a response built in memory shows the
 * same tax lines a re-read would). Runs beside the command's other reads.
 */
export function variantsForCartRead(db: Database, variantIds: readonly string[]): Read<VariantsForCart> {
  const productIds = db
    .select({ id: t.productVariant.product_id })
    .from(t.productVariant)
    .where(inList(t.productVariant.id, variantIds))
  const typeIds = db.select({ id: t.product.type_id }).from(t.product).where(inArray(t.product.id, productIds))
  return defineRead([
    db.select().from(t.productVariant).where(inList(t.productVariant.id, variantIds)),
    db.select().from(t.product).where(inArray(t.product.id, productIds)),
    db.select().from(t.moneyAmount).where(inList(t.moneyAmount.variant_id, variantIds)),
    db.select().from(t.productSalesChannel).where(inArray(t.productSalesChannel.product_id, productIds)),
    db.select().from(t.productTags).where(inArray(t.productTags.product_id, productIds)),
    db
      .select()
      .from(t.shippingProfile)
      .where(inArray(t.shippingProfile.id, db.select({ id: t.product.profile_id }).from(t.product).where(inArray(t.product.id, productIds)))),
    db
      .select({ owner: t.productTaxRate.product_id, rate_id: t.productTaxRate.rate_id })
      .from(t.productTaxRate)
      .where(inArray(t.productTaxRate.product_id, productIds)),
    db
      .select({ owner: t.productTypeTaxRate.product_type_id, rate_id: t.productTypeTaxRate.rate_id })
      .from(t.productTypeTaxRate)
      .where(inArray(t.productTypeTaxRate.product_type_id, typeIds)),
  ], ([variants, products, prices, productSalesChannels, productTags, profiles, productTaxRates, productTypeTaxRates]) => ({
    variants: variants.filter((v) => v.deleted_at === null),
    products: products.filter((p) => p.deleted_at === null),
    prices: prices.filter((p) => p.deleted_at === null),
    productSalesChannels,
    productTags,
    profiles,
    productTaxRates,
    productTypeTaxRates,
  }))
}

