import { beforeAll, describe, expect, it } from "vitest"
import { api } from "../helpers/api"
import { catalogVersionWindowPassed } from "../helpers/catalog-cache"
import { catalogDb, day, discountConditionRow, discountRuleRow, tagRow } from "../helpers/catalog-rows"
import { discountCondition, discountConditionTarget, discountRule, productTag } from "../../src/db/schema"

const ids = (body: { product_tags: { id: string }[] }) => body.product_tags.map((t) => t.id)

beforeAll(async () => {
  const db = catalogDb()
  await db.insert(productTag).values([
    tagRow({ id: "ptag_cotton", value: "cotton", created_at: day(1), updated_at: day(1) }),
    tagRow({ id: "ptag_summer", value: "summer", created_at: day(2), updated_at: day(5) }),
    tagRow({ id: "ptag_winter", value: "winter", created_at: day(3), updated_at: day(3) }),
    // Same created_at as winter, inserted after it: ties keep insertion order.
    tagRow({ id: "ptag_kitchen", value: "kitchen", created_at: day(3), updated_at: day(3), metadata: { shelf: 2 } }),
    tagRow({ id: "ptag_gone", value: "gone", created_at: day(4), updated_at: day(4), deleted_at: day(4) }),
  ])
  await db.insert(discountRule).values(discountRuleRow("dru_tags"))
  await db.insert(discountCondition).values(discountConditionRow("discon_tags", "dru_tags", "product_tags"))
  await db.insert(discountConditionTarget).values([
    { condition_id: "discon_tags", target_id: "ptag_cotton" },
    { condition_id: "discon_tags", target_id: "ptag_kitchen" },
  ])
})

