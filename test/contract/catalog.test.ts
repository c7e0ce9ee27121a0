import { beforeAll, describe, expect, it } from "vitest"
import { api, type ApiResponse } from "../helpers/api"
import { seedGoldenStore } from "../helpers/seed"
import { contractErrors } from "../helpers/openapi"

/**
 * Catalog responses validated against the Medusa v1.20.10 Store OpenAPI spec (test/helpers/openapi.ts, with the
 * corrections it lists where v1's recorded responses contradict the spec). Each operation: its 200 body, and a 4xx
 * whose body must match the spec's Error schema; each also asserts concrete values, so a conforming but wrong
 * answer still fails.
 */
const conforms = (method: string, path: string, res: ApiResponse) => expect(contractErrors(method, path, res.status, res.body)).toEqual([])

beforeAll(async () => {
  await seedGoldenStore()
})

describe("regions", () => {
  it("GET /store/regions → 200 StoreRegionsListRes, 400 Error", async () => {
    const res = await api.get("/store/regions")
    expect(res.status).toBe(200)
    conforms("GET", "/store/regions", res)
    expect(res.body.regions.map((r: { id: string }) => r.id).sort()).toEqual(["reg_eu", "reg_na"])

    const bad = await api.get("/store/regions?limit=abc")
    expect(bad.status).toBe(400)
    conforms("GET", "/store/regions", bad)
    expect(bad.body).toEqual({ type: "invalid_data", message: "limit must be a number conforming to the specified constraints" })
  })

  it("GET /store/regions/{id} → 200 StoreRegionsRes, 404 Error", async () => {
    const res = await api.get("/store/regions/reg_eu")
    expect(res.status).toBe(200)
    conforms("GET", "/store/regions/{id}", res)
    expect(res.body.region).toMatchObject({ id: "reg_eu", currency_code: "eur", tax_rate: 25 })

    const missing = await api.get("/store/regions/reg_nope")
    expect(missing.status).toBe(404)
    conforms("GET", "/store/regions/{id}", missing)
    expect(missing.body).toEqual({ type: "not_found", message: "Region with reg_nope was not found" })
  })
})

describe("products and variants", () => {
  it("GET /store/products → 200 StoreProductsListRes (without and with a pricing context), 400 Error", async () => {
    for (const query of ["", "?region_id=reg_eu", "?currency_code=usd", "?expand=variants,variants.prices,options,collection,tags,type,images"]) {
      const res = await api.get(`/store/products${query}`)
      expect(res.status).toBe(200)
      conforms("GET", "/store/products", res)
      expect(res.body).toMatchObject({ count: 6, offset: 0, limit: 100 })
    }
    const bad = await api.get("/store/products?foo=bar")
    expect(bad.status).toBe(400)
    conforms("GET", "/store/products", bad)
    expect(bad.body).toEqual({ type: "invalid_data", message: "property foo should not exist" })
  })

  it("GET /store/products/{id} → 200 StoreProductsRes, 404 Error", async () => {
    const res = await api.get("/store/products/prod_mug?region_id=reg_eu")
    expect(res.status).toBe(200)
    conforms("GET", "/store/products/{id}", res)
    expect(res.body.product.variants[0]).toMatchObject({ id: "variant_mug_one", calculated_price: 850, calculated_price_incl_tax: 1063 })

    const missing = await api.get("/store/products/prod_nope")
    expect(missing.status).toBe(404)
    conforms("GET", "/store/products/{id}", missing)
    expect(missing.body).toEqual({ type: "not_found", message: "Product with id: prod_nope was not found" })
  })

  it("POST /store/products/search → 200 StorePostSearchRes, 400 Error", async () => {
    const res = await api.post("/store/products/search", { q: "mug" })
    expect(res.status).toBe(200)
    conforms("POST", "/store/products/search", res)
    expect(res.body.hits.map((h: { id: string }) => h.id)).toEqual(["prod_mug"])

    const bad = await api.post("/store/products/search", { q: 1 })
    expect(bad.status).toBe(400)
    conforms("POST", "/store/products/search", bad)
    expect(bad.body).toEqual({ type: "invalid_data", message: "q must be a string" })
  })

  it("GET /store/variants → 200 StoreVariantsListRes, 400 Error", async () => {
    const res = await api.get("/store/variants?ids=variant_tshirt_s_black,variant_mug_one&region_id=reg_na")
    expect(res.status).toBe(200)
    conforms("GET", "/store/variants", res)
    expect(res.body.variants.map((v: { id: string }) => v.id).sort()).toEqual(["variant_mug_one", "variant_tshirt_s_black"])

    const bad = await api.get("/store/variants?foo=bar")
    expect(bad.status).toBe(400)
    conforms("GET", "/store/variants", bad)
    expect(bad.body).toEqual({ type: "invalid_data", message: "property foo should not exist" })
  })

  it("GET /store/variants/{id} → 200 StoreVariantsRes, 404 Error", async () => {
    const res = await api.get("/store/variants/variant_mug_one?region_id=reg_eu")
    expect(res.status).toBe(200)
    conforms("GET", "/store/variants/{id}", res)
    expect(res.body.variant).toMatchObject({ id: "variant_mug_one", product_id: "prod_mug", calculated_price: 850 })

    const missing = await api.get("/store/variants/variant_nope")
    expect(missing.status).toBe(404)
    conforms("GET", "/store/variants/{id}", missing)
    expect(missing.body).toEqual({ type: "not_found", message: "Variant with id: variant_nope was not found" })
  })
})

