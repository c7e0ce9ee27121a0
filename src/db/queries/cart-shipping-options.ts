import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm"
import type { Database } from "../../env"
import * as t from "../schema"
import { defineRead, type Read } from "../reads"

export type ShippingOptionRow = typeof t.shippingOption.$inferSelect
export type RequirementRow = typeof t.shippingOptionRequirement.$inferSelect
export type ShippingProfileRow = typeof t.shippingProfile.$inferSelect

/** A live option and its live requirements (v1 retrieve(id, { relations: ["requirements"] })). One round trip. */
export function shippingOptionRead(
  db: Database,
  optionId: string,
): Read<{ option: ShippingOptionRow; requirements: RequirementRow[]; taxRates: { owner: string; rate_id: string }[] } | undefined> {
  return defineRead([
    db.select().from(t.shippingOption).where(and(eq(t.shippingOption.id, optionId), isNull(t.shippingOption.deleted_at))),
    db
      .select()
      .from(t.shippingOptionRequirement)
      .where(and(eq(t.shippingOptionRequirement.shipping_option_id, optionId), isNull(t.shippingOptionRequirement.deleted_at)))
      .orderBy(asc(sql.raw(`"shipping_option_requirement".rowid`))),
    // The option's tax-rate overrides, so a cart built in memory shows the tax lines a re-read would.
    db
      .select({ owner: t.shippingTaxRate.shipping_option_id, rate_id: t.shippingTaxRate.rate_id })
      .from(t.shippingTaxRate)
      .where(eq(t.shippingTaxRate.shipping_option_id, optionId)),
  ], ([[option], requirements, taxRates]) => (option ? { option, requirements, taxRates } : undefined))
}

/**
 * The options a cart may be offered before requirement checks (v1 ShippingProfileService.fetchCartOptions): live,
 * not admin-only, not for returns, in the cart's region and for the shipping profiles of the cart's products — with
 * their requirements, profiles and the cart region's shipping tax-rate overrides. Everything selects by subqueries
 * on the cart id, so this is one round trip that can run beside the cart's own load.
 */
export async function listShippingOptionRowsForCart(db: Database, cartId: string) {
  const cartRegion = sql`(SELECT region_id FROM cart WHERE id = ${cartId})`
  const variantIds = db.select({ id: t.lineItem.variant_id }).from(t.lineItem).where(eq(t.lineItem.cart_id, cartId))
  const productIds = db
    .select({ id: t.productVariant.product_id })
    .from(t.productVariant)
    .where(and(inArray(t.productVariant.id, variantIds), isNull(t.productVariant.deleted_at)))
  const profileIds = db
    .select({ id: t.product.profile_id })
    .from(t.product)
    .where(and(inArray(t.product.id, productIds), isNull(t.product.deleted_at)))
  const where = and(
    isNull(t.shippingOption.deleted_at),
    eq(t.shippingOption.admin_only, false),
    eq(t.shippingOption.is_return, false),
    sql`${t.shippingOption.region_id} = ${cartRegion}`,
    inArray(t.shippingOption.profile_id, profileIds),
  )
  const optionIds = db.select({ id: t.shippingOption.id }).from(t.shippingOption).where(where)
  const [options, requirements, profiles, overrides] = await db.batch([
    db
      .select()
      .from(t.shippingOption)
      .where(where)
      .orderBy(asc(t.shippingOption.created_at), asc(sql.raw(`"shipping_option".rowid`))),
    db
      .select()
      .from(t.shippingOptionRequirement)
      .where(and(isNull(t.shippingOptionRequirement.deleted_at), inArray(t.shippingOptionRequirement.shipping_option_id, optionIds)))
      .orderBy(asc(sql.raw(`"shipping_option_requirement".rowid`))),
    db
      .select()
      .from(t.shippingProfile)
      .where(inArray(t.shippingProfile.id, db.select({ id: t.shippingOption.profile_id }).from(t.shippingOption).where(where))),
    // v1 getRegionRatesForShipping: the option's overrides among the region's rates.
    db
      .select({ owner: t.shippingTaxRate.shipping_option_id, rate: t.taxRate.rate, name: t.taxRate.name, code: t.taxRate.code })
      .from(t.shippingTaxRate)
      .innerJoin(t.taxRate, eq(t.taxRate.id, t.shippingTaxRate.rate_id))
      .where(and(sql`${t.taxRate.region_id} = ${cartRegion}`, inArray(t.shippingTaxRate.shipping_option_id, optionIds)))
      .orderBy(asc(sql.raw(`"shipping_tax_rate".rowid`))),
  ])
  return { options, requirements, profiles, overrides }
}
