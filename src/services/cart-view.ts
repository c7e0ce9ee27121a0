import type { Database } from "../env"
import { omit } from "../domain/objects"
import { notFound } from "../domain/errors"
import { computeCartTotals, type CartTotals } from "../domain/totals"
import { hasFreeShipping, regularDiscount, withRules } from "../domain/discounts"
import { groupOverrides, ratesForProduct, ratesForShippingOption, type TaxRateOverrides } from "../domain/tax-lines"
import {
  loadCartAggregate, type CartAggregate, type ItemTaxLineRow, type LineItemRow, type ShippingMethodRow, type ShippingOptionRow,
} from "../db/queries/carts"

type TaxLineView = { rate: number | null; name: string; code: string | null } & Record<string, unknown>

/**
 * The tax lines a cart shows: with automatic taxes (or `forceTaxes`, v1's force_taxes of POST /taxes) they are
 * computed fresh from the region's rates and not stored (v1 decorateTotals), otherwise the persisted lines
 * written at completion, in v1's column order.
 */
export function cartTaxLines(aggregate: CartAggregate, forceTaxes = false, lookups?: Lookups) {
  const { region } = aggregate
  const items = new Map<string, TaxLineView[]>()
  const methods = new Map<string, TaxLineView[]>()
  if (forceTaxes || region.automatic_taxes) {
    const overrides: TaxRateOverrides = {
      byProduct: groupOverrides(aggregate.productTaxRates),
      byProductType: groupOverrides(aggregate.productTypeTaxRates),
      byShippingOption: groupOverrides(aggregate.shippingTaxRates),
    }
    const taxRegion = { tax_rate: region.tax_rate, rates: aggregate.regionTaxRates }
    const productOfVariant = productLookup(lookups ?? lookupsOf(aggregate))
    for (const item of aggregate.items) {
      if (item.is_return) {
        // v1 getTaxLines: a swap cart's return lines keep the tax lines they were given (the order's, or the return
        // shipping's), so the credit matches what was paid.
        const stored = aggregate.itemTaxLines.filter((l) => l.item_id === item.id)
        items.set(item.id, stored.map(({ item_id, ...line }) => ({ ...storedTaxLine(line), item_id })))
        continue
      }
      const rates = ratesForProduct(productOfVariant(item.variant_id), taxRegion, overrides)
      items.set(item.id, rates.map((r) => ({ ...r, item_id: item.id })))
    }
    for (const method of aggregate.shippingMethods) {
      const rates = ratesForShippingOption(method.shipping_option_id, taxRegion, overrides)
      methods.set(method.id, rates.map((r) => ({ ...r, shipping_method_id: method.id })))
    }
  } else {
    for (const { item_id, ...line } of aggregate.itemTaxLines) {
      items.set(item_id, [...(items.get(item_id) ?? []), { ...storedTaxLine(line), item_id }])
    }
    for (const { shipping_method_id, ...line } of aggregate.methodTaxLines) {
      methods.set(shipping_method_id, [...(methods.get(shipping_method_id) ?? []), { ...storedTaxLine(line), shipping_method_id }])
    }
  }
  return { items, methods }
}

/** A persisted tax line with v1's key order (id, timestamps, rate, name, code, metadata; the owner id follows). */
function storedTaxLine(line: Omit<ItemTaxLineRow, "item_id">) {
  const { id, created_at, updated_at, rate, name, code, metadata } = line
  return { id, created_at, updated_at, rate, name, code, metadata }
}

function productLookup({ products, variants }: Lookups) {
  return (variantId: string | null) => {
    const variant = variantId ? variants.get(variantId) : undefined
    return variant ? products.get(variant.product_id) : undefined
  }
}

type Lookups = {
  variants: Map<string, CartAggregate["variants"][number]>
  products: Map<string, CartAggregate["products"][number]>
  profiles: Map<string, CartAggregate["profiles"][number]>
  shippingOptions: Map<string, ShippingOptionRow>
  adjustmentsByItem: Map<string | null, CartAggregate["adjustments"]>
}

