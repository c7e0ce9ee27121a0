import { afterEach, describe, expect, it, vi } from "vitest"
import type { Env } from "../../src/env"
import {
  createPaymentRegistry,
  DEFAULT_PROVIDER_TIMEOUT_MS,
  installedPayments,
  PaymentProcessorError,
  providerTimeoutMs,
  type PaymentContext,
} from "../../src/providers/payment/registry"

const context: PaymentContext = { amount: 2500, currency_code: "usd", resource_id: "cart_1", email: null, customer_id: null, session_data: {} }

describe("providerTimeoutMs", () => {
  it.each([
    [undefined, DEFAULT_PROVIDER_TIMEOUT_MS],
    ["2500", 2500],
    ["0", DEFAULT_PROVIDER_TIMEOUT_MS],
    ["-5", DEFAULT_PROVIDER_TIMEOUT_MS],
    ["soon", DEFAULT_PROVIDER_TIMEOUT_MS],
    [" ", DEFAULT_PROVIDER_TIMEOUT_MS],
  ])("reads %j as %d ms", (value, ms) => {
    expect(providerTimeoutMs({ PAYMENT_PROVIDER_TIMEOUT_MS: value })).toBe(ms)
  })
})

describe("a provider call that does not answer in time", () => {
  it("fails with provider_timeout after the registry's timeout (Stripe over a fetch that never answers)", async () => {
    const registry = createPaymentRegistry({ fetch: () => new Promise<Response>(() => {}), config: { STRIPE_API_KEY: "sk_test_x" }, timeoutMs: 30 })
    const started = Date.now()
    const error = await registry.get("stripe")!.initiate(context).catch((err: unknown) => err)
    expect(error).toBeInstanceOf(PaymentProcessorError)
    expect(error).toMatchObject({ code: "provider_timeout", message: "Payment provider stripe did not answer within 30 ms" })
    expect(Date.now() - started).toBeGreaterThanOrEqual(30)
  })

  it("leaves answers in time untouched", async () => {
    const registry = createPaymentRegistry({ fetch: () => new Promise<Response>(() => {}), config: {}, timeoutMs: 30 })
    const provider = registry.get("test-pay")!
    expect(provider.id).toBe("test-pay")
    expect(await provider.initiate(context)).toEqual({ data: { status: "pending", amount: 2500 } })
  })
})

describe("installedPayments(env): the one way the Worker builds its providers", () => {
  afterEach(() => vi.restoreAllMocks())
  const workerEnv = (vars: Record<string, string>) => vars as unknown as Env

  it("reads STRIPE_API_KEY from the env: Stripe is called with it", async () => {
    const seen: string[] = []
    vi.spyOn(globalThis, "fetch").mockImplementation(async (_input, init) => {
      seen.push(new Headers(init?.headers).get("authorization") ?? "")
      return new Response(JSON.stringify({ id: "pi_1", status: "requires_payment_method", amount: 2500 }), { status: 200 })
    })
    const stripe = installedPayments(workerEnv({ STRIPE_API_KEY: "sk_test_from_env" })).get("stripe")!
    expect((await stripe.initiate(context)).data).toMatchObject({ id: "pi_1" })
    expect(seen).toEqual(["Bearer sk_test_from_env"])
  })

  it("reads PAYMENT_PROVIDER_TIMEOUT_MS from the env: a call that hangs fails with provider_timeout", async () => {
    vi.spyOn(globalThis, "fetch").mockImplementation(() => new Promise<Response>(() => {}))
    const stripe = installedPayments(workerEnv({ STRIPE_API_KEY: "sk_test_x", PAYMENT_PROVIDER_TIMEOUT_MS: "25" })).get("stripe")!
    await expect(stripe.capture({ id: "pi_1" }, { amount: 2500, idempotency_key: "capture:pay_1" })).rejects.toMatchObject({
      code: "provider_timeout", message: "Payment provider stripe did not answer within 25 ms",
    })
  })
})
