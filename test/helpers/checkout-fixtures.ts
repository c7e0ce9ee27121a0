import { env } from "cloudflare:workers"
import { drizzle } from "drizzle-orm/d1"
import { and, eq } from "drizzle-orm"
import { expect } from "vitest"
import * as schema from "../../src/db/schema"
import { api } from "./api"
import { arrangeStore, fixtureId, type VariantFixture } from "./cart-fixtures"
import { arrangeShippingOption } from "./shipping-fixtures"

const db = drizzle(env.DB, { schema })
const T = "2026-01-01T00:00:00.000Z"

export interface CheckoutStore {
  regionId: string
  profileId: string
  channelId: string
  shippingOptionId: string
  products: { id: string }[]
}

/**
 * A store ready for checkout: one region (with `providers` as its payment providers), products, and one flat-rate
 * shipping option for the default profile.
 */
export async function arrangeCheckoutStore(opts: {
  providers?: string[]
  region?: { currency_code?: string; tax_rate?: number; countries?: string[]; automatic_taxes?: boolean }
  products: { title?: string; variants: VariantFixture[] }[]
  shippingAmount?: number
}): Promise<CheckoutStore> {
  const store = await arrangeStore({ region: opts.region, products: opts.products })
  const providers = opts.providers ?? ["manual"]
  // arrangeStore links "manual"; make the region's providers exactly `providers`.
  await db.delete(schema.regionPaymentProvider).where(eq(schema.regionPaymentProvider.region_id, store.regionId))
  for (const provider_id of providers) await db.insert(schema.regionPaymentProvider).values({ region_id: store.regionId, provider_id })
  const shippingOptionId = await arrangeShippingOption({
    regionId: store.regionId, profileId: store.profileId, name: "Standard", amount: opts.shippingAmount ?? 1000,
  })
  return { ...store, shippingOptionId }
}

/** A guest customer for the cart, as POST /store/carts/:id {email} leaves it (guest customer row + cart email). */
export async function setGuestEmail(cartId: string, email: string): Promise<string> {
  const [existing] = await db.select().from(schema.customer).where(and(eq(schema.customer.email, email), eq(schema.customer.has_account, false)))
  const customerId = existing?.id ?? fixtureId("cus")
  if (!existing) {
    await db.insert(schema.customer).values({
      id: customerId, email, first_name: null, last_name: null, billing_address_id: null, password_hash: null, phone: null,
      has_account: false, metadata: null, created_at: T, updated_at: T, deleted_at: null,
    })
  }
  await db.update(schema.cart).set({ email, customer_id: customerId }).where(eq(schema.cart.id, cartId))
  return customerId
}

type Line = { variant_id: string; quantity: number }

/**
 * A cart with items, a guest email and a shipping method: everything but a payment session. `update` (e.g.
 * discounts, gift cards) is applied through POST /store/carts/:id before shipping is chosen.
 */
export async function cartReadyForPayment(
  store: CheckoutStore,
  items: Line[],
  email = "buyer@example.com",
  opts: { update?: Record<string, unknown>; shippingOptionId?: string | null } = {},
) {
  const created = await api.post("/store/carts", { region_id: store.regionId, items })
  expect(created.status).toBe(200)
  const cartId: string = created.body.cart.id
  await setGuestEmail(cartId, email)
  if (opts.update) {
    const updated = await api.post(`/store/carts/${cartId}`, opts.update)
    expect(updated.status).toBe(200)
  }
  const optionId = opts.shippingOptionId === undefined ? store.shippingOptionId : opts.shippingOptionId
  if (optionId) {
    const shipped = await api.post(`/store/carts/${cartId}/shipping-methods`, { option_id: optionId })
    expect(shipped.status).toBe(200)
  }
  return cartId
}

