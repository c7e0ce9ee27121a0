/**
 * Catalog GETs (and the product search POST, keyed by its canonical body) from the edge cache: a per-isolate memory
 * tier (memory-cache.ts), then the Cache API (`caches.default`: the data center's cache; a no-op on *.workers.dev —
 * see README "Catalog cache").
 *
 * - key: catalog version (+ stock version for answers that show stock) + publishable key + path + sorted query
 *   (domain/catalog-cache.ts);
 * - HIT: 0 D1 round trips while the isolate's version memo is fresh (1 when it is re-read);
 * - MISS: the route runs against a D1 session (replicas near the shopper; anchored at the version read's bookmark),
 *   a 200 is stored with its ETag for CATALOG_INVENTORY_TTL (stock) or CATALOG_CACHE_TTL;
 * - BYPASS: caller-dependent answers (cart_id, a logged-in customer on priced routes) are neither read nor stored;
 * - `If-None-Match` matching the ETag → 304 on HIT and MISS alike;
 * - STOCK: a request that may move stock (domain changesStock) tells this data center when it succeeded
 *   (stockChangeSignal); a stock-showing read whose isolate learned the versions before that re-reads them, so it
 *   keys on the new stock version at once. Elsewhere the new stock version is learned within CATALOG_VERSION_TTL.
 */
import type { Context } from "hono"
import { createMiddleware } from "hono/factory"
import type { AppEnv } from "../env"
import { createDb } from "../db/client"
import { knownCatalogVersion, seconds } from "./catalog-version"
import { queryParamNames } from "./query-string"
import {
  bypassReason,
  canonicalJson,
  catalogCacheKeyPath,
  catalogRoutePolicy,
  changesStock,
  entryTtlSeconds,
  ifNoneMatchHits,
  type CatalogRoutePolicy,
} from "../domain/catalog-cache"
import { PUBLISHABLE_KEY_HEADER, publishableKeyOf } from "./sales-channel-scope"
import { memoryGet, memoryPut } from "./memory-cache"


/** Browsers and shared caches in front revalidate every time (a 304 is cheap); the edge cache holds the body. */
const EXPIRES_HEADER = "x-catalog-expires-at"
const CLIENT_CACHE_CONTROL = "public, max-age=0, must-revalidate"
const VARY = "Origin, x-publishable-api-key, Authorization"

/** A strong ETag over the body: equal bytes, equal tag, whichever isolate or version produced them. */
const etagOf = async (body: string): Promise<string> => `"${await digestHex(body)}"`

/** The first 16 bytes of SHA-256, hex: a short, stable name for a request body in a cache key. */
async function digestHex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text))
  return [...new Uint8Array(digest).slice(0, 16)].map((b) => b.toString(16).padStart(2, "0")).join("")
}

/**
 * The query part of the key: a GET's own; for a search POST, its canonical body's digest (undefined when the body
 * is not JSON: the route answers 400 and nothing is cached). Hono keeps the body, so the validator still reads it.
 */
async function keyedQuery(c: Context<AppEnv>, url: URL): Promise<string | undefined> {
  if (c.req.method === "GET") return url.search
  const canonical = canonicalJson(await c.req.text())
  return canonical === undefined ? undefined : `?body=${await digestHex(canonical)}`
}

export const catalogCache = createMiddleware<AppEnv>(async (c, next) => {
  if (c.env.CATALOG_CACHE === "off") return next()
  const url = new URL(c.req.url)
  const policy = catalogRoutePolicy(c.req.method, url.pathname)
  if (!policy) return next()
  const search = await keyedQuery(c, url)
  if (search === undefined) return next()

  const reason = bypassReason(policy, {
    // The names the query parser builds (`cart_id[` is cart_id to the route), not the raw ones.
    queryKeys: queryParamNames(url.search),
    // Set by authenticateCustomer, which app.ts runs before this middleware.
    customerId: c.var.customerId,
  })
  if (reason) {
    useReadSession(c, "first-unconstrained")
    await next()
    c.res.headers.set("x-cache", "BYPASS")
    c.res.headers.set("cache-control", "private, no-store")
    return
  }

  const known = await knownCatalogVersion(c, policy.showsStock ? await stockChangedAt(url.origin) : 0)

  const key = new Request(
    url.origin +
      catalogCacheKeyPath({
        version: known.version,
        stock: policy.showsStock ? known.stock : undefined,
        publishableKey: publishableKeyOf(c.req.header(PUBLISHABLE_KEY_HEADER)),
        pathname: url.pathname,
        search,
      }),
  )
  const now = Date.now()
  const inMemory = memoryGet(key.url, now)
  if (inMemory) return answer(c, "HIT", inMemory.etag, inMemory.body, inMemory.contentType)
  const cache = caches.default
  const hit = await cache.match(key)
  if (hit) {
    const entry = {
      body: await hit.text(),
      etag: hit.headers.get("etag") ?? "",
      contentType: hit.headers.get("content-type"),
      expiresAtMs: Number(hit.headers.get(EXPIRES_HEADER)) || now,
    }
    memoryPut(key.url, entry, now)
    return answer(c, "HIT", entry.etag, entry.body, entry.contentType)
  }

  useReadSession(c, known.bookmark ?? "first-unconstrained")
  await next()
  if (c.res.status !== 200) {
    // Errors are not stored: a 404 for a product that is about to be imported must not outlive the import.
    c.res.headers.set("x-cache", "MISS")
    return
  }
  const body = await c.res.clone().text()
  const etag = await etagOf(body)
  const contentType = c.res.headers.get("content-type")
  await store(cache, key, body, etag, contentType, policy, c.env)
  return answer(c, "MISS", etag, body, contentType)
})

