import { beforeAll, describe, expect, it } from "vitest"
import { api } from "../helpers/api"
import { catalogVersionWindowPassed } from "../helpers/catalog-cache"
import { catalogDb, day, discountConditionRow, discountRuleRow, typeRow } from "../helpers/catalog-rows"
import { discountCondition, discountConditionTarget, discountRule, productType } from "../../src/db/schema"

const ids = (body: { product_types: { id: string }[] }) => body.product_types.map((t) => t.id)

beforeAll(async () => {
  const db = catalogDb()
  await db.insert(productType).values([
    typeRow({ id: "ptyp_shirt", value: "Shirt", created_at: day(1), updated_at: day(1) }),
    typeRow({ id: "ptyp_sweater", value: "Sweater", created_at: day(2), updated_at: day(2) }),
    typeRow({ id: "ptyp_pants", value: "Pants", created_at: day(3), updated_at: day(6), metadata: { fit: "slim" } }),
    typeRow({ id: "ptyp_old", value: "Old", created_at: day(4), updated_at: day(4), deleted_at: day(5) }),
  ])
  await db.insert(discountRule).values(discountRuleRow("dru_types"))
  await db.insert(discountCondition).values(discountConditionRow("discon_types", "dru_types", "product_types"))
  await db.insert(discountConditionTarget).values({ condition_id: "discon_types", target_id: "ptyp_sweater" })
})

describe("GET /store/product-types", () => {
  it("lists live types newest first with id, created_at, updated_at and value, in one round trip", async () => {
    catalogVersionWindowPassed()
    const res = await api.get("/store/product-types")
    expect(res.status).toBe(200)
    expect(res.body).toEqual({
      product_types: [
        { id: "ptyp_pants", created_at: day(3), updated_at: day(6), value: "Pants" },
        { id: "ptyp_sweater", created_at: day(2), updated_at: day(2), value: "Sweater" },
        { id: "ptyp_shirt", created_at: day(1), updated_at: day(1), value: "Shirt" },
      ],
      count: 3,
      offset: 0,
      limit: 20,
    })
    // the version read (the window has passed) + the page and its relations in one batch
    expect(res.roundTrips).toBe(2)
  })

  it("pages and orders (any column, as v1's admin router allows)", async () => {
    const res = await api.get("/store/product-types?order=value&limit=2&offset=1")
    expect(res.body).toMatchObject({ count: 3, limit: 2, offset: 1 })
    expect(ids(res.body)).toEqual(["ptyp_shirt", "ptyp_sweater"])
    expect(ids((await api.get("/store/product-types?order=-value")).body)).toEqual(["ptyp_sweater", "ptyp_shirt", "ptyp_pants"])
    expect((await api.get("/store/product-types?order=metadata")).status).toBe(200)
  })

  it("filters by value, id, q and discount condition", async () => {
    expect(ids((await api.get("/store/product-types?value=Shirt")).body)).toEqual(["ptyp_shirt"])
    expect(ids((await api.get("/store/product-types?value[]=Shirt&value[]=Pants")).body)).toEqual(["ptyp_pants", "ptyp_shirt"])
    expect(ids((await api.get("/store/product-types?value[contains]=an")).body)).toEqual(["ptyp_pants"])
    expect(ids((await api.get("/store/product-types?id[]=ptyp_sweater&id[]=ptyp_old")).body)).toEqual(["ptyp_sweater"])
    expect(ids((await api.get("/store/product-types?q=SH")).body)).toEqual(["ptyp_shirt"])
    expect(ids((await api.get("/store/product-types?discount_condition_id=discon_types")).body)).toEqual(["ptyp_sweater"])
  })

  it("answers a q longer than D1's 50-byte LIKE pattern limit with an empty page, not a 500", async () => {
    const res = await api.get(`/store/product-types?q=${"x".repeat(5000)}`)
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ product_types: [], count: 0, offset: 0, limit: 20 })
  })

  it("filters by created_at and updated_at ranges", async () => {
    expect(ids((await api.get("/store/product-types?created_at[lte]=2026-01-02")).body)).toEqual(["ptyp_sweater", "ptyp_shirt"])
    expect(ids((await api.get("/store/product-types?updated_at[gt]=2026-01-03")).body)).toEqual(["ptyp_pants"])
    expect((await api.get("/store/product-types?created_at[lt]=2020-01-01")).body).toEqual({
      product_types: [], count: 0, offset: 0, limit: 20,
    })
  })

  it("honours fields (replace, +add, -remove) and an empty expand", async () => {
    const replaced = await api.get("/store/product-types?fields=value&order=value")
    expect(replaced.status).toBe(200)
    expect(replaced.body.product_types).toEqual([
      { id: "ptyp_pants", created_at: day(3), value: "Pants" },
      { id: "ptyp_shirt", created_at: day(1), value: "Shirt" },
      { id: "ptyp_sweater", created_at: day(2), value: "Sweater" },
    ])
    const adjusted = await api.get("/store/product-types?fields=%2Bmetadata,-updated_at&id=ptyp_pants")
    expect(adjusted.body.product_types).toEqual([{ id: "ptyp_pants", created_at: day(3), value: "Pants", metadata: { fit: "slim" } }])
    const noRelations = await api.get("/store/product-types?expand=&id=ptyp_shirt")
    expect(noRelations.body.product_types).toEqual([{ id: "ptyp_shirt", created_at: day(1), updated_at: day(1), value: "Shirt" }])
    expect(noRelations.roundTrips).toBe(1)
  })

  it("rejects unknown keys, unknown fields and relations, and bad values with invalid_data", async () => {
    expect((await api.get("/store/product-types?foo=1")).body).toEqual({ type: "invalid_data", message: "property foo should not exist" })
    expect((await api.get("/store/product-types?expand=products")).body).toEqual({
      type: "invalid_data",
      message: "Requested fields [products] are not valid",
    })
    expect((await api.get("/store/product-types?fields=value,size")).body).toEqual({
      type: "invalid_data",
      message: "Requested fields [size] are not valid",
    })
    expect((await api.get("/store/product-types?fields=value&bar=2")).body).toEqual({ type: "invalid_data", message: "property bar should not exist" })
    expect((await api.get("/store/product-types?offset=abc")).body).toEqual({
      type: "invalid_data",
      message: "offset must be a number conforming to the specified constraints",
    })
    // v1 lets an unknown order column reach Postgres and answers 500; a 400 is what it means.
    expect((await api.get("/store/product-types?order=nope")).body).toEqual({ type: "invalid_data", message: "Order field nope is not valid" })
  })
})