// The aggregate's relations indexed once per view, so building a view or its totals is linear in the item count
// instead of a scan of variants/products/adjustments per item (200-item carts). Not memoized: aggregates the
// Durable Object keeps may change in place between views.
function lookupsOf(aggregate: CartAggregate): Lookups {
  const adjustmentsByItem = new Map<string | null, CartAggregate["adjustments"]>()
  for (const a of aggregate.adjustments) {
    const list = adjustmentsByItem.get(a.item_id)
    if (list) list.push(a)
    else adjustmentsByItem.set(a.item_id, [a])
  }
  return {
    variants: new Map(aggregate.variants.map((v) => [v.id, v])),
    products: new Map(aggregate.products.map((p) => [p.id, p])),
    profiles: new Map(aggregate.profiles.map((p) => [p.id, p])),
    shippingOptions: new Map(aggregate.shippingOptions.map((o) => [o.id, o])),
    adjustmentsByItem,
  }
}

/** Cart totals from an aggregate: the service gathers, `computeCartTotals` does the arithmetic. */
export function totalsOf(aggregate: CartAggregate, taxLines = cartTaxLines(aggregate), lookups?: Lookups): CartTotals {
  const discounts = withRules(aggregate.discounts, aggregate.discountRules)
  const { adjustmentsByItem } = lookups ?? lookupsOf(aggregate)
  return computeCartTotals({
    items: aggregate.items.map((item) => ({
      id: item.id,
      unit_price: item.unit_price,
      quantity: item.quantity,
      includes_tax: false, // v1's tax_inclusive_pricing flag is off by default; prices are tax-exclusive
      allow_discounts: item.allow_discounts,
      tax_lines: taxLines.items.get(item.id) ?? [],
      adjustments: adjustmentsByItem.get(item.id) ?? [],
    })),
    shipping_methods: aggregate.shippingMethods.map((method) => ({
      id: method.id,
      price: method.price,
      includes_tax: false,
      tax_lines: taxLines.methods.get(method.id) ?? [],
    })),
    gift_cards: aggregate.giftCards.map((g) => ({ balance: g.balance, tax_rate: g.tax_rate })),
    gift_cards_taxable: aggregate.region.gift_cards_taxable,
    discount_id: regularDiscount(discounts)?.id ?? null,
    free_shipping: hasFreeShipping(discounts),
  })
}

/**
 * What the cart charges: its total with tax lines from the region's rates even when its taxes are not automatic
 * (v1 setPaymentSessions and completion use force_taxes). Payment sessions carry it; completion authorizes it.
 */
export function chargeableTotal(aggregate: CartAggregate): number {
  return totalsOf(aggregate, cartTaxLines(aggregate, true)).total
}


export interface CartViewOptions {
  forceTaxes?: boolean
  /**
   * Adds the `customer` relation (null for a guest cart). v1's POST /carts/:id/line-items re-reads the cart with
   * `customer` on top of the default store relations (recordings 47–66, 125, 165, 189), the other cart routes without.
   */
  withCustomer?: boolean
}

/** The wire shape of a cart: Medusa's default store relations and every total (one code path for all routes). */
export function serializeCart(aggregate: CartAggregate, options: CartViewOptions = {}): Record<string, unknown> {
  // Indexed once for the tax lines, the totals and the lines' views.
  const lookups = lookupsOf(aggregate)
  const taxLines = cartTaxLines(aggregate, options.forceTaxes, lookups)
  const totals = totalsOf(aggregate, taxLines, lookups)
  const { cart, region } = aggregate
  const addresses = new Map(aggregate.addresses.map((a) => [a.id, a]))
  const rules = new Map(aggregate.discountRules.map((r) => [r.id, r]))
  const selected = aggregate.paymentSessions.find((s) => s.is_selected) ?? null

  const body: Record<string, unknown> = {
    object: "cart",
    // v1's column order: timestamps right after the id.
    id: cart.id,
    created_at: cart.created_at,
    updated_at: cart.updated_at,
    deleted_at: cart.deleted_at,
    ...omit(cart, "version", "id", "created_at", "updated_at", "deleted_at"),
    billing_address: (cart.billing_address_id && addresses.get(cart.billing_address_id)) || null,
    ...(options.withCustomer ? { customer: aggregate.customer ? omit(aggregate.customer, "password_hash", "password_version") : null } : {}),
    discounts: aggregate.discounts.map((d) => ({ ...d, rule: rules.get(d.rule_id) ?? null })),
    gift_cards: aggregate.giftCards.map((g) => omit(g, "position")),
    items: aggregate.items.map((item) => serializeItem(lookups, item, taxLines.items.get(item.id) ?? [], totals)),
    payment: aggregate.payment,
    payment_sessions: aggregate.paymentSessions,
    ...(selected ? { payment_session: selected } : {}),
    region: {
      ...omit(region, "includes_tax"),
      countries: aggregate.regionRelations.countries,
      payment_providers: aggregate.regionRelations.payment_providers,
      tax_rates: aggregate.regionTaxRates,
    },
    sales_channel: aggregate.salesChannel,
    shipping_address: (cart.shipping_address_id && addresses.get(cart.shipping_address_id)) || null,
    shipping_methods: aggregate.shippingMethods.map((m) => serializeMethod(lookups, m, taxLines.methods.get(m.id) ?? [], totals)),
    subtotal: totals.subtotal,
    discount_total: totals.discount_total,
    item_tax_total: totals.item_tax_total,
    shipping_total: totals.shipping_total,
    shipping_tax_total: totals.shipping_tax_total,
    tax_total: totals.tax_total,
    gift_card_total: totals.gift_card_total,
    gift_card_tax_total: totals.gift_card_tax_total,
    total: totals.total,
  }
  return body
}

