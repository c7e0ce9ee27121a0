import { beforeAll, describe, expect, it } from "vitest"
import { api } from "../helpers/api"
import { catalogVersionWindowPassed } from "../helpers/catalog-cache"
import { catalogDb, collectionRow, day, insertRows, productRow } from "../helpers/catalog-rows"
import {
  product,
  productCollection,
  productSalesChannel,
  publishableApiKey,
  publishableApiKeySalesChannel,
  salesChannel,
  store,
} from "../../src/db/schema"

const ids = (body: { collections: { id: string }[] }) => body.collections.map((c) => c.id)
const productIds = (collection: { products: { id: string }[] }) => collection.products.map((p) => p.id)

/** v1's store product columns, in wire order (profile_id only comes with the profiles relation). */
const PRODUCT_KEYS = [
  "id", "created_at", "updated_at", "deleted_at", "title", "subtitle", "description", "handle", "is_giftcard", "status",
  "thumbnail", "weight", "length", "height", "width", "hs_code", "origin_country", "mid_code", "material", "collection_id",
  "type_id", "discountable", "external_id", "metadata",
]

/** 55 published products, one minute apart: more than an expanded collection carries (50). */
const BIG = Array.from({ length: 55 }, (_, i) => `prod_big_${String(i).padStart(2, "0")}`)

beforeAll(async () => {
  await catalogDb()
    .insert(productCollection)
    .values([
      collectionRow({ id: "pcol_summer", title: "Summer Collection", handle: "summer", created_at: day(2), updated_at: day(2) }),
      // Same created_at as summer, inserted after it: v1 (no ORDER BY) answers in insertion order.
      collectionRow({ id: "pcol_essentials", title: "Essentials", handle: "essentials", created_at: day(2), updated_at: day(8) }),
      collectionRow({ id: "pcol_winter", title: "Winter", handle: "winter", created_at: day(5), updated_at: day(5), metadata: { season: 4 } }),
      collectionRow({ id: "pcol_archive", title: "Archive", handle: "archive", created_at: day(1), updated_at: day(1), deleted_at: day(3) }),
      collectionRow({ id: "pcol_big", title: "Big", handle: "big", created_at: day(10), updated_at: day(10) }),
    ])
  await insertRows(salesChannel, [
    { id: "sc_main", name: "Main", is_disabled: false, created_at: day(1), updated_at: day(1) },
    { id: "sc_other", name: "Other", is_disabled: false, created_at: day(1), updated_at: day(1) },
  ])
  await insertRows(store, [{ id: "store_col", name: "Store", default_currency_code: "usd", default_sales_channel_id: "sc_main", created_at: day(1), updated_at: day(1) }])
  await insertRows(publishableApiKey, [{ id: "pk_other", title: "Other", created_at: day(1), updated_at: day(1) }])
  await insertRows(publishableApiKeySalesChannel, [{ publishable_key_id: "pk_other", sales_channel_id: "sc_other" }])
  await insertRows(product, [
    productRow({ id: "prod_sun_hat", title: "Sun Hat", collection_id: "pcol_summer", created_at: day(3), updated_at: day(3), material: "straw" }),
    productRow({ id: "prod_sandals", title: "Sandals", collection_id: "pcol_summer", created_at: day(4), updated_at: day(4) }),
    productRow({ id: "prod_summer_draft", title: "Draft", collection_id: "pcol_summer", status: "draft", created_at: day(5), updated_at: day(5) }),
    productRow({ id: "prod_summer_gone", title: "Gone", collection_id: "pcol_summer", deleted_at: day(6), created_at: day(5), updated_at: day(6) }),
    productRow({ id: "prod_summer_other", title: "Other channel", collection_id: "pcol_summer", created_at: day(5), updated_at: day(5) }),
    productRow({ id: "prod_parka", title: "Parka", collection_id: "pcol_winter", created_at: day(6), updated_at: day(6) }),
    productRow({ id: "prod_loose", title: "No collection", created_at: day(6), updated_at: day(6) }),
    ...BIG.map((id, i) => {
      const at = new Date(Date.UTC(2026, 1, 1, 0, i)).toISOString()
      return productRow({ id, title: id, collection_id: "pcol_big", created_at: at, updated_at: at })
    }),
  ])
  await insertRows(productSalesChannel, [
    ...["prod_sun_hat", "prod_sandals", "prod_summer_draft", "prod_summer_gone", "prod_parka", "prod_loose", ...BIG].map((id) => ({
      product_id: id,
      sales_channel_id: "sc_main",
    })),
    { product_id: "prod_summer_other", sales_channel_id: "sc_other" },
  ])
})

