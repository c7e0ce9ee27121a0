import type { Database } from "../env"
import { MedusaError } from "../domain/errors"
import { pruneRateLimits, rateLimitHit } from "../db/queries/orders"

/** Fixed-window limits for the account routes that can be used to guess passwords, emails or tokens. */
export const AUTH_LIMITS = {
  login: { perClient: 30, perEmail: 10, windowMs: 10 * 60_000 },
  register: { perClient: 10, perEmail: 10, windowMs: 10 * 60_000 },
  exists: { perClient: 30, perEmail: 30, windowMs: 10 * 60_000 },
  passwordToken: { perClient: 10, perEmail: 3, windowMs: 10 * 60_000 },
  passwordReset: { perClient: 10, perEmail: 10, windowMs: 10 * 60_000 },
  claim: { perClient: 10, perEmail: 10, windowMs: 10 * 60_000 },
} as const
export type LimitName = keyof typeof AUTH_LIMITS

export class RateLimitedError extends MedusaError {
  constructor(readonly retryAfterSeconds: number) {
    super("too_many_requests", `Too many attempts. Try again in ${retryAfterSeconds} seconds.`)
  }
}

/**
 * Counts one attempt for the client address and (when known) the email or customer, in one D1 round trip, and throws
 * 429 when either is over its limit. The same `rate_limit` table and counter as the order lookup.
 */
export async function enforceRateLimit(db: Database, name: LimitName, client: string, subject: string | undefined, nowMs: number) {
  const limit = AUTH_LIMITS[name]
  const windowStart = Math.floor(nowMs / limit.windowMs) * limit.windowMs
  const [byClient, bySubject] = await db.batch([
    rateLimitHit(db, `${name}:client:${client}`, windowStart),
    rateLimitHit(db, `${name}:subject:${(subject ?? "").toLowerCase()}`, windowStart),
    pruneRateLimits(db, windowStart - limit.windowMs),
  ])
  const clientHits = byClient[0]?.hits ?? 0
  const subjectHits = subject ? (bySubject[0]?.hits ?? 0) : 0
  if (clientHits > limit.perClient || subjectHits > limit.perEmail) {
    throw new RateLimitedError(Math.ceil((windowStart + limit.windowMs - nowMs) / 1000))
  }
}
