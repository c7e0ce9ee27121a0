import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest"
import { api } from "../helpers/api"
import { adminApi } from "../helpers/admin"
import { db } from "../helpers/db"
import { fixtureId } from "../helpers/cart-fixtures"
import { arrangeCheckoutStore, cartReadyToComplete, complete, type CheckoutStore } from "../helpers/checkout-fixtures"
import { fakeStripe } from "../helpers/fake-stripe"

/**
 * A shop whose only payment provider is Stripe, after the sale: the merchant captures and refunds, and the shopper
 * pays an order edit's difference — every call reaching (fake) Stripe with the configured key.
 */
const v = { mug: fixtureId("variant"), cap: fixtureId("variant") }
let store: CheckoutStore
let stripe: ReturnType<typeof fakeStripe>

beforeAll(async () => {
  store = await arrangeCheckoutStore({
    providers: ["stripe"],
    region: { currency_code: "usd", tax_rate: 10, countries: ["us"] },
    products: [
      { title: "Mug", variants: [{ id: v.mug, prices: [{ currency_code: "usd", amount: 1950 }], inventory_quantity: 100 }] },
      { title: "Cap", variants: [{ id: v.cap, prices: [{ currency_code: "usd", amount: 1000 }], inventory_quantity: 100 }] },
    ],
  })
})
beforeEach(() => {
  stripe = fakeStripe()
})
afterEach(() => stripe.restore())

const CONFLICT = {
  type: "conflict", code: "invalid_state_error",
  message: "The request conflicted with another request. You may retry the request with the provided Idempotency-Key.",
}

/** An order paid by Stripe: 1950 + 10 % tax + shipping 1000 + 10 % = 3245, its PaymentIntent authorized. */
async function stripeOrder() {
  const cartId = await cartReadyToComplete(store, [{ variant_id: v.mug, quantity: 1 }])
  const intentId = (await api.get(`/store/carts/${cartId}`)).body.cart.payment_session.data.id as string
  stripe.confirm(intentId, "requires_capture")
  const res = await complete(cartId)
  expect(res.status).toBe(200)
  const order = res.body.data as { id: string; items: { id: string }[]; payments: { id: string; amount: number }[] }
  expect(order.payments).toEqual([expect.objectContaining({ provider_id: "stripe", amount: 3245 })])
  return { order, intentId, paymentId: order.payments[0]!.id }
}

const captures = () => stripe.calls.filter((c) => c.path.endsWith("/capture"))