/** A cart ready to complete: as above, with payment sessions created (and `provider` selected when given). */
export async function cartReadyToComplete(
  store: CheckoutStore,
  items: Line[],
  opts: { provider?: string; data?: Record<string, unknown>; email?: string; update?: Record<string, unknown>; shippingOptionId?: string | null } = {},
) {
  const cartId = await cartReadyForPayment(store, items, opts.email, opts)
  const sessions = await api.post(`/store/carts/${cartId}/payment-sessions`)
  expect(sessions.status).toBe(200)
  if (opts.provider) {
    const selected = opts.data
      ? await api.post(`/store/carts/${cartId}/payment-sessions/${opts.provider}`, { data: opts.data })
      : await api.post(`/store/carts/${cartId}/payment-session`, { provider_id: opts.provider })
    expect(selected.status).toBe(200)
  }
  return cartId
}

export const complete = (cartId: string, key?: string) =>
  api.post(`/store/carts/${cartId}/complete`, undefined, key ? { headers: { "Idempotency-Key": key } } : {})

/** An order as the completion answers it: its id and its lines' ids and variants. */
export type PlacedOrder = { id: string; items: { id: string; variant_id: string }[] }

/** Places an order of `lines` in `store` through the Store API (guest buyer@example.com, manual payment). */
export async function placeOrder(
  store: CheckoutStore,
  lines: Line[],
  update?: Record<string, unknown>,
): Promise<PlacedOrder> {
  const cartId = await cartReadyToComplete(store, lines, { email: "buyer@example.com", ...(update ? { update } : {}) })
  const res = await complete(cartId)
  expect(res.status).toBe(200)
  return res.body.data
}

/** The id of the order's line for `variantId`. */
export const itemOf = (order: PlacedOrder, variantId: string) => order.items.find((i) => i.variant_id === variantId)!.id

/** A discount usable in `regionId` (code = its id upper-cased). */
export async function arrangeDiscount(opts: {
  regionId: string
  type?: "percentage" | "fixed" | "free_shipping"
  value: number
  usage_limit?: number | null
}): Promise<{ id: string; code: string }> {
  const ruleId = fixtureId("dru")
  const id = fixtureId("disc")
  await db.insert(schema.discountRule).values({
    id: ruleId, description: `${opts.value} off`, type: opts.type ?? "percentage", value: opts.value, allocation: "total",
    metadata: null, created_at: T, updated_at: T, deleted_at: null,
  })
  await db.insert(schema.discount).values({
    id, code: id.toUpperCase(), is_dynamic: false, rule_id: ruleId, is_disabled: false, parent_discount_id: null,
    starts_at: T, ends_at: null, valid_duration: null, usage_limit: opts.usage_limit ?? null, usage_count: 0, metadata: null,
    created_at: T, updated_at: T, deleted_at: null,
  })
  await db.insert(schema.discountRegions).values({ discount_id: id, region_id: opts.regionId })
  return { id, code: id.toUpperCase() }
}

/** A gift card of `regionId` (code = its id upper-cased). */
export async function arrangeGiftCard(opts: { regionId: string; balance: number; tax_rate?: number | null }) {
  const id = fixtureId("gift")
  await db.insert(schema.giftCard).values({
    id, code: id.toUpperCase(), value: opts.balance, balance: opts.balance, region_id: opts.regionId, order_id: null,
    is_disabled: false, ends_at: null, tax_rate: opts.tax_rate ?? null, metadata: null, created_at: T, updated_at: T, deleted_at: null,
  })
  return { id, code: id.toUpperCase() }
}

/** Turns a product into a gift-card product (its line items become gift cards when ordered). */
export async function makeGiftCardProduct(productId: string): Promise<void> {
  await db.update(schema.product).set({ is_giftcard: true, discountable: false }).where(eq(schema.product.id, productId))
}

export async function setStock(variantId: string, inventory_quantity: number): Promise<void> {
  await db.update(schema.productVariant).set({ inventory_quantity }).where(eq(schema.productVariant.id, variantId))
}
