import { manualPayment } from "./manual"
import { testPayment } from "./test-pay"
import { createStripePayment } from "./stripe"
import type { Env } from "../../env"
import { PaymentProcessorError, type PaymentProvider } from "./types"

export type { CaptureContext, PaymentContext, PaymentProvider, PaymentSessionData, PaymentSessionStatus } from "./types"
export { PaymentProcessorError } from "./types"

/** What a provider may need when it is built: HTTP (injected, so tests record it) and its configuration. */
export interface PaymentProviderDeps {
  fetch: typeof fetch
  config: Readonly<Record<string, string | undefined>>
  /** How long any one provider call may take (default DEFAULT_PROVIDER_TIMEOUT_MS; see providerTimeoutMs). */
  timeoutMs?: number | undefined
}

export const DEFAULT_PROVIDER_TIMEOUT_MS = 30_000

/** PAYMENT_PROVIDER_TIMEOUT_MS as a positive number of milliseconds, else the default. */
export function providerTimeoutMs(env: { PAYMENT_PROVIDER_TIMEOUT_MS?: string | undefined }): number {
  const ms = Number(env.PAYMENT_PROVIDER_TIMEOUT_MS)
  return env.PAYMENT_PROVIDER_TIMEOUT_MS?.trim() && Number.isFinite(ms) && ms > 0 ? ms : DEFAULT_PROVIDER_TIMEOUT_MS
}

/**
 * Every call of `provider` fails with a PaymentProcessorError (`provider_timeout`) once it has run `ms` without an
 * answer. A provider that hangs would otherwise hold its cart's Durable Object queue, and every later command of
 * that cart, for as long as it hangs. The call itself is not cancelled: a late answer is ignored (nothing is
 * written for it), and a retry under the same Idempotency-Key is one charge for providers that deduplicate by key.
 */
function withTimeout(provider: PaymentProvider, ms: number): PaymentProvider {
  const wrapped: Record<string, unknown> = {}
  for (const [name, value] of Object.entries(provider)) {
    wrapped[name] =
      typeof value === "function" ? (...args: unknown[]) => within(ms, provider.id, () => value.apply(provider, args)) : value
  }
  return wrapped as unknown as PaymentProvider
}

async function within<T>(ms: number, providerId: string, call: () => Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new PaymentProcessorError(`Payment provider ${providerId} did not answer within ${ms} ms`, "provider_timeout")), ms)
  })
  try {
    return await Promise.race([call(), timedOut])
  } finally {
    clearTimeout(timer)
  }
}

/**
 * The installed providers as the Worker runs them, built from its env and nothing else: over the global fetch, with
 * the env's secrets (STRIPE_API_KEY) and every call limited to its PAYMENT_PROVIDER_TIMEOUT_MS. Every place that
 * calls a provider builds its registry here (or is handed one by a test), so none can leave a secret out.
 */
export function installedPayments(env: Env): PaymentRegistry {
  return createPaymentRegistry({
    fetch: (input, init) => fetch(input, init),
    config: { STRIPE_API_KEY: env.STRIPE_API_KEY },
    timeoutMs: providerTimeoutMs(env),
  })
}

type Factory = (deps: PaymentProviderDeps) => PaymentProvider

/**
 * Provider implementations by id. Which providers a cart may use is the region's business (region_payment_provider);
 * an id a region lists without an implementation here is treated as not available. A provider that calls a
 * payment service takes the injected fetch and its secrets from `config` (read from the Worker's env).
 */
const FACTORIES: Readonly<Record<string, Factory>> = {
  manual: () => manualPayment,
  "test-pay": () => testPayment,
  stripe: (deps) => createStripePayment(deps.fetch, deps.config.STRIPE_API_KEY),
}

export interface PaymentRegistry {
  /** The implementation of `id`, or undefined when none is installed. */
  get(id: string): PaymentProvider | undefined
}

export function createPaymentRegistry(deps: PaymentProviderDeps): PaymentRegistry {
  const built = new Map<string, PaymentProvider>()
  return {
    get(id) {
      const factory = Object.hasOwn(FACTORIES, id) ? FACTORIES[id] : undefined
      if (!factory) return undefined
      let provider = built.get(id)
      if (!provider) {
        provider = withTimeout(factory(deps), deps.timeoutMs ?? DEFAULT_PROVIDER_TIMEOUT_MS)
        built.set(id, provider)
      }
      return provider
    },
  }
}
