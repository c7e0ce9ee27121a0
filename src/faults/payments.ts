import { PaymentProcessorError, type PaymentRegistry } from "../providers/payment/registry"
import type { PaymentFault } from "./plan"

const FAULTS: Record<PaymentFault, { message: string; code: string }> = {
  fail: { message: "Payment provider is unavailable (injected fault)", code: "provider_unavailable" },
  timeout: { message: "Payment provider timed out (injected fault)", code: "provider_timeout" },
}

/**
 * Test-only (src/faults/plan.ts): every provider of `registry` answers `authorize` with the error an outage or a
 * timed-out call produces, without calling the provider — so the provider is never charged by a faulted request.
 */
export function withPaymentFault(registry: PaymentRegistry, fault: PaymentFault): PaymentRegistry {
  const { message, code } = FAULTS[fault]
  return {
    get(id) {
      const provider = registry.get(id)
      if (!provider) return undefined
      return {
        ...provider,
        authorize: async () => {
          throw new PaymentProcessorError(message, code)
        },
      }
    },
  }
}
