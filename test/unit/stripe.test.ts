import { describe, expect, it } from "vitest"
import { createStripePayment, formEncode, stripeStatus } from "../../src/providers/payment/stripe"
import { PaymentProcessorError, type PaymentContext } from "../../src/providers/payment/types"
import { signStripePayload, verifyStripeSignature } from "../../src/providers/payment/stripe-webhook"

describe("stripeStatus (medusa-payment-stripe getStatus)", () => {
  it.each([
    ["requires_capture", "authorized"],
    ["succeeded", "authorized"],
    ["requires_action", "requires_more"],
    ["canceled", "canceled"],
    ["requires_payment_method", "pending"],
    ["requires_confirmation", "pending"],
    ["processing", "pending"],
    [undefined, "pending"],
  ])("%s → %s", (status, expected) => {
    expect(stripeStatus(status)).toBe(expected)
  })
})

describe("formEncode", () => {
  it("encodes nested objects Stripe's way and skips null/undefined", () => {
    expect(formEncode({ amount: 2313, currency: "eur", metadata: { resource_id: "cart_1", note: "a&b" }, receipt_email: undefined, x: null }))
      .toBe("amount=2313&currency=eur&metadata%5Bresource_id%5D=cart_1&metadata%5Bnote%5D=a%26b")
  })
})

describe("verifyStripeSignature", () => {
  const secret = "whsec_unit"
  const body = '{"id":"evt_1"}'
  const now = 1_767_000_000

  it("accepts Stripe's signature and any one of several v1 values", async () => {
    const header = await signStripePayload(body, secret, now)
    expect(await verifyStripeSignature(body, header, secret, now)).toEqual({ ok: true })
    const [t, v1] = header.split(",")
    expect(await verifyStripeSignature(body, `${t},v1=${"00".repeat(32)},${v1},v0=abc`, secret, now + 299)).toEqual({ ok: true })
  })

  it("matches the HMAC-SHA256 Stripe documents (hex of HMAC(secret, `${t}.${body}`))", async () => {
    // Computed with: printf '%s' '1767000000.{"id":"evt_1"}' | openssl dgst -sha256 -hmac whsec_unit
    expect(await signStripePayload(body, secret, now)).toBe(`t=${now},v1=${EXPECTED_HMAC}`)
  })

  it.each([
    ["another secret", async () => signStripePayload(body, "whsec_other", now), now, "No signatures found matching the expected signature for payload"],
    ["a timestamp 301 s old", async () => signStripePayload(body, secret, now - 301), now, "Timestamp outside the tolerance zone"],
    ["a timestamp 301 s ahead", async () => signStripePayload(body, secret, now + 301), now, "Timestamp outside the tolerance zone"],
    ["no v1", async () => `t=${now},v0=abc`, now, "Unable to extract timestamp and signatures from header"],
    ["a non-hex v1", async () => `t=${now},v1=xyz`, now, "No signatures found matching the expected signature for payload"],
  ])("refuses %s", async (_name, header, at, reason) => {
    expect(await verifyStripeSignature(body, await header(), secret, at)).toEqual({ ok: false, reason })
  })
})

