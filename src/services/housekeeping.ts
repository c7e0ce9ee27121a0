import type { Env } from "../env"
import { AUTH_LIMITS } from "./rate-limits"
import { LOOKUP_WINDOW_MS } from "./orders"
import { claimLeaseMs } from "./payment-claims"
import { providerTimeoutMs } from "../providers/payment/registry"

/**
 * The cron's housekeeping (wrangler.toml [triggers]): deletes rows nobody can use any more, in bounded chunks so one
 * run never holds D1 for long and a backlog drains over several runs. Raw SQL on the binding: every statement is a
 * `DELETE … WHERE rowid IN (SELECT … LIMIT n)`, which Drizzle cannot express without the same raw SQL.
 */
export const HOUSEKEEPING_BATCH = 500
export const IDEMPOTENCY_KEY_TTL_MS = 24 * 3_600_000
export const DELIVERED_EVENT_TTL_MS = 7 * 24 * 3_600_000
export const DEFAULT_CART_RETENTION_DAYS = 30
/** A rate-limit row is dead once its window (the longest any limit uses) is over. */
const RATE_LIMIT_WINDOW_MS = Math.max(LOOKUP_WINDOW_MS, ...Object.values(AUTH_LIMITS).map((l) => l.windowMs))

export interface HousekeepingReport {
  idempotencyKeys: number
  sessions: number
  rateLimits: number
  deliveredEvents: number
  carts: number
  paymentClaims: number
}

export function cartRetentionDays(env: Pick<Env, "CART_RETENTION_DAYS">): number {
  const days = Number(env.CART_RETENTION_DAYS)
  return Number.isFinite(days) && days > 0 ? days : DEFAULT_CART_RETENTION_DAYS
}

export async function runHousekeeping(env: Env, now: Date, limit = HOUSEKEEPING_BATCH): Promise<HousekeepingReport> {
  const db = env.DB
  const nowMs = now.getTime()
  const iso = (ms: number) => new Date(ms).toISOString()
  const prune = async (sql: string, ...params: unknown[]) => (await db.prepare(sql).bind(...params).run()).meta.changes
  // Each table is independent: one failing (a lock, a schema drift) must not keep the others from being pruned.
  const settle = async (fn: () => Promise<number>, table: string) => {
    try {
      return await fn()
    } catch (err) {
      console.error(JSON.stringify({ level: "error", msg: "housekeeping failed", table, error: String(err) }))
      return 0
    }
  }
  return {
    // Only finished keys: a key still `started` or mid-checkout is a recovery point a retry must find.
    idempotencyKeys: await settle(
      () =>
        prune(
          `DELETE FROM idempotency_key WHERE rowid IN (SELECT rowid FROM idempotency_key
             WHERE finished_at IS NOT NULL AND finished_at < ? AND recovery_point = 'finished' LIMIT ?)`,
          iso(nowMs - IDEMPOTENCY_KEY_TTL_MS),
          limit,
        ),
      "idempotency_key",
    ),
    sessions: await settle(
      () => prune(`DELETE FROM customer_session WHERE rowid IN (SELECT rowid FROM customer_session WHERE expires_at < ? LIMIT ?)`, nowMs, limit),
      "customer_session",
    ),
    rateLimits: await settle(
      () =>
        prune(
          `DELETE FROM rate_limit WHERE rowid IN (SELECT rowid FROM rate_limit WHERE window_start < ? LIMIT ?)`,
          nowMs - RATE_LIMIT_WINDOW_MS,
          limit,
        ),
      "rate_limit",
    ),
    // Undelivered rows stay whatever their age: the relay still owes them a delivery.
    deliveredEvents: await settle(
      () =>
        prune(
          `DELETE FROM event_outbox WHERE rowid IN (SELECT rowid FROM event_outbox WHERE delivered_at IS NOT NULL AND delivered_at < ? LIMIT ?)`,
          iso(nowMs - DELIVERED_EVENT_TTL_MS),
          limit,
        ),
      "event_outbox",
    ),
    carts: await settle(() => pruneAbandonedCarts(db, iso(nowMs - cartRetentionDays(env) * 86_400_000), limit), "cart"),
    // A claim outlives its lease only when the Worker that held it died mid-call; past the lease any request may
    // take it over (same provider key), so deleting it changes nothing but the table's size.
    paymentClaims: await settle(
      () =>
        prune(
          `DELETE FROM payment_claim WHERE rowid IN (SELECT rowid FROM payment_claim WHERE claimed_at < ? LIMIT ?)`,
          iso(nowMs - claimLeaseMs(providerTimeoutMs(env))),
          limit,
        ),
      "payment_claim",
    ),
  }
}