function serializeItem(lookups: Lookups, item: LineItemRow, taxLines: TaxLineView[], totals: CartTotals) {
  const { variants, products, profiles, adjustmentsByItem } = lookups
  const variant = item.variant_id ? variants.get(item.variant_id) : undefined
  const product = variant ? products.get(variant.product_id) : undefined
  const profile = product ? (product.profile_id ? profiles.get(product.profile_id) ?? null : null) : null
  const t = totals.items[item.id]
  return {
    ...omit(item, "product_id", "includes_tax"),
    // A fresh array per item, as before: callers may decorate the view.
    adjustments: [...(adjustmentsByItem.get(item.id) ?? [])],
    tax_lines: taxLines,
    variant: variant
      ? { ...variant, product: product ? { ...product, profiles: profile ? [profile] : [], profile } : null }
      : null,
    ...lineItemTotalsView(t),
  }
}

function serializeMethod(lookups: Lookups, method: ShippingMethodRow, taxLines: TaxLineView[], totals: CartTotals) {
  const t = totals.shipping_methods[method.id]
  return {
    ...omit(method, "includes_tax"),
    shipping_option: serializeShippingOptionRow(
      method.shipping_option_id ? lookups.shippingOptions.get(method.shipping_option_id) : undefined,
    ),
    tax_lines: taxLines,
    ...shippingMethodTotalsView(t),
  }
}

type TotalsOfItem = { subtotal: number; discount_total: number; total: number; original_total: number; original_tax_total: number; tax_total: number; raw_discount_total: number }
type TotalsOfMethod = { subtotal: number; total: number; original_total: number; original_tax_total: number; tax_total: number }

/** A line item's totals as v1 puts them on the item (carts and orders alike); 0s for a line without totals. */
export function lineItemTotalsView(t: TotalsOfItem | undefined) {
  return {
    subtotal: t?.subtotal ?? 0,
    discount_total: t?.discount_total ?? 0,
    total: t?.total ?? 0,
    original_total: t?.original_total ?? 0,
    original_tax_total: t?.original_tax_total ?? 0,
    tax_total: t?.tax_total ?? 0,
    raw_discount_total: t?.raw_discount_total ?? 0,
  }
}

/** A shipping method's totals as v1 puts them on the method. */
export function shippingMethodTotalsView(t: TotalsOfMethod | undefined) {
  return {
    original_total: t?.original_total ?? 0,
    total: t?.total ?? 0,
    subtotal: t?.subtotal ?? 0,
    original_tax_total: t?.original_tax_total ?? 0,
    tax_total: t?.tax_total ?? 0,
  }
}

/** A shipping option row as v1 serializes it: its key order, and includes_tax hidden (the tax-inclusive flag is off). */
export function serializeShippingOptionRow(row: ShippingOptionRow | undefined) {
  if (!row) return null
  const { id, created_at, updated_at, deleted_at, name, region_id, profile_id, provider_id, price_type, amount } = row
  const { is_return, admin_only, data, metadata } = row
  return { id, created_at, updated_at, deleted_at, name, region_id, profile_id, provider_id, price_type, amount, is_return, admin_only, data, metadata }
}

export async function loadCartOrThrow(db: Database, cartId: string): Promise<CartAggregate> {
  const aggregate = await loadCartAggregate(db, cartId)
  if (!aggregate) throw notFound(`Cart with ${cartId} was not found`)
  return aggregate
}
