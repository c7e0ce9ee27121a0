/**
 * The catalog edge cache (src/http/catalog-cache.ts) through the real Worker, real D1 and Miniflare's
 * caches.default. The whole suite runs with the cache on (production config); here the Worker is called with
 * explicit TTLs. Each test uses its own origin, so cache entries of one
 * test are invisible to another.
 */
import { beforeAll, describe, expect, it } from "vitest"
import { env } from "cloudflare:workers"
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test"
import worker from "../../src/index"
import { insertCatalog, insertProducts, publishableKey, runStatements, salesChannelRow } from "../helpers/product-rows"
import { seedStore } from "../helpers/seed"
import { memoryClear } from "../../src/http/memory-cache"
import { registerCustomer, tokenFor } from "../helpers/auth"

let origins = 0
type Overrides = Partial<Record<"CATALOG_VERSION_TTL" | "CATALOG_INVENTORY_TTL" | "CATALOG_CACHE_TTL", string>>

/** A client of the Worker with the cache on, bound to a fresh origin (so a fresh set of cache keys). */
function client(overrides: Overrides = {}, origin = `http://cache-${Date.now()}-${++origins}.test`) {
  return async (path: string, headers: Record<string, string> = {}, post?: string) => {
    const ctx = createExecutionContext()
    const init: RequestInit = post === undefined ? { headers } : { method: "POST", headers: { "content-type": "application/json", ...headers }, body: post }
    const res = await worker.fetch(
      new Request(origin + path, init),
      { ...env, CATALOG_CACHE: "on", CATALOG_VERSION_TTL: "60", ...overrides },
      ctx,
    )
    await waitOnExecutionContext(ctx)
    const text = await res.text()
    return {
      status: res.status,
      text,
      body: text ? JSON.parse(text) : undefined,
      cache: res.headers.get("x-cache"),
      etag: res.headers.get("etag"),
      cacheControl: res.headers.get("cache-control"),
      roundTrips: Number(res.headers.get("x-d1-round-trips")),
    }
  }
}

const version = async () =>
  (await env.DB.prepare("SELECT version FROM catalog_version").first<{ version: number }>())?.version ?? -1
const versions = async () =>
  (await env.DB.prepare("SELECT version, stock_version AS stock FROM catalog_version").first<{ version: number; stock: number }>())!
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const ids = (body: { products: { id: string }[] }) => body.products.map((p) => p.id)

beforeAll(async () => {
  await insertCatalog()
  await runStatements([...publishableKey("pk_cache_main", ["sc_main"]), ...publishableKey("pk_cache_wholesale", ["sc_wholesale"])])
})

