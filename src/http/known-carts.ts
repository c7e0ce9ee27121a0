import type { Context } from "hono"
import { and, eq, isNull } from "drizzle-orm"
import type { AppEnv } from "../env"
import { notFound } from "../domain/errors"
import { cart } from "../db/schema"

/** Ids that can be cart ids at all; anything else is answered 404 without a read. */
const PLAUSIBLE_ID = /^[\w-]{1,128}$/
/** Bounded: an isolate remembers this many carts (oldest forgotten first), a few hundred KB at most. */
const KNOWN_LIMIT = 10_000

// Carts this isolate has seen exist (created here, or read once). A cart's later deletion (housekeeping) is still
// answered 404 correctly, by the cart's object: this only decides whether a request may reach an object at all.
const known = new Set<string>()

export function rememberCart(cartId: string): void {
  known.delete(cartId)
  known.add(cartId)
  if (known.size > KNOWN_LIMIT) {
    const oldest = known.values().next().value
    if (oldest !== undefined) known.delete(oldest)
  }
}

/**
 * Issue 11 §4: a write to an unknown cart id is answered v1's 404 here, at the edge, so an id-spraying client cannot
 * make the platform create a Durable Object per id. A cart this isolate knows costs nothing (the hot path keeps
 * its round trips); an unknown plausible id costs one indexed D1 read, once per isolate.
 */
export async function assertCartExists(c: Context<AppEnv>, cartId: string): Promise<void> {
  if (known.has(cartId)) return
  const missing = notFound(`Cart with ${cartId} was not found`)
  if (!PLAUSIBLE_ID.test(cartId)) throw missing
  const row = await c.var.db.select({ id: cart.id }).from(cart).where(and(eq(cart.id, cartId), isNull(cart.deleted_at))).get()
  if (!row) throw missing
  rememberCart(cartId)
}
