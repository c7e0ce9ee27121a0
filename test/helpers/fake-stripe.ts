import { vi } from "vitest"
import { signStripePayload } from "../../src/providers/payment/stripe-webhook"
import { api } from "./api"

export interface StripeCall {
  method: string
  path: string
  form: Record<string, string>
  headers: Record<string, string>
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 2))

type Intent = Record<string, unknown> & { id: string; status: string; amount: number }

/**
 * Stripe's PaymentIntents API faked at `fetch` (the Worker's Durable Objects run in the test isolate, so they call
 * this): Stripe-shaped objects and errors, every call recorded. `confirm(id, status)` stands in for the shopper
 * confirming with Stripe.js (e.g. "requires_action" for 3-D Secure, then "requires_capture").
 */
export function fakeStripe() {
  const intents = new Map<string, Intent>()
  const calls: StripeCall[] = []
  /** Refunds Stripe holds; a request repeating an Idempotency-Key gets the earlier refund back, as Stripe answers. */
  const refunds: Record<string, unknown>[] = []
  const refundsByKey = new Map<string, Record<string, unknown>>()
  const holds: { path: string; entered: boolean; released: boolean }[] = []
  const allHolds: typeof holds = []
  let failNext: { status: number; error: Record<string, unknown> } | undefined
  let gate: Promise<void> | undefined
  const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } })
  const spy = vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input))
    if (url.host !== "api.stripe.com") throw new Error(`unexpected fetch ${url}`)
    const method = init?.method ?? "GET"
    const form = Object.fromEntries(new URLSearchParams(typeof init?.body === "string" ? init.body : ""))
    calls.push({ method, path: url.pathname, form, headers: Object.fromEntries(new Headers(init?.headers)) })
    if (gate) await gate
    const held = holds.findIndex((h) => h.path === url.pathname)
    if (held >= 0) {
      const [hold] = holds.splice(held, 1)
      hold!.entered = true
      // Polled on both sides, not a promise handed across: a promise resolved in the Worker's request context would
      // carry the test on in that context, which ends with the request (the test would hang).
      while (!hold!.released) await tick()
    }
    if (failNext) {
      const { status, error } = failNext
      failNext = undefined
      return json(status, { error })
    }
    if (method === "POST" && url.pathname === "/v1/refunds") {
      const key = new Headers(init?.headers).get("idempotency-key")
      const seen = key ? refundsByKey.get(key) : undefined
      if (seen) return json(200, seen)
      const refunded = intents.get(form.payment_intent ?? "")
      if (!refunded) return json(404, { error: { type: "invalid_request_error", code: "resource_missing", message: `No such payment_intent: '${form.payment_intent}'` } })
      const refund = { id: `re_${refunds.length + 1}`, object: "refund", amount: Number(form.amount), payment_intent: refunded.id, status: "succeeded" }
      refunds.push(refund)
      if (key) refundsByKey.set(key, refund)
      return json(200, refund)
    }
    const [, , , id, action] = url.pathname.split("/") // /v1/payment_intents/:id/:action
    if (method === "POST" && !id) {
      const intent: Intent = {
        id: `pi_${intents.size + 1}`, object: "payment_intent", amount: Number(form.amount), currency: form.currency,
        capture_method: form.capture_method, status: "requires_payment_method", client_secret: `pi_${intents.size + 1}_secret_x`,
        metadata: { resource_id: form["metadata[resource_id]"] }, receipt_email: form.receipt_email ?? null,
      }
      intents.set(intent.id, intent)
      return json(200, intent)
    }
    const intent = id ? intents.get(id) : undefined
    if (!intent) return json(404, { error: { type: "invalid_request_error", code: "resource_missing", message: `No such payment_intent: '${id}'` } })
    if (method === "GET") return json(200, intent)
    if (action === "cancel") {
      if (intent.status === "canceled") {
        return json(400, { error: { type: "invalid_request_error", code: "payment_intent_unexpected_state", message: "already canceled", payment_intent: intent } })
      }
      intent.status = "canceled"
      return json(200, intent)
    }
    if (action === "capture") {
      // Stripe's answer to capturing twice or too early: an error that carries the PaymentIntent.
      if (intent.status !== "requires_capture") {
        const message = intent.status === "succeeded" ? "This PaymentIntent has already been captured." : `This PaymentIntent could not be captured because it has a status of ${intent.status}.`
        return json(400, { error: { type: "invalid_request_error", code: "payment_intent_unexpected_state", message, payment_intent: intent } })
      }
      intent.status = "succeeded"
      intent.amount_received = form.amount_to_capture ? Number(form.amount_to_capture) : intent.amount
      return json(200, intent)
    }
    if (form.amount) intent.amount = Number(form.amount)
    return json(200, intent)
  })
  return {
    calls,
    intents,
    /** Refunds created with POST /v1/refunds. */
    refunds,
    /**
     * The next call to `path` waits until `release()`: `reached` resolves once it has arrived (and is recorded), so a
     * test can hold a provider call open and send a concurrent request meanwhile.
     */
    hold(path: string) {
      const hold = { path, entered: false, released: false }
      holds.push(hold)
      allHolds.push(hold)
      const reached = (async () => {
        while (!hold.entered) await tick()
      })()
      return { reached, release: () => void (hold.released = true) }
    },
    confirm(id: string, status: string) {
      const intent = intents.get(id)
      if (!intent) throw new Error(`no intent ${id}`)
      intent.status = status
      return intent
    },
    /** The next Stripe call answers this error. */
    failNext(status: number, error: Record<string, unknown>) {
      failNext = { status, error }
    },
    /** Stripe answers nothing until `release()` is called (calls are still recorded as they arrive). */
    holdAll() {
      let open = () => {}
      gate = new Promise<void>((resolve) => (open = resolve))
      return () => {
        gate = undefined
        open()
      }
    },
    restore: () => {
      for (const hold of allHolds) hold.released = true
      spy.mockRestore()
    },
  }
}

/** A Stripe event for `intent`, as Stripe posts it. */
export const stripeEvent = (id: string, type: string, intent: Record<string, unknown>) =>
  JSON.stringify({ id, object: "event", type, api_version: "2024-06-20", created: 1_767_000_000, data: { object: intent } })

/** POSTs `payload` to the webhook, signed with the test secret (vitest.config.ts) at `timestamp` (default now). */
export async function postWebhook(payload: string, opts: { timestamp?: number; secret?: string; signature?: string } = {}) {
  const timestamp = opts.timestamp ?? Math.floor(Date.now() / 1000)
  const signature = opts.signature ?? (await signStripePayload(payload, opts.secret ?? "whsec_test_secret", timestamp))
  return api.request<any>("POST", "/hooks/payment/stripe", payload, { headers: { "stripe-signature": signature, "content-type": "application/json" } })
}
