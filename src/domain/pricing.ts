/** Pure price and tax arithmetic shared by catalog pricing and shipping options. Amounts are integer minor units. */

export interface TaxRate {
  rate: number | null
  name: string
  code: string | null
}

/** Sum of percentage rates (25 = 25%); a null rate counts as 0, as v1 does. */
export const totalRate = (rates: readonly TaxRate[]) => rates.reduce((sum, r) => sum + (r.rate ?? 0), 0)

/**
 * Tax on a tax-exclusive amount: v1's `calculatePriceTaxAmount` with includesTax=false,
 * `Math.round(price * Σrate / 100)` (one rounding over the summed rates).
 */
export function taxOnExclusive(amount: number, rates: readonly TaxRate[]): number {
  return Math.round((amount * totalRate(rates)) / 100)
}

/** Tax contained in a tax-inclusive amount: `Math.round(price * r / (1 + r))` with r = Σrate / 100. */
export function taxInInclusive(amount: number, rates: readonly TaxRate[]): number {
  const r = totalRate(rates) / 100
  return Math.round((amount * r) / (1 + r))
}

/** The region default used when no override applies (v1 TaxProviderService). */
export function regionDefaultRate(regionTaxRate: number): TaxRate {
  return { rate: regionTaxRate, name: "default", code: "default" }
}

export interface PriceCandidate {
  amount: number
  currency_code: string
  region_id: string | null
  min_quantity: number | null
  max_quantity: number | null
  price_list_id: string | null
}

export interface PricingContext {
  region_id?: string | undefined
  currency_code?: string | undefined
  quantity?: number | undefined
}

/**
 * v1 PriceSelectionStrategy without price lists: the cheapest applicable price — a price for the context's
 * region, or for its currency with no region — honouring min/max quantity. Undefined when none applies.
 */
export function selectPrice(prices: readonly PriceCandidate[], ctx: PricingContext): PriceCandidate | undefined {
  const quantity = ctx.quantity ?? 1
  let best: PriceCandidate | undefined
  for (const price of prices) {
    if (price.price_list_id) continue
    const matchesRegion = ctx.region_id !== undefined && price.region_id === ctx.region_id
    const matchesCurrency =
      ctx.currency_code !== undefined && price.region_id === null && price.currency_code === ctx.currency_code
    if (!matchesRegion && !matchesCurrency) continue
    if (price.min_quantity !== null && quantity < price.min_quantity) continue
    if (price.max_quantity !== null && quantity > price.max_quantity) continue
    if (!best || price.amount < best.amount) best = price
  }
  return best
}

export interface VariantPriceFields {
  original_price: number | null
  calculated_price: number | null
  calculated_price_type: string | null
  original_price_incl_tax: number | null
  calculated_price_incl_tax: number | null
  original_tax: number | null
  calculated_tax: number | null
  tax_rates: TaxRate[] | null
}

/** The PricedVariant fields for one variant in a pricing context (v1 PricingService.getProductVariantPricing). */
export function priceVariant(
  prices: readonly PriceCandidate[],
  ctx: PricingContext,
  taxRates: readonly TaxRate[] | null,
  includesTax = false,
): VariantPriceFields {
  const selected = selectPrice(prices, ctx)
  if (!selected) {
    return {
      original_price: null,
      calculated_price: null,
      calculated_price_type: null,
      original_price_incl_tax: null,
      calculated_price_incl_tax: null,
      original_tax: null,
      calculated_tax: null,
      tax_rates: taxRates ? [...taxRates] : null,
    }
  }
  const amount = selected.amount
  if (!taxRates) {
    return {
      original_price: amount,
      calculated_price: amount,
      calculated_price_type: "default",
      original_price_incl_tax: null,
      calculated_price_incl_tax: null,
      original_tax: null,
      calculated_tax: null,
      tax_rates: null,
    }
  }
  const tax = includesTax ? taxInInclusive(amount, taxRates) : taxOnExclusive(amount, taxRates)
  const inclTax = includesTax ? amount : amount + tax
  return {
    original_price: amount,
    calculated_price: amount,
    calculated_price_type: "default",
    original_price_incl_tax: inclTax,
    calculated_price_incl_tax: inclTax,
    original_tax: tax,
    calculated_tax: tax,
    tax_rates: [...taxRates],
  }
}
