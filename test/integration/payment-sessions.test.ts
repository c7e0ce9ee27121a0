import { env } from "cloudflare:workers"
import { beforeAll, describe, expect, it } from "vitest"
import { api } from "../helpers/api"
import { db } from "../helpers/db"
import { fixtureId } from "../helpers/cart-fixtures"
import { arrangeCheckoutStore, cartReadyForPayment, cartReadyToComplete, complete, type CheckoutStore } from "../helpers/checkout-fixtures"

const v = { mug: fixtureId("variant"), shirt: fixtureId("variant"), free: fixtureId("variant"), acme: fixtureId("variant") }
let single: CheckoutStore // region with "manual" only
let multi: CheckoutStore // region with "manual" and "test-pay"

const products = [
  { title: "Mug", variants: [{ id: v.mug, prices: [{ currency_code: "eur", amount: 850 }] }] },
  { title: "Shirt", variants: [{ id: v.shirt, prices: [{ currency_code: "eur", amount: 1800 }] }] },
]

beforeAll(async () => {
  single = await arrangeCheckoutStore({ region: { currency_code: "eur", tax_rate: 25, countries: ["de"] }, products })
  multi = await arrangeCheckoutStore({
    providers: ["manual", "test-pay"],
    region: { currency_code: "eur", tax_rate: 0, countries: ["fr"] },
    products: [{ title: "Scarf", variants: [{ id: v.free, prices: [{ currency_code: "eur", amount: 2000 }] }] }],
  })
})

type Session = { id: string; provider_id: string; is_selected: boolean | null; is_initiated: boolean; status: string; data: Record<string, unknown>; amount: number; updated_at: string }
const sessionsOf = (body: { cart: { payment_sessions: Session[] } }) => body.cart.payment_sessions
const sortedByProvider = (sessions: Session[]) => [...sessions].sort((a, b) => a.provider_id.localeCompare(b.provider_id))
const byProvider = (sessions: Session[], id: string) => sessions.find((s) => s.provider_id === id)!

