import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm"
import type { Database } from "../../env"
import * as t from "../schema"
import { defineRead, runReads, type Read } from "../reads"
import { groupRegionRelations, type RegionRelations } from "./regions"

export type CartRow = typeof t.cart.$inferSelect
export type LineItemRow = typeof t.lineItem.$inferSelect
export type AdjustmentRow = typeof t.lineItemAdjustment.$inferSelect
export type ItemTaxLineRow = typeof t.lineItemTaxLine.$inferSelect
export type ShippingMethodRow = typeof t.shippingMethod.$inferSelect
export type MethodTaxLineRow = typeof t.shippingMethodTaxLine.$inferSelect
export type ShippingOptionRow = typeof t.shippingOption.$inferSelect
export type DiscountRow = typeof t.discount.$inferSelect
export type DiscountRuleRow = typeof t.discountRule.$inferSelect
export type DiscountConditionRow = typeof t.discountCondition.$inferSelect
export type GiftCardRow = typeof t.giftCard.$inferSelect
export type PaymentSessionRow = typeof t.paymentSession.$inferSelect
export type PaymentRow = typeof t.payment.$inferSelect
export type AddressRow = typeof t.address.$inferSelect
export type VariantRow = typeof t.productVariant.$inferSelect
export type ProductRow = typeof t.product.$inferSelect
export type RegionRow = typeof t.region.$inferSelect
export type TaxRateRow = typeof t.taxRate.$inferSelect
export type ShippingProfileRow = typeof t.shippingProfile.$inferSelect
export type SalesChannelRow = typeof t.salesChannel.$inferSelect
export type CustomerRow = typeof t.customer.$inferSelect

/** Everything a cart response or a cart mutation needs, loaded in one D1 round trip whatever the cart's size. */
export interface CartAggregate {
  cart: CartRow
  region: RegionRow
  regionRelations: RegionRelations
  regionTaxRates: TaxRateRow[]
  items: LineItemRow[]
  adjustments: AdjustmentRow[]
  itemTaxLines: ItemTaxLineRow[]
  variants: VariantRow[]
  products: ProductRow[]
  profiles: ShippingProfileRow[]
  productTagIds: { product_id: string; product_tag_id: string }[]
  shippingMethods: ShippingMethodRow[]
  shippingOptions: ShippingOptionRow[]
  methodTaxLines: MethodTaxLineRow[]
  discounts: DiscountRow[]
  discountRules: DiscountRuleRow[]
  discountRegions: { discount_id: string; region_id: string }[]
  discountConditions: DiscountConditionRow[]
  discountConditionTargets: { condition_id: string; target_id: string }[]
  giftCards: (GiftCardRow & { position: number })[]
  paymentSessions: PaymentSessionRow[]
  /** The authorized payment (set by completion), or null. */
  payment: PaymentRow | null
  addresses: AddressRow[]
  salesChannel: SalesChannelRow | null
  customer: CustomerRow | null
  /** Region tax-rate overrides that touch this cart's products, product types and shipping options. */
  productTaxRates: { owner: string; rate_id: string }[]
  productTypeTaxRates: { owner: string; rate_id: string }[]
  shippingTaxRates: { owner: string; rate_id: string }[]
}

/** Loads a cart aggregate, or undefined when no (non-deleted) cart has this id. Exactly one D1 round trip. */
export async function loadCartAggregate(db: Database, cartId: string): Promise<CartAggregate | undefined> {
  const [aggregate] = await runReads(db, [cartAggregateRead(db, cartId)])
  return aggregate
}

/**
 * The cart's `version` (undefined when no non-deleted cart has this id): one indexed statement. Every write of the
 * cart's object moves it forward, and migration 0014's trigger moves it on any other UPDATE of the cart row.
 */
export function cartVersionRead(db: Database, cartId: string): Read<number | undefined> {
  return defineRead(
    [db.select({ version: t.cart.version }).from(t.cart).where(and(eq(t.cart.id, cartId), isNull(t.cart.deleted_at)))],
    ([[row]]) => row?.version,
  )
}

