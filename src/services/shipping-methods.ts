import { notFound } from "../domain/errors"
import { hasFreeShipping, withRules } from "../domain/discounts"
import { newId } from "../domain/ids"
import { assertOptionFitsCart, lineHasShipping } from "../domain/shipping-requirements"
import type { CartTotals } from "../domain/totals"
import type { CartAggregate, ShippingMethodRow } from "../db/queries/carts"
import { shippingOptionRead } from "../db/queries/cart-shipping-options"
import { mapRead } from "../db/reads"
import { fulfillmentProvider, type FulfillmentCart, type FulfillmentData } from "../providers/fulfillment"
import type { CartContext, CartPlan } from "./cart-context"
import type { CartState } from "./cart-state"
import { totalsOf } from "./cart-view"

export interface NewShippingMethod {
  option_id: string
  data?: Record<string, unknown> | undefined
}

/** What a fulfillment provider sees of a cart. */
export function fulfillmentCartOf(aggregate: CartAggregate, totals: CartTotals): FulfillmentCart {
  const address = aggregate.addresses.find((a) => a.id === aggregate.cart.shipping_address_id)
  return {
    id: aggregate.cart.id,
    region_id: aggregate.region.id,
    currency_code: aggregate.region.currency_code,
    subtotal: totals.subtotal,
    shipping_address: address ? { country_code: address.country_code, postal_code: address.postal_code, city: address.city } : null,
    items: aggregate.items.map(({ id, variant_id, quantity, unit_price }) => ({ id, variant_id, quantity, unit_price })),
  }
}

/**
 * POST /store/carts/:id/shipping-methods (v1 CartService.addShippingMethod + ShippingOptionService
 * .createShippingMethod): checks the option against the cart, lets its provider validate the data and (for
 * "calculated" options) price it, replaces the method of the same shipping profile and re-marks which lines ship.
 */
export function planAddShippingMethod(ctx: CartContext, input: NewShippingMethod): CartPlan {
  return { read: mapRead(shippingOptionRead(ctx.db, input.option_id), (found) => async (state, aggregate) => {
    // The store never shows admin-only options, so it cannot use them either.
    if (!found || found.option.admin_only) throw notFound(`Shipping Option with ${input.option_id} was not found`)
    const { option, requirements } = found
    const totals = totalsOf(aggregate)
    // v1 compares the subtotal (tax-inclusive only under the tax-inclusive flag, which this store runs without).
    assertOptionFitsCart(option, requirements, { region_id: state.cart.region_id, subtotal: totals.subtotal })

    const provider = fulfillmentProvider(option.provider_id)
    const cart = fulfillmentCartOf(aggregate, totals)
    const optionData = option.data as FulfillmentData
    const data = await provider.validateFulfillmentData(optionData, input.data ?? {}, cart)
    const price = option.price_type === "calculated" ? await provider.calculatePrice(optionData, data, cart) : (option.amount ?? 0)

    if (!aggregate.shippingOptions.some((o) => o.id === option.id)) {
      aggregate.shippingOptions.push(option)
      aggregate.shippingTaxRates.push(...found.taxRates)
    }
    const profileOf = (optionId: string) => aggregate.shippingOptions.find((o) => o.id === optionId)?.profile_id
    const method: ShippingMethodRow = {
      id: newId("shippingMethod"),
      shipping_option_id: option.id,
      order_id: null,
      claim_order_id: null,
      cart_id: state.cart.id,
      swap_id: null,
      return_id: null,
      price,
      data,
      includes_tax: false,
    }
    // One method per shipping profile: the new one replaces the method of its profile (v1).
    state.shippingMethods = [...state.shippingMethods.filter((m) => profileOf(m.shipping_option_id) !== option.profile_id), method]
    // v1 adjustFreeShipping_: with a free-shipping discount on the cart every method is stored at price 0.
    if (hasFreeShipping(withRules(aggregate.discounts, aggregate.discountRules))) for (const m of state.shippingMethods) m.price = 0
    markShippedLines(state, aggregate, profileOf, ctx.now().toISOString())
  }) }
}


/** v1 sets has_shipping on every line from the methods' profiles; a line whose flag is unchanged is not touched. */
function markShippedLines(
  state: CartState,
  aggregate: CartAggregate,
  profileOf: (optionId: string) => string | undefined,
  now: string,
): void {
  const methodProfiles = state.shippingMethods.map((m) => profileOf(m.shipping_option_id)).filter((p) => p !== undefined)
  for (const item of state.items) {
    const variant = aggregate.variants.find((v) => v.id === item.variant_id)
    const product = variant ? aggregate.products.find((p) => p.id === variant.product_id) : undefined
    const shipped = lineHasShipping(methodProfiles, product?.profile_id)
    if (item.has_shipping !== shipped) {
      item.has_shipping = shipped
      item.updated_at = now
    }
  }
}
