/**
 * The fulfillment-provider seam (v1 AbstractFulfillmentService as FulfillmentProviderService calls it while a
 * shipping method is created or an option is priced for a cart). Providers are plain objects; one that talks to a
 * carrier receives its `fetch` when it is built, so tests can record its calls.
 */
export type FulfillmentData = Record<string, unknown>

/** What a provider may look at when it validates data or prices an option for a cart. */
export interface FulfillmentCart {
  id: string
  region_id: string
  currency_code: string
  subtotal: number
  shipping_address: { country_code: string | null; postal_code: string | null; city: string | null } | null
  items: readonly { id: string; variant_id: string | null; quantity: number; unit_price: number }[]
}

export interface FulfillmentProvider {
  readonly id: string
  /** The data stored on the shipping method (v1 validateFulfillmentData(optionData, data, cart)). */
  validateFulfillmentData(optionData: FulfillmentData, data: FulfillmentData, cart: FulfillmentCart): Promise<FulfillmentData>
  /** Whether options of price_type "calculated" can be priced by this provider (v1 canCalculate). */
  canCalculate(optionData: FulfillmentData): boolean
  /** The price of a "calculated" option for this cart, in minor units (v1 calculatePrice). */
  calculatePrice(optionData: FulfillmentData, data: FulfillmentData, cart: FulfillmentCart): Promise<number>
}
