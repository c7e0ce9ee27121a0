import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test"
import { env } from "cloudflare:workers"
import { beforeAll, describe, expect, it } from "vitest"
import type { EventMessage } from "../../src/env"
import { handleEventBatch, relayPendingEvents } from "../../src/services/events"
import { signJwt } from "../../src/domain/jwt"
import { api } from "../helpers/api"
import { fixtureId } from "../helpers/cart-fixtures"
import { arrangeCheckoutStore, cartReadyToComplete, complete, type CheckoutStore } from "../helpers/checkout-fixtures"
import { latestEvent, registerCustomer, uniqueEmail, withCookie } from "../helpers/auth"

const HOOK = "https://hooks.example.test/medusa"

/** A webhook receiver faked at fetch: records every delivery and answers `status`. */
function receiver(status = 200) {
  const calls: { url: string; headers: Headers; body: string }[] = []
  const fetcher = (async (input: RequestInfo | URL, init?: RequestInit) => {
    calls.push({ url: String(input), headers: new Headers(init?.headers), body: String(init?.body) })
    return new Response(null, { status })
  }) as typeof fetch
  return { calls, fetcher }
}

/** Runs the queue consumer on one outbox row, as the EVENTS queue would deliver it. */
async function deliver(eventId: string, fetcher: typeof fetch, overrides: Partial<typeof env> = {}) {
  const batch = createMessageBatch<EventMessage>("edge-medusa-events", [{ id: "msg-1", timestamp: new Date(), attempts: 1, body: { id: eventId } }])
  const ctx = createExecutionContext()
  // getQueueResult does not report retry delays: record what the consumer asked for.
  const delays: (number | undefined)[] = []
  const message = batch.messages[0]!
  const retry = message.retry.bind(message)
  Object.defineProperty(message, "retry", { value: (opts?: QueueRetryOptions) => (delays.push(opts?.delaySeconds), retry(opts)) })
  await handleEventBatch(batch, { ...env, EVENTS_WEBHOOK_URL: HOOK, ...overrides }, fetcher)
  return { ...(await getQueueResult(batch, ctx)), delays }
}

async function hmacHex(secret: string, text: string) {
  const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"])
  const mac = await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(text))
  return [...new Uint8Array(mac)].map((b) => b.toString(16).padStart(2, "0")).join("")
}

/** Requests a reset token and delivers its event; the token comes out of the webhook body, never a response. */
async function resetTokenFor(email: string): Promise<string> {
  const res = await api.post("/store/customers/password-token", { email })
  expect(res.status).toBe(204)
  expect(res.body).toBeUndefined()
  const event = await latestEvent("customer.password_reset")
  const hook = receiver()
  await deliver(event!.id, hook.fetcher)
  return JSON.parse(hook.calls[0]!.body).data.token
}