/** Catalog reads go through a D1 session (read replicas); round trips keep being counted for x-d1-round-trips. */
function useReadSession(c: Context<AppEnv>, anchor: string) {
  const { db, count } = createDb(c.env.DB.withSession(anchor))
  const before = c.var.d1RoundTrips
  c.set("db", db)
  c.set("d1RoundTrips", () => before() + count())
}

function answer(
  c: Context<AppEnv>,
  state: "HIT" | "MISS",
  etag: string,
  body: string,
  contentType: string | null,
) {
  const headers: Record<string, string> = {
    "x-cache": state,
    etag,
    "cache-control": CLIENT_CACHE_CONTROL,
    vary: VARY,
  }
  // Assigned, not only returned: after `next()` Hono keeps c.res and ignores a middleware's return value.
  // A 304 answers a conditional GET only (a search POST gets its body; RFC 9110 §13.1.2).
  if (c.req.method === "GET" && ifNoneMatchHits(c.req.header("if-none-match"), etag)) c.res = c.body(null, 304, headers)
  else {
    if (contentType) headers["content-type"] = contentType
    c.res = c.body(body, 200, headers)
  }
  return c.res
}

async function store(
  cache: Cache,
  key: Request,
  body: string,
  etag: string,
  contentType: string | null,
  policy: CatalogRoutePolicy,
  env: AppEnv["Bindings"],
) {
  const ttl = entryTtlSeconds(policy, {
    inventory: seconds(env.CATALOG_INVENTORY_TTL, 10),
    catalog: seconds(env.CATALOG_CACHE_TTL, 3600),
  })
  if (ttl === 0) return
  const expiresAtMs = Date.now() + ttl * 1000
  memoryPut(key.url, { body, etag, contentType, expiresAtMs }, Date.now())
  // The expiry travels with the entry, so an isolate that copies it into memory keeps the same deadline.
  const headers = new Headers({ etag, "cache-control": `public, max-age=${ttl}`, [EXPIRES_HEADER]: String(expiresAtMs) })
  if (contentType) headers.set("content-type", contentType)
  // Awaited (a local write to this data center's cache): the next request of this shopper finds it.
  await cache.put(key, new Response(body, { status: 200, headers }))
}

/**
 * When this data center last saw a stock change succeed: this isolate's own record, or the one any isolate of the
 * data center left in its cache (caches.default is shared by the data center; a no-op on *.workers.dev).
 */
let localStockChangeMs = 0
const STOCK_SIGNAL_PATH = "/__catalog/stock-changed"

async function stockChangedAt(origin: string): Promise<number> {
  const signal = await caches.default.match(new Request(origin + STOCK_SIGNAL_PATH))
  const shared = signal ? Number(await signal.text()) || 0 : 0
  return Math.max(localStockChangeMs, shared)
}

/**
 * Runs around every route: after a request that may have moved stock answers 2xx, records the time here and in the
 * data center's cache (for as long as an isolate may keep a version memo), so the next stock-showing read re-reads
 * the stock version instead of serving the answers of the old one.
 */
export const stockChangeSignal = createMiddleware<AppEnv>(async (c, next) => {
  await next()
  if (c.env.CATALOG_CACHE === "off" || c.res.status < 200 || c.res.status > 299) return
  const url = new URL(c.req.url)
  if (!changesStock(c.req.method, url.pathname)) return
  const now = Date.now()
  localStockChangeMs = Math.max(localStockChangeMs, now)
  const maxAge = Math.ceil(seconds(c.env.CATALOG_VERSION_TTL, 2)) + 1
  await caches.default.put(
    new Request(url.origin + STOCK_SIGNAL_PATH),
    new Response(String(now), { headers: { "cache-control": `public, max-age=${maxAge}` } }),
  )
})

/** Forgets this isolate's own record of a stock change (tests use it to act as an isolate that did not see it). */
export function forgetLocalStockChange(): void {
  localStockChangeMs = 0
}
