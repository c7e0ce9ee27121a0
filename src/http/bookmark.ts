import type { Context } from "hono"
import { getCookie, setCookie } from "hono/cookie"
import type { AppEnv } from "../env"
import { createDb, type Database } from "../db/client"

/**
 * Read-your-writes over D1's Sessions API. A cart command answers with the D1 bookmark its writes produced (header
 * `x-d1-bookmark`, and a cookie so a browser storefront carries it without code); an order read that brings one
 * back (the confirmation page after completion) is served by a replica at least that fresh, so a shopper never
 * reads older data than they wrote. A read without one goes to the primary. (Cart reads need none: the cart's
 * object answers them, see services/cart-command-runner.ts.)
 */
export const BOOKMARK_HEADER = "x-d1-bookmark"
export const BOOKMARK_COOKIE = "d1_bookmark"

/** D1 bookmarks are dash-separated hex fields; anything else is ignored rather than handed to D1. */
const BOOKMARK = /^[0-9a-f]{1,64}(-[0-9a-f]{1,64}){1,7}$/i

export function setBookmark(c: Context<AppEnv>, bookmark: string): void {
  c.header(BOOKMARK_HEADER, bookmark)
  setCookie(c, BOOKMARK_COOKIE, bookmark, {
    path: "/store",
    httpOnly: true,
    sameSite: "Lax",
    secure: new URL(c.req.url).protocol === "https:",
    maxAge: 24 * 60 * 60,
  })
}

/** The bookmark the request carries (header first, then cookie), if it is well-formed. */
export function requestBookmark(c: Context<AppEnv>): string | undefined {
  const value = c.req.header(BOOKMARK_HEADER) ?? getCookie(c, BOOKMARK_COOKIE)
  return value && BOOKMARK.test(value) ? value : undefined
}

/**
 * Runs `read` on a D1 session at least as fresh as the request's bookmark (else on the primary), counting its
 * round trips with the request's others (x-d1-round-trips).
 */
export async function readYourWrites<T>(c: Context<AppEnv>, read: (db: Database) => Promise<T>): Promise<T> {
  const { db, count } = createDb(c.env.DB.withSession(requestBookmark(c) ?? "first-primary"))
  try {
    return await read(db)
  } finally {
    c.set("remoteD1RoundTrips", (c.var.remoteD1RoundTrips ?? 0) + count())
  }
}
