import type { CartAggregate } from "../db/queries/carts"
import { serializeCart } from "./cart-view"

const omit = (row: Record<string, unknown>, keys: readonly string[]) =>
  Object.fromEntries(Object.entries(row).filter(([key]) => !keys.includes(key)))

/**
 * POST /store/carts/:id/taxes. v1 answers `retrieveWithTotals(id, {}, { force_taxes: true })`: tax lines computed
 * from the region's rates even when the region's automatic_taxes is off, and NOTHING is stored (v1 persists tax
 * lines only when the cart completes). Its body carries only the totals relations: no billing address, payment,
 * payment sessions or sales channel, a region without countries and providers, methods without their option.
 * The cart is not written, so its updated_at and version stay.
 */
export function taxesCartView(aggregate: CartAggregate): Record<string, unknown> {
  const cart = serializeCart(aggregate, { forceTaxes: true })
  const region = cart.region as Record<string, unknown>
  const methods = cart.shipping_methods as Record<string, unknown>[]
  return {
    ...omit(cart, ["billing_address", "payment", "payment_sessions", "payment_session", "sales_channel"]),
    region: omit(region, ["countries", "payment_providers", "fulfillment_providers"]),
    shipping_methods: methods.map((m) => omit(m, ["shipping_option"])),
  }
}