describe("POST /store/carts/:id/payment-sessions", () => {
  it("creates, initiates and selects the only provider's session for the cart's total (golden 95)", async () => {
    // 2 × 850 = 1700 + shipping 1000 = 2700; tax 25% → 675; total 3375
    const cartId = await cartReadyForPayment(single, [{ variant_id: v.mug, quantity: 2 }])
    const res = await api.post(`/store/carts/${cartId}/payment-sessions`, undefined, { headers: { "Idempotency-Key": "ps-create-1" } })
    expect(res.status).toBe(200)
    expect(res.headers.get("idempotency-key")).toBe("ps-create-1")
    expect(res.headers.get("access-control-expose-headers")).toContain("Idempotency-Key")
    expect(res.body.cart.total).toBe(3375)
    const [session] = sessionsOf(res.body)
    expect(sessionsOf(res.body)).toHaveLength(1)
    expect(session).toMatchObject({
      cart_id: cartId, provider_id: "manual", is_selected: true, is_initiated: true, status: "pending",
      data: { status: "pending" }, amount: 3375, idempotency_key: null, payment_authorized_at: null,
    })
    expect(session!.id).toMatch(/^ps_[0-9A-Z]{26}$/)
    expect(res.body.cart.payment_session).toEqual(session)
    // v1's shape for this route: the cart with its customer and raw_discount_total, and a copy in `data` without it.
    expect(res.body.cart.customer).toMatchObject({ id: res.body.cart.customer_id, email: "buyer@example.com", has_account: false })
    expect(res.body.cart.raw_discount_total).toBe(0)
    const { raw_discount_total: _raw, ...copy } = res.body.cart
    expect(res.body.data).toEqual(copy)
  })

  it("keeps the existing session untouched when called again with the same total (golden 96)", async () => {
    const cartId = await cartReadyForPayment(single, [{ variant_id: v.mug, quantity: 1 }])
    const first = await api.post(`/store/carts/${cartId}/payment-sessions`)
    const again = await api.post(`/store/carts/${cartId}/payment-sessions`)
    expect(again.status).toBe(200)
    expect(sessionsOf(again.body)).toEqual(sessionsOf(first.body))
    // Without a client key the server generates one and echoes it.
    expect(first.headers.get("idempotency-key")).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(again.headers.get("idempotency-key")).not.toBe(first.headers.get("idempotency-key"))
  })

  it("creates one uninitiated, unselected session per provider of a multi-provider region", async () => {
    const cartId = await cartReadyForPayment(multi, [{ variant_id: v.free, quantity: 1 }])
    const res = await api.post(`/store/carts/${cartId}/payment-sessions`)
    expect(res.status).toBe(200)
    // 2000 + shipping 1000, no tax
    expect(sortedByProvider(sessionsOf(res.body)).map((s) => [s.provider_id, s.is_selected, s.is_initiated, s.status, s.data, s.amount])).toEqual([
      ["manual", null, false, "pending", {}, 3000],
      ["test-pay", null, false, "pending", {}, 3000],
    ])
    expect(res.body.cart.payment_session).toBeUndefined()
  })

  it("creates no session for a cart with nothing to pay", async () => {
    const created = await api.post("/store/carts", { region_id: single.regionId })
    const res = await api.post(`/store/carts/${created.body.cart.id}/payment-sessions`)
    expect(res.status).toBe(200)
    expect(res.body.cart).toMatchObject({ total: 0, payment_sessions: [] })
  })

  it("treats a provider the region lists but this store has no implementation of as unavailable", async () => {
    const acme = fixtureId("acme-pay")
    await env.DB.prepare("INSERT INTO payment_provider (id, is_installed) VALUES (?, 1)").bind(acme).run()
    const store = await arrangeCheckoutStore({
      providers: ["manual", acme],
      region: { currency_code: "eur" },
      products: [{ title: "Anvil", variants: [{ id: v.acme, prices: [{ currency_code: "eur", amount: 5000 }] }] }],
    })
    const cartId = await cartReadyForPayment(store, [{ variant_id: v.acme, quantity: 1 }])
    const res = await api.post(`/store/carts/${cartId}/payment-sessions`)
    // Only "manual" is usable, so it is the only session, and it is selected.
    expect(sessionsOf(res.body).map((s) => [s.provider_id, s.is_selected])).toEqual([["manual", true]])
    expect(res.body.cart.region.payment_providers.map((p: { id: string }) => p.id).sort()).toEqual([acme, "manual"].sort())
    const select = await api.post(`/store/carts/${cartId}/payment-session`, { provider_id: acme })
    expect(select.body).toEqual({ type: "not_allowed", message: "The payment method is not available in this region" })
  })

  it("answers 404 for an unknown cart and 400 for a completed one", async () => {
    const missing = await api.post("/store/carts/cart_nope/payment-sessions")
    expect(missing.status).toBe(404)
    expect(missing.body).toEqual({ type: "not_found", message: "Cart with cart_nope was not found" })
    const cartId = await cartReadyToComplete(single, [{ variant_id: v.shirt, quantity: 1 }])
    expect((await complete(cartId)).status).toBe(200)
    for (const res of [
      await api.post(`/store/carts/${cartId}/payment-sessions`),
      await api.post(`/store/carts/${cartId}/payment-session`, { provider_id: "manual" }),
      await api.delete(`/store/carts/${cartId}/payment-sessions/manual`),
    ]) {
      expect(res.status).toBe(400)
      expect(res.body).toEqual({
        type: "not_allowed",
        code: "cart_incompatible_state",
        message: `Cart ${cartId} is completed and can no longer be modified`,
      })
    }
  })
})

