/**
 * The system tax provider (v1 TaxProviderService + system tax plugin), pure: which tax rates apply to each line
 * item and shipping method of a cart in its region.
 */
import { regionDefaultRate, type TaxRate } from "./pricing"

export interface RegionTaxRate {
  id: string
  rate: number | null
  name: string
  code: string | null
}

export interface TaxRateOverrides {
  /** product id → region tax-rate ids overriding it */
  byProduct: ReadonlyMap<string, readonly string[]>
  /** product type id → region tax-rate ids */
  byProductType: ReadonlyMap<string, readonly string[]>
  /** shipping option id → region tax-rate ids */
  byShippingOption: ReadonlyMap<string, readonly string[]>
}

export interface TaxRegion {
  tax_rate: number
  rates: readonly RegionTaxRate[]
}

function resolve(ids: readonly string[] | undefined, region: TaxRegion): TaxRate[] | undefined {
  if (!ids || ids.length === 0) return undefined
  const rates = region.rates.filter((r) => ids.includes(r.id)).map(({ rate, name, code }) => ({ rate, name, code }))
  return rates.length ? rates : undefined
}

/** Product overrides win, then product-type overrides, then the region default (getRegionRatesForProduct). */
export function ratesForProduct(
  product: { id: string; type_id: string | null } | undefined,
  region: TaxRegion,
  overrides: TaxRateOverrides,
): TaxRate[] {
  if (!product) return [regionDefaultRate(region.tax_rate)]
  return (
    resolve(overrides.byProduct.get(product.id), region) ??
    (product.type_id ? resolve(overrides.byProductType.get(product.type_id), region) : undefined) ?? [
      regionDefaultRate(region.tax_rate),
    ]
  )
}

/** Shipping-option overrides, else the region default (getRegionRatesForShipping). */
export function ratesForShippingOption(optionId: string, region: TaxRegion, overrides: TaxRateOverrides): TaxRate[] {
  return resolve(overrides.byShippingOption.get(optionId), region) ?? [regionDefaultRate(region.tax_rate)]
}

export function groupOverrides(rows: readonly { owner: string; rate_id: string }[]): Map<string, string[]> {
  const out = new Map<string, string[]>()
  for (const { owner, rate_id } of rows) out.set(owner, [...(out.get(owner) ?? []), rate_id])
  return out
}