/** The statements of a cart aggregate, to run alone or beside a command's other reads in the same batch. */
export function cartAggregateRead(db: Database, cartId: string): Read<CartAggregate | undefined> {
  const itemIds = db.select({ id: t.lineItem.id }).from(t.lineItem).where(eq(t.lineItem.cart_id, cartId))
  const variantIds = db.select({ id: t.lineItem.variant_id }).from(t.lineItem).where(eq(t.lineItem.cart_id, cartId))
  const productIds = db
    .select({ id: t.productVariant.product_id })
    .from(t.productVariant)
    .where(inArray(t.productVariant.id, variantIds))
  const typeIds = db.select({ id: t.product.type_id }).from(t.product).where(inArray(t.product.id, productIds))
  const methodIds = db.select({ id: t.shippingMethod.id }).from(t.shippingMethod).where(eq(t.shippingMethod.cart_id, cartId))
  const optionIds = db
    .select({ id: t.shippingMethod.shipping_option_id })
    .from(t.shippingMethod)
    .where(eq(t.shippingMethod.cart_id, cartId))
  const discountIds = db.select({ id: t.cartDiscounts.discount_id }).from(t.cartDiscounts).where(eq(t.cartDiscounts.cart_id, cartId))
  const ruleIds = db.select({ id: t.discount.rule_id }).from(t.discount).where(inArray(t.discount.id, discountIds))
  const conditionIds = db
    .select({ id: t.discountCondition.id })
    .from(t.discountCondition)
    .where(inArray(t.discountCondition.discount_rule_id, ruleIds))
  const regionId = sql`(SELECT region_id FROM cart WHERE id = ${cartId})`
  const regionCurrency = sql`(SELECT currency_code FROM region WHERE id = ${regionId})`

  return defineRead([
    db.select().from(t.cart).where(and(eq(t.cart.id, cartId), isNull(t.cart.deleted_at))),
    db.select().from(t.region).where(sql`${t.region.id} = ${regionId}`),
    db.select().from(t.country).where(sql`${t.country.region_id} = ${regionId}`).orderBy(asc(t.country.id)),
    db.select().from(t.currency).where(sql`${t.currency.code} = ${regionCurrency}`),
    db
      .select({ region_id: t.regionPaymentProvider.region_id, id: t.paymentProvider.id, is_installed: t.paymentProvider.is_installed })
      .from(t.regionPaymentProvider)
      .innerJoin(t.paymentProvider, eq(t.paymentProvider.id, t.regionPaymentProvider.provider_id))
      .where(sql`${t.regionPaymentProvider.region_id} = ${regionId}`)
      .orderBy(asc(t.paymentProvider.id)),
    db
      .select({
        region_id: t.regionFulfillmentProvider.region_id,
        id: t.fulfillmentProvider.id,
        is_installed: t.fulfillmentProvider.is_installed,
      })
      .from(t.regionFulfillmentProvider)
      .innerJoin(t.fulfillmentProvider, eq(t.fulfillmentProvider.id, t.regionFulfillmentProvider.provider_id))
      .where(sql`${t.regionFulfillmentProvider.region_id} = ${regionId}`)
      .orderBy(asc(t.fulfillmentProvider.id)),
    db.select().from(t.taxRate).where(sql`${t.taxRate.region_id} = ${regionId}`),
    db.select().from(t.lineItem).where(eq(t.lineItem.cart_id, cartId)).orderBy(asc(t.lineItem.created_at), asc(t.lineItem.id)),
    db.select().from(t.lineItemAdjustment).where(inArray(t.lineItemAdjustment.item_id, itemIds)),
    db.select().from(t.lineItemTaxLine).where(inArray(t.lineItemTaxLine.item_id, itemIds)),
    db.select().from(t.productVariant).where(inArray(t.productVariant.id, variantIds)),
    db.select().from(t.product).where(inArray(t.product.id, productIds)),
    db
      .select()
      .from(t.shippingProfile)
      .where(inArray(t.shippingProfile.id, db.select({ id: t.product.profile_id }).from(t.product).where(inArray(t.product.id, productIds)))),
    db.select().from(t.productTags).where(inArray(t.productTags.product_id, productIds)),
    db.select().from(t.shippingMethod).where(eq(t.shippingMethod.cart_id, cartId)).orderBy(asc(t.shippingMethod.id)),
    db.select().from(t.shippingOption).where(inArray(t.shippingOption.id, optionIds)),
    db.select().from(t.shippingMethodTaxLine).where(inArray(t.shippingMethodTaxLine.shipping_method_id, methodIds)),
    db.select().from(t.discount).where(inArray(t.discount.id, discountIds)),
    db.select().from(t.discountRule).where(inArray(t.discountRule.id, ruleIds)),
    db.select().from(t.discountRegions).where(inArray(t.discountRegions.discount_id, discountIds)),
    db.select().from(t.discountCondition).where(inArray(t.discountCondition.id, conditionIds)),
    db.select().from(t.discountConditionTarget).where(inArray(t.discountConditionTarget.condition_id, conditionIds)),
    db
      .select({ gift: t.giftCard, position: t.cartGiftCards.position })
      .from(t.cartGiftCards)
      .innerJoin(t.giftCard, eq(t.giftCard.id, t.cartGiftCards.gift_card_id))
      .where(eq(t.cartGiftCards.cart_id, cartId))
      .orderBy(asc(t.cartGiftCards.position)),
    db.select().from(t.paymentSession).where(eq(t.paymentSession.cart_id, cartId)).orderBy(asc(t.paymentSession.created_at), asc(t.paymentSession.id)),
    db
      .select()
      .from(t.address)
      .where(
        sql`${t.address.id} IN (SELECT billing_address_id FROM cart WHERE id = ${cartId} UNION SELECT shipping_address_id FROM cart WHERE id = ${cartId})`,
      ),
    db.select().from(t.salesChannel).where(sql`${t.salesChannel.id} = (SELECT sales_channel_id FROM cart WHERE id = ${cartId})`),
    db.select().from(t.customer).where(sql`${t.customer.id} = (SELECT customer_id FROM cart WHERE id = ${cartId})`),
    db
      .select({ owner: t.productTaxRate.product_id, rate_id: t.productTaxRate.rate_id })
      .from(t.productTaxRate)
      .where(inArray(t.productTaxRate.product_id, productIds)),
    db
      .select({ owner: t.productTypeTaxRate.product_type_id, rate_id: t.productTypeTaxRate.rate_id })
      .from(t.productTypeTaxRate)
      .where(inArray(t.productTypeTaxRate.product_type_id, typeIds)),
    db
      .select({ owner: t.shippingTaxRate.shipping_option_id, rate_id: t.shippingTaxRate.rate_id })
      .from(t.shippingTaxRate)
      .where(inArray(t.shippingTaxRate.shipping_option_id, optionIds)),
    db.select().from(t.payment).where(sql`${t.payment.id} = (SELECT payment_id FROM cart WHERE id = ${cartId})`),
  ], (results): CartAggregate | undefined => {
  const [
    [cartRow], [region], countries, currencies, payments, fulfillments, regionTaxRates, items, adjustments, itemTaxLines,
    variants, products, profiles, productTagIds, shippingMethods, shippingOptions, methodTaxLines, discounts, discountRules,
    discountRegions, discountConditions, discountConditionTargets, giftCards, paymentSessions, addresses, [salesChannel],
    [customer], productTaxRates, productTypeTaxRates, shippingTaxRates, [payment],
  ] = results
  if (!cartRow || !region) return undefined
  return {
    cart: cartRow,
    region,
    regionRelations: groupRegionRelations(region.id, region.currency_code, { countries, currencies, payments, fulfillments }),
    regionTaxRates,
    items,
    adjustments,
    itemTaxLines,
    variants,
    products,
    profiles,
    productTagIds,
    shippingMethods,
    shippingOptions,
    methodTaxLines,
    discounts,
    discountRules,
    discountRegions,
    discountConditions,
    discountConditionTargets,
    giftCards: giftCards.map((g) => ({ ...g.gift, position: g.position })),
    paymentSessions,
    addresses,
    salesChannel: salesChannel ?? null,
    customer: customer ?? null,
    productTaxRates,
    productTypeTaxRates,
    shippingTaxRates,
    payment: payment ?? null,
  }
  })
}
