/**
 * Pure rules of v1's CartService.update (1.20.x): which discounts a cart keeps, what free shipping does to the
 * stored method prices, how a region change re-prices lines and moves the shipping country, and the checks on
 * gift cards and customer-group discounts. No I/O: the service loads the rows and applies the results.
 */
import { hasFreeShipping, regularDiscount } from "./discounts"
import { invalidData, MedusaError, notAllowed, notFound } from "./errors"

/** v1 DiscountService.listByCodes looks codes up upper-cased and trimmed (the codes are stored so). */
export const normalizeDiscountCode = (code: string): string => code.toUpperCase().trim()

/**
 * v1 throws when the lookup found fewer discounts than codes were asked for — so a repeated code is "not found"
 * too — and names every requested code, normalized.
 */
export function discountsNotFound(normalizedCodes: readonly string[]): MedusaError {
  return notFound(`Discounts with code [${normalizedCodes.join(", ")}] was not found`)
}

interface Typed {
  readonly id: string
  readonly type: string
}

/**
 * The discounts a cart keeps from a list of codes (v1 update empties the cart's discounts, then applyDiscounts):
 * the first regular discount and the first free-shipping one, in the order asked. v1 keeps every free-shipping
 * code it is given; the catalog's "one of each kind" rule is applied to both kinds here.
 */
export function chooseCartDiscounts<D extends Typed>(discounts: readonly D[]): D[] {
  const judged = discounts.map((d) => ({ d, rule: { type: d.type } }))
  const regular = regularDiscount(judged)?.d
  const freeShipping = judged.find((j) => hasFreeShipping([j]))?.d
  return discounts.filter((d) => d === regular || d === freeShipping)
}

export interface MethodPrice {
  readonly id: string
  readonly shipping_option_id: string
  readonly price: number
}

/**
 * Stored shipping-method prices after the cart's free-shipping state changes (v1 adjustFreeShipping_): gaining
 * free shipping stores every method at 0; losing it restores each method to its option's flat amount. A
 * calculated option (amount null) keeps its stored price — v1 asks the fulfillment provider again there.
 */
export function freeShippingPrices<M extends MethodPrice>(
  methods: readonly M[],
  optionAmount: (optionId: string) => number | null | undefined,
  had: boolean,
  has: boolean,
): M[] {
  if (has) return methods.map((m) => (m.price === 0 ? m : { ...m, price: 0 }))
  if (!had) return [...methods]
  return methods.map((m) => {
    const amount = optionAmount(m.shipping_option_id)
    return amount === null || amount === undefined || amount === m.price ? m : { ...m, price: amount }
  })
}

export interface CustomerGroupCondition {
  readonly type: string
  readonly operator: string
  readonly target_ids: readonly string[]
}

/**
 * Whether a customer in `groupIds` passes a discount's customer-group conditions (v1 canApplyForCustomer):
 * "in" needs one of the condition's groups, "not_in" none of them. No such conditions: everyone passes.
 */
export function customerGroupsAllow(conditions: readonly CustomerGroupCondition[], groupIds: readonly string[]): boolean {
  return conditions
    .filter((c) => c.type === "customer_groups")
    .every((c) => {
      const member = c.target_ids.some((id) => groupIds.includes(id))
      return c.operator === "not_in" ? !member : member
    })
}

/** v1 setRegion_ refuses carts whose payment is authorized, with the completed-cart message. */
export function assertRegionChangeAllowed(cart: { completed_at: string | null; payment_authorized_at: string | null }): void {
  if (cart.completed_at || cart.payment_authorized_at) throw notAllowed("Cannot change the region of a completed cart")
}

/**
 * The shipping country after a region change (v1 setRegion_): the requested one (country_code or the new
 * shipping address's), which must be in the new region; otherwise the region's only country, or none.
 */
export function countryAfterRegionChange(requested: string | null | undefined, regionCountries: readonly string[]): string | null {
  if (requested) {
    const country = requested.toLowerCase()
    if (!regionCountries.includes(country)) throw notAllowed("Country not available in region")
    return country
  }
  return regionCountries.length === 1 ? regionCountries[0]! : null
}

/** v1 updateShippingAddress_: a shipping address outside the cart's region is refused (billing is not checked). */
export function assertShippingCountryInRegion(countryCode: string | null | undefined, regionCountries: readonly string[]): void {
  if (countryCode && !regionCountries.includes(countryCode.toLowerCase())) {
    throw invalidData("Shipping country must be in the cart region")
  }
}

export interface PricedLine {
  readonly id: string
  readonly variant_id: string | null
  readonly quantity: number
  readonly unit_price: number
  readonly has_shipping: boolean | null
  /** A swap cart's return line: its (negative) price is fixed by the swap, never re-priced. */
  readonly is_return?: boolean
}

/**
 * Lines re-priced for a region or customer (v1 updateUnitPrices_): a line whose variant has a price takes it, a
 * line whose variant has none is removed, custom lines (no variant) stay as they are. v1 also clears has_shipping
 * on every re-priced line; that is right when the region changes (its shipping methods go) but not for a
 * customer-only re-pricing that keeps the methods, so it is done only when `clearShipping` is set. Return lines
 * (a swap cart's credit and return shipping) keep their price: the swap fixed it.
 */
export function repriceLines<L extends PricedLine>(
  lines: readonly L[],
  priceOf: (variantId: string, quantity: number) => number | undefined,
  clearShipping: boolean,
): { lines: L[]; removed: string[] } {
  const out: L[] = []
  const removed: string[] = []
  for (const line of lines) {
    if (line.variant_id === null || line.is_return) {
      out.push(line)
      continue
    }
    const price = priceOf(line.variant_id, line.quantity)
    if (price === undefined) removed.push(line.id)
    else {
      const hasShipping = clearShipping ? false : line.has_shipping
      if (price === line.unit_price && hasShipping === line.has_shipping) out.push(line)
      else out.push({ ...line, unit_price: price, has_shipping: hasShipping })
    }
  }
  return { lines: out, removed }
}

export interface GiftCardFacts {
  readonly code: string
  readonly is_disabled: boolean
  readonly region_id: string
}

/**
 * v1 applyGiftCard_: unknown → 404, disabled → not_allowed, another region → invalid_data. v1 does not look at
 * ends_at or the balance here: an expired card is accepted and counts in the totals.
 */
export function checkGiftCardUsable(card: GiftCardFacts | undefined, code: string, regionId: string): asserts card is GiftCardFacts {
  if (!card) throw notFound(`Gift card with code: ${code} was not found`)
  if (card.is_disabled) throw notAllowed("The gift card is disabled")
  if (card.region_id !== regionId) throw invalidData("The gift card cannot be used in the current region")
}
