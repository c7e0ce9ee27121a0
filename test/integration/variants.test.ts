import { beforeAll, describe, expect, it } from "vitest"
import { api } from "../helpers/api"
import * as schema from "../../src/db/schema"
import { TS, db, insertCatalog, insertProducts, runStatements, salesChannelRow, type ProductSpec } from "../helpers/product-rows"

const VARIANT_COLUMNS = [
  "id", "created_at", "updated_at", "deleted_at", "title", "product_id", "sku", "barcode", "ean", "upc", "variant_rank",
  "inventory_quantity", "allow_backorder", "manage_inventory", "hs_code", "origin_country", "mid_code", "material",
  "weight", "length", "height", "width", "metadata",
]
const PRODUCT_COLUMNS = [
  "id", "created_at", "updated_at", "deleted_at", "title", "subtitle", "description", "handle", "is_giftcard", "status",
  "thumbnail", "weight", "length", "height", "width", "hs_code", "origin_country", "mid_code", "material", "collection_id",
  "type_id", "discountable", "external_id", "metadata",
]
const UNPRICED = ["original_price", "calculated_price", "original_price_incl_tax", "calculated_price_incl_tax", "original_tax", "calculated_tax", "tax_rates"]
const PRICED = [
  "original_price", "calculated_price", "calculated_price_type", "original_price_incl_tax", "calculated_price_incl_tax",
  "original_tax", "calculated_tax", "tax_rates",
]

/** Every live variant of a live product in the default channel, in insertion order. */
const DEFAULT_VARIANTS = [
  "variant_tshirt_s_black", "variant_tshirt_m_black", "variant_tshirt_l_white", "variant_sweatshirt_s",
  "variant_sweatshirt_m", "variant_sweatpants_s", "variant_sweatpants_m", "variant_mug_one", "variant_sticker_pack",
  "variant_giftcard_25", "variant_giftcard_100", "variant_draft_hoodie_m",
]

type Variant = { id: string; [key: string]: unknown }
const ids = (body: { variants: Variant[] }) => body.variants.map((v) => v.id)

const MANY: ProductSpec[] = Array.from({ length: 50 }, (_, i) => ({
  id: `prod_many_${String(i).padStart(2, "0")}`,
  title: `Many ${i}`,
  options: ["Size"],
  variants: ["a", "b"].map((suffix) => ({
    id: `variant_many_${String(i).padStart(2, "0")}_${suffix}`,
    title: suffix,
    options: [suffix.toUpperCase()],
    prices: [{ id: `ma_many_${i}_${suffix}`, currency_code: "eur", amount: 400 }],
  })),
  channels: ["sc_many"],
  searchable: false,
}))

beforeAll(async () => {
  await insertCatalog()
  await runStatements([
    salesChannelRow("sc_many"),
    db.insert(schema.cart).values({ id: "cart_eu", region_id: "reg_eu", type: "default", version: 0, created_at: TS, updated_at: TS }),
  ])
  await insertProducts(MANY)
})