describe("hits and misses", () => {
  it("answers a repeated GET from the cache: same body and ETag, 0 D1 round trips", async () => {
    const get = client()
    const miss = await get("/store/regions")
    const hit = await get("/store/regions")
    expect([miss.status, miss.cache, hit.status, hit.cache]).toEqual([200, "MISS", 200, "HIT"])
    expect(hit.text).toBe(miss.text)
    expect(hit.body.regions.map((r: { id: string }) => r.id)).toEqual(["reg_na", "reg_eu"])
    expect(hit.etag).toMatch(/^"[0-9a-f]{32}"$/)
    expect(hit.etag).toBe(miss.etag)
    expect(hit.cacheControl).toBe("public, max-age=0, must-revalidate")
    expect(hit.roundTrips).toBe(0)
  })

  it("answers from the data center's cache (caches.default) when the isolate's memory does not have the entry", async () => {
    const get = client()
    const miss = await get("/store/product-categories")
    memoryClear()
    const fromCacheApi = await get("/store/product-categories")
    const fromMemory = await get("/store/product-categories")
    expect([miss.cache, fromCacheApi.cache, fromMemory.cache]).toEqual(["MISS", "HIT", "HIT"])
    expect([fromCacheApi.text, fromCacheApi.etag, fromCacheApi.roundTrips]).toEqual([miss.text, miss.etag, 0])
    expect(fromMemory.text).toBe(miss.text)
  })

  it("keys on the query, not its order: reordered parameters hit, a different value misses", async () => {
    const get = client()
    const first = await get("/store/products?limit=2&offset=1&fields=id&expand=")
    const reordered = await get("/store/products?expand=&fields=id&offset=1&limit=2")
    const other = await get("/store/products?expand=&fields=id&offset=2&limit=2")
    expect([first.cache, reordered.cache, other.cache]).toEqual(["MISS", "HIT", "MISS"])
    expect(ids(reordered.body)).toEqual(ids(first.body))
    expect(ids(other.body)).not.toEqual(ids(first.body))
  })

  it("keys on the publishable key: each key's channels get their own entry", async () => {
    const get = client()
    const main = await get("/store/products?fields=id&expand=", { "x-publishable-api-key": "pk_cache_main" })
    const wholesale = await get("/store/products?fields=id&expand=", { "x-publishable-api-key": "pk_cache_wholesale" })
    const wholesaleAgain = await get("/store/products?fields=id&expand=", { "x-publishable-api-key": "pk_cache_wholesale" })
    expect([main.cache, wholesale.cache, wholesaleAgain.cache]).toEqual(["MISS", "MISS", "HIT"])
    expect(ids(wholesaleAgain.body)).toEqual(["prod_wholesale_crate"])
    expect(ids(main.body)).not.toContain("prod_wholesale_crate")
  })

  it("keys on the pricing context: region_id prices differ and are cached apart", async () => {
    const get = client()
    const eu = await get("/store/products/prod_mug?region_id=reg_eu")
    const na = await get("/store/products/prod_mug?region_id=reg_na")
    const euAgain = await get("/store/products/prod_mug?region_id=reg_eu")
    expect([eu.cache, na.cache, euAgain.cache]).toEqual(["MISS", "MISS", "HIT"])
    // 850 at the EU's 25 % VAT → 1063 incl. tax; NA prices in usd without tax.
    expect([eu.body.product.variants[0].calculated_price, eu.body.product.variants[0].calculated_price_incl_tax]).toEqual([850, 1063])
    expect(euAgain.text).toBe(eu.text)
    expect(na.body.product.variants[0].calculated_price).toBe(1000)
  })

  it("never stores an error: a 404 is answered again from D1", async () => {
    const get = client()
    const first = await get("/store/products/prod_nope")
    const second = await get("/store/products/prod_nope")
    expect([first.status, first.cache, second.status, second.cache]).toEqual([404, "MISS", 404, "MISS"])
    expect(second.body).toEqual({ type: "not_found", message: "Product with id: prod_nope was not found" })
  })

  it("leaves non-catalog routes alone: no x-cache on carts, a cart's shipping options or /health", async () => {
    const get = client()
    expect((await get("/store/shipping-options/cart_nope")).cache).toBeNull()
    expect((await get("/store/carts/cart_nope")).cache).toBeNull()
    expect((await get("/health")).cache).toBeNull()
  })
})

