import type { Database } from "../env"
import { regionDefaultRate, taxOnExclusive, type TaxRate } from "../domain/pricing"
import { listShippingOptionsWithRelations, type RequirementRow, type ShippingOptionRow } from "../db/queries/shipping-options"
import type { ListShippingOptionsInput } from "../schemas/shipping-options"

export interface ShippingOptionPricing {
  price_incl_tax: number
  tax_rates: TaxRate[]
  tax_amount: number
}

/**
 * v1 PricingService.getShippingOptionPricing: an option is priced in its own region; rates apply only when the
 * region has automatic taxes; a missing amount counts as 0. Tax-inclusive pricing is a v1 feature flag that the
 * store runs without, so the amount is always tax-exclusive.
 */
export function priceShippingOption(amount: number | null, rates: readonly TaxRate[]): ShippingOptionPricing {
  const price = amount ?? 0
  const tax = taxOnExclusive(price, rates)
  return { price_incl_tax: price + tax, tax_rates: [...rates], tax_amount: tax }
}

/** A PricedShippingOption as v1 serializes it (includes_tax is hidden while the tax-inclusive flag is off). */
export function serializeShippingOption(row: ShippingOptionRow, requirements: readonly RequirementRow[], pricing: ShippingOptionPricing) {
  return {
    id: row.id,
    created_at: row.created_at,
    updated_at: row.updated_at,
    deleted_at: row.deleted_at,
    name: row.name,
    region_id: row.region_id,
    profile_id: row.profile_id,
    provider_id: row.provider_id,
    price_type: row.price_type,
    amount: row.amount,
    is_return: row.is_return,
    admin_only: row.admin_only,
    data: row.data,
    metadata: row.metadata,
    requirements: requirements.map((r) => ({
      id: r.id,
      shipping_option_id: r.shipping_option_id,
      type: r.type,
      amount: r.amount,
      deleted_at: r.deleted_at,
    })),
    ...pricing,
  }
}

/**
 * GET /store/shipping-options in one D1 round trip. v1 reads `is_return` as `value === "true"` (so "1" means false)
 * and filters it only when the key is present.
 *
 * `product_ids` keeps options whose profile is one of the products' shipping profiles, as the spec describes.
 * (v1.20 itself reads the removed `product.profile_id` there and so always answers `[]` for this filter.)
 */
export async function listShippingOptionsResponse(db: Database, query: ListShippingOptionsInput) {
  const productIds = query.product_ids ? query.product_ids.split(",").filter(Boolean) : []
  const { options, requirements, regions, overrides } = await listShippingOptionsWithRelations(db, {
    region_id: query.region_id || undefined,
    is_return: query.is_return === undefined ? undefined : query.is_return === "true",
    product_ids: productIds,
  })
  const regionById = new Map(regions.map((r) => [r.id, r]))
  return {
    shipping_options: options.map((option) => {
      const region = regionById.get(option.region_id)
      const own = overrides.filter((o) => o.owner === option.id).map(({ rate, name, code }) => ({ rate, name, code }))
      const rates = !region?.automatic_taxes ? [] : own.length ? own : [regionDefaultRate(region.tax_rate)]
      return serializeShippingOption(
        option,
        requirements.filter((r) => r.shipping_option_id === option.id),
        priceShippingOption(option.amount, rates),
      )
    }),
  }
}
