import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest"
import { api } from "../helpers/api"
import { db } from "../helpers/db"
import { fixtureId } from "../helpers/cart-fixtures"
import { arrangeCheckoutStore, cartReadyToComplete, complete, type CheckoutStore } from "../helpers/checkout-fixtures"
import { fakeStripe, postWebhook, stripeEvent } from "../helpers/fake-stripe"
import { env } from "cloudflare:workers"
import { importSeed } from "../../src/seed/import"
import { signStripePayload } from "../../src/providers/payment/stripe-webhook"

const mug = fixtureId("variant")
let store: CheckoutStore
let stripe: ReturnType<typeof fakeStripe>

beforeAll(async () => {
  store = await arrangeCheckoutStore({
    providers: ["stripe"],
    region: { currency_code: "eur", tax_rate: 25, countries: ["de"] },
    products: [{ title: "Mug", variants: [{ id: mug, prices: [{ currency_code: "eur", amount: 850 }], inventory_quantity: 100 }] }],
  })
})
beforeEach(() => {
  stripe = fakeStripe()
})
afterEach(() => stripe.restore())

const count = async (sql: string, ...params: unknown[]) => (await db.all<{ n: number }>(sql, ...params))[0]!.n
const ordersOf = (cartId: string) => count(`SELECT COUNT(*) AS n FROM "order" WHERE cart_id = ?`, cartId)
const eventRow = async (id: string) => (await db.all<Record<string, unknown>>("SELECT * FROM payment_webhook_event WHERE id = ?", id))[0]

/** A cart whose only provider is stripe: the session is initiated (a PaymentIntent created) and selected. */
async function stripeCart() {
  const cartId = await cartReadyToComplete(store, [{ variant_id: mug, quantity: 1 }])
  const session = (await api.get(`/store/carts/${cartId}`)).body.cart.payment_session
  return { cartId, intentId: session.data.id as string, session }
}

describe("stripe payment sessions", () => {
  it("creates a manual-capture PaymentIntent for the cart's total, tagged with the cart id", async () => {
    const { cartId, intentId, session } = await stripeCart()
    // 850 + 1000 shipping, 25 % tax: 1063 + 1250 = 2313
    expect(session).toMatchObject({ provider_id: "stripe", status: "pending", is_selected: true, amount: 2313 })
    expect(session.data).toMatchObject({ id: "pi_1", object: "payment_intent", client_secret: "pi_1_secret_x", amount: 2313 })
    expect(intentId).toBe("pi_1")
    const [create] = stripe.calls
    expect(create).toMatchObject({
      method: "POST",
      path: "/v1/payment_intents",
      form: { amount: "2313", currency: "eur", capture_method: "manual", "metadata[resource_id]": cartId, receipt_email: "buyer@example.com" },
    })
    expect(create!.headers.authorization).toBe("Bearer sk_test_fake")
    expect(create!.headers["content-type"]).toBe("application/x-www-form-urlencoded")
  })

  it("updates the PaymentIntent's amount when the cart changes", async () => {
    const { cartId } = await stripeCart()
    const res = await api.post(`/store/carts/${cartId}/line-items`, { variant_id: mug, quantity: 1 })
    expect(res.status).toBe(200)
    const update = stripe.calls.find((c) => c.method === "POST" && c.path === "/v1/payment_intents/pi_1")
    // two mugs: 1700 + 425 tax = 2125 (adding items drops the shipping method, as v1)
    expect(update?.form).toEqual({ amount: "2125" })
    expect(stripe.intents.get("pi_1")?.amount).toBe(2125)
    expect(res.body.cart.payment_session).toMatchObject({ amount: 2125, data: { id: "pi_1", amount: 2125 } })
  })

  it("cancels the PaymentIntent when the session is deleted", async () => {
    const { cartId } = await stripeCart()
    const res = await api.delete(`/store/carts/${cartId}/payment-sessions/stripe`)
    expect(res.status).toBe(200)
    expect(stripe.calls.at(-1)).toMatchObject({ method: "POST", path: "/v1/payment_intents/pi_1/cancel" })
    expect(stripe.intents.get("pi_1")?.status).toBe("canceled")
    expect(res.body.cart.payment_sessions).toEqual([])
  })

  it("answers Stripe's error as v1's invalid_data when Stripe refuses", async () => {
    const { cartId } = await stripeCart()
    stripe.failNext(400, { type: "invalid_request_error", code: "amount_too_large", message: "Amount must be no more than $999,999.99" })
    const res = await api.post(`/store/carts/${cartId}/payment-sessions/stripe/refresh`)
    expect(res.status).toBe(400)
    expect(res.body).toEqual({ type: "invalid_data", code: "amount_too_large", message: "Amount must be no more than $999,999.99" })
  })
})