describe("the product search POST", () => {
  const search = (get: ReturnType<typeof client>, body: string, headers: Record<string, string> = {}) =>
    get("/store/products/search", headers, body)
  const hitIds = (body: { hits: { id: string }[] }) => body.hits.map((h) => h.id)

  it("answers a repeated search from the cache, keyed on the body's content, not its key order or spacing", async () => {
    const get = client()
    const miss = await search(get, '{"q":"shirt","limit":5}')
    const hit = await search(get, '{ "limit": 5, "q": "shirt" }')
    const other = await search(get, '{"q":"shirt","limit":5,"offset":1}')
    expect([miss.status, miss.cache, hit.status, hit.cache, other.cache]).toEqual([200, "MISS", 200, "HIT", "MISS"])
    expect(hitIds(miss.body)).toEqual(["prod_tshirt"])
    expect(hit.text).toBe(miss.text)
    expect(hit.roundTrips).toBe(0)
    expect([other.body.hits, other.body.offset, other.body.estimatedTotalHits]).toEqual([[], 1, 1])
  })

  it("keys on the publishable key (its channels scope the hits)", async () => {
    const get = client()
    const main = await search(get, '{"q":"crate"}', { "x-publishable-api-key": "pk_cache_main" })
    const wholesale = await search(get, '{"q":"crate"}', { "x-publishable-api-key": "pk_cache_wholesale" })
    const mainAgain = await search(get, '{"q":"crate"}', { "x-publishable-api-key": "pk_cache_main" })
    expect([main.cache, wholesale.cache, mainAgain.cache]).toEqual(["MISS", "MISS", "HIT"])
    expect(hitIds(main.body)).toEqual([])
    expect(hitIds(wholesale.body)).toEqual(["prod_wholesale_crate"])
    expect(mainAgain.text).toBe(main.text)
  })

  it("does not cache a body that is not JSON, nor an invalid one: each is answered 400 again", async () => {
    const get = client()
    const broken = await search(get, '{"q":')
    const brokenAgain = await search(get, '{"q":')
    const invalid = await search(get, '{"limit":"lots"}')
    const invalidAgain = await search(get, '{"limit":"lots"}')
    expect([broken.status, broken.cache, brokenAgain.status, brokenAgain.cache]).toEqual([400, null, 400, null])
    expect(broken.body.type).toBe("invalid_data")
    expect([invalid.status, invalid.cache, invalidAgain.status, invalidAgain.cache]).toEqual([400, "MISS", 400, "MISS"])
  })

  it("does not answer 304 to a search, whatever If-None-Match says", async () => {
    const get = client()
    const first = await search(get, '{"q":"mug"}')
    const again = await search(get, '{"q":"mug"}', { "if-none-match": first.etag! })
    expect([first.status, again.status, again.cache]).toEqual([200, 200, "HIT"])
    expect(hitIds(again.body)).toEqual(["prod_mug"])
  })

  it("finds a product imported after the answer was cached: the import bumps the catalog version", async () => {
    // Its own channel and key: the other tests' lists stay as they are.
    await runStatements([salesChannelRow("sc_lantern"), ...publishableKey("pk_cache_lantern", ["sc_lantern"])])
    const key = { "x-publishable-api-key": "pk_cache_lantern" }
    const get = client({ CATALOG_VERSION_TTL: "0" })
    const before = await search(get, '{"q":"lantern"}', key)
    const cached = await search(get, '{"q":"lantern"}', key)
    expect([before.cache, hitIds(before.body), cached.cache]).toEqual(["MISS", [], "HIT"])
    await insertProducts([{ id: "prod_cache_lantern", title: "Cache Lantern", handle: "cache-lantern", channels: ["sc_lantern"] }])
    const after = await search(get, '{"q":"lantern"}', key)
    expect([after.cache, hitIds(after.body)]).toEqual(["MISS", ["prod_cache_lantern"]])
  })
})

