import type { Context, MiddlewareHandler } from "hono"
import type { AppEnv } from "../env"
import { invalidData } from "../domain/errors"
import { MAX_KEY_LENGTH } from "../services/idempotency"

/**
 * The request's `Idempotency-Key` (catalog §3(c)), or a fresh one, echoed on the answer — errors included — so a
 * client can retry with the key the server used (the CORS middleware exposes the header).
 */
export function takeIdempotencyKey(c: Context<AppEnv>): string {
  const key = c.req.header("idempotency-key") || crypto.randomUUID()
  c.header("Idempotency-Key", key)
  if (key.length > MAX_KEY_LENGTH) throw invalidData(`Idempotency-Key must be shorter than or equal to ${MAX_KEY_LENGTH} characters`)
  return key
}

/** Middleware form for idempotent routes outside the cart's object (returns, swaps): runs before body validation. */
export const idempotencyKey: MiddlewareHandler<AppEnv> = async (c, next) => {
  c.set("idempotencyKey", takeIdempotencyKey(c))
  await next()
}