/**
 * Which carts are abandoned, re-evaluated by every statement of the delete batch (a cart touched between the
 * candidate read and the batch survives whole). Never a cart that is completed, has an authorized payment, a
 * payment row or an order: those are money. Only `default` carts: swap and claim carts belong to their after-sale
 * record.
 */
const ABANDONED_WHERE = `completed_at IS NULL AND payment_authorized_at IS NULL AND type = 'default' AND updated_at < ?2
  AND NOT EXISTS (SELECT 1 FROM payment p WHERE p.cart_id = cart.id)
  AND NOT EXISTS (SELECT 1 FROM "order" o WHERE o.cart_id = cart.id)`
const ABANDONED = `SELECT id FROM cart WHERE id IN (SELECT value FROM json_each(?1)) AND ${ABANDONED_WHERE}`

/** A cart's own addresses (no customer) that nothing else points at once the cart is gone. */
const ORPHAN_ADDRESSES = `DELETE FROM address WHERE customer_id IS NULL
  AND id IN (SELECT shipping_address_id FROM cart WHERE id IN (${ABANDONED})
             UNION SELECT billing_address_id FROM cart WHERE id IN (${ABANDONED}))
  AND NOT EXISTS (SELECT 1 FROM "order" o WHERE o.shipping_address_id = address.id OR o.billing_address_id = address.id)
  AND NOT EXISTS (SELECT 1 FROM customer c WHERE c.billing_address_id = address.id)
  AND NOT EXISTS (SELECT 1 FROM cart c WHERE (c.shipping_address_id = address.id OR c.billing_address_id = address.id)
                  AND c.id NOT IN (${ABANDONED}))`

/** Children first, the cart row last: every statement still sees the cart and so the same abandoned set. */
const CART_DELETES = [
  `DELETE FROM line_item_adjustment WHERE item_id IN (SELECT id FROM line_item WHERE cart_id IN (${ABANDONED}))`,
  `DELETE FROM line_item_tax_line WHERE item_id IN (SELECT id FROM line_item WHERE cart_id IN (${ABANDONED}))`,
  `DELETE FROM line_item WHERE cart_id IN (${ABANDONED})`,
  `DELETE FROM shipping_method_tax_line WHERE shipping_method_id IN (SELECT id FROM shipping_method WHERE cart_id IN (${ABANDONED}))`,
  `DELETE FROM shipping_method WHERE cart_id IN (${ABANDONED})`,
  `DELETE FROM cart_discounts WHERE cart_id IN (${ABANDONED})`,
  `DELETE FROM cart_gift_cards WHERE cart_id IN (${ABANDONED})`,
  `DELETE FROM payment_session WHERE cart_id IN (${ABANDONED})`,
  ORPHAN_ADDRESSES,
  `DELETE FROM cart WHERE id IN (${ABANDONED})`,
]

async function pruneAbandonedCarts(db: D1Database, cutoff: string, limit: number): Promise<number> {
  const candidates = await db
    .prepare(`SELECT id FROM cart WHERE ${ABANDONED_WHERE} ORDER BY updated_at LIMIT ?1`)
    .bind(limit, cutoff)
    .all<{ id: string }>()
  if (candidates.results.length === 0) return 0
  // One JSON parameter instead of one per id: D1 binds at most 100 parameters per statement.
  const ids = JSON.stringify(candidates.results.map((r) => r.id))
  const results = await db.batch(CART_DELETES.map((sql) => db.prepare(sql).bind(ids, cutoff)))
  return results.at(-1)?.meta.changes ?? 0
}