describe("tags, types, categories, collections", () => {
  it("GET /store/product-tags → 200 StoreProductTagsListRes, 400 Error", async () => {
    const res = await api.get("/store/product-tags")
    expect(res.status).toBe(200)
    conforms("GET", "/store/product-tags", res)
    expect(res.body).toMatchObject({ count: 5, offset: 0, limit: 20 })

    const bad = await api.get("/store/product-tags?limit=abc")
    expect(bad.status).toBe(400)
    conforms("GET", "/store/product-tags", bad)
    expect(bad.body).toEqual({ type: "invalid_data", message: "limit must be a number conforming to the specified constraints" })
  })

  it("GET /store/product-types → 200 StoreProductTypesListRes, 400 Error", async () => {
    const res = await api.get("/store/product-types")
    expect(res.status).toBe(200)
    conforms("GET", "/store/product-types", res)
    expect(res.body.product_types.map((t: { value: string }) => t.value).sort()).toEqual(["Merch", "Pants", "Shirt", "Sweater"])

    const bad = await api.get("/store/product-types?limit=abc")
    expect(bad.status).toBe(400)
    conforms("GET", "/store/product-types", bad)
    expect(bad.body).toEqual({ type: "invalid_data", message: "limit must be a number conforming to the specified constraints" })
  })

  it("GET /store/product-categories → 200 StoreGetProductCategoriesRes, 400 Error", async () => {
    for (const query of ["", "?parent_category_id=null&include_descendants_tree=true"]) {
      const res = await api.get(`/store/product-categories${query}`)
      expect(res.status).toBe(200)
      conforms("GET", "/store/product-categories", res)
      expect(res.body.product_categories.map((c: { id: string }) => c.id)).toContain("pcat_apparel")
    }
    const bad = await api.get("/store/product-categories?foo=bar")
    expect(bad.status).toBe(400)
    conforms("GET", "/store/product-categories", bad)
    expect(bad.body).toEqual({ type: "invalid_data", message: "property foo should not exist" })
  })

  it("GET /store/product-categories/{id} → 200 StoreGetProductCategoriesCategoryRes, 404 Error", async () => {
    const res = await api.get("/store/product-categories/pcat_apparel")
    expect(res.status).toBe(200)
    conforms("GET", "/store/product-categories/{id}", res)
    expect(res.body.product_category).toMatchObject({ id: "pcat_apparel", handle: "apparel" })

    const missing = await api.get("/store/product-categories/pcat_internal")
    expect(missing.status).toBe(404)
    conforms("GET", "/store/product-categories/{id}", missing)
    expect(missing.body).toEqual({
      type: "not_found",
      message: "ProductCategory with id: pcat_internal, is_internal: false, is_active: true was not found",
    })
  })

  it("GET /store/collections → 200 StoreCollectionsListRes, 400 Error", async () => {
    const res = await api.get("/store/collections")
    expect(res.status).toBe(200)
    conforms("GET", "/store/collections", res)
    expect(res.body).toMatchObject({ count: 2, offset: 0, limit: 10 })

    const bad = await api.get("/store/collections?foo=bar")
    expect(bad.status).toBe(400)
    conforms("GET", "/store/collections", bad)
    expect(bad.body).toEqual({ type: "invalid_data", message: "property foo should not exist" })
  })

  it("GET /store/collections/{id} → 200 StoreCollectionsRes, 404 Error", async () => {
    const res = await api.get("/store/collections/pcol_summer")
    expect(res.status).toBe(200)
    conforms("GET", "/store/collections/{id}", res)
    expect(res.body.collection).toMatchObject({ id: "pcol_summer", handle: "summer" })

    const missing = await api.get("/store/collections/pcol_nope")
    expect(missing.status).toBe(404)
    conforms("GET", "/store/collections/{id}", missing)
    expect(missing.body).toEqual({ type: "not_found", message: "Product collection with id: pcol_nope was not found" })
  })
})