describe("POST /store/carts/:id/payment-session (select)", () => {
  it("refuses a provider outside the region and a missing provider_id (goldens 97, 98)", async () => {
    const cartId = await cartReadyForPayment(single, [{ variant_id: v.mug, quantity: 1 }])
    const stripe = await api.post(`/store/carts/${cartId}/payment-session`, { provider_id: "stripe" })
    expect(stripe.status).toBe(400)
    expect(stripe.body).toEqual({ type: "not_allowed", message: "The payment method is not available in this region" })
    // test-pay is installed but not one of this region's providers.
    const other = await api.post(`/store/carts/${cartId}/payment-session`, { provider_id: "test-pay" })
    expect(other.body).toEqual({ type: "not_allowed", message: "The payment method is not available in this region" })
    const missing = await api.post(`/store/carts/${cartId}/payment-session`, {})
    expect(missing.status).toBe(400)
    expect(missing.body).toEqual({ type: "invalid_data", message: "provider_id must be a string" })
    const extra = await api.post(`/store/carts/${cartId}/payment-session`, { provider_id: "manual", foo: 1 })
    expect(extra.body).toEqual({ type: "invalid_data", message: "property foo should not exist" })
  })

  it("creates and selects the session when none exists yet (v1 answers 500 here, golden 94)", async () => {
    const cartId = await cartReadyForPayment(single, [{ variant_id: v.mug, quantity: 1 }])
    const res = await api.post(`/store/carts/${cartId}/payment-session`, { provider_id: "manual" })
    expect(res.status).toBe(200)
    // 850 + 1000 = 1850; tax 25% → 463 (212.5 → 213 on the item, 250 on shipping); total 2313
    expect(sessionsOf(res.body)).toEqual([
      expect.objectContaining({ provider_id: "manual", is_selected: true, is_initiated: true, status: "pending", data: { status: "pending" }, amount: 2313 }),
    ])
  })

  it("re-selecting the selected session keeps it and refreshes its updated_at (golden 99)", async () => {
    const cartId = await cartReadyForPayment(single, [{ variant_id: v.mug, quantity: 1 }])
    const created = sessionsOf((await api.post(`/store/carts/${cartId}/payment-sessions`)).body)[0]!
    const res = await api.post(`/store/carts/${cartId}/payment-session`, { provider_id: "manual" })
    const [session] = sessionsOf(res.body)
    expect(session).toMatchObject({ id: created.id, is_selected: true, data: { status: "pending" }, amount: created.amount })
    expect(session!.updated_at >= created.updated_at).toBe(true)
  })

  it("switching providers deletes the old session at its provider and initiates the new one", async () => {
    const cartId = await cartReadyForPayment(multi, [{ variant_id: v.free, quantity: 1 }])
    await api.post(`/store/carts/${cartId}/payment-sessions`)
    const testPay = await api.post(`/store/carts/${cartId}/payment-session`, { provider_id: "test-pay" })
    expect(byProvider(sessionsOf(testPay.body), "test-pay")).toMatchObject({
      is_selected: true, is_initiated: true, status: "pending", data: { status: "pending", amount: 3000 },
    })
    expect(byProvider(sessionsOf(testPay.body), "manual")).toMatchObject({ is_selected: null, is_initiated: false, data: {} })
    const manual = await api.post(`/store/carts/${cartId}/payment-session`, { provider_id: "manual" })
    expect(byProvider(sessionsOf(manual.body), "manual")).toMatchObject({ is_selected: true, is_initiated: true, data: { status: "pending" } })
    expect(byProvider(sessionsOf(manual.body), "test-pay")).toMatchObject({ is_selected: null, is_initiated: false, status: "pending", data: {} })
    expect(manual.body.cart.payment_session.provider_id).toBe("manual")
    expect(manual.headers.get("idempotency-key")).toBeNull()
  })
})

describe("POST /store/carts/:id/payment-sessions/:provider_id (update data)", () => {
  it("selects the provider and hands it the data: test-pay keeps it, manual ignores it (golden 100)", async () => {
    const cartId = await cartReadyForPayment(multi, [{ variant_id: v.free, quantity: 1 }])
    await api.post(`/store/carts/${cartId}/payment-sessions`)
    const res = await api.post(`/store/carts/${cartId}/payment-sessions/test-pay`, { data: { outcome: "pending", note: "gate 3" } })
    expect(res.status).toBe(200)
    expect(res.body.cart.payment_session).toMatchObject({
      provider_id: "test-pay", is_selected: true, data: { status: "pending", amount: 3000, outcome: "pending", note: "gate 3" },
    })
    const manual = await api.post(`/store/carts/${cartId}/payment-sessions/manual`, { data: { note: "hello" } })
    expect(manual.body.cart.payment_session).toMatchObject({ provider_id: "manual", data: { status: "pending" } })
  })

  it("refuses a provider outside the region and a body without an object `data` (golden 101)", async () => {
    const cartId = await cartReadyForPayment(single, [{ variant_id: v.mug, quantity: 1 }])
    const res = await api.post(`/store/carts/${cartId}/payment-sessions/stripe`, { data: {} })
    expect(res.status).toBe(400)
    expect(res.body).toEqual({ type: "not_allowed", message: "The payment method is not available in this region" })
    const bad = await api.post(`/store/carts/${cartId}/payment-sessions/manual`, { data: "x" })
    expect(bad.body).toEqual({ type: "invalid_data", message: "data must be an object" })
  })
})