describe("a new cart's region and channel rows", () => {
  const create = (get: ReturnType<typeof client>, regionId: string) => get("/store/carts", {}, JSON.stringify({ region_id: regionId }))

  it("are reused under the catalog version: the next new cart reads nothing and costs its write alone", async () => {
    const get = client({ CATALOG_VERSION_TTL: "60" })
    const first = await create(get, "reg_eu")
    const second = await create(get, "reg_eu")
    expect([first.status, second.status]).toEqual([200, 200])
    expect(second.roundTrips).toBe(1)
    expect(second.body.cart.id).not.toBe(first.body.cart.id)
    expect(second.body.cart.region).toEqual(first.body.cart.region)
    expect([second.body.cart.region.tax_rate, second.body.cart.sales_channel_id]).toEqual([25, "sc_main"])
  })

  it("are retired by a catalog version bump: a changed tax rate reaches the next new cart", async () => {
    const get = client({ CATALOG_VERSION_TTL: "0" })
    const before = await create(get, "reg_na")
    const again = await create(get, "reg_na")
    // the version read, then the write (the region and channel rows are remembered)
    expect([before.body.cart.region.tax_rate, again.roundTrips]).toEqual([0, 2])
    await env.DB.prepare("UPDATE region SET tax_rate = 7 WHERE id = 'reg_na'").run()
    const after = await create(get, "reg_na")
    // the version read, the region and channel, the write
    expect([after.status, after.body.cart.region.tax_rate, after.roundTrips]).toEqual([200, 7, 3])
    await env.DB.prepare("UPDATE region SET tax_rate = 0 WHERE id = 'reg_na'").run()
  })

  it("include a publishable key's channels, until a change to the key bumps the catalog version", async () => {
    await runStatements(publishableKey("pk_cache_memo", ["sc_wholesale"]))
    const get = client({ CATALOG_VERSION_TTL: "0" })
    const key = { "x-publishable-api-key": "pk_cache_memo" }
    const body = JSON.stringify({ region_id: "reg_eu" })
    const first = await get("/store/carts", key, body)
    const second = await get("/store/carts", key, body)
    expect([first.body.cart.sales_channel_id, second.body.cart.sales_channel_id]).toEqual(["sc_wholesale", "sc_wholesale"])
    // the version read, then the write: the key's channels, the region and the channel are remembered
    expect(second.roundTrips).toBe(2)
    await env.DB.prepare("UPDATE publishable_api_key SET revoked_at = '2026-01-01T00:00:00.000Z' WHERE id = 'pk_cache_memo'").run()
    const revoked = await get("/store/carts", key, body)
    // a revoked key grants nothing: the store's default channel
    expect([revoked.status, revoked.body.cart.sales_channel_id]).toEqual([200, "sc_main"])
  })

  it("never remember an unknown region: it is answered 404 each time", async () => {
    const get = client({ CATALOG_VERSION_TTL: "60" })
    for (let i = 0; i < 2; i++) {
      const res = await create(get, "reg_nope")
      expect([res.status, res.body]).toEqual([404, { type: "not_found", message: "Region with reg_nope was not found" }])
    }
  })
})

describe("caller-dependent answers bypass the cache", () => {
  it("bypasses a cart_id pricing context (a shopper's cart), every time", async () => {
    const get = client()
    const first = await get("/store/products?cart_id=cart_nope")
    const second = await get("/store/products?cart_id=cart_nope")
    expect([first.cache, second.cache]).toEqual(["BYPASS", "BYPASS"])
    expect(second.cacheControl).toBe("private, no-store")
    expect(second.status).toBe(404)
  })

  it("bypasses cart_id however its name is spelled: `cart_id[` (cart_id%5B) is the parser's cart_id too", async () => {
    const get = client()
    const cart = await get("/store/carts", {}, JSON.stringify({ region_id: "reg_eu" }))
    const cartId: string = cart.body.cart.id
    for (const name of ["cart_id%5B", "cart_id[", "cart_id"]) {
      const first = await get(`/store/products/prod_mug?${name}=${cartId}`)
      const second = await get(`/store/products/prod_mug?${name}=${cartId}`)
      expect([first.status, first.cache, second.cache, second.cacheControl], name).toEqual([200, "BYPASS", "BYPASS", "private, no-store"])
      // Priced against the cart's region (EU: 850 + 25 % VAT).
      expect(second.body.product.variants[0].calculated_price_incl_tax, name).toBe(1063)
    }
  })

  it("bypasses priced routes for a logged-in customer (session cookie or Bearer JWT), not regions", async () => {
    const customer = await registerCustomer()
    const token = await tokenFor(customer.email, customer.password)
    const get = client()
    await get("/store/products?fields=id&expand=")
    const bearer = await get("/store/products?fields=id&expand=", { authorization: `Bearer ${token}` })
    const cookie = await get("/store/variants?ids=variant_mug_one", { cookie: `theme=dark; ${customer.cookie}` })
    // A credential that does not authenticate leaves the request anonymous: cached like any other.
    const forged = await get("/store/products?fields=id&expand=", { authorization: "Bearer not-a-jwt", cookie: "connect.sid=forged" })
    await get("/store/regions")
    const regions = await get("/store/regions", { authorization: `Bearer ${token}` })
    expect([bearer.cache, cookie.cache, forged.cache, regions.cache]).toEqual(["BYPASS", "BYPASS", "HIT", "HIT"])
    expect(bearer.body.products.length).toBe(6)
    expect(cookie.body.variants.map((v: { id: string }) => v.id)).toEqual(["variant_mug_one"])
  })
})

