import { eq, inArray } from "drizzle-orm"
import type { Database } from "../../env"
import * as t from "../schema"
import { inList } from "../sql"

export type MoneyAmountRow = typeof t.moneyAmount.$inferSelect

/** What adding variants to a cart needs to know about them, in one round trip. */
export interface VariantsForCart {
  variants: (typeof t.productVariant.$inferSelect)[]
  products: (typeof t.product.$inferSelect)[]
  prices: MoneyAmountRow[]
  productSalesChannels: { product_id: string; sales_channel_id: string }[]
  productTags: { product_id: string; product_tag_id: string }[]
  profiles: (typeof t.shippingProfile.$inferSelect)[]
}

export async function loadVariantsForCart(db: Database, variantIds: readonly string[]): Promise<VariantsForCart> {
  const productIds = db
    .select({ id: t.productVariant.product_id })
    .from(t.productVariant)
    .where(inList(t.productVariant.id, variantIds))
  const [variants, products, prices, productSalesChannels, productTags, profiles] = await db.batch([
    db.select().from(t.productVariant).where(inList(t.productVariant.id, variantIds)),
    db.select().from(t.product).where(inArray(t.product.id, productIds)),
    db.select().from(t.moneyAmount).where(inList(t.moneyAmount.variant_id, variantIds)),
    db.select().from(t.productSalesChannel).where(inArray(t.productSalesChannel.product_id, productIds)),
    db.select().from(t.productTags).where(inArray(t.productTags.product_id, productIds)),
    db
      .select()
      .from(t.shippingProfile)
      .where(inArray(t.shippingProfile.id, db.select({ id: t.product.profile_id }).from(t.product).where(inArray(t.product.id, productIds)))),
  ])
  return {
    variants: variants.filter((v) => v.deleted_at === null),
    products: products.filter((p) => p.deleted_at === null),
    prices: prices.filter((p) => p.deleted_at === null),
    productSalesChannels,
    productTags,
    profiles,
  }
}

export async function findShippingOption(db: Database, id: string) {
  const [row] = await db.select().from(t.shippingOption).where(eq(t.shippingOption.id, id))
  return row && row.deleted_at === null ? row : undefined
}