describe("refresh and delete", () => {
  it("refreshing the selected session replaces it with a new, unselected one (golden 102)", async () => {
    const cartId = await cartReadyForPayment(single, [{ variant_id: v.mug, quantity: 1 }])
    const before = sessionsOf((await api.post(`/store/carts/${cartId}/payment-sessions`)).body)[0]!
    const res = await api.post(`/store/carts/${cartId}/payment-sessions/manual/refresh`)
    expect(res.status).toBe(200)
    const [after] = sessionsOf(res.body)
    expect(sessionsOf(res.body)).toHaveLength(1)
    expect(after!.id).not.toBe(before.id)
    expect(after).toMatchObject({ provider_id: "manual", is_selected: null, is_initiated: true, status: "pending", data: { status: "pending" }, amount: 2313 })
    expect(res.body.cart.payment_session).toBeUndefined()
    expect(res.headers.get("idempotency-key")).toBeNull()
    // v1 loads this cart without its billing address, payment and sales channel (golden 102).
    for (const key of ["billing_address", "payment", "sales_channel"]) expect(res.body.cart).not.toHaveProperty(key)
  })

  it("refreshing an unselected session only sets its amount; an unknown provider changes nothing", async () => {
    const cartId = await cartReadyForPayment(multi, [{ variant_id: v.free, quantity: 1 }])
    const created = sessionsOf((await api.post(`/store/carts/${cartId}/payment-sessions`)).body)
    const res = await api.post(`/store/carts/${cartId}/payment-sessions/test-pay/refresh`)
    expect(sessionsOf(res.body).map((s) => s.id)).toEqual(created.map((s) => s.id))
    const none = await api.post(`/store/carts/${cartId}/payment-sessions/stripe/refresh`)
    expect(none.status).toBe(200)
    expect(sessionsOf(none.body).map((s) => s.id)).toEqual(created.map((s) => s.id))
  })

  it("deletes a session; deleting one that does not exist answers the cart (golden 103)", async () => {
    const cartId = await cartReadyForPayment(single, [{ variant_id: v.mug, quantity: 1 }])
    await api.post(`/store/carts/${cartId}/payment-sessions`)
    const res = await api.delete(`/store/carts/${cartId}/payment-sessions/manual`)
    expect(res.status).toBe(200)
    expect(res.body.cart.payment_sessions).toEqual([])
    expect(res.body.cart.payment_session).toBeUndefined()
    const again = await api.delete(`/store/carts/${cartId}/payment-sessions/manual`)
    expect(again.status).toBe(200)
    expect(again.body.cart.payment_sessions).toEqual([])
    const recreated = await api.post(`/store/carts/${cartId}/payment-sessions`)
    expect(sessionsOf(recreated.body)).toEqual([expect.objectContaining({ provider_id: "manual", is_selected: true })])
  })
})

describe("sessions follow the cart", () => {
  it("a line-item change updates every session's amount and tells initiated sessions' providers", async () => {
    const cartId = await cartReadyForPayment(multi, [{ variant_id: v.free, quantity: 1 }])
    await api.post(`/store/carts/${cartId}/payment-sessions`)
    await api.post(`/store/carts/${cartId}/payment-session`, { provider_id: "test-pay" })
    // Adding an item drops the shipping method (v1): 2 × 2000 = 4000, no shipping, no tax.
    const res = await api.post(`/store/carts/${cartId}/line-items`, { variant_id: v.free, quantity: 1 })
    expect(res.status).toBe(200)
    expect(res.body.cart.total).toBe(4000)
    expect(sortedByProvider(sessionsOf(res.body)).map((s) => [s.provider_id, s.amount, s.is_selected])).toEqual([
      ["manual", 4000, null],
      ["test-pay", 4000, true],
    ])
    expect(byProvider(sessionsOf(res.body), "test-pay").data).toMatchObject({ amount: 4000 })
  })

  it("a cart whose total drops to 0 loses its sessions (v1 setPaymentSessions)", async () => {
    const cartId = await cartReadyForPayment(single, [{ variant_id: v.mug, quantity: 1 }])
    const created = await api.post(`/store/carts/${cartId}/payment-sessions`)
    const itemId = created.body.cart.items[0].id
    const res = await api.delete(`/store/carts/${cartId}/line-items/${itemId}`)
    expect(res.status).toBe(200)
    expect(res.body.cart.total).toBe(0)
    expect(res.body.cart.payment_sessions).toEqual([])
    const rows = await db.all<{ n: number }>("SELECT COUNT(*) AS n FROM payment_session WHERE cart_id = ?", cartId)
    expect(rows[0]!.n).toBe(0)
  })

  it("an edit that leaves the total alone writes nothing to the sessions", async () => {
    const cartId = await cartReadyForPayment(single, [{ variant_id: v.mug, quantity: 1 }])
    const created = sessionsOf((await api.post(`/store/carts/${cartId}/payment-sessions`)).body)
    const res = await api.post(`/store/carts/${cartId}`, { context: { gift_wrap: true } })
    expect(res.status).toBe(200)
    expect(sessionsOf(res.body)).toEqual(created)
  })
})
