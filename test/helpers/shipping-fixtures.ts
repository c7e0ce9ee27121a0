import { env } from "cloudflare:workers"
import { drizzle } from "drizzle-orm/d1"
import { eq } from "drizzle-orm"
import * as schema from "../../src/db/schema"
import { fixtureId, touchCart } from "./cart-fixtures"

const db = drizzle(env.DB, { schema })
const T = "2026-01-01T00:00:00.000Z"
const stamp = { created_at: T, updated_at: T }

export interface ShippingOptionFixture {
  regionId: string
  profileId: string
  name?: string
  amount?: number | null
  price_type?: "flat_rate" | "calculated"
  provider_id?: string
  is_return?: boolean
  admin_only?: boolean
  data?: Record<string, unknown>
  requirements?: { type: "min_subtotal" | "max_subtotal"; amount: number }[]
  /** Region tax rates (percent) overriding the region default for this option. */
  taxRates?: number[]
  deleted?: boolean
  created_at?: string
}

/** A shipping option (+ requirements and shipping tax-rate overrides). Returns its id. */
export async function arrangeShippingOption(opts: ShippingOptionFixture): Promise<string> {
  const id = fixtureId("so")
  await db.insert(schema.shippingOption).values({
    id,
    name: opts.name ?? "Standard",
    region_id: opts.regionId,
    profile_id: opts.profileId,
    provider_id: opts.provider_id ?? "manual",
    price_type: opts.price_type ?? "flat_rate",
    amount: opts.amount === undefined ? 1000 : opts.amount,
    is_return: opts.is_return ?? false,
    admin_only: opts.admin_only ?? false,
    includes_tax: false,
    data: opts.data ?? { id: "manual-fulfillment" },
    metadata: null,
    created_at: opts.created_at ?? T,
    updated_at: opts.created_at ?? T,
    deleted_at: opts.deleted ? T : null,
  })
  for (const r of opts.requirements ?? []) {
    await db.insert(schema.shippingOptionRequirement).values({ id: fixtureId("sor"), shipping_option_id: id, type: r.type, amount: r.amount, deleted_at: null })
  }
  for (const [i, rate] of (opts.taxRates ?? []).entries()) {
    const rateId = fixtureId("txr")
    await db.insert(schema.taxRate).values({ id: rateId, rate, code: `SHIP${i}`, name: `Shipping ${rate}%`, region_id: opts.regionId, metadata: null, ...stamp })
    await db.insert(schema.shippingTaxRate).values({ shipping_option_id: id, rate_id: rateId })
  }
  return id
}

/** A second shipping profile, and moves a product into it. */
export async function arrangeProfileFor(productId: string, name = "Gift Card Profile"): Promise<string> {
  const id = fixtureId("sp")
  await db.insert(schema.shippingProfile).values({ id, name, type: "custom", metadata: null, ...stamp, deleted_at: null })
  await db.update(schema.product).set({ profile_id: id }).where(eq(schema.product.id, productId))
  return id
}

/** Applies an existing discount row to a cart (rows arranged by the test). */
export async function arrangeFreeShippingDiscount(regionId: string): Promise<string> {
  const ruleId = fixtureId("dru")
  const discountId = fixtureId("disc")
  await db.insert(schema.discountRule).values({
    id: ruleId, description: "free shipping", type: "free_shipping", value: 0, allocation: "total", metadata: null, ...stamp, deleted_at: null,
  })
  await db.insert(schema.discount).values({
    id: discountId, code: discountId.toUpperCase(), is_dynamic: false, rule_id: ruleId, is_disabled: false, parent_discount_id: null,
    starts_at: T, ends_at: null, valid_duration: null, usage_limit: null, usage_count: 0, metadata: null, ...stamp, deleted_at: null,
  })
  await db.insert(schema.discountRegions).values({ discount_id: discountId, region_id: regionId })
  return discountId
}

export async function applyDiscountRow(cartId: string, discountId: string): Promise<void> {
  await db.insert(schema.cartDiscounts).values({ cart_id: cartId, discount_id: discountId })
}

/** Persisted tax lines, as cart completion writes them (v1 createTaxLines). Returns their ids. */
export async function arrangeStoredTaxLines(opts: { itemId: string; methodId: string; rate: number }) {
  const itemLineId = fixtureId("litl")
  const methodLineId = fixtureId("smtl")
  const line = { rate: opts.rate, name: "Stored", code: "STORED", metadata: null, ...stamp }
  await db.insert(schema.lineItemTaxLine).values({ id: itemLineId, item_id: opts.itemId, ...line })
  await db.insert(schema.shippingMethodTaxLine).values({ id: methodLineId, shipping_method_id: opts.methodId, ...line })
  const [item] = await db.select({ cartId: schema.lineItem.cart_id }).from(schema.lineItem).where(eq(schema.lineItem.id, opts.itemId))
  await touchCart(item!.cartId!)
  return { itemLineId, methodLineId }
}