describe("admin capture of a Stripe-paid order", () => {
  it("captures the order's PaymentIntent at Stripe for the payment's amount, keyed by the payment", async () => {
    const { order, intentId, paymentId } = await stripeOrder()
    const res = await adminApi.post(`/admin/orders/${order.id}/capture`)
    expect(res.status).toBe(200)
    expect(captures()).toEqual([
      expect.objectContaining({ method: "POST", path: `/v1/payment_intents/${intentId}/capture`, form: { amount_to_capture: "3245" } }),
    ])
    expect(captures()[0]!.headers.authorization).toBe("Bearer sk_test_fake")
    expect(captures()[0]!.headers["idempotency-key"]).toBe(`capture:${paymentId}`)
    expect(stripe.intents.get(intentId)).toMatchObject({ status: "succeeded", amount_received: 3245 })
    expect(res.body.order.payment_status).toBe("captured")
    expect(res.body.order.payments[0]).toMatchObject({ id: paymentId, amount: 3245, data: { id: intentId, status: "succeeded" } })
    expect(typeof res.body.order.payments[0].captured_at).toBe("string")
  })

  it("two concurrent captures make one capture request at Stripe: the second is answered 409 while the first runs", async () => {
    const { order, intentId, paymentId } = await stripeOrder()
    const held = stripe.hold(`/v1/payment_intents/${intentId}/capture`)
    const first = adminApi.post(`/admin/orders/${order.id}/capture`)
    await held.reached
    const second = await adminApi.post(`/admin/orders/${order.id}/capture`)
    expect(second.status).toBe(409)
    expect(second.body).toEqual(CONFLICT)
    held.release()
    const done = await first
    expect(done.status).toBe(200)
    expect(done.body.order.payment_status).toBe("captured")
    // A capture after the first finished answers the captured order without calling Stripe again.
    const third = await adminApi.post(`/admin/orders/${order.id}/capture`)
    expect(third.status).toBe(200)
    expect(third.body.order.payments[0].captured_at).toBe(done.body.order.payments[0].captured_at)
    expect(captures()).toHaveLength(1)
    expect(captures()[0]!.headers["idempotency-key"]).toBe(`capture:${paymentId}`)
    const [row] = await db.all<{ captured_at: string | null }>("SELECT captured_at FROM payment WHERE id = ?", paymentId)
    expect(row!.captured_at).toBe(done.body.order.payments[0].captured_at)
  })

  it("a capture Stripe refuses answers 400 invalid_data and captures nothing; the retry captures once", async () => {
    const { order, intentId, paymentId } = await stripeOrder()
    stripe.failNext(402, { type: "card_error", code: "card_declined", message: "Your card was declined." })
    const refused = await adminApi.post(`/admin/orders/${order.id}/capture`)
    expect(refused.status).toBe(400)
    expect(refused.body).toEqual({ type: "invalid_data", code: "card_declined", message: "Your card was declined." })
    const [row] = await db.all<{ captured_at: string | null }>("SELECT captured_at FROM payment WHERE id = ?", paymentId)
    expect(row!.captured_at).toBeNull()
    expect((await adminApi.get(`/admin/orders/${order.id}`)).body.order.payment_status).toBe("awaiting")

    const retried = await adminApi.post(`/admin/orders/${order.id}/capture`)
    expect(retried.status).toBe(200)
    expect(retried.body.order.payment_status).toBe("captured")
    expect(captures().map((c) => c.headers["idempotency-key"])).toEqual([`capture:${paymentId}`, `capture:${paymentId}`])
    expect(stripe.intents.get(intentId)).toMatchObject({ status: "succeeded", amount_received: 3245 })
  })
})

describe("admin refund of a Stripe-paid order", () => {
  it("receiving a return refunds its amount against the order's PaymentIntent at Stripe", async () => {
    const { order, intentId, paymentId } = await stripeOrder()
    expect((await adminApi.post(`/admin/orders/${order.id}/capture`)).status).toBe(200)
    const created = await api.post("/store/returns", { order_id: order.id, items: [{ item_id: order.items[0]!.id, quantity: 1 }] })
    expect(created.status).toBe(200)
    // The mug and its tax: 1950 + 195.
    expect(created.body.return.refund_amount).toBe(2145)
    const res = await adminApi.post(`/admin/returns/${created.body.return.id}/receive`, { items: [{ item_id: order.items[0]!.id, quantity: 1 }] })
    expect(res.status).toBe(200)
    const refundCalls = stripe.calls.filter((c) => c.path === "/v1/refunds")
    expect(refundCalls).toHaveLength(1)
    expect(refundCalls[0]!.form).toMatchObject({ amount: "2145", payment_intent: intentId })
    expect(refundCalls[0]!.headers.authorization).toBe("Bearer sk_test_fake")
    expect(stripe.refunds).toEqual([expect.objectContaining({ amount: 2145, payment_intent: intentId })])
    const [row] = await db.all<{ amount_refunded: number }>("SELECT amount_refunded FROM payment WHERE id = ?", paymentId)
    expect(row!.amount_refunded).toBe(2145)
  })
})

