import { PaymentProcessorError, type PaymentProvider, type PaymentSessionData, type PaymentSessionStatus } from "./types"

/** The outcomes a storefront (or a test) can ask test-pay for, via POST /payment-sessions/test-pay {data: {outcome}}. */
const OUTCOMES: readonly PaymentSessionStatus[] = ["authorized", "requires_more", "pending", "error"]

/** The only URLs test-pay's `hold_url` may point at (see below). */
export const HOLD_PREFIX = "https://test-pay.invalid/hold/"

const count = (value: unknown) => (typeof value === "number" && Number.isInteger(value) && value > 0 ? value : 0)

/**
 * "test-pay": a configurable provider so every completion branch can be reached in tests and demos. It makes no
 * network calls. Session data it understands (set with POST /store/carts/:id/payment-sessions/test-pay {data}):
 * - `outcome`: what authorize answers — "authorized" (default), "requires_more", "pending" or "error";
 * - `fail_authorizations`: n — the next n authorize calls fail with a PaymentProcessorError (a provider outage);
 *   each failure stores the decremented count, so a retry after n failures succeeds.
 * - `hold_url` (in the update only, never stored): the update waits for a GET of that URL to answer before it
 *   returns, so a test can hold a payment command open inside the cart's Durable Object and release it at will
 *   (test/integration/cart.concurrency-guards.test.ts fakes the URL at fetch). Only URLs under HOLD_PREFIX are
 *   honoured: `.invalid` never resolves (RFC 2606), so outside tests the request fails and nothing is reachable.
 * - `notify_url` (stored): each authorize POSTs to it (only under HOLD_PREFIX) with the request's Idempotency-Key — the
 *   provider's own record of a charge, which survives a D1 fault that loses ours (test/integration/faults.checkout.test.ts counts them).
 * It records `authorize_calls` (how often authorize ran), `amount` (the last amount it was told) and `canceled`,
 * so tests can prove that a retry did not authorize twice and that a lost race voided its authorization.
 */
export const testPayment: PaymentProvider = {
  id: "test-pay",
  initiate: async (context) => ({ data: { status: "pending", amount: context.amount } }),
  update: async (context) => ({ data: { ...context.session_data, amount: context.amount } }),
  updateData: async (data, update) => {
    const { hold_url: holdUrl, ...rest } = update
    if (typeof holdUrl === "string" && holdUrl.startsWith(HOLD_PREFIX)) await fetch(holdUrl)
    return { ...data, ...rest }
  },
  authorize: async (data, context) => {
    const calls = count(data.authorize_calls) + 1
    const failures = count(data.fail_authorizations)
    if (failures > 0) {
      throw new PaymentProcessorError("test-pay is unavailable", "test_pay_unavailable", undefined, {
        ...data,
        authorize_calls: calls,
        fail_authorizations: failures - 1,
      })
    }
    const status = OUTCOMES.find((o) => o === data.outcome) ?? "authorized"
    // The provider's own record of an authorization, outside our D1 (a test fakes the URL at fetch and counts).
    const notifyUrl = data.notify_url
    if (typeof notifyUrl === "string" && notifyUrl.startsWith(HOLD_PREFIX)) {
      // With the request's key, as Stripe takes one: a retry of an authorization whose result we lost is no new charge.
      await fetch(notifyUrl, { method: "POST", headers: context.idempotency_key ? { "idempotency-key": context.idempotency_key } : {} })
    }
    return { status, data: { ...data, status, amount: context.amount, authorize_calls: calls } }
  },
  cancel: async (data) => ({ ...data, status: "canceled", canceled: true }),
  retrieve: async (data) => data,
  status: async (data: PaymentSessionData) => OUTCOMES.find((o) => o === data.status) ?? "pending",
  delete: async () => undefined,
  capture: async (data) => ({ ...data, status: "captured", captured: true }),
  refund: async (data, amount) => ({ ...data, refunded: count(data.refunded) + amount }),
}