describe("ETag and If-None-Match", () => {
  it("answers 304 without a body for a matching tag, on a hit and on a miss", async () => {
    const get = client()
    const miss = await get("/store/product-tags")
    const etag = miss.etag ?? ""
    const hit304 = await get("/store/product-tags", { "if-none-match": etag })
    expect([hit304.status, hit304.cache, hit304.text, hit304.etag]).toEqual([304, "HIT", "", etag])

    const other = client()
    const miss304 = await other("/store/product-tags", { "if-none-match": `W/${etag}, "zzz"` })
    expect([miss304.status, miss304.cache, miss304.text]).toEqual([304, "MISS", ""])
  })

  it("answers 200 with the body for a tag that does not match", async () => {
    const get = client()
    await get("/store/product-types")
    const res = await get("/store/product-types", { "if-none-match": '"0000"' })
    expect([res.status, res.cache]).toEqual([200, "HIT"])
    expect(res.body.product_types.map((t: { value: string }) => t.value).sort()).toEqual(["Merch", "Shirt"])
  })
})

describe("freshness", () => {
  it("serves the new catalog right after a version bump (version read every request)", async () => {
    const get = client({ CATALOG_VERSION_TTL: "0" })
    const before = await get("/store/collections/pcol_essentials")
    const cached = await get("/store/collections/pcol_essentials")
    // The miss: the version read + the collection, read through the D1 session (still counted).
    expect([before.cache, before.roundTrips, cached.cache, cached.roundTrips]).toEqual(["MISS", 2, "HIT", 1])
    const bumped = await version()
    await env.DB.prepare("UPDATE product_collection SET title = 'Basics' WHERE id = 'pcol_essentials'").run()
    expect(await version()).toBe(bumped + 1)
    const after = await get("/store/collections/pcol_essentials")
    expect([after.cache, after.body.collection.title]).toEqual(["MISS", "Basics"])
    expect(after.etag).not.toBe(before.etag)
    await env.DB.prepare("UPDATE product_collection SET title = 'Essentials' WHERE id = 'pcol_essentials'").run()
  })

  it("keeps serving the old version for at most CATALOG_VERSION_TTL after a bump", async () => {
    const get = client({ CATALOG_VERSION_TTL: "1" })
    await sleep(1_050) // the isolate's memo from earlier tests has expired: the next request reads the version
    const first = await get("/store/return-reasons")
    await env.DB.prepare(
      "INSERT INTO return_reason (id, value, label, created_at, updated_at) VALUES ('rr_cache', 'cache', 'Cache', '2026-01-01', '2026-01-01')",
    ).run()
    const within = await get("/store/return-reasons")
    await sleep(1_050)
    const after = await get("/store/return-reasons")
    expect([first.cache, within.cache, after.cache]).toEqual(["MISS", "HIT", "MISS"])
    expect(within.text).toBe(first.text)
    expect(after.body.return_reasons.map((r: { id: string }) => r.id)).toContain("rr_cache")
  })

  it("a direct D1 stock write is seen within CATALOG_VERSION_TTL: it moves the stock version, not the catalog version", async () => {
    const get = client({ CATALOG_VERSION_TTL: "1", CATALOG_INVENTORY_TTL: "60", CATALOG_CACHE_TTL: "60" })
    await sleep(1_050) // the isolate's memo from earlier tests has expired: the next request reads the versions
    const first = await get("/store/variants/variant_tshirt_m_black")
    const regions = await get("/store/regions")
    const before = await versions()
    // Behind the API's back (no request told the data center): only the version window makes it visible.
    await env.DB.prepare("UPDATE product_variant SET inventory_quantity = 3, updated_at = '2026-02-02' WHERE id = 'variant_tshirt_m_black'").run()
    expect(await versions()).toEqual({ version: before.version, stock: before.stock + 1 })
    memoryClear() // the Cache API tier holds the same entry
    const within = await get("/store/variants/variant_tshirt_m_black")
    expect([first.body.variant.inventory_quantity, within.cache, within.body.variant.inventory_quantity]).toEqual([5, "HIT", 5])
    await sleep(1_050)
    const after = await get("/store/variants/variant_tshirt_m_black")
    const regionsAfter = await get("/store/regions")
    expect([after.cache, after.body.variant.inventory_quantity]).toEqual(["MISS", 3])
    // Not a catalog change: answers without stock stay cached.
    expect([regions.cache, regionsAfter.cache]).toEqual(["MISS", "HIT"])
    await env.DB.prepare("UPDATE product_variant SET inventory_quantity = 5 WHERE id = 'variant_tshirt_m_black'").run()
  })

  it("stores nothing when the TTL is 0", async () => {
    const get = client({ CATALOG_INVENTORY_TTL: "0" })
    await get("/store/products/prod_mug")
    expect((await get("/store/products/prod_mug")).cache).toBe("MISS")
  })
})

