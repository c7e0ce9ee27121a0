import type { Database, Env } from "../env"
import type { PaymentRegistry } from "../providers/payment/registry"
import type { Read } from "../db/reads"
import type { CartAggregate } from "../db/queries/carts"
import type { CartState } from "./cart-state"

/** What a cart command runs with: the database, the request's clock and who is asking. */
export interface CartContext {
  db: Database
  env: Env
  now: () => Date
  /** The request's id (for logs inside the cart's object). */
  requestId?: string | undefined
  customerId?: string | undefined
  publishableKeyScopes?: string[] | undefined
  /** Payment providers (default: the installed ones over the global fetch; tests may pass recorders). */
  payments?: PaymentRegistry | undefined
  /**
   * The catalog version this isolate knows (http/catalog-version.ts), when reference rows may be reused under it
   * (services/reference-memo.ts); undefined: read them fresh.
   */
  catalogVersion?: number | undefined
}

/** Edits a copy of the cart's state in memory; may add reference rows it loaded to the (working) aggregate. */
export type CartChange = (state: CartState, aggregate: CartAggregate) => void | Promise<void>

/**
 * What a command will do to a cart: a change it can apply right away, or the reads it needs first (which run in
 * the same batch as the cart and the idempotency key, and are parsed into the change).
 */
export type CartPlan = { change: CartChange } | { read: Read<CartChange> }
