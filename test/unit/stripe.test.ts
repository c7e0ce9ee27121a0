import { describe, expect, it } from "vitest"
import { formEncode, stripeStatus } from "../../src/providers/payment/stripe"
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

const EXPECTED_HMAC = "5446afdeedd923dd6fbb8f136405fb31349832f003063cb168ca421aac752e5c"