describe("createStripePayment", () => {
  const context: PaymentContext = {
    amount: 2313, currency_code: "eur", resource_id: "cart_1", email: null, customer_id: null, session_data: {}, idempotency_key: "key_1",
  }
  const recorder = (answer: (url: string) => Response) => {
    const calls: { url: string; init: RequestInit | undefined }[] = []
    const fetchFn: typeof fetch = async (input, init) => {
      calls.push({ url: String(input), init })
      return answer(String(input))
    }
    return { calls, fetchFn }
  }
  const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status })

  it("refuses to run without STRIPE_API_KEY and calls nothing", async () => {
    const { calls, fetchFn } = recorder(() => json(200, {}))
    const error = await createStripePayment(fetchFn, undefined).initiate(context).catch((err: unknown) => err)
    expect(error).toBeInstanceOf(PaymentProcessorError)
    expect(error).toMatchObject({ message: "Stripe is not configured (STRIPE_API_KEY is not set)", code: "stripe_not_configured" })
    expect(calls).toEqual([])
  })

  it("sends the request's idempotency key with the create call", async () => {
    const { calls, fetchFn } = recorder(() => json(200, { id: "pi_9", status: "requires_payment_method", amount: 2313 }))
    const created = await createStripePayment(fetchFn, "sk_test_x").initiate(context)
    expect(created).toEqual({ data: { id: "pi_9", status: "requires_payment_method", amount: 2313 }, status: "pending" })
    expect(new Headers(calls[0]!.init?.headers).get("idempotency-key")).toBe("key_1:create")
  })

  it("treats cancelling an already canceled PaymentIntent as done (v1 cancelPayment)", async () => {
    const canceled = { id: "pi_9", status: "canceled" }
    const { fetchFn } = recorder(() => json(400, { error: { code: "payment_intent_unexpected_state", message: "x", payment_intent: canceled } }))
    expect(await createStripePayment(fetchFn, "sk_test_x").cancel({ id: "pi_9" })).toEqual(canceled)
  })

  it("captures the payment's amount under its key and treats an already captured intent as done (v1 capturePayment)", async () => {
    const captured = { id: "pi_9", status: "succeeded", amount_received: 2313 }
    const ok = recorder(() => json(200, captured))
    const capture = { amount: 2313, idempotency_key: "capture:pay_1" }
    expect(await createStripePayment(ok.fetchFn, "sk_test_x").capture({ id: "pi_9" }, capture)).toEqual(captured)
    expect(ok.calls.map((c) => [c.init?.method, c.url, c.init?.body])).toEqual([["POST", "https://api.stripe.com/v1/payment_intents/pi_9/capture", "amount_to_capture=2313"]])
    expect(new Headers(ok.calls[0]!.init?.headers).get("idempotency-key")).toBe("capture:pay_1")
    const again = recorder(() => json(400, { error: { code: "payment_intent_unexpected_state", message: "x", payment_intent: captured } }))
    expect(await createStripePayment(again.fetchFn, "sk_test_x").capture({ id: "pi_9" }, capture)).toEqual(captured)
    const failed = recorder(() => json(400, { error: { code: "charge_expired_for_capture", message: "expired", payment_intent: { id: "pi_9", status: "canceled" } } }))
    await expect(createStripePayment(failed.fetchFn, "sk_test_x").capture({ id: "pi_9" }, capture)).rejects.toMatchObject({ code: "charge_expired_for_capture" })
  })

  it("refunds an amount of the intent and keeps the session data", async () => {
    const { calls, fetchFn } = recorder(() => json(200, { id: "re_1", amount: 500, status: "succeeded" }))
    expect(await createStripePayment(fetchFn, "sk_test_x").refund({ id: "pi_9", status: "succeeded" }, 500)).toEqual({ id: "pi_9", status: "succeeded" })
    expect(calls[0]!.url).toBe("https://api.stripe.com/v1/refunds")
    expect(calls[0]!.init?.body).toBe("amount=500&payment_intent=pi_9")
  })

  it("turns a network failure and a session without a PaymentIntent into PaymentProcessorErrors", async () => {
    const down: typeof fetch = async () => {
      throw new TypeError("connection reset")
    }
    await expect(createStripePayment(down, "sk_test_x").retrieve({ id: "pi_9" })).rejects.toMatchObject({
      message: "Stripe could not be reached", code: "stripe_unreachable", detail: "connection reset",
    })
    const { calls, fetchFn } = recorder(() => json(200, {}))
    await expect(createStripePayment(fetchFn, "sk_test_x").authorize({ id: "../customers" }, context)).rejects.toMatchObject({
      code: "stripe_no_payment_intent",
    })
    expect(calls).toEqual([])
  })
})

const EXPECTED_HMAC = "5446afdeedd923dd6fbb8f136405fb31349832f003063cb168ca421aac752e5c"