describe("event outbox → queue consumer → webhook", () => {
  it("delivers customer.password_reset with an HMAC-SHA256 signature and marks the row delivered", async () => {
    const { email, id } = await registerCustomer({ first_name: "Resa" })
    expect((await api.post("/store/customers/password-token", { email })).status).toBe(204)
    const event = await latestEvent("customer.password_reset")
    expect(event).toMatchObject({ delivered_at: null, attempts: 0, payload: { id, email, first_name: "Resa", last_name: "Omer" } })
    const hook = receiver()
    const result = await deliver(event!.id, hook.fetcher)
    expect(result.explicitAcks).toEqual(["msg-1"])
    expect(result.retryMessages).toEqual([])
    expect(hook.calls).toHaveLength(1)
    const [call] = hook.calls
    expect(call!.url).toBe(HOOK)
    expect(call!.headers.get("x-medusa-event")).toBe("customer.password_reset")
    const body = JSON.parse(call!.body)
    expect(body).toMatchObject({ id: event!.id, event: "customer.password_reset", data: { id, email } })
    const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(call!.headers.get("x-medusa-signature") ?? "") ?? []
    expect(v1).toBe(await hmacHex("dev-only-test-webhook-secret", `${t}.${call!.body}`))
    const after = await latestEvent("customer.password_reset")
    expect(after).toMatchObject({ attempts: 1 })
    expect(after!.delivered_at).not.toBeNull()
    // A redelivered message for a delivered row is acknowledged without a second POST.
    const again = receiver()
    await deliver(event!.id, again.fetcher)
    expect(again.calls).toHaveLength(0)
  })

  it("retries a failing webhook with backoff (10 s, then 20 s) and records the error", async () => {
    const { email } = await registerCustomer()
    await api.post("/store/customers/password-token", { email })
    const event = await latestEvent("customer.password_reset")
    const failing = receiver(503)
    const first = await deliver(event!.id, failing.fetcher)
    expect(first.retryMessages).toEqual([{ msgId: "msg-1" }])
    expect(first.delays).toEqual([10])
    const second = await deliver(event!.id, failing.fetcher)
    expect(second.delays).toEqual([20])
    const row = await env.DB.prepare("SELECT attempts, delivered_at, last_error FROM event_outbox WHERE id = ?").bind(event!.id).first()
    expect(row).toEqual({ attempts: 2, delivered_at: null, last_error: "webhook answered 503" })
    const ok = receiver()
    expect((await deliver(event!.id, ok.fetcher)).explicitAcks).toEqual(["msg-1"])
  })

  it("without a webhook URL the consumer acknowledges and leaves the row pending", async () => {
    const { email } = await registerCustomer()
    await api.post("/store/customers/password-token", { email })
    const event = await latestEvent("customer.password_reset")
    const hook = receiver()
    const result = await deliver(event!.id, hook.fetcher, { EVENTS_WEBHOOK_URL: undefined })
    expect(result.explicitAcks).toEqual(["msg-1"])
    expect(hook.calls).toHaveLength(0)
    expect((await latestEvent("customer.password_reset"))!.delivered_at).toBeNull()
  })

  it("the cron relay resends rows still pending after a minute", async () => {
    const sent: unknown[] = []
    await env.DB.prepare(
      "INSERT INTO event_outbox (id, name, payload, created_at, attempts) VALUES ('evt_old_pending', 'order.placed', '{}', '2026-01-01T00:00:00.000Z', 0)",
    ).run()
    const queue = { sendBatch: async (messages: unknown[]) => void sent.push(...messages) } as unknown as Queue<EventMessage>
    await relayPendingEvents({ ...env, EVENTS: queue }, new Date("2026-01-01T00:05:00.000Z"))
    expect(sent).toContainEqual({ body: { id: "evt_old_pending" } })
  })
})

describe("password reset (token from the outbox)", () => {
  it("resets the password once: new password works, old does not, the token is spent and sessions end", async () => {
    const { email, password, cookie, id } = await registerCustomer()
    const token = await resetTokenFor(email)
    const reset = await api.post("/store/customers/password-reset", { email, token, password: "brand-new" })
    expect(reset.status).toBe(200)
    expect(reset.body.customer).toMatchObject({ id, email, has_account: true })
    expect(JSON.stringify(reset.body)).not.toContain("password_hash")
    expect((await api.post("/store/auth", { email, password })).status).toBe(401)
    expect((await api.post("/store/auth", { email, password: "brand-new" })).status).toBe(200)
    expect((await api.get("/store/customers/me", withCookie(cookie))).status).toBe(401)
    const reuse = await api.post("/store/customers/password-reset", { email, token, password: "again" })
    expect(reuse).toMatchObject({ status: 401, body: { type: "unauthorized", message: "Invalid or expired password reset token" } })
  })

  it("a password change after the request invalidates the token", async () => {
    const { email, cookie } = await registerCustomer()
    const token = await resetTokenFor(email)
    await api.post("/store/customers/me", { password: "changed-meanwhile" }, withCookie(cookie))
    expect((await api.post("/store/customers/password-reset", { email, token, password: "x1" })).status).toBe(401)
  })

  it("bad, expired, foreign tokens and unknown emails → 401 (v1: 500 for garbage), never 500", async () => {
    const a = await registerCustomer()
    const b = await registerCustomer()
    const tokenA = await resetTokenFor(a.email)
    const hash = (await env.DB.prepare("SELECT password_hash FROM customer WHERE id = ?").bind(a.id).first<{ password_hash: string }>())!.password_hash
    const expired = await signJwt({ customer_id: a.id }, hash, Math.floor(Date.now() / 1000) - 16 * 60, 15 * 60)
    for (const [email, token] of [[a.email, "bad"], [a.email, expired], [b.email, tokenA], [uniqueEmail(), tokenA], [a.email, `${tokenA}x`]]) {
      const res = await api.post("/store/customers/password-reset", { email, token, password: "newsecret" })
      expect(res).toMatchObject({ status: 401, body: { type: "unauthorized", message: "Invalid or expired password reset token" } })
    }
    expect((await api.post("/store/auth", { email: a.email, password: a.password })).status).toBe(200)
  })

  it("password-token answers 204 for unknown emails and guests and writes nothing", async () => {
    const before = await env.DB.prepare("SELECT COUNT(*) AS n FROM event_outbox").first<{ n: number }>()
    const res = await api.post("/store/customers/password-token", { email: uniqueEmail("nobody") })
    expect(res.status).toBe(204)
    const after = await env.DB.prepare("SELECT COUNT(*) AS n FROM event_outbox").first<{ n: number }>()
    expect(after!.n).toBe(before!.n)
    expect((await api.post("/store/customers/password-token", { email: "not-an-email" })).status).toBe(400)
  })
})

