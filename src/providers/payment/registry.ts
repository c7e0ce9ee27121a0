import { manualPayment } from "./manual"
import { testPayment } from "./test-pay"
import { createStripePayment } from "./stripe"
import type { PaymentProvider } from "./types"

export type { PaymentContext, PaymentProvider, PaymentSessionData, PaymentSessionStatus } from "./types"
export { PaymentProcessorError } from "./types"

/** What a provider may need when it is built: HTTP (injected, so tests record it) and its configuration. */
export interface PaymentProviderDeps {
  fetch: typeof fetch
  config: Readonly<Record<string, string | undefined>>
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
        provider = factory(deps)
        built.set(id, provider)
      }
      return provider
    },
  }
}
