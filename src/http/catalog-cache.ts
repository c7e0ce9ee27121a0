/**
 * Catalog GETs (and the product search POST, keyed by its canonical body) from the edge cache: a per-isolate memory
 * tier (memory-cache.ts), then the Cache API (`caches.default`: the data center's cache; a no-op on *.workers.dev —
 * see README "Catalog cache").
 *
 * - key: catalog version + publishable key + path + sorted query (domain/catalog-cache.ts);
 * - HIT: 0 D1 round trips while the isolate's version memo is fresh (1 when it is re-read);
 * - MISS: the route runs against a D1 session (replicas near the shopper; anchored at the version read's bookmark),
 *   a 200 is stored with its ETag for CATALOG_INVENTORY_TTL (stock) or CATALOG_CACHE_TTL;
 * - BYPASS: caller-dependent answers (cart_id, a logged-in customer on priced routes) are neither read nor stored;
 * - `If-None-Match` matching the ETag → 304 on HIT and MISS alike.
 */
import type { Context } from "hono"
import { createMiddleware } from "hono/factory"
import type { AppEnv } from "../env"
import { createDb } from "../db/client"
import { knownCatalogVersion, seconds } from "./catalog-version"
import {
  bypassReason,
  canonicalJson,
  catalogCacheKeyPath,
  catalogRoutePolicy,
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
    queryKeys: [...url.searchParams.keys()],
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

  const known = await knownCatalogVersion(c)

  const key = new Request(
    url.origin +
      catalogCacheKeyPath({
        version: known.version,
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
    memoryPut(key.url, entry)
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
  memoryPut(key.url, { body, etag, contentType, expiresAtMs })
  // The expiry travels with the entry, so an isolate that copies it into memory keeps the same deadline.
  const headers = new Headers({ etag, "cache-control": `public, max-age=${ttl}`, [EXPIRES_HEADER]: String(expiresAtMs) })
  if (contentType) headers.set("content-type", contentType)
  // Awaited (a local write to this data center's cache): the next request of this shopper finds it.
  await cache.put(key, new Response(body, { status: 200, headers }))
}