describe("GET /store/product-tags", () => {
  it("lists live tags newest first with v1's default fields and a limit of 20, in one round trip", async () => {
    catalogVersionWindowPassed()
    const res = await api.get("/store/product-tags")
    expect(res.status).toBe(200)
    expect(res.body).toEqual({
      product_tags: [
        { id: "ptag_winter", created_at: day(3), updated_at: day(3), value: "winter" },
        { id: "ptag_kitchen", created_at: day(3), updated_at: day(3), value: "kitchen" },
        { id: "ptag_summer", created_at: day(2), updated_at: day(5), value: "summer" },
        { id: "ptag_cotton", created_at: day(1), updated_at: day(1), value: "cotton" },
      ],
      count: 4,
      offset: 0,
      limit: 20,
    })
    // the version read (the window has passed) + the page and its relations in one batch
    expect(res.roundTrips).toBe(2)
  })

  it("pages with limit and offset while counting every match", async () => {
    const res = await api.get("/store/product-tags?limit=2&offset=1")
    expect(res.body).toMatchObject({ count: 4, limit: 2, offset: 1 })
    expect(ids(res.body)).toEqual(["ptag_kitchen", "ptag_summer"])
  })

  it("orders by an allowed field, ascending or with - descending", async () => {
    expect(ids((await api.get("/store/product-tags?order=value")).body)).toEqual([
      "ptag_cotton", "ptag_kitchen", "ptag_summer", "ptag_winter",
    ])
    expect(ids((await api.get("/store/product-tags?order=-updated_at")).body)).toEqual([
      "ptag_summer", "ptag_winter", "ptag_kitchen", "ptag_cotton",
    ])
  })

  it("filters by value: exact, several, or a comparison operator", async () => {
    expect(ids((await api.get("/store/product-tags?value=cotton")).body)).toEqual(["ptag_cotton"])
    expect(ids((await api.get("/store/product-tags?value[]=cotton&value[]=kitchen")).body)).toEqual(["ptag_kitchen", "ptag_cotton"])
    expect(ids((await api.get("/store/product-tags?value[contains]=UMM")).body)).toEqual(["ptag_summer"])
    expect(ids((await api.get("/store/product-tags?value[starts_with]=w")).body)).toEqual(["ptag_winter"])
    expect(ids((await api.get("/store/product-tags?value[ends_with]=en")).body)).toEqual(["ptag_kitchen"])
    expect(ids((await api.get("/store/product-tags?value[lt]=l&order=value")).body)).toEqual(["ptag_cotton", "ptag_kitchen"])
    expect(ids((await api.get("/store/product-tags?value[gte]=summer&order=value")).body)).toEqual(["ptag_summer", "ptag_winter"])
  })

  it("filters by id", async () => {
    expect(ids((await api.get("/store/product-tags?id=ptag_summer")).body)).toEqual(["ptag_summer"])
    const res = await api.get("/store/product-tags?id[]=ptag_summer&id[]=ptag_cotton&id[]=ptag_gone")
    expect(ids(res.body)).toEqual(["ptag_summer", "ptag_cotton"])
    expect(res.body.count).toBe(2)
  })

  it("searches values case-insensitively with q (v1's unescaped ILIKE, so % matches everything)", async () => {
    const res = await api.get("/store/product-tags?q=UMM")
    expect(ids(res.body)).toEqual(["ptag_summer"])
    expect(res.body.count).toBe(1)
    expect((await api.get("/store/product-tags?q=%25")).body.count).toBe(4)
  })

  it("answers q and value[contains|starts_with|ends_with] longer than D1's 50-byte LIKE limit (no 500)", async () => {
    const empty = { product_tags: [], count: 0, offset: 0, limit: 20 }
    for (const qs of [`q=${"u".repeat(49)}`, `q=${"%25".repeat(60)}`, `value[contains]=${"x".repeat(5000)}`, `value[starts_with]=${"w".repeat(60)}`, `value[ends_with]=${"é".repeat(30)}`]) {
      const res = await api.get(`/store/product-tags?${qs}`)
      expect(res.status).toBe(200)
      expect(res.body).toEqual(empty)
    }
  })

  it("keeps the tags a discount condition targets", async () => {
    expect(ids((await api.get("/store/product-tags?discount_condition_id=discon_tags")).body)).toEqual([
      "ptag_kitchen", "ptag_cotton",
    ])
    expect((await api.get("/store/product-tags?discount_condition_id=discon_nope")).body).toEqual({
      product_tags: [], count: 0, offset: 0, limit: 20,
    })
  })

  it("filters by created_at and updated_at ranges", async () => {
    expect(ids((await api.get("/store/product-tags?created_at[gt]=2026-01-02")).body)).toEqual(["ptag_winter", "ptag_kitchen"])
    expect(ids((await api.get("/store/product-tags?created_at[gte]=2026-01-02&created_at[lt]=2026-01-03")).body)).toEqual([
      "ptag_summer",
    ])
    expect(ids((await api.get("/store/product-tags?updated_at[gte]=2026-01-05")).body)).toEqual(["ptag_summer"])
    expect(ids((await api.get("/store/product-tags?updated_at[lte]=2026-01-01")).body)).toEqual(["ptag_cotton"])
  })

  it("combines filters", async () => {
    const res = await api.get("/store/product-tags?q=t&created_at[lt]=2026-01-03&order=value")
    expect(ids(res.body)).toEqual(["ptag_cotton"])
  })

  it("honours fields: a list replaces the columns (id and created_at stay), +/- adjust v1's default four", async () => {
    const replaced = await api.get("/store/product-tags?fields=value&order=value&limit=2")
    expect(replaced.status).toBe(200)
    expect(replaced.body).toEqual({
      product_tags: [
        { id: "ptag_cotton", created_at: day(1), value: "cotton" },
        { id: "ptag_kitchen", created_at: day(3), value: "kitchen" },
      ],
      count: 4,
      offset: 0,
      limit: 2,
    })
    const added = await api.get("/store/product-tags?fields=%2Bmetadata,%2Bdeleted_at&id=ptag_kitchen")
    expect(added.body.product_tags).toEqual([
      { id: "ptag_kitchen", created_at: day(3), updated_at: day(3), deleted_at: null, value: "kitchen", metadata: { shelf: 2 } },
    ])
    expect(Object.keys(added.body.product_tags[0])).toEqual(["id", "created_at", "updated_at", "deleted_at", "value", "metadata"])
    const removed = await api.get("/store/product-tags?fields=-value,-updated_at&id=ptag_summer")
    expect(removed.body.product_tags).toEqual([{ id: "ptag_summer", created_at: day(2) }])
    expect(removed.roundTrips).toBe(1)
  })

  it("accepts an empty expand (tags have no relations to expand)", async () => {
    const res = await api.get("/store/product-tags?expand=&id=ptag_cotton")
    expect(res.status).toBe(200)
    expect(res.body.product_tags).toEqual([{ id: "ptag_cotton", created_at: day(1), updated_at: day(1), value: "cotton" }])
  })

  it("rejects unknown keys, unknown fields and relations, and bad values with invalid_data", async () => {
    const cases: [string, string][] = [
      ["foo=bar", "property foo should not exist"],
      ["expand=products", "Requested fields [products] are not valid"],
      ["fields=value,color", "Requested fields [color] are not valid"],
      ["fields=%2Bproducts", "Requested fields [products] are not valid"],
      ["fields=value&expand=x&foo=1", "property foo should not exist"],
      ["expand[]=x", "expand must be a string"],
      ["order=nope", "Order field nope is not valid"],
      ["order=metadata", "Order field metadata is not valid"],
      ["limit=abc", "limit must be a number conforming to the specified constraints"],
    ]
    for (const [qs, message] of cases) {
      const res = await api.get(`/store/product-tags?${qs}`)
      expect(res.status, qs).toBe(400)
      expect(res.body, qs).toEqual({ type: "invalid_data", message })
    }
    // v1 answers a negative offset with a 500; here it is a plain 400.
    expect((await api.get("/store/product-tags?offset=-1")).status).toBe(400)
    const badDate = await api.get("/store/product-tags?created_at[gt]=notadate")
    expect(badDate.status).toBe(400)
    expect(badDate.body.type).toBe("invalid_data")
    const badOperator = await api.get("/store/product-tags?value[foo]=x")
    expect(badOperator.status).toBe(400)
    expect(badOperator.body.type).toBe("invalid_data")
  })
})