describe("order claims (batch/customer/token + customer/confirm)", () => {
  const variant = fixtureId("variant")
  let store: CheckoutStore
  beforeAll(async () => {
    store = await arrangeCheckoutStore({
      region: { currency_code: "eur", tax_rate: 0, countries: ["de"] },
      products: [{ title: "Mug", variants: [{ id: variant, prices: [{ currency_code: "eur", amount: 850 }], inventory_quantity: 100 }] }],
    })
  })

  async function guestOrder(email: string) {
    const cartId = await cartReadyToComplete(store, [{ variant_id: variant, quantity: 1 }], { email })
    const done = await complete(cartId)
    expect(done.status).toBe(200)
    return done.body.data as { id: string; customer_id: string }
  }

  it("emails a token for the guest order's address; confirming moves the order to the customer", async () => {
    const guestEmail = uniqueEmail("guestbuyer")
    const order = await guestOrder(guestEmail)
    const placed = await latestEvent("order.placed")
    expect(placed!.payload).toMatchObject({ id: order.id, email: guestEmail })
    const a = await registerCustomer()
    const claim = await api.post("/store/orders/batch/customer/token", { order_ids: [order.id, "order_unknown"] }, withCookie(a.cookie))
    expect(claim.status).toBe(200)
    expect(claim.body).toBe("OK")
    const event = await latestEvent("order-update-token.created")
    expect(event!.payload).toMatchObject({ old_email: guestEmail, new_customer_id: a.id, orders: [order.id] })
    expect((await api.get("/store/customers/me/orders", withCookie(a.cookie))).body.count).toBe(0)
    const confirm = await api.post("/store/orders/customer/confirm", { token: event!.payload.token })
    expect(confirm.status).toBe(200)
    expect(confirm.body).toBe("OK")
    const mine = await api.get("/store/customers/me/orders", withCookie(a.cookie))
    expect(mine.body.orders.map((o: { id: string; email: string }) => [o.id, o.email])).toEqual([[order.id, a.email]])

    // Now a registered account owns it: B's claim emails nothing, and A's old token cannot move it to anyone else.
    const b = await registerCustomer()
    await api.post("/store/orders/batch/customer/token", { order_ids: [order.id] }, withCookie(b.cookie))
    expect((await latestEvent("order-update-token.created"))!.id).toBe(event!.id)
  })

  it("needs a logged-in customer (401 text) and a genuine token (401)", async () => {
    expect(await api.post("/store/orders/batch/customer/token", { order_ids: ["order_x"] })).toMatchObject({ status: 401, body: "Unauthorized" })
    const a = await registerCustomer()
    const forged = await signJwt({ claimingCustomerId: a.id, orders: ["order_x"], purpose: "order_claim" }, "guessed-secret", Math.floor(Date.now() / 1000), 3600)
    expect(await api.post("/store/orders/customer/confirm", { token: forged })).toMatchObject({
      status: 401, body: { type: "unauthorized", message: "Invalid or expired order claim token" },
    })
    // A login JWT is not a claim token.
    const login = await api.post("/store/auth/token", { email: a.email, password: a.password })
    expect((await api.post("/store/orders/customer/confirm", { token: login.body.access_token })).status).toBe(401)
    expect((await api.post("/store/orders/batch/customer/token", { order_ids: "x" }, withCookie(a.cookie))).status).toBe(400)
  })
})
