import type { Database } from "../env"
import { regionDefaultRate, taxOnExclusive, type TaxRate } from "../domain/pricing"
import { meetsRequirements } from "../domain/shipping-requirements"
import { listShippingOptionRowsForCart, type ShippingOptionRow } from "../db/queries/cart-shipping-options"
import { fulfillmentProvider, type FulfillmentCart, type FulfillmentData } from "../providers/fulfillment"
import { loadCartOrThrow, serializeShippingOptionRow, totalsOf } from "./cart-view"
import { fulfillmentCartOf } from "./shipping-methods"

/**
 * v1 getPrice_: a flat rate is the option's amount; a "calculated" option asks its provider. An option that cannot
 * be priced is not offered (v1 fetchCartOptions drops options whose validateCartOption throws).
 */
async function priceForCart(option: ShippingOptionRow, cart: FulfillmentCart): Promise<number | null | undefined> {
  if (option.price_type !== "calculated") return option.amount
  try {
    return await fulfillmentProvider(option.provider_id).calculatePrice(option.data as FulfillmentData, {}, cart)
  } catch {
    return undefined
  }
}

/**
 * GET /store/shipping-options/:cart_id (v1 fetchCartOptions + PricingService.setShippingOptionPrices): the options
 * the cart may use — its region, its products' shipping profiles, requirements met by its subtotal — priced for
 * it, with the region's shipping tax when the region computes taxes automatically.
 * Two D1 round trips, issued together.
 */
export async function cartShippingOptionsResponse(db: Database, cartId: string) {
  const [aggregate, rows] = await Promise.all([loadCartOrThrow(db, cartId), listShippingOptionRowsForCart(db, cartId)])
  const totals = totalsOf(aggregate)
  const cart = fulfillmentCartOf(aggregate, totals)
  const { region } = aggregate
  const shipping_options = []
  for (const option of rows.options) {
    const requirements = rows.requirements.filter((r) => r.shipping_option_id === option.id)
    if (!meetsRequirements(requirements, totals.subtotal)) continue
    const amount = await priceForCart(option, cart)
    if (amount === undefined) continue
    const own: TaxRate[] = rows.overrides.filter((o) => o.owner === option.id).map(({ rate, name, code }) => ({ rate, name, code }))
    const rates = !region.automatic_taxes ? [] : own.length ? own : [regionDefaultRate(region.tax_rate)]
    // v1 getShippingOptionPricing: a missing amount prices as 0; amounts are tax-exclusive.
    const price = amount ?? 0
    const tax = taxOnExclusive(price, rates)
    const profile = rows.profiles.find((p) => p.id === option.profile_id) ?? null
    shipping_options.push({
      ...serializeShippingOptionRow(option),
      amount,
      profile,
      requirements: requirements.map(({ id, shipping_option_id, type, amount, deleted_at }) => ({
        id, shipping_option_id, type, amount, deleted_at,
      })),
      price_incl_tax: price + tax,
      tax_rates: rates,
      tax_amount: tax,
    })
  }
  return { shipping_options }
}