describe("an order edit's difference paid with Stripe", () => {
  it("creates a PaymentIntent for the difference, authorizes it, and the capture takes both PaymentIntents", async () => {
    const { order, intentId } = await stripeOrder()
    const edit = (await adminApi.post("/admin/order-edits", { order_id: order.id })).body.order_edit
    await adminApi.post(`/admin/order-edits/${edit.id}/items`, { variant_id: v.cap, quantity: 1 })
    const requested = (await adminApi.post(`/admin/order-edits/${edit.id}/request`)).body.order_edit
    // The cap and its tax: 1000 + 100.
    expect(requested.payment_collection).toMatchObject({ amount: 1100, status: "not_paid" })
    const collectionId = requested.payment_collection.id as string

    const created = await api.post(`/store/payment-collections/${collectionId}/sessions`, { provider_id: "stripe" })
    expect(created.status).toBe(200)
    const session = created.body.payment_collection.payment_sessions[0]
    const differenceIntent = session.data.id as string
    expect(differenceIntent).not.toBe(intentId)
    expect(session).toMatchObject({ provider_id: "stripe", amount: 1100, data: { object: "payment_intent", amount: 1100, client_secret: `${differenceIntent}_secret_x` } })
    const create = stripe.calls.find((c) => c.method === "POST" && c.path === "/v1/payment_intents" && c.form["metadata[resource_id]"] === collectionId)
    expect(create?.form).toMatchObject({ amount: "1100", currency: "usd", capture_method: "manual", receipt_email: "buyer@example.com" })
    expect(create?.headers.authorization).toBe("Bearer sk_test_fake")

    // The shopper confirms with Stripe.js; authorizing reads the PaymentIntent.
    stripe.confirm(differenceIntent, "requires_capture")
    const authorized = await api.post(`/store/payment-collections/${collectionId}/sessions/${session.id}/authorize`)
    expect(authorized.status).toBe(200)
    expect(authorized.body.payment_session).toMatchObject({ status: "authorized", data: { id: differenceIntent, status: "requires_capture" } })
    expect((await api.get(`/store/payment-collections/${collectionId}`)).body.payment_collection.status).toBe("authorized")

    const confirmed = await api.post(`/store/order-edits/${edit.id}/complete`)
    expect(confirmed.status).toBe(200)
    const captured = await adminApi.post(`/admin/orders/${order.id}/capture`)
    expect(captured.status).toBe(200)
    expect(captures().map((c) => [c.path, c.form.amount_to_capture])).toEqual([
      [`/v1/payment_intents/${intentId}/capture`, "3245"],
      [`/v1/payment_intents/${differenceIntent}/capture`, "1100"],
    ])
    expect(captured.body.order).toMatchObject({ payment_status: "captured", paid_total: 4345 })
  })
})

describe("a capture racing an order edit", () => {
  it("a payment an order edit adds while a capture runs keeps the order awaiting; the next capture takes it", async () => {
    const { order, intentId } = await stripeOrder()
    const edit = (await adminApi.post("/admin/order-edits", { order_id: order.id })).body.order_edit
    await adminApi.post(`/admin/order-edits/${edit.id}/items`, { variant_id: v.cap, quantity: 1 })
    const collectionId = (await adminApi.post(`/admin/order-edits/${edit.id}/request`)).body.order_edit.payment_collection.id as string
    const session = (await api.post(`/store/payment-collections/${collectionId}/sessions`, { provider_id: "stripe" })).body.payment_collection.payment_sessions[0]
    stripe.confirm(session.data.id, "requires_capture")
    expect((await api.post(`/store/payment-collections/${collectionId}/sessions/${session.id}/authorize`)).status).toBe(200)

    const held = stripe.hold(`/v1/payment_intents/${intentId}/capture`)
    const capturing = adminApi.post(`/admin/orders/${order.id}/capture`)
    await held.reached
    // The shopper confirms the edit while the merchant's capture waits for Stripe: a second payment joins the order.
    expect((await api.post(`/store/order-edits/${edit.id}/complete`)).status).toBe(200)
    held.release()
    const first = await capturing
    expect(first.status).toBe(200)
    expect(first.body.order.payment_status).toBe("awaiting")
    expect(first.body.order.payments.map((p: { amount: number; captured_at: string | null }) => [p.amount, p.captured_at !== null])).toEqual([[3245, true], [1100, false]])

    const second = await adminApi.post(`/admin/orders/${order.id}/capture`)
    expect(second.status).toBe(200)
    expect(second.body.order.payment_status).toBe("captured")
    expect(captures().map((c) => [c.path, c.form.amount_to_capture])).toEqual([
      [`/v1/payment_intents/${intentId}/capture`, "3245"],
      [`/v1/payment_intents/${session.data.id}/capture`, "1100"],
    ])
  })
})