describe("stripe checkout", () => {
  it("places the order once the shopper has confirmed (requires_capture → authorized)", async () => {
    const { cartId, intentId } = await stripeCart()
    stripe.confirm(intentId, "requires_capture")
    const res = await complete(cartId, "stripe-happy")
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ type: "order", data: { cart_id: cartId, total: 2313, payment_status: "awaiting" } })
    expect(res.body.data.payments).toEqual([expect.objectContaining({ provider_id: "stripe", amount: 2313 })])
    expect(res.body.data.payments[0].data).toMatchObject({ id: intentId, status: "requires_capture" })
    expect(stripe.calls.filter((c) => c.method === "GET").map((c) => c.path)).toContain(`/v1/payment_intents/${intentId}`)
  })

  it("3-D Secure: complete answers requires_more, then the webhook completes the cart", async () => {
    const { cartId, intentId } = await stripeCart()
    stripe.confirm(intentId, "requires_action")
    const first = await complete(cartId, "stripe-3ds")
    expect(first.status).toBe(200)
    expect(first.body).toMatchObject({ type: "cart", payment_status: "requires_more", data: { id: cartId, completed_at: null } })
    expect(await ordersOf(cartId)).toBe(0)

    // The shopper passes 3-D Secure and closes the tab; Stripe tells us.
    const intent = stripe.confirm(intentId, "requires_capture")
    const hook = await postWebhook(stripeEvent("evt_3ds", "payment_intent.amount_capturable_updated", intent))
    expect(hook.status).toBe(200)
    expect(hook.body).toEqual({ received: true })
    const order = await api.get(`/store/orders/cart/${cartId}`)
    expect(order.status).toBe(200)
    expect(order.body.order).toMatchObject({ cart_id: cartId, email: "buyer@example.com", total: 2313, payment_status: "awaiting" })
    expect(await eventRow("evt_3ds")).toMatchObject({
      provider_id: "stripe", type: "payment_intent.amount_capturable_updated", payment_intent_id: intentId, cart_id: cartId,
      order_id: order.body.order.id, outcome: "order_placed", message: null,
    })
  })

  it("a duplicate webhook places one order and is answered as a duplicate", async () => {
    const { cartId, intentId } = await stripeCart()
    const intent = stripe.confirm(intentId, "requires_capture")
    const payload = stripeEvent("evt_dup", "payment_intent.succeeded", intent)
    // Concurrent deliveries share the event id as the cart command's Idempotency-Key: while the first one's
    // completion waits on Stripe, the second finds the key in flight → 409 (Stripe redelivers it later).
    const held = stripe.hold(`/v1/payment_intents/${intentId}`)
    const firstDelivery = postWebhook(payload)
    await held.reached
    const second = await postWebhook(payload)
    expect(second).toMatchObject({ status: 409, body: { type: "conflict", code: "invalid_state_error", message: "The request conflicted with another request. You may retry the request with the provided Idempotency-Key." } })
    held.release()
    const first = await firstDelivery
    expect(first.status).toBe(200)
    expect(first.body).toEqual({ received: true })
    const again = await postWebhook(payload)
    expect(again.status).toBe(200)
    expect(again.body).toEqual({ received: true, duplicate: true })
    expect(await ordersOf(cartId)).toBe(1)
    expect(await count("SELECT COUNT(*) AS n FROM payment WHERE cart_id = ?", cartId)).toBe(1)
  })

  it("a webhook for a cart the shopper completed already changes nothing", async () => {
    const { cartId, intentId } = await stripeCart()
    const intent = stripe.confirm(intentId, "requires_capture")
    const placed = await complete(cartId, "stripe-first")
    expect(placed.body.type).toBe("order")
    const hook = await postWebhook(stripeEvent("evt_after", "payment_intent.amount_capturable_updated", intent))
    expect(hook.status).toBe(200)
    expect(await ordersOf(cartId)).toBe(1)
    expect(await eventRow("evt_after")).toMatchObject({ outcome: "order_placed", order_id: placed.body.data.id })
  })

  it("records payment_intent.payment_failed and leaves the cart open", async () => {
    const { cartId, intentId } = await stripeCart()
    const intent = { ...stripe.confirm(intentId, "requires_payment_method"), last_payment_error: { code: "card_declined", message: "Your card was declined." } }
    const hook = await postWebhook(stripeEvent("evt_failed", "payment_intent.payment_failed", intent))
    expect(hook.status).toBe(200)
    expect(await eventRow("evt_failed")).toMatchObject({
      type: "payment_intent.payment_failed", cart_id: cartId, payment_intent_id: intentId, outcome: "payment_failed",
      message: "Your card was declined.", order_id: null,
    })
    expect(await ordersOf(cartId)).toBe(0)
    // Completing now does not authorize a declined PaymentIntent.
    const res = await complete(cartId, "stripe-declined")
    expect(res.body).toMatchObject({ type: "cart", payment_status: "pending" })
  })

  it("ignores PaymentIntents of carts it does not know (another system on the same Stripe account)", async () => {
    const intent = { id: "pi_foreign", object: "payment_intent", status: "requires_capture", amount: 100, metadata: { resource_id: "cart_elsewhere" } }
    const hook = await postWebhook(stripeEvent("evt_foreign", "payment_intent.amount_capturable_updated", intent))
    expect(hook.status).toBe(200)
    expect(await eventRow("evt_foreign")).toMatchObject({ outcome: "ignored", cart_id: "cart_elsewhere", message: "Cart with cart_elsewhere was not found" })
  })
})

