/**
 * What the edge cache may do with a catalog GET: which paths are catalog, which show stock (and so may be stale by
 * at most the inventory TTL), which may one day depend on the logged-in customer (customer-group prices), and the
 * normalized key. Pure: the middleware in http/catalog-cache.ts does the I/O.
 */

export interface CatalogRoutePolicy {
  /** The answer shows inventory_quantity: cached for CATALOG_INVENTORY_TTL only (stock moves without a version bump). */
  showsStock: boolean
  /** The answer may depend on the customer (v1 prices by customer group): bypassed for a logged-in customer. */
  perCustomer: boolean
}

const STATIC: CatalogRoutePolicy = { showsStock: false, perCustomer: false }
const PRICED: CatalogRoutePolicy = { showsStock: true, perCustomer: true }

/** Catalog resources: the first path segment under /store, and whether `/:id` is also a catalog read. */
const RESOURCES: Record<string, { policy: CatalogRoutePolicy; byId: boolean }> = {
  regions: { policy: STATIC, byId: true },
  products: { policy: PRICED, byId: true },
  variants: { policy: PRICED, byId: true },
  "product-categories": { policy: STATIC, byId: true },
  "product-tags": { policy: STATIC, byId: false },
  "product-types": { policy: STATIC, byId: false },
  collections: { policy: STATIC, byId: true },
  // /shipping-options/:cart_id is priced against a cart: a shopper's answer, never cached.
  "shipping-options": { policy: STATIC, byId: false },
  "return-reasons": { policy: STATIC, byId: true },
}

/**
 * POST /store/products/search reads the catalog too: hits are products with their variants (stock, no prices), the
 * same for every caller with the same body and publishable key.
 */
const SEARCH_PATH = "/store/products/search"
const SEARCH: CatalogRoutePolicy = { showsStock: true, perCustomer: false }

/** The policy for a request, or undefined when it is not a cacheable catalog read. */
export function catalogRoutePolicy(method: string, pathname: string): CatalogRoutePolicy | undefined {
  if (method === "POST") return pathname === SEARCH_PATH ? SEARCH : undefined
  if (method !== "GET") return undefined
  const parts = pathname.split("/")
  // ["", "store", resource] or ["", "store", resource, id]; a trailing slash adds an empty segment.
  if (parts[1] !== "store" || parts.length < 3 || parts.length > 4) return undefined
  const resource = RESOURCES[parts[2] ?? ""]
  if (!resource) return undefined
  const id = parts[3]
  if (id === undefined || id === "") return resource.policy
  return resource.byId ? resource.policy : undefined
}

export interface CallerSignals {
  /** Query parameter names of the request. */
  queryKeys: readonly string[]
  /** The customer the auth middleware resolved (a valid session cookie or Bearer JWT); undefined when anonymous. */
  customerId: string | undefined
}

/**
 * Why a catalog GET must not be answered from (or stored in) the shared cache, or undefined when it may.
 * - `cart_id` prices against a shopper's cart (its region today, its customer's groups in v1): never shared;
 * - a logged-in customer on a route whose prices may depend on them (v1 customer-group price lists). An invalid or
 *   expired credential leaves the request anonymous, and then it is cached like any other.
 */
export function bypassReason(policy: CatalogRoutePolicy, caller: CallerSignals): string | undefined {
  if (caller.queryKeys.includes("cart_id")) return "cart pricing context"
  if (policy.perCustomer && caller.customerId) return "authenticated customer"
  return undefined
}

/**
 * The cache key's path: catalog version, publishable key (its channels scope the answer; the key → channels
 * mapping is catalog data, so a change bumps the version), request path and the query sorted by name (stable, so
 * repeated keys such as `id[]` keep their order). `region_id` / `currency_code` ride along in the query.
 * @example catalogCacheKeyPath({version: 7, publishableKey: undefined, pathname: "/store/products", search: "?b=1&a=2"})
 *   // "/__catalog/v7/_/store/products?a=2&b=1" (with stock: 3, "/__catalog/v7s3/_/store/products?a=2&b=1")
 */
export function catalogCacheKeyPath(input: {
  version: number
  /** The stock version (migration 0027), for answers that show stock: a sale retires them, nothing else. */
  stock?: number | undefined
  publishableKey: string | undefined
  pathname: string
  search: string
}): string {
  const params = [...new URLSearchParams(input.search)]
  params.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  const query = new URLSearchParams(params).toString()
  const key = input.publishableKey ? `k${encodeURIComponent(input.publishableKey)}` : "_"
  const version = input.stock === undefined ? `v${input.version}` : `v${input.version}s${input.stock}`
  return `/__catalog/${version}/${key}${input.pathname}${query ? `?${query}` : ""}`
}

/**
 * A JSON body in a canonical form (object keys sorted at every depth), so `{"q":"a","limit":5}` and
 * `{"limit":5,"q":"a"}` share a cache entry; undefined when the body is not JSON (the route answers 400, uncached).
 */
export function canonicalJson(body: string): string | undefined {
  let value: unknown
  try {
    value = JSON.parse(body === "" ? "{}" : body)
  } catch {
    return undefined
  }
  const sorted = (v: unknown, depth: number): unknown => {
    // Deeper than any search body: not keyed (the route validates it), and no recursion a client can overflow.
    if (depth > MAX_JSON_DEPTH) throw TOO_DEEP
    if (Array.isArray(v)) return v.map((x) => sorted(x, depth + 1))
    if (v && typeof v === "object") {
      return Object.fromEntries(
        Object.keys(v)
          .sort()
          .map((k) => [k, sorted((v as Record<string, unknown>)[k], depth + 1)]),
      )
    }
    return v
  }
  try {
    return JSON.stringify(sorted(value, 0))
  } catch (err) {
    if (err === TOO_DEEP) return undefined
    throw err
  }
}

const MAX_JSON_DEPTH = 32
const TOO_DEEP = new Error("JSON nested too deep")

/** RFC 9110 If-None-Match (weak comparison, as GET requires): `*` or any listed tag equal to `etag`. */
export function ifNoneMatchHits(header: string | undefined, etag: string): boolean {
  if (!header) return false
  if (header.trim() === "*") return true
  const opaque = (tag: string) => tag.trim().replace(/^W\//, "")
  return header.split(",").some((tag) => opaque(tag) === opaque(etag))
}

/** How long an entry may live in the edge cache, in seconds (0: do not store). */
export function entryTtlSeconds(policy: CatalogRoutePolicy, ttl: { inventory: number; catalog: number }): number {
  return Math.max(0, Math.floor(policy.showsStock ? ttl.inventory : ttl.catalog))
}

/**
 * Requests that may move stock (product_variant.inventory_quantity): a cart's completion (an order, or a swap's
 * additional items) — also through a payment webhook — a return's receipt and an order edit's completion. After a
 * 2xx the middleware tells the data center, so its next catalog read shows the new stock (http/catalog-cache.ts).
 */
const STOCK_WRITES: readonly RegExp[] = [
  /^\/store\/carts\/[^/]+\/complete(-cart)?$/,
  /^\/admin\/returns\/[^/]+\/receive$/,
  /^\/store\/order-edits\/[^/]+\/complete$/,
  /^\/hooks\/payment\/stripe$/,
  /^\/stripe\/hooks$/,
]

export function changesStock(method: string, pathname: string): boolean {
  return method === "POST" && STOCK_WRITES.some((re) => re.test(pathname))
}
