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

/** A cart with items, a guest email and a shipping method: everything but a payment session. */
export async function cartReadyForPayment(store: CheckoutStore, items: Line[], email = "buyer@example.com") {
  const created = await api.post("/store/carts", { region_id: store.regionId, items })
  expect(created.status).toBe(200)
  const cartId: string = created.body.cart.id
  await setGuestEmail(cartId, email)
  const shipped = await api.post(`/store/carts/${cartId}/shipping-methods`, { option_id: store.shippingOptionId })
  expect(shipped.status).toBe(200)
  return cartId
}

/** A cart ready to complete: as above, with payment sessions created (and `provider` selected when given). */
export async function cartReadyToComplete(store: CheckoutStore, items: Line[], opts: { provider?: string; data?: Record<string, unknown>; email?: string } = {}) {
  const cartId = await cartReadyForPayment(store, items, opts.email)
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
