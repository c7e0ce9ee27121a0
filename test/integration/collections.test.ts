import { beforeAll, describe, expect, it } from "vitest"
import { api } from "../helpers/api"
import { catalogDb, collectionRow, day } from "../helpers/catalog-rows"
import { productCollection } from "../../src/db/schema"

const ids = (body: { collections: { id: string }[] }) => body.collections.map((c) => c.id)

beforeAll(async () => {
  await catalogDb()
    .insert(productCollection)
    .values([
      collectionRow({ id: "pcol_summer", title: "Summer Collection", handle: "summer", created_at: day(2), updated_at: day(2) }),
      // Same created_at as summer, inserted after it: v1 (no ORDER BY) answers in insertion order.
      collectionRow({ id: "pcol_essentials", title: "Essentials", handle: "essentials", created_at: day(2), updated_at: day(8) }),
      collectionRow({ id: "pcol_winter", title: "Winter", handle: "winter", created_at: day(5), updated_at: day(5), metadata: { season: 4 } }),
      collectionRow({ id: "pcol_archive", title: "Archive", handle: "archive", created_at: day(1), updated_at: day(1), deleted_at: day(3) }),
    ])
})

describe("GET /store/collections", () => {
  it("lists live collections in creation order with every column and a default limit of 10", async () => {
    const res = await api.get("/store/collections")
    expect(res.status).toBe(200)
    expect(res.body).toEqual({
      collections: [
        { id: "pcol_summer", created_at: day(2), updated_at: day(2), deleted_at: null, title: "Summer Collection", handle: "summer", metadata: null },
        { id: "pcol_essentials", created_at: day(2), updated_at: day(8), deleted_at: null, title: "Essentials", handle: "essentials", metadata: null },
        { id: "pcol_winter", created_at: day(5), updated_at: day(5), deleted_at: null, title: "Winter", handle: "winter", metadata: { season: 4 } },
      ],
      count: 3,
      limit: 10,
      offset: 0,
    })
    expect(res.roundTrips).toBe(1)
  })

  it("pages with limit and offset", async () => {
    const res = await api.get("/store/collections?limit=1&offset=1")
    expect(res.body).toMatchObject({ count: 3, limit: 1, offset: 1 })
    expect(ids(res.body)).toEqual(["pcol_essentials"])
  })

  it("filters by an array of handles", async () => {
    expect(ids((await api.get("/store/collections?handle[]=summer")).body)).toEqual(["pcol_summer"])
    const res = await api.get("/store/collections?handle[]=winter&handle[]=summer&handle[]=archive")
    expect(ids(res.body)).toEqual(["pcol_summer", "pcol_winter"])
    expect(res.body.count).toBe(2)
  })

  it("filters by created_at and updated_at ranges", async () => {
    expect(ids((await api.get("/store/collections?created_at[gt]=2026-01-02")).body)).toEqual(["pcol_winter"])
    expect(ids((await api.get("/store/collections?updated_at[gte]=2026-01-05&updated_at[lt]=2026-01-08")).body)).toEqual(["pcol_winter"])
    expect((await api.get("/store/collections?created_at[gt]=2030-01-01")).body).toEqual({ collections: [], count: 0, limit: 10, offset: 0 })
  })

  it("rejects what v1's StoreGetCollectionsParams rejects", async () => {
    const cases: [string, string][] = [
      ["handle=summer", "handle must be an array"],
      ["fields=title", "property fields should not exist"],
      ["expand=products", "property expand should not exist"],
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

  it("ignores the query string, as v1 (no validator on this route) does", async () => {
    const res = await api.get("/store/collections/pcol_summer?fields=title&foo=1")
    expect(res.status).toBe(200)
    expect(res.body.collection).toMatchObject({ id: "pcol_summer", title: "Summer Collection", handle: "summer" })
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