describe("POST /hooks/payment/stripe signature", () => {
  const payload = stripeEvent("evt_sig", "payment_intent.succeeded", { id: "pi_x", object: "payment_intent", metadata: { resource_id: "cart_x" } })

  it("refuses a signature made with another secret (400) and records nothing", async () => {
    const res = await postWebhook(payload, { secret: "whsec_attacker" })
    expect(res.status).toBe(400)
    expect(res.body).toEqual({ type: "invalid_data", message: "Webhook Error: No signatures found matching the expected signature for payload" })
    expect(await eventRow("evt_sig")).toBeUndefined()
  })

  it("refuses a body that differs from the signed one", async () => {
    const header = await signStripePayload(payload, "whsec_test_secret", Math.floor(Date.now() / 1000))
    const res = await postWebhook(payload.replace("cart_x", "cart_y"), { signature: header })
    expect(res.status).toBe(400)
    expect(res.body.message).toBe("Webhook Error: No signatures found matching the expected signature for payload")
  })

  it("refuses a stale timestamp (older than 5 minutes), even correctly signed", async () => {
    const res = await postWebhook(payload, { timestamp: Math.floor(Date.now() / 1000) - 301 })
    expect(res.status).toBe(400)
    expect(res.body).toEqual({ type: "invalid_data", message: "Webhook Error: Timestamp outside the tolerance zone" })
  })

  it("refuses a missing or malformed header", async () => {
    const none = await api.request<any>("POST", "/hooks/payment/stripe", payload, { headers: { "content-type": "application/json" } })
    expect(none.status).toBe(400)
    expect(none.body.message).toBe("Webhook Error: No stripe-signature header value was provided.")
    const garbage = await postWebhook(payload, { signature: "v1=zz" })
    expect(garbage.body.message).toBe("Webhook Error: Unable to extract timestamp and signatures from header")
  })

  it("refuses a signed body that is not a Stripe event", async () => {
    const res = await postWebhook(JSON.stringify({ hello: "world" }))
    expect(res.status).toBe(400)
    expect(res.body).toEqual({ type: "invalid_data", message: "Webhook Error: the payload is not a Stripe event" })
  })

  it("listens at medusa-payment-stripe's v1 path /stripe/hooks too", async () => {
    const event = stripeEvent("evt_v1_path", "payment_intent.payment_failed", { id: "pi_v1", object: "payment_intent", metadata: {} })
    const header = await signStripePayload(event, "whsec_test_secret", Math.floor(Date.now() / 1000))
    const res = await api.request<any>("POST", "/stripe/hooks", event, { headers: { "stripe-signature": header, "content-type": "application/json" } })
    expect(res.status).toBe(200)
    expect(await eventRow("evt_v1_path")).toMatchObject({ outcome: "payment_failed", payment_intent_id: "pi_v1", cart_id: null })
    const unsigned = await api.request<any>("POST", "/stripe/hooks", event, { headers: { "content-type": "application/json" } })
    expect(unsigned.status).toBe(400)
  })

  it("answers events it does not act on without storing them", async () => {
    const res = await postWebhook(stripeEvent("evt_charge", "charge.refunded", { id: "ch_1", object: "charge" }))
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ received: true })
    expect(await eventRow("evt_charge")).toBeUndefined()
  })
})

// Last: importing a seed replaces the store row the fixtures above rely on.
describe("enabling stripe per region", () => {
  it("a seed file may list stripe in a region's payment_providers", async () => {
    await importSeed(env.DB, {
      store: { currencies: ["eur", "usd"] },
      regions: [
        { id: "reg_stripe_eu", name: "Stripe EU", currency_code: "eur", tax_rate: 0, countries: ["fr"], payment_providers: ["stripe", "manual"], fulfillment_providers: ["manual"] },
        { id: "reg_manual_us", name: "Manual US", currency_code: "usd", tax_rate: 0, countries: ["us"], payment_providers: ["manual"], fulfillment_providers: ["manual"] },
      ],
    })
    const providers = await db.all<{ region_id: string; provider_id: string }>(
      "SELECT region_id, provider_id FROM region_payment_provider WHERE region_id IN ('reg_stripe_eu', 'reg_manual_us') ORDER BY region_id, provider_id",
    )
    expect(providers).toEqual([
      { region_id: "reg_manual_us", provider_id: "manual" },
      { region_id: "reg_stripe_eu", provider_id: "manual" },
      { region_id: "reg_stripe_eu", provider_id: "stripe" },
    ])
    const region = await api.get("/store/regions/reg_stripe_eu")
    expect(region.body.region.payment_providers).toEqual([{ id: "manual", is_installed: true }, { id: "stripe", is_installed: true }])
    expect(stripe.calls).toEqual([])
  })
})
