import { HOLD_PREFIX } from "../../src/providers/payment/test-pay"
import { fixtureId } from "./cart-fixtures"

/**
 * Holds a test-pay payment command open inside a cart's Durable Object (test-pay's `hold_url`, answered by a fetch
 * this helper fakes; the object runs in the tests' isolate, so patching globalThis.fetch reaches it). `reached`
 * resolves once the provider waits; `release()` lets it go on; `restore()` puts fetch back (call it in afterEach).
 * Used by cart.concurrency-guards.test.ts and checkout.concurrency.test.ts.
 */
export function holdPayment() {
  const originalFetch = globalThis.fetch
  let release!: () => void
  let entered!: () => void
  const released = new Promise<void>((resolve) => (release = resolve))
  const reached = new Promise<void>((resolve) => (entered = resolve))
  const url = `${HOLD_PREFIX}${fixtureId("hold")}`
  globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const target = input instanceof Request ? input.url : String(input)
    if (target !== url) return originalFetch(input, init)
    entered()
    await released
    return new Response("released")
  }) as typeof fetch
  return {
    url,
    reached,
    release,
    restore: () => {
      release()
      globalThis.fetch = originalFetch
    },
  }
}