describe("shipping options, return reasons, gift cards", () => {
  it("GET /store/shipping-options → 200 StoreShippingOptionsListRes, 400 Error", async () => {
    const res = await api.get("/store/shipping-options?region_id=reg_na")
    expect(res.status).toBe(200)
    conforms("GET", "/store/shipping-options", res)
    expect(res.body.shipping_options.every((o: { region_id: string }) => o.region_id === "reg_na")).toBe(true)
    expect(res.body.shipping_options.length).toBeGreaterThan(0)

    const bad = await api.get("/store/shipping-options?foo=bar")
    expect(bad.status).toBe(400)
    conforms("GET", "/store/shipping-options", bad)
    expect(bad.body).toEqual({ type: "invalid_data", message: "property foo should not exist" })
  })

  it("GET /store/return-reasons → 200 StoreReturnReasonsListRes", async () => {
    // v1 validates no query here and has no error of its own, so this route has no 4xx to check.
    const res = await api.get("/store/return-reasons")
    expect(res.status).toBe(200)
    conforms("GET", "/store/return-reasons", res)
    expect(res.body.return_reasons.map((r: { value: string }) => r.value)).toEqual(["wrong_size", "damaged", "changed_mind"])
  })

  it("GET /store/return-reasons/{id} → 200 StoreReturnReasonsRes, 404 Error", async () => {
    const res = await api.get("/store/return-reasons/rr_01M8E6SPZD2GDXZWV5FPK0GENM")
    expect(res.status).toBe(200)
    conforms("GET", "/store/return-reasons/{id}", res)
    expect(res.body.return_reason).toMatchObject({ value: "wrong_size", label: "Wrong size" })

    const missing = await api.get("/store/return-reasons/rr_nope")
    expect(missing.status).toBe(404)
    conforms("GET", "/store/return-reasons/{id}", missing)
    expect(missing.body).toEqual({ type: "not_found", message: "Return Reason with id: rr_nope was not found." })
  })

  it("GET /store/gift-cards/{code} → 200 StoreGiftCardsRes, 404 Error", async () => {
    const res = await api.get("/store/gift-cards/GIFT-100")
    expect(res.status).toBe(200)
    conforms("GET", "/store/gift-cards/{code}", res)
    expect(res.body.gift_card).toMatchObject({ code: "GIFT-100", value: 10000, balance: 10000, region: { id: "reg_na" } })

    const missing = await api.get("/store/gift-cards/NOPE-NOPE")
    expect(missing.status).toBe(404)
    conforms("GET", "/store/gift-cards/{code}", missing)
    expect(missing.body).toEqual({ type: "not_found", message: "Gift card with code: NOPE-NOPE was not found" })
  })
})