describe("GET /store/variants", () => {
  it("lists variants by ids with options, product and prices (golden 31)", async () => {
    const res = await api.get("/store/variants?ids=variant_tshirt_s_black,variant_mug_one")
    expect(res.status).toBe(200)
    expect(Object.keys(res.body)).toEqual(["variants"])
    expect(ids(res.body)).toEqual(["variant_tshirt_s_black", "variant_mug_one"])
    const [tee, mug] = res.body.variants
    expect(Object.keys(tee)).toEqual([...VARIANT_COLUMNS, "options", "product", "prices", ...UNPRICED])
    expect(tee).toMatchObject({ title: "S / Black", sku: "TSHIRT-S-BLACK", inventory_quantity: 100, product_id: "prod_tshirt" })
    expect(tee.options.map((o: { value: string }) => o.value)).toEqual(["S", "Black"])
    expect(Object.keys(tee.product)).toEqual(PRODUCT_COLUMNS)
    expect(tee.product).toMatchObject({ id: "prod_tshirt", title: "Medusa T-Shirt", collection_id: "pcol_summer", type_id: "ptyp_shirt" })
    expect(mug.prices.map((p: { id: string }) => p.id)).toEqual(["ma_mug_eu", "ma_mug_usd", "ma_mug_eur"])
    expect(UNPRICED.map((k) => mug[k])).toEqual([null, null, null, null, null, null, null])
  })

  it("lists every live variant of the default channel in insertion order, drafts included (v1 filters no status)", async () => {
    const res = await api.get("/store/variants")
    expect(ids(res.body)).toEqual(DEFAULT_VARIANTS)
  })

  it("pages with limit and offset", async () => {
    expect(ids((await api.get("/store/variants?limit=2&offset=1")).body)).toEqual(["variant_tshirt_m_black", "variant_tshirt_l_white"])
    expect(ids((await api.get("/store/variants?limit=1&offset=11")).body)).toEqual(["variant_draft_hoodie_m"])
    expect((await api.get("/store/variants?offset=12")).body).toEqual({ variants: [] })
  })

  it.each([
    ["id=variant_mug_one", ["variant_mug_one"]],
    ["id[]=variant_mug_one&id[]=variant_sticker_pack", ["variant_mug_one", "variant_sticker_pack"]],
    ["ids=variant_sticker_pack&id=variant_mug_one", ["variant_sticker_pack"]],
    ["ids=variant_tshirt_gone,variant_deleted,variant_mug_one", ["variant_mug_one"]],
    ["title=One%20Size", ["variant_mug_one"]],
    ["title[]=S&title[]=M", ["variant_sweatshirt_s", "variant_sweatshirt_m", "variant_sweatpants_s", "variant_sweatpants_m", "variant_draft_hoodie_m"]],
    ["inventory_quantity=1000", ["variant_mug_one"]],
    ["inventory_quantity[gt]=60", ["variant_tshirt_s_black", "variant_mug_one"]],
    ["inventory_quantity[lt]=1", ["variant_tshirt_l_white", "variant_sweatpants_m", "variant_sticker_pack", "variant_giftcard_25", "variant_giftcard_100"]],
    ["inventory_quantity[gte]=50&inventory_quantity[lte]=100", ["variant_tshirt_s_black", "variant_sweatshirt_s", "variant_sweatshirt_m"]],
    ["sales_channel_id=sc_wholesale", ["variant_crate"]],
  ])("filters by %s", async (qs, expected) => {
    const res = await api.get(`/store/variants?${qs}&fields=id&expand=`)
    expect(res.status).toBe(200)
    expect(ids(res.body)).toEqual(expected)
  })

  it("prices for region_id: 850 at 25% → 213 tax, 1063 incl., prices narrowed to the region's", async () => {
    const res = await api.get("/store/variants?ids=variant_mug_one,variant_sticker_pack&region_id=reg_eu")
    const [mug, sticker] = res.body.variants
    expect(Object.keys(mug)).toEqual([...VARIANT_COLUMNS, "options", "product", "prices", ...PRICED])
    expect(mug.prices.map((p: { id: string }) => p.id)).toEqual(["ma_mug_eu", "ma_mug_eur"])
    expect(PRICED.map((k) => mug[k])).toEqual([850, 850, "default", 1063, 1063, 213, 213, [{ rate: 25, name: "default", code: "default" }]])
    // The sticker's product-level 10% override: 450 → 45 tax, 495 incl.
    expect(PRICED.map((k) => sticker[k])).toEqual([450, 450, "default", 495, 495, 45, 45, [{ rate: 10, name: "Reduced", code: "RED" }]])
  })

  it("prices for currency_code and for a cart's region", async () => {
    const usd = await api.get("/store/variants?ids=variant_tshirt_m_black&currency_code=usd")
    expect(PRICED.map((k) => usd.body.variants[0][k])).toEqual([1950, 1950, "default", null, null, null, null, null])
    const cart = await api.get("/store/variants?ids=variant_tshirt_m_black&cart_id=cart_eu")
    expect(PRICED.map((k) => cart.body.variants[0][k])).toEqual([1800, 1800, "default", 2250, 2250, 450, 450, [{ rate: 25, name: "default", code: "default" }]])
  })

  it("always adds prices and the priced fields, whatever expand and fields say", async () => {
    const res = await api.get("/store/variants?ids=variant_mug_one&expand=product&fields=title")
    expect(Object.keys(res.body.variants[0])).toEqual(["id", "created_at", "title", "product", "prices", ...UNPRICED])
    const bare = await api.get("/store/variants?ids=variant_mug_one&expand=inventory_items&fields=sku")
    expect(bare.body.variants[0]).toMatchObject({ id: "variant_mug_one", sku: "MUG-ONE", inventory_items: [] })
    expect(Object.keys(bare.body.variants[0])).toEqual(["id", "created_at", "sku", "inventory_items", "prices", ...UNPRICED])
  })

  it.each([
    ["limit=abc", "limit must be an integer number"],
    ["offset=1.5", "offset must be an integer number"],
    ["order=title", "property order should not exist"],
    ["inventory_quantity=abc", "inventory_quantity must be one of: Number,NumericalComparisonOperator"],
    ["inventory_quantity[about]=3", "property inventory_quantity.about should not exist"],
    ["expand=foo", "Requested fields [foo] are not valid"],
    ["fields=foo", "Requested fields [foo] are not valid"],
    ["sales_channel_id[]=sc_main", "sales_channel_id must be a string"],
  ])("rejects %s with invalid_data", async (qs, message) => {
    const res = await api.get(`/store/variants?${qs}`)
    expect(res.status).toBe(400)
    expect(res.body).toEqual({ type: "invalid_data", message })
  })

  it("answers 404 for an unknown region", async () => {
    const res = await api.get("/store/variants?region_id=reg_nope")
    expect(res.status).toBe(404)
    expect(res.body).toEqual({ type: "not_found", message: "Region with reg_nope was not found" })
  })

  it("loads 100 variants in one round trip, priced or not", async () => {
    const one = await api.get("/store/variants?sales_channel_id=sc_many&limit=1")
    const hundred = await api.get("/store/variants?sales_channel_id=sc_many&limit=100")
    expect(hundred.body.variants).toHaveLength(100)
    expect(hundred.body.variants[99]).toMatchObject({ id: "variant_many_49_b", options: [{ value: "B" }], product: { id: "prod_many_49" } })
    expect([one.roundTrips, hundred.roundTrips]).toEqual([1, 1])
    const priced = await api.get("/store/variants?sales_channel_id=sc_many&limit=100&region_id=reg_eu")
    // 400 at 25% → 100 tax, 500 incl.
    expect(priced.body.variants.map((v: { calculated_price_incl_tax: number }) => v.calculated_price_incl_tax)).toEqual(Array(100).fill(500))
    expect(priced.roundTrips).toBe(1)
  })
})