describe("the catalog version (migration 0015's triggers)", () => {
  it("is bumped by a seed import that changes something, not by re-importing the same file", async () => {
    const seed = { store: { currencies: ["usd", "eur"] }, product_collections: [{ title: "Cache Test", handle: "cache-test" }] }
    const start = await version()
    await seedStore(seed)
    const afterImport = await version()
    await seedStore(seed)
    expect(afterImport).toBeGreaterThan(start)
    expect(await version()).toBe(afterImport)
  })

  it("is bumped by a price change and by a key's channels, not by an order's stock and updated_at (those move the stock version)", async () => {
    const start = await version()
    await env.DB.prepare("UPDATE money_amount SET amount = 851 WHERE id = 'ma_mug_eu'").run()
    expect(await version()).toBe(start + 1)
    await env.DB.prepare("DELETE FROM publishable_api_key_sales_channel WHERE publishable_key_id = 'pk_cache_main'").run()
    expect(await version()).toBe(start + 2)
    const stock = (await versions()).stock
    await env.DB.prepare("UPDATE product_variant SET inventory_quantity = inventory_quantity - 1, updated_at = '2026-03-03' WHERE id = 'variant_mug_one'").run()
    expect(await versions()).toEqual({ version: start + 2, stock: stock + 1 })
    // A write that leaves the quantity as it was moves nothing.
    await env.DB.prepare("UPDATE product_variant SET inventory_quantity = inventory_quantity WHERE id = 'variant_mug_one'").run()
    expect(await versions()).toEqual({ version: start + 2, stock: stock + 1 })
    await env.DB.prepare("UPDATE product_variant SET title = 'One' WHERE id = 'variant_mug_one'").run()
    expect(await version()).toBe(start + 3)
    await env.DB.batch([
      env.DB.prepare("UPDATE money_amount SET amount = 850 WHERE id = 'ma_mug_eu'"),
      env.DB.prepare("UPDATE product_variant SET title = 'One Size', inventory_quantity = 1000 WHERE id = 'variant_mug_one'"),
      env.DB.prepare("INSERT INTO publishable_api_key_sales_channel (publishable_key_id, sales_channel_id) VALUES ('pk_cache_main', 'sc_main')"),
    ])
  })
})

describe("query parameters that cannot name anything are refused, not ignored", () => {
  it("answers 400 invalid_data for constructor, __proto__ and prototype (top level or nested), as for any unknown parameter", async () => {
    const get = client()
    const cases: [string, string][] = [
      ["/store/products?constructor=1", "property constructor should not exist"],
      ["/store/products?__proto__=1", "property __proto__ should not exist"],
      ["/store/regions?prototype=x", "property prototype should not exist"],
      ["/store/product-tags?__proto__[polluted]=1", "property __proto__ should not exist"],
      ["/store/products?created_at[constructor]=2020-01-01", "property created_at.constructor should not exist"],
      ["/store/collections?limit=1&constructor%5B%5D=a", "property constructor should not exist"],
    ]
    for (const [path, message] of cases) {
      const first = await get(path)
      const again = await get(path)
      expect([first.status, first.body, first.cache, again.cache], path).toEqual([400, { type: "invalid_data", message }, "MISS", "MISS"])
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })
})
