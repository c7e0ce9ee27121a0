import type { DrizzleD1Database } from "drizzle-orm/d1"
import type { CartCoordinator } from "./durable/cart-coordinator"
import type { PaymentCollectionCoordinator } from "./durable/payment-collection-coordinator"

/** Bindings and vars declared in wrangler.toml (secrets arrive the same way, via `wrangler secret put`). */
export interface Env {
  DB: D1Database
  CART: DurableObjectNamespace<CartCoordinator>
  /** One object per payment collection: serializes its payment-session commands. */
  PAYMENT_COLLECTION: DurableObjectNamespace<PaymentCollectionCoordinator>
  /** Comma-separated origins or `/regex/` patterns allowed by CORS on /store. */
  STORE_CORS?: string
  /** Largest accepted request body in bytes. */
  MAX_BODY_BYTES?: string
  /** "true" adds `x-d1-round-trips` to responses (tests and benchmarks only). */
  EXPOSE_D1_COUNT?: string
  /** Secret guarding /admin (`wrangler secret put ADMIN_API_TOKEN`; `.dev.vars` locally). Unset: /admin always 401. */
  ADMIN_API_TOKEN?: string
}

export type Database = DrizzleD1Database

export interface RequestContext {
  db: Database
  requestId: string
  /** Number of D1 round trips this request has made so far (in the Worker). */
  d1RoundTrips: () => number
  /** D1 round trips made on the request's behalf inside a Durable Object. */
  remoteD1RoundTrips?: number
  /** Sales channels in scope of the request's publishable API key (undefined: no key sent). */
  publishableKeyScopes?: string[] | undefined
  /** The logged-in customer (filled by the auth issue's middleware). */
  customerId?: string | undefined
  now: () => Date
  /** The Idempotency-Key a non-cart idempotent route (returns) uses: the client's, or one made up and echoed. */
  idempotencyKey?: string | undefined
}

export interface AppEnv {
  Bindings: Env
  Variables: RequestContext
}
