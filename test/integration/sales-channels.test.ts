import { beforeAll, describe, expect, it } from "vitest"
import { env } from "cloudflare:workers"
import { api } from "../helpers/api"
import { catalogVersionWindowPassed } from "../helpers/catalog-cache"
import { VISIBLE_IDS, insertCatalog, publishableKey, runStatements } from "../helpers/product-rows"
import { listChannelScope, salesChannelParamErrors } from "../../src/domain/sales-channels"
import { defaultSalesChannelId, loadPublishableKeyScopes } from "../../src/db/queries/publishable-keys"
import { createDb } from "../../src/db/client"

const MULTIPLE = "Provided request body contains errors. Please check the data and retry the request"
const paramError = (ids: string) =>
  `Provided sales channel id param: ${ids} is not associated with the Publishable API Key passed in the header of the request.`
const productError = (id: string) =>
  `Product with id: ${id} is not associated with sales channels defined by the Publishable API Key passed in the header of the request.`
const variantError = (id: string) =>
  `Variant with id: ${id} is not associated with sales channels defined by the Publishable API Key passed in the header of the request.`

const withKey = (key: string) => ({ headers: { "x-publishable-api-key": key } })
const productIds = (body: { products: { id: string }[] }) => body.products.map((p) => p.id)
const ALL_CHANNELS = [...VISIBLE_IDS, "prod_wholesale_crate"]

beforeAll(async () => {
  await insertCatalog()
  await runStatements([
    ...publishableKey("pk_main", ["sc_main"]),
    ...publishableKey("pk_wholesale", ["sc_wholesale"]),
    ...publishableKey("pk_both", ["sc_wholesale", "sc_main"]),
    ...publishableKey("pk_no_channels", []),
    ...publishableKey("pk_revoked", ["sc_wholesale"], "2026-01-02T00:00:00.000Z"),
  ])
})

describe("publishable API keys on GET /store/products", () => {
  it.each([
    ["no key: the store's default channel", undefined, VISIBLE_IDS],
    ["a key scoped to the default channel", "pk_main", VISIBLE_IDS],
    ["a key scoped to another channel", "pk_wholesale", ["prod_wholesale_crate"]],
    ["a key scoped to both channels", "pk_both", ALL_CHANNELS],
    ["an unknown key: as if no key was sent", "pk_nope", VISIBLE_IDS],
    ["a revoked key: as if no key was sent", "pk_revoked", VISIBLE_IDS],
    ["a key without channels: as if no key was sent", "pk_no_channels", VISIBLE_IDS],
  ])("lists products for %s", async (_label, key, expected) => {
    const res = await api.get("/store/products?fields=id&expand=", key ? withKey(key) : {})
    expect(res.status).toBe(200)
    expect(productIds(res.body)).toEqual(expected)
    expect(res.body.count).toBe(expected.length)
  })

  it("narrows to a sales_channel_id inside the key's channels", async () => {
    const res = await api.get("/store/products?fields=id&expand=&sales_channel_id[]=sc_wholesale", withKey("pk_both"))
    expect(productIds(res.body)).toEqual(["prod_wholesale_crate"])
  })

  it("answers the multiple-errors 400 for a sales_channel_id outside the key's channels", async () => {
    const res = await api.get("/store/products?sales_channel_id[]=sc_main", withKey("pk_wholesale"))
    expect(res.status).toBe(400)
    expect(res.body).toEqual({ errors: [paramError("sc_main")], message: MULTIPLE })
    const two = await api.get("/store/products?sales_channel_id[]=sc_wholesale&sales_channel_id[]=sc_main", withKey("pk_wholesale"))
    expect(two.body).toEqual({ errors: [paramError("sc_wholesale,sc_main")], message: MULTIPLE })
  })

  it("lets any sales_channel_id through without a key (v1 checks the param only against a key)", async () => {
    const res = await api.get("/store/products?fields=id&expand=&sales_channel_id[]=sc_wholesale")
    expect(productIds(res.body)).toEqual(["prod_wholesale_crate"])
    const unknownKey = await api.get("/store/products?fields=id&expand=&sales_channel_id[]=sc_wholesale", withKey("pk_nope"))
    expect(productIds(unknownKey.body)).toEqual(["prod_wholesale_crate"])
  })

  it("reads the key's channels in the page's one round trip", async () => {
    // After the version window the first request reads the catalog version too (one more round trip).
    catalogVersionWindowPassed()
    const without = await api.get("/store/products?limit=2")
    const withHeader = await api.get("/store/products?limit=2", withKey("pk_main"))
    const byId = await api.get("/store/products/prod_wholesale_crate?region_id=reg_eu", withKey("pk_main"))
    expect([without.roundTrips, withHeader.roundTrips, byId.roundTrips]).toEqual([2, 1, 1])
    expect(byId.status).toBe(400)
  })
})

