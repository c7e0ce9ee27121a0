import type { Database } from "./db/client"
import type { CartCoordinatorRpc } from "./durable/commands"

// Kept here so the many modules that import `Database` from "./env" need not change; it lives in db/client.ts.
export type { Database }

/** Bindings and vars declared in wrangler.toml (secrets arrive the same way, via `wrangler secret put`). */
export interface Env {
  DB: D1Database
  /** Typed by the object's RPC surface, not its class: env.ts imports no implementation (no import cycle). */
  CART: DurableObjectNamespace<CartCoordinatorRpc>
  /**
   * Where new cart Durable Objects are placed (`locationHint`: wnam, enam, weur, eeur, apac, oc, …). Set it to the
   * region of D1's primary so a command's round trips stay short; unset, an object starts next to its first caller.
   */
  CART_LOCATION_HINT?: string
  /** How long a cart's object trusts the catalog rows (prices, stock, …) it holds for commands that read nothing. */
  CART_STATE_TTL_MS?: string
  /** Comma-separated origins or `/regex/` patterns allowed by CORS on /store. */
  STORE_CORS?: string
  /** Largest accepted request body in bytes. */
  MAX_BODY_BYTES?: string
  /** "true" adds `x-d1-round-trips` to responses (tests and benchmarks only). */
  EXPOSE_D1_COUNT?: string
}

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
}

export interface AppEnv {
  Bindings: Env
  Variables: RequestContext
}
