import type { Context, MiddlewareHandler } from "hono"
import type { AppEnv } from "../env"
import { cartCodeAttemptHits, clientKey, enforceRateLimit, RateLimitedError, type LimitName } from "../services/rate-limits"

/** The email in a JSON body, if there is one (the validator that runs next reports a bad body). */
export async function bodyEmail(c: Context<AppEnv>): Promise<string | undefined> {
  try {
    const body: unknown = await c.req.json()
    const email = body && typeof body === "object" ? (body as Record<string, unknown>).email : undefined
    return typeof email === "string" ? email.slice(0, 254) : undefined
  } catch {
    return undefined
  }
}

/** The client address Cloudflare saw ("unknown" outside Cloudflare, e.g. in tests without the header). */
export const clientAddress = (c: Context<AppEnv>) => c.req.header("cf-connecting-ip") ?? "unknown"

/**
 * The body's email together with the client address: a login limit per (email, address) bounds one address's guesses
 * at one account without letting guesses from other addresses lock the owner out.
 */
export async function bodyEmailAtClient(c: Context<AppEnv>): Promise<string | undefined> {
  const email = await bodyEmail(c)
  return email === undefined ? undefined : `${email} ${clientAddress(c)}`
}

/** Counts the request against the client address and `subject` (email or customer); over the limit → 429 + Retry-After. */
export const rateLimit =
  (name: LimitName, subject: (c: Context<AppEnv>) => Promise<string | undefined> | string | undefined): MiddlewareHandler<AppEnv> =>
  async (c, next) => {
    const client = clientAddress(c)
    try {
      await enforceRateLimit(c.var.db, name, client, await subject(c), c.var.now().getTime())
    } catch (err) {
      if (err instanceof RateLimitedError) c.header("Retry-After", String(err.retryAfterSeconds))
      throw err
    }
    await next()
  }

/** Runs `work`; a 429 it throws leaves with `Retry-After` (for limits counted inside a service's own batch). */
export async function withRetryAfter<T>(c: Context<AppEnv>, work: () => Promise<T>): Promise<T> {
  try {
    return await work()
  } catch (err) {
    if (err instanceof RateLimitedError) c.header("Retry-After", String(err.retryAfterSeconds))
    throw err
  }
}

/**
 * Counts the gift-card and discount codes a cart update tries against the client address (CLIENT_LIMITS
 * .cartCodeAttempt); over the limit → 429 + Retry-After before the cart is touched. Without it POST
 * /store/carts/:id would answer "not found" or apply a card for any code, unthrottled, beside the limited
 * GET /store/gift-cards/:code.
 */
export async function limitCartCodeAttempts(c: Context<AppEnv>, codes: number): Promise<void> {
  if (codes === 0) return
  const db = c.var.db
  const hits = cartCodeAttemptHits(db, clientKey(c.req.header("cf-connecting-ip")), codes, c.var.now().getTime())
  const [first, ...rest] = hits.statements
  const results = await db.batch([first!, ...rest])
  await withRetryAfter(c, async () => hits.check(results))
}