describe("GET /store/collections", () => {
  it("lists live collections in creation order with every column and a default limit of 10", async () => {
    catalogVersionWindowPassed()
    const res = await api.get("/store/collections")
    expect(res.status).toBe(200)
    expect(res.body).toEqual({
      collections: [
        { id: "pcol_summer", created_at: day(2), updated_at: day(2), deleted_at: null, title: "Summer Collection", handle: "summer", metadata: null },
        { id: "pcol_essentials", created_at: day(2), updated_at: day(8), deleted_at: null, title: "Essentials", handle: "essentials", metadata: null },
        { id: "pcol_winter", created_at: day(5), updated_at: day(5), deleted_at: null, title: "Winter", handle: "winter", metadata: { season: 4 } },
        { id: "pcol_big", created_at: day(10), updated_at: day(10), deleted_at: null, title: "Big", handle: "big", metadata: null },
      ],
      count: 4,
      limit: 10,
      offset: 0,
    })
    // the version read (the window has passed) + the page and its relations in one batch
    expect(res.roundTrips).toBe(2)
  })

  it("pages with limit and offset", async () => {
    const res = await api.get("/store/collections?limit=1&offset=1")
    expect(res.body).toMatchObject({ count: 4, limit: 1, offset: 1 })
    expect(ids(res.body)).toEqual(["pcol_essentials"])
  })

  it("filters by an array of handles", async () => {
    expect(ids((await api.get("/store/collections?handle[]=summer")).body)).toEqual(["pcol_summer"])
    const res = await api.get("/store/collections?handle[]=winter&handle[]=summer&handle[]=archive")
    expect(ids(res.body)).toEqual(["pcol_summer", "pcol_winter"])
    expect(res.body.count).toBe(2)
  })

  it("filters by created_at and updated_at ranges", async () => {
    expect(ids((await api.get("/store/collections?created_at[gt]=2026-01-02")).body)).toEqual(["pcol_winter", "pcol_big"])
    expect(ids((await api.get("/store/collections?updated_at[gte]=2026-01-05&updated_at[lt]=2026-01-08")).body)).toEqual(["pcol_winter"])
    expect((await api.get("/store/collections?created_at[gt]=2030-01-01")).body).toEqual({ collections: [], count: 0, limit: 10, offset: 0 })
  })

  it("expands the store-visible products of each collection (published, live, default channel), in one round trip", async () => {
    const res = await api.get("/store/collections?expand=products")
    expect(res.status).toBe(200)
    const [summer, essentials, winter, big] = res.body.collections
    // newest first; not the draft, the deleted one or the one in another channel
    expect(productIds(summer)).toEqual(["prod_sandals", "prod_sun_hat"])
    expect(productIds(essentials)).toEqual([])
    expect(productIds(winter)).toEqual(["prod_parka"])
    // bounded: the 50 newest of 55
    expect(productIds(big)).toEqual(BIG.slice(5).reverse())
    expect(Object.keys(summer)).toEqual(["id", "created_at", "updated_at", "deleted_at", "title", "handle", "metadata", "products"])
    expect(Object.keys(summer.products[1])).toEqual(PRODUCT_KEYS)
    expect(summer.products[1]).toMatchObject({
      id: "prod_sun_hat", title: "Sun Hat", handle: "sun_hat", status: "published", is_giftcard: false, discountable: true,
      material: "straw", collection_id: "pcol_summer", metadata: null, created_at: day(3),
    })
    expect(res.roundTrips).toBe(1)
  })

  it("honours fields: replace (id and created_at stay in a list) or +/- adjust", async () => {
    const replaced = await api.get("/store/collections?fields=title&limit=2")
    expect(replaced.body.collections).toEqual([
      { id: "pcol_summer", created_at: day(2), title: "Summer Collection" },
      { id: "pcol_essentials", created_at: day(2), title: "Essentials" },
    ])
    const adjusted = await api.get("/store/collections?fields=-metadata,-deleted_at,-updated_at&handle[]=winter")
    expect(adjusted.body.collections).toEqual([{ id: "pcol_winter", created_at: day(5), title: "Winter", handle: "winter" }])
    // a relation named in fields is loaded too
    const withProducts = await api.get("/store/collections?fields=handle,products&handle[]=winter")
    expect(withProducts.body.collections).toEqual([
      { id: "pcol_winter", created_at: day(5), handle: "winter", products: [expect.objectContaining({ id: "prod_parka" })] },
    ])
  })

  it("rejects what v1's StoreGetCollectionsParams rejects, and unknown fields or relations", async () => {
    const cases: [string, string][] = [
      ["handle=summer", "handle must be an array"],
      ["fields=name", "Requested fields [name] are not valid"],
      ["expand=variants", "Requested fields [variants] are not valid"],
      ["expand=products,collection", "Requested fields [collection] are not valid"],
      ["expand=products&foo=1", "property foo should not exist"],
      ["order=title", "property order should not exist"],
      ["q=sum", "property q should not exist"],
      ["limit=abc", "limit must be a number conforming to the specified constraints"],
    ]
    for (const [qs, message] of cases) {
      const res = await api.get(`/store/collections?${qs}`)
      expect(res.status, qs).toBe(400)
      expect(res.body, qs).toEqual({ type: "invalid_data", message })
    }
  })
})

