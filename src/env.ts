import type { Database } from "./db/client"
import type { CartCoordinatorRpc } from "./durable/commands"

// Kept here so the many modules that import `Database` from "./env" need not change; it lives in db/client.ts.
export type { Database }
import type { PaymentCollectionCoordinatorRpc } from "./durable/collection-commands"
import type { FaultPlan } from "./faults/plan"
import type { CatalogVersion } from "./db/catalog-version"

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
  /** One object per payment collection: serializes its payment-session commands. */
  PAYMENT_COLLECTION: DurableObjectNamespace<PaymentCollectionCoordinatorRpc>
  /** Comma-separated origins or `/regex/` patterns allowed by CORS on /store; `*` allows any origin without credentials. */
  STORE_CORS?: string
  /** Largest accepted request body in bytes. */
  MAX_BODY_BYTES?: string
  /** Carts one client address may create per 10 minutes (default 1000; `0` turns the limit off). */
  CART_CREATE_LIMIT?: string
  /** Static assets (public/): Scalar's bundle for /docs. Served before the Worker runs; bound for tests. */
  ASSETS?: Fetcher
  /** Secret: Stripe's secret API key (sk_…) for the "stripe" payment provider. */
  STRIPE_API_KEY?: string
  /** Milliseconds any one payment provider call may take before it fails with `provider_timeout` (default 30000). */
  PAYMENT_PROVIDER_TIMEOUT_MS?: string
  /** Secret: the signing secret (whsec_…) of the Stripe webhook endpoint POST /hooks/payment/stripe. */
  STRIPE_WEBHOOK_SECRET?: string
  /** "true" adds `x-d1-round-trips` to responses (tests and benchmarks only). */
  EXPOSE_D1_COUNT?: string
  /** "production" (or "staging") turns on Secure/SameSite=None cookies and refuses the dev JWT secret. */
  ENVIRONMENT?: string
  /** HS256 secret for customer JWTs and order-claim tokens (`wrangler secret put JWT_SECRET`). */
  JWT_SECRET?: string
  /** Session cookie name (v1 default `connect.sid`). */
  SESSION_COOKIE_NAME?: string
  /** Session lifetime in seconds (v1 default 10 h). */
  SESSION_TTL_SECONDS?: string
  /** Queue producer for the event outbox (customer.password_reset, order.placed, order-update-token.created). */
  EVENTS?: Queue<EventMessage>
  /** Where the queue consumer POSTs each event; unset: events stay undelivered in the outbox. */
  EVENTS_WEBHOOK_URL?: string
  /** HMAC-SHA256 key for the `x-medusa-signature` header on webhook deliveries. */
  EVENTS_WEBHOOK_SECRET?: string
  /** "off" serves catalog GETs straight from D1 (no edge cache); anything else caches them. */
  CATALOG_CACHE?: string
  /** Seconds a catalog answer that shows stock may be served from the edge cache (default 10). */
  CATALOG_INVENTORY_TTL?: string
  /** Seconds any other catalog answer may stay in the edge cache; a version bump retires it anyway (default 3600). */
  CATALOG_CACHE_TTL?: string
  /** Seconds an isolate reuses the catalog version it last read: the staleness bound after a bump (default 2). */
  CATALOG_VERSION_TTL?: string
  /** Secret guarding /admin (`wrangler secret put ADMIN_API_TOKEN`; `.dev.vars` locally). Unset: /admin always 401. */
  ADMIN_API_TOKEN?: string
  /** Days an uncompleted, unpaid cart may sit unchanged before the cron deletes it (default 30). */
  CART_RETENTION_DAYS?: string
  /** Test-only: "on" honours the `x-fault` header (src/faults/plan.ts). No wrangler.toml environment sets it. */
  FAULTS?: string
}

/** What travels through the EVENTS queue: the outbox row's id (the consumer reads the row itself). */
export interface EventMessage {
  id: string
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
  /** The Idempotency-Key a non-cart idempotent route (returns) uses: the client's, or one made up and echoed. */
  idempotencyKey?: string | undefined
  /** Test-only faults this request asked for (only when env.FAULTS is "on"; src/faults/plan.ts). */
  faults?: FaultPlan | undefined
  /** The catalog version as this request learnt it (http/catalog-version.ts): read at most once per request. */
  catalogVersion?: CatalogVersion | undefined
}

export interface AppEnv {
  Bindings: Env
  Variables: RequestContext
}