describe("GET /store/variants/:id", () => {
  it("returns a priced variant (golden 32)", async () => {
    const res = await api.get("/store/variants/variant_mug_one?region_id=reg_eu")
    expect(res.status).toBe(200)
    expect(res.body).toEqual({
      variant: {
        id: "variant_mug_one", created_at: TS, updated_at: TS, deleted_at: null, title: "One Size", product_id: "prod_mug",
        sku: "MUG-ONE", barcode: null, ean: null, upc: null, variant_rank: 0, inventory_quantity: 1000, allow_backorder: false,
        manage_inventory: true, hs_code: null, origin_country: null, mid_code: null, material: null, weight: null, length: null,
        height: null, width: null, metadata: null,
        options: [
          { id: "optval_variant_mug_one_0", created_at: TS, updated_at: TS, deleted_at: null, value: "One Size", option_id: "opt_prod_mug_0", variant_id: "variant_mug_one", metadata: null },
        ],
        prices: [
          { id: "ma_mug_eu", created_at: TS, updated_at: TS, deleted_at: null, currency_code: "eur", amount: 850, min_quantity: null, max_quantity: null, price_list_id: null, region_id: "reg_eu", price_list: null, variant_id: "variant_mug_one" },
          { id: "ma_mug_eur", created_at: TS, updated_at: TS, deleted_at: null, currency_code: "eur", amount: 900, min_quantity: null, max_quantity: null, price_list_id: null, region_id: null, price_list: null, variant_id: "variant_mug_one" },
        ],
        product: {
          id: "prod_mug", created_at: TS, updated_at: TS, deleted_at: null, title: "Medusa Coffee Mug", subtitle: null,
          description: "Every programmer's best friend.", handle: "coffee-mug", is_giftcard: false, status: "published",
          thumbnail: null, weight: 300, length: null, height: null, width: null, hs_code: null, origin_country: null,
          mid_code: null, material: null, collection_id: "pcol_summer", type_id: "ptyp_merch", discountable: true,
          external_id: null, metadata: null,
        },
        original_price: 850,
        calculated_price: 850,
        calculated_price_type: "default",
        original_price_incl_tax: 1063,
        calculated_price_incl_tax: 1063,
        original_tax: 213,
        calculated_tax: 213,
        tax_rates: [{ rate: 25, name: "default", code: "default" }],
      },
    })
    expect(res.roundTrips).toBe(1)
  })

  it("honours expand and fields (prices always follow, v1 key order)", async () => {
    const bare = await api.get("/store/variants/variant_mug_one?expand=&fields=title")
    expect(Object.keys(bare.body.variant)).toEqual(["id", "title", "prices", ...UNPRICED])
    const options = await api.get("/store/variants/variant_mug_one?expand=options")
    expect(Object.keys(options.body.variant)).toEqual([...VARIANT_COLUMNS, "options", "prices", ...UNPRICED])
  })

  it("returns a draft product's variant by id", async () => {
    const res = await api.get("/store/variants/variant_draft_hoodie_m?fields=sku&expand=")
    expect(res.body.variant).toMatchObject({ id: "variant_draft_hoodie_m", sku: "HOODIE-M" })
  })

  it("answers 404 with v1's message for unknown, deleted and orphaned variants", async () => {
    for (const id of ["variant_nope", "variant_tshirt_gone", "variant_deleted"]) {
      const res = await api.get(`/store/variants/${id}`)
      expect(res.status).toBe(404)
      expect(res.body).toEqual({ type: "not_found", message: `Variant with id: ${id} was not found` })
    }
  })

  it("rejects unknown query params", async () => {
    expect((await api.get("/store/variants/variant_mug_one?foo=1")).body).toEqual({ type: "invalid_data", message: "property foo should not exist" })
  })
})