describe("GET /store/collections/:id", () => {
  it("returns one collection", async () => {
    const res = await api.get("/store/collections/pcol_winter")
    expect(res.status).toBe(200)
    expect(res.body).toEqual({
      collection: { id: "pcol_winter", created_at: day(5), updated_at: day(5), deleted_at: null, title: "Winter", handle: "winter", metadata: { season: 4 } },
    })
    expect(res.roundTrips).toBe(1)
  })

  it("honours fields and expand=products, in one round trip", async () => {
    const res = await api.get("/store/collections/pcol_summer?fields=title&expand=products")
    expect(res.status).toBe(200)
    expect(Object.keys(res.body.collection)).toEqual(["id", "title", "products"])
    expect(res.body.collection.title).toBe("Summer Collection")
    expect(productIds(res.body.collection)).toEqual(["prod_sandals", "prod_sun_hat"])
    expect(res.roundTrips).toBe(1)
    const adjusted = await api.get("/store/collections/pcol_winter?fields=-metadata,-created_at,-updated_at,-deleted_at")
    expect(adjusted.body).toEqual({ collection: { id: "pcol_winter", title: "Winter", handle: "winter" } })
    const big = await api.get("/store/collections/pcol_big?expand=products")
    expect(big.body.collection.products).toHaveLength(50)
    expect(big.body.collection.products[0].id).toBe("prod_big_54")
  })

  it("expands the products of the publishable key's sales channels", async () => {
    const res = await api.get("/store/collections/pcol_summer?expand=products", { headers: { "x-publishable-api-key": "pk_other" } })
    expect(productIds(res.body.collection)).toEqual(["prod_summer_other"])
    // the key's channels are looked up first
    expect(res.roundTrips).toBe(2)
    const list = await api.get("/store/collections?expand=products&handle[]=summer", { headers: { "x-publishable-api-key": "pk_other" } })
    expect(productIds(list.body.collections[0])).toEqual(["prod_summer_other"])
  })

  it("rejects unknown keys, fields and relations with invalid_data", async () => {
    const cases: [string, string][] = [
      ["foo=1", "property foo should not exist"],
      ["fields=title&foo=1", "property foo should not exist"],
      ["fields=name", "Requested fields [name] are not valid"],
      ["expand=variants", "Requested fields [variants] are not valid"],
      ["limit=1", "property limit should not exist"],
    ]
    for (const [qs, message] of cases) {
      const res = await api.get(`/store/collections/pcol_summer?${qs}`)
      expect(res.status, qs).toBe(400)
      expect(res.body, qs).toEqual({ type: "invalid_data", message })
    }
  })

  it("answers 404 with v1's message for unknown and deleted collections", async () => {
    expect((await api.get("/store/collections/nope")).body).toEqual({
      type: "not_found",
      message: "Product collection with id: nope was not found",
    })
    const deleted = await api.get("/store/collections/pcol_archive")
    expect(deleted.status).toBe(404)
    expect(deleted.body.message).toBe("Product collection with id: pcol_archive was not found")
  })
})
