import type { Context } from "hono"
import type { AppEnv } from "../env"
import { currentCatalogVersion, type CatalogVersion } from "../db/catalog-version"

/** A non-negative number of seconds from a var, else `fallback`. */
export const seconds = (value: string | undefined, fallback: number) => {
  const n = Number(value)
  return value !== undefined && value.trim() !== "" && Number.isFinite(n) && n >= 0 ? n : fallback
}

/**
 * The catalog version this isolate knows: re-read from D1's primary at most every CATALOG_VERSION_TTL seconds
 * (default 2), at once when it was read before `notBeforeMs` (a stock change in this data center), and once per
 * request at most; a re-read counts as a round trip of the request (x-d1-round-trips).
 */
export async function knownCatalogVersion(c: Context<AppEnv>, notBeforeMs = 0): Promise<CatalogVersion> {
  if (c.var.catalogVersion) return c.var.catalogVersion
  const maxAgeMs = seconds(c.env.CATALOG_VERSION_TTL, 2) * 1000
  const known = await currentCatalogVersion(c.env.DB, maxAgeMs, Date.now(), notBeforeMs)
  if (known.fresh) {
    const before = c.var.d1RoundTrips
    c.set("d1RoundTrips", () => before() + 1)
  }
  c.set("catalogVersion", known)
  return known
}

/**
 * The catalog version under which catalog reference rows may be reused (services/reference-memo.ts), or undefined
 * when CATALOG_CACHE=off: then they are read every time.
 */
export async function referenceVersion(c: Context<AppEnv>): Promise<number | undefined> {
  return c.env.CATALOG_CACHE === "off" ? undefined : (await knownCatalogVersion(c)).version
}