describe("publishable API keys on GET /store/products/:id", () => {
  it("returns a product in the key's channels", async () => {
    const res = await api.get("/store/products/prod_wholesale_crate?fields=title&expand=", withKey("pk_wholesale"))
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ product: { id: "prod_wholesale_crate", title: "Wholesale Crate" } })
  })

  it("answers 400 for a product outside the key's channels, even an unknown one (v1 checks before loading)", async () => {
    for (const id of ["prod_mug", "prod_nope"]) {
      const res = await api.get(`/store/products/${id}`, withKey("pk_wholesale"))
      expect(res.status).toBe(400)
      expect(res.body).toEqual({ errors: [productError(id)], message: MULTIPLE })
    }
  })

  it("collects the param error and the association error together", async () => {
    const res = await api.get("/store/products/prod_mug?sales_channel_id=sc_main", withKey("pk_wholesale"))
    expect(res.body).toEqual({ errors: [paramError("sc_main"), productError("prod_mug")], message: MULTIPLE })
  })

  it("does not scope by key for unknown keys, and answers 404 as usual", async () => {
    expect((await api.get("/store/products/prod_mug?fields=id&expand=", withKey("pk_nope"))).body).toEqual({ product: { id: "prod_mug" } })
    const missing = await api.get("/store/products/prod_nope", withKey("pk_no_channels"))
    expect(missing.status).toBe(404)
    expect(missing.body).toEqual({ type: "not_found", message: "Product with id: prod_nope was not found" })
  })
})

describe("publishable API keys on /store/variants", () => {
  it("lists the variants of the key's channels", async () => {
    const res = await api.get("/store/variants?fields=id&expand=", withKey("pk_wholesale"))
    expect(res.body.variants.map((v: { id: string }) => v.id)).toEqual(["variant_crate"])
  })

  it("answers the multiple-errors 400 for a sales_channel_id outside the key's channels", async () => {
    const res = await api.get("/store/variants?sales_channel_id=sc_main", withKey("pk_wholesale"))
    expect(res.status).toBe(400)
    expect(res.body).toEqual({ errors: [paramError("sc_main")], message: MULTIPLE })
  })

  it("answers 400 for a variant outside the key's channels and 200 inside them", async () => {
    const outside = await api.get("/store/variants/variant_mug_one", withKey("pk_wholesale"))
    expect(outside.status).toBe(400)
    expect(outside.body).toEqual({ errors: [variantError("variant_mug_one")], message: MULTIPLE })
    const inside = await api.get("/store/variants/variant_crate?fields=sku&expand=", withKey("pk_wholesale"))
    expect(inside.status).toBe(200)
    expect(inside.body.variant).toMatchObject({ id: "variant_crate", sku: "CRATE" })
  })
})

describe("publishable API keys on POST /store/products/search", () => {
  it("searches the key's channels", async () => {
    const scoped = await api.post("/store/products/search", { q: "crate" }, withKey("pk_wholesale"))
    expect(scoped.body.hits.map((h: { id: string }) => h.id)).toEqual(["prod_wholesale_crate"])
    const unscoped = await api.post("/store/products/search", { q: "crate" })
    expect(unscoped.body.hits).toEqual([])
  })
})

describe("exported helpers (reused by cart creation)", () => {
  it("loads a key's channels in one query, undefined for unknown or revoked keys", async () => {
    const { db, count } = createDb(env.DB)
    expect(await loadPublishableKeyScopes(db, "pk_both")).toEqual(["sc_main", "sc_wholesale"])
    expect(await loadPublishableKeyScopes(db, "pk_no_channels")).toEqual([])
    expect(await loadPublishableKeyScopes(db, "pk_nope")).toBeUndefined()
    expect(await loadPublishableKeyScopes(db, "pk_revoked")).toBeUndefined()
    expect(count()).toBe(4)
    expect(await defaultSalesChannelId(db)).toBe("sc_main")
  })

  it("validates params and picks the list scope", () => {
    expect(salesChannelParamErrors(["sc_a"], "sc_a")).toEqual([])
    expect(salesChannelParamErrors(["sc_a"], ["sc_a", "sc_b"])).toEqual([paramError("sc_a,sc_b")])
    expect(salesChannelParamErrors([], "sc_b")).toEqual([])
    expect(salesChannelParamErrors(undefined, "sc_b")).toEqual([])
    expect(listChannelScope(["sc_x"], ["sc_a"])).toEqual({ kind: "channels", ids: ["sc_x"] })
    expect(listChannelScope(undefined, ["sc_a"])).toEqual({ kind: "channels", ids: ["sc_a"] })
    expect(listChannelScope("sc_x", undefined)).toEqual({ kind: "channels", ids: ["sc_x"] })
    expect(listChannelScope(undefined, [])).toEqual({ kind: "store_default" })
  })
})

// Runs last: it changes the store row.
describe("without a default sales channel", () => {
  it("lists published products of every channel", async () => {
    // Written behind the API's back (the store row bumps the catalog version): seen once the version window passed.
    await env.DB.prepare("UPDATE store SET default_sales_channel_id = NULL").run()
    catalogVersionWindowPassed()
    const res = await api.get("/store/products?fields=id&expand=")
    expect(productIds(res.body)).toEqual(ALL_CHANNELS)
    await env.DB.prepare("DELETE FROM store").run()
    catalogVersionWindowPassed()
    expect(productIds((await api.get("/store/products?fields=id&expand=")).body)).toEqual(ALL_CHANNELS)
    const { db } = createDb(env.DB)
    expect(await defaultSalesChannelId(db)).toBeUndefined()
  })
})
