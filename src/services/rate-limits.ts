import type { Database } from "../env"
import { MedusaError } from "../domain/errors"
import { guardedRateLimitHit, pruneRateLimits, rateLimitHit, secondsLeftInWindow } from "../db/queries/orders"
import { isGuardFailure } from "../db/guards"

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
  const [byClient, bySubject] = await db.batch([
    rateLimitHit(db, `${name}:client:${client}`, nowMs, limit.windowMs),
    rateLimitHit(db, `${name}:subject:${(subject ?? "").toLowerCase()}`, nowMs, limit.windowMs),
    pruneRateLimits(db, nowMs - limit.windowMs),
  ])
  const over = [
    byClient[0] && byClient[0].hits > limit.perClient ? byClient[0] : undefined,
    subject && bySubject[0] && bySubject[0].hits > limit.perEmail ? bySubject[0] : undefined,
  ].filter((row) => row !== undefined)
  if (over.length > 0) {
    throw new RateLimitedError(Math.max(...over.map((row) => secondsLeftInWindow(row.window_start, limit.windowMs, nowMs))))
  }
}

// ---- per client address, counted inside the limited request's own D1 batch (no extra round trip)

const TEN_MINUTES = 10 * 60_000

/**
 * Gift-card lookups (a guessing target: merchants pick short codes), new carts (each one is stored), and gift-card
 * and discount codes tried on a cart (the same guessing target, through POST /store/carts/:id).
 */
export const CLIENT_LIMITS = {
  giftCardLookup: { key: "gift-card-lookup", perClient: 30, windowMs: TEN_MINUTES },
  cartCreation: { key: "cart-create", perClient: 1000, windowMs: TEN_MINUTES },
  cartCodeAttempt: { key: "cart-code-attempt", perClient: 60, windowMs: TEN_MINUTES },
} as const

/**
 * CART_CREATE_LIMIT: carts one client address may create per 10 minutes. Unset, empty or not a whole number → the
 * default (1,000: far above what shoppers behind one address do, far below filling D1); `0` turns the limit off
 * (a storefront that creates every cart from its own server address).
 */
export function cartCreationLimit(config: string | undefined): number | undefined {
  const n = Number(config)
  if (config === undefined || config.trim() === "" || !Number.isInteger(n) || n < 0) return CLIENT_LIMITS.cartCreation.perClient
  return n === 0 ? undefined : n
}

/**
 * The key a client address is counted under: IPv4 (or anything else) as given, clipped; IPv6 by its /64, since one
 * host or subscriber usually holds a whole /64 and could otherwise pick a new address per request.
 */
export function clientKey(address: string | undefined): string {
  const value = (address ?? "").trim().toLowerCase().slice(0, 100)
  if (!value) return "unknown"
  if (!value.includes(":") || !/^[0-9a-f:.]+$/.test(value)) return value
  // An IPv4 address written as IPv6 (::ffff:203.0.113.7) is that IPv4 client, not the /64 of all of them.
  const v4 = /(\d{1,3}(?:\.\d{1,3}){3})$/.exec(value)
  if (v4) return v4[1]!
  const [head = "", tail] = value.split("::", 2)
  const front = head ? head.split(":") : []
  const back = tail ? tail.split(":") : []
  const groups = tail === undefined ? front : [...front, ...Array<string>(Math.max(0, 8 - front.length - back.length)).fill("0"), ...back]
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, "")).join(":")}::/64`
}

/** One gift-card lookup from `client`: the counter statement to batch with the lookup, and the check of its result. */
export function giftCardLookupHit(db: Database, client: string, nowMs: number) {
  const limit = CLIENT_LIMITS.giftCardLookup
  return {
    statement: rateLimitHit(db, `${limit.key}:client:${client}`, nowMs, limit.windowMs),
    check(rows: { hits: number; window_start: number }[]): void {
      const row = rows[0]
      if (row && row.hits > limit.perClient) throw new RateLimitedError(secondsLeftInWindow(row.window_start, limit.windowMs, nowMs))
    },
  }
}

/**
 * One cart creation from `client`, as a statement for the creation's own write batch: over `perClient` it fails
 * (a guarded write), so the batch — the cart with it — rolls back; `refusal` turns that failure into the 429. The
 * failed batch returns nothing, so Retry-After is the whole window (an upper bound).
 */
export function cartCreationGuard(db: Database, client: string, perClient: number, nowMs: number) {
  const { key, windowMs } = CLIENT_LIMITS.cartCreation
  return {
    statement: guardedRateLimitHit(db, `${key}:client:${client}`, nowMs, windowMs, perClient),
    refusal(err: unknown): RateLimitedError | undefined {
      return isGuardFailure(err, "rate_limit.hits") ? new RateLimitedError(windowMs / 1000) : undefined
    },
  }
}

/**
 * `codes` gift-card or discount codes tried on a cart by `client`: one counter hit per code (so a request listing
 * many codes costs as many attempts), to batch in one round trip, and the check of the last hit's count.
 */
export function cartCodeAttemptHits(db: Database, client: string, codes: number, nowMs: number) {
  const limit = CLIENT_LIMITS.cartCodeAttempt
  const key = `${limit.key}:client:${client}`
  return {
    statements: Array.from({ length: codes }, () => rateLimitHit(db, key, nowMs, limit.windowMs)),
    check(results: { hits: number; window_start: number }[][]): void {
      const row = results.at(-1)?.[0]
      if (row && row.hits > limit.perClient) throw new RateLimitedError(secondsLeftInWindow(row.window_start, limit.windowMs, nowMs))
    },
  }
}
