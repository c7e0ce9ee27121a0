import { env } from "cloudflare:workers"
import { describe, expect, it } from "vitest"
import { createDb } from "../../src/db/client"
import { AUTH_LIMITS, cartCreationGuard, enforceRateLimit, giftCardLookupHit, RateLimitedError } from "../../src/services/rate-limits"
import { fixtureId } from "../helpers/cart-fixtures"

// Every limit counts in a window that opens at a key's first hit and lasts 10 minutes. A window aligned to the clock
// would restart its count at every 10-minute mark: a burst straddling one gets twice the limit (and a test straddling
// one sees no 429). The services take the time as an argument, so these tests place hits either side of a mark.
const TEN_MINUTES = 600_000
const mark = Math.ceil(Date.now() / TEN_MINUTES) * TEN_MINUTES + 7 * TEN_MINUTES // a clock boundary

async function refusal(attempt: Promise<unknown>): Promise<RateLimitedError | undefined> {
  try {
    await attempt
    return undefined
  } catch (err) {
    if (err instanceof RateLimitedError) return err
    throw err
  }
}

describe("rate-limit windows open at the first hit, not at the clock's 10-minute marks", () => {
  it("logins: hits either side of a clock boundary share one window; the 11th is refused until 10 minutes after the first", async () => {
    const { db } = createDb(env.DB)
    const client = fixtureId("10.9.0")
    const email = `${fixtureId("w")}@example.com`
    const first = mark - 5_000
    for (let i = 0; i < AUTH_LIMITS.login.perEmail; i++) {
      expect(await refusal(enforceRateLimit(db, "login", client, email, first + i * 1_000))).toBeUndefined()
    }
    const refused = await refusal(enforceRateLimit(db, "login", client, email, mark + 60_000))
    expect(refused?.retryAfterSeconds).toBe((first + TEN_MINUTES - (mark + 60_000)) / 1000) // 535 s
    // The window closes 10 minutes after its first hit, and a new one opens.
    expect(await refusal(enforceRateLimit(db, "login", client, email, first + TEN_MINUTES + 1))).toBeUndefined()
  })

  it("gift-card lookups: the 31st lookup after the mark is refused, counted with the 30 before it", async () => {
    const { db } = createDb(env.DB)
    const client = fixtureId("10.9.1")
    const first = mark - 30_000
    let rows: { hits: number; window_start: number }[] = []
    for (let i = 0; i <= 30; i++) {
      const hit = giftCardLookupHit(db, client, first + i * 2_000) // the last ones land after the mark
      rows = (await db.batch([hit.statement]))[0]
      if (i < 30) hit.check(rows)
      else expect(() => hit.check(rows)).toThrow(RateLimitedError)
    }
    expect(rows[0]).toEqual({ hits: 31, window_start: first })
  })

  it("cart creation: the guard refuses the hit past the limit across the mark, and lets the first hit of a new window in", async () => {
    const { db } = createDb(env.DB)
    const client = fixtureId("10.9.2")
    const first = mark - 1_000
    for (const at of [first, mark + 1_000, mark + 2_000]) {
      await db.batch([cartCreationGuard(db, client, 3, at).statement])
    }
    const guard = cartCreationGuard(db, client, 3, mark + 3_000)
    const err = await db.batch([guard.statement]).then(() => undefined, (e: unknown) => e)
    expect(guard.refusal(err)).toBeInstanceOf(RateLimitedError)
    await db.batch([cartCreationGuard(db, client, 3, first + TEN_MINUTES + 1).statement])
    const [row] = await env.DB.prepare("SELECT hits, window_start FROM rate_limit WHERE key = ?").bind(`cart-create:client:${client}`).all()
      .then((r) => r.results)
    expect(row).toEqual({ hits: 1, window_start: first + TEN_MINUTES + 1 })
  })
})
