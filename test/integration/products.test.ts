import { beforeAll, describe, expect, it } from "vitest"
import { env } from "cloudflare:workers"
import { api } from "../helpers/api"
import * as schema from "../../src/db/schema"
import {
  CATALOG,
  TS,
  VISIBLE_IDS,
  db,
  insertBulkProducts,
  insertCatalog,
  insertProducts,
  runStatements,
  salesChannelRow,
  type ProductSpec,
} from "../helpers/product-rows"
import { productPageQueries } from "../../src/db/queries/products"
import { createDb } from "../../src/db/client"

// Key lists as recorded from Medusa 1.20 (golden 04 / 06 / 09).
const PRODUCT_KEYS = [
  "id", "created_at", "updated_at", "deleted_at", "title", "subtitle", "description", "handle", "is_giftcard", "status",
  "thumbnail", "weight", "length", "height", "width", "hs_code", "origin_country", "mid_code", "material", "type_id",
  "discountable", "external_id", "metadata", "collection", "collection_id", "images", "options", "profiles", "profile_id",
  "tags", "type", "variants",
]
const VARIANT_COLUMNS = [
  "id", "created_at", "updated_at", "deleted_at", "title", "product_id", "sku", "barcode", "ean", "upc", "variant_rank",
  "inventory_quantity", "allow_backorder", "manage_inventory", "hs_code", "origin_country", "mid_code", "material",
  "weight", "length", "height", "width", "metadata",
]
const UNPRICED = ["original_price", "calculated_price", "original_price_incl_tax", "calculated_price_incl_tax", "original_tax", "calculated_tax", "tax_rates"]
const PRICED = [
  "original_price", "calculated_price", "calculated_price_type", "original_price_incl_tax", "calculated_price_incl_tax",
  "original_tax", "calculated_tax", "tax_rates",
]

type Product = { id: string; [key: string]: unknown }
type Variant = { id: string; prices: { id: string }[]; [key: string]: unknown }
const ids = (body: { products: Product[] }) => body.products.map((p) => p.id)
const variantOf = (products: Product[], variantId: string) =>
  products.flatMap((p) => p.variants as Variant[]).find((v) => v.id === variantId)

/** 100 fully dressed products in their own channel, for the round-trip bound. */
const BULK_100: ProductSpec[] = Array.from({ length: 100 }, (_, i) => {
  const n = String(i).padStart(3, "0")
  return {
    id: `prod_rt_${n}`,
    title: `Round Trip ${n}`,
    collection_id: "pcol_summer",
    type_id: i % 2 ? "ptyp_shirt" : "ptyp_merch",
    profile_id: "sp_default",
    options: ["Size", "Color"],
    variants: [
      { id: `variant_rt_${n}_a`, title: "A", options: ["S", "Red"], prices: [{ id: `ma_rt_${n}_a`, currency_code: "eur", amount: 1000 + i }] },
      { id: `variant_rt_${n}_b`, title: "B", options: ["M", "Red"], prices: [{ id: `ma_rt_${n}_b`, currency_code: "eur", amount: 2000 }] },
    ],
    tags: ["ptag_cotton"],
    images: [{ id: `img_rt_${n}`, url: `https://cdn.test/rt-${n}.png` }],
    categories: ["pcat_shirts"],
    channels: ["sc_rt"],
    searchable: false,
  }
})

beforeAll(async () => {
  await insertCatalog()
  await runStatements([
    salesChannelRow("sc_rt"),
    salesChannelRow("sc_bulk"),
    db.insert(schema.cart).values({ id: "cart_eu", region_id: "reg_eu", type: "default", version: 0, created_at: TS, updated_at: TS }),
  ])
  await insertProducts(BULK_100)
  await insertBulkProducts("bulk", 10_000, "sc_bulk")
})

describe("GET /store/products", () => {
  it("lists published products of the default channel, newest first, ties by id, with v1's default relations", async () => {
    const res = await api.get("/store/products")
    expect(res.status).toBe(200)
    expect(ids(res.body)).toEqual(VISIBLE_IDS)
    expect(res.body).toMatchObject({ count: 6, offset: 0, limit: 100 })
    const mug = res.body.products[1]
    expect(Object.keys(mug)).toEqual(PRODUCT_KEYS)
    expect(mug).toMatchObject({
      title: "Medusa Coffee Mug",
      handle: "coffee-mug",
      status: "published",
      is_giftcard: false,
      discountable: true,
      weight: 300,
      collection_id: "pcol_summer",
      profile_id: "sp_default",
      collection: { id: "pcol_summer", created_at: TS, updated_at: TS, deleted_at: null, title: "Summer Collection", handle: "summer", metadata: null },
      type: { id: "ptyp_merch", created_at: TS, updated_at: TS, deleted_at: null, value: "Merch", metadata: null },
      tags: [{ id: "ptag_kitchen", created_at: TS, updated_at: TS, deleted_at: null, value: "kitchen", metadata: null }],
      profiles: [{ id: "sp_default", created_at: TS, updated_at: TS, deleted_at: null, name: "Default Shipping Profile", type: "default", metadata: null }],
      images: [],
    })
    const variant = mug.variants[0]
    expect(Object.keys(variant)).toEqual([...VARIANT_COLUMNS, "options", "prices", ...UNPRICED])
    // Without a pricing context every price is listed and nothing is calculated.
    expect(variant.prices.map((p: { id: string }) => p.id)).toEqual(["ma_mug_eu", "ma_mug_usd", "ma_mug_eur"])
    expect(variant.prices[0]).toEqual({
      id: "ma_mug_eu", created_at: TS, updated_at: TS, deleted_at: null, currency_code: "eur", amount: 850,
      min_quantity: null, max_quantity: null, price_list_id: null, region_id: "reg_eu", price_list: null, variant_id: "variant_mug_one",
    })
    expect(UNPRICED.map((k) => variant[k])).toEqual([null, null, null, null, null, null, null])
  })

  it("renders options with their values, variants in rank order with their option values, images in position order", async () => {
    const res = await api.get("/store/products?handle=t-shirt")
    const tee = res.body.products[0]
    expect(tee.options.map((o: { title: string; values: { value: string }[] }) => [o.title, o.values.map((v) => v.value)])).toEqual([
      ["Size", ["S", "M", "L"]],
      ["Color", ["Black", "Black", "White"]],
    ])
    // The soft-deleted XL variant and its values are gone everywhere.
    expect(tee.variants.map((v: Variant) => v.id)).toEqual(["variant_tshirt_s_black", "variant_tshirt_m_black", "variant_tshirt_l_white"])
    expect(tee.variants.map((v: { variant_rank: number }) => v.variant_rank)).toEqual([0, 1, 2])
    expect(tee.variants[2].options).toEqual([
      { id: "optval_variant_tshirt_l_white_0", created_at: TS, updated_at: "2026-03-01T00:00:00.000Z", deleted_at: null, value: "L", option_id: "opt_prod_tshirt_0", variant_id: "variant_tshirt_l_white", metadata: null },
      { id: "optval_variant_tshirt_l_white_1", created_at: TS, updated_at: "2026-03-01T00:00:00.000Z", deleted_at: null, value: "White", option_id: "opt_prod_tshirt_1", variant_id: "variant_tshirt_l_white", metadata: null },
    ])
    expect(tee.images.map((i: { id: string; url: string }) => [i.id, i.url])).toEqual([
      ["img_tee_black", "https://cdn.test/tee-black-front.png"],
      ["img_tee_white", "https://cdn.test/tee-white-front.png"],
    ])
    expect(Object.keys(tee.images[0])).toEqual(["id", "created_at", "updated_at", "deleted_at", "url", "metadata"])
    expect(tee.tags.map((t: { value: string }) => t.value)).toEqual(["cotton", "summer"])
    expect(tee.variants[0]).toMatchObject({ sku: "TSHIRT-S-BLACK", inventory_quantity: 100, allow_backorder: false, manage_inventory: true })
  })

  it("prices variants for region_id with the region's tax: 850 at 25% is 213 tax, 1063 incl.", async () => {
    const res = await api.get("/store/products?region_id=reg_eu")
    expect(res.status).toBe(200)
    expect(ids(res.body)).toEqual(VISIBLE_IDS)
    const mug = variantOf(res.body.products, "variant_mug_one")!
    expect(Object.keys(mug)).toEqual([...VARIANT_COLUMNS, "options", "prices", ...PRICED])
    // Prices narrow to the region's and its currency's (v1 replaces `prices` with the matching ones).
    expect(mug.prices.map((p) => p.id)).toEqual(["ma_mug_eu", "ma_mug_eur"])
    expect(PRICED.map((k) => mug[k])).toEqual([850, 850, "default", 1063, 1063, 213, 213, [{ rate: 25, name: "default", code: "default" }]])
    // 1800 at 25% → 450 tax, 2250 incl.
    const tee = variantOf(res.body.products, "variant_tshirt_s_black")!
    expect([tee.calculated_price, tee.calculated_tax, tee.calculated_price_incl_tax]).toEqual([1800, 450, 2250])
    // A product-level override: stickers at 10% → 450 + 45 = 495.
    const sticker = variantOf(res.body.products, "variant_sticker_pack")!
    expect(PRICED.map((k) => sticker[k])).toEqual([450, 450, "default", 495, 495, 45, 45, [{ rate: 10, name: "Reduced", code: "RED" }]])
  })

  it("prices with a zero-rate region: tax 0 and tax_rates with rate 0", async () => {
    const res = await api.get("/store/products?region_id=reg_na&handle=coffee-mug")
    const mug = res.body.products[0].variants[0]
    expect(mug.prices.map((p: { id: string }) => p.id)).toEqual(["ma_mug_usd"])
    expect(PRICED.map((k) => mug[k])).toEqual([1000, 1000, "default", 1000, 1000, 0, 0, [{ rate: 0, name: "default", code: "default" }]])
  })

  it("prices for currency_code without taxes", async () => {
    const res = await api.get("/store/products?currency_code=usd")
    const mug = variantOf(res.body.products, "variant_mug_one")!
    expect(mug.prices.map((p) => p.id)).toEqual(["ma_mug_usd"])
    expect(PRICED.map((k) => mug[k])).toEqual([1000, 1000, "default", null, null, null, null, null])
  })

  it("keeps every price and calculates nothing for a currency no variant is priced in", async () => {
    const res = await api.get("/store/products?currency_code=jpy&handle=coffee-mug")
    const mug = res.body.products[0].variants[0]
    expect(mug.prices.map((p: { id: string }) => p.id)).toEqual(["ma_mug_eu", "ma_mug_usd", "ma_mug_eur"])
    expect(Object.keys(mug)).toEqual([...VARIANT_COLUMNS, "options", "prices", ...UNPRICED])
    expect(mug.calculated_price).toBeNull()
  })

  it("prices by the cart's region for cart_id (region_id in the query is overridden)", async () => {
    const res = await api.get("/store/products?cart_id=cart_eu&region_id=reg_na&limit=2")
    expect(ids(res.body)).toEqual(["prod_giftcard", "prod_mug"])
    expect(res.body).toMatchObject({ count: 6, limit: 2, offset: 0 })
    const mug = variantOf(res.body.products, "variant_mug_one")!
    expect([mug.calculated_price, mug.calculated_tax, mug.calculated_price_incl_tax]).toEqual([850, 213, 1063])
    const giftcard = variantOf(res.body.products, "variant_giftcard_25")!
    expect([giftcard.calculated_price, giftcard.calculated_tax, giftcard.calculated_price_incl_tax]).toEqual([2500, 625, 3125])
    expect(res.roundTrips).toBe(1)
  })

  it("takes a product's tax override in the cart's region, in the same round trip", async () => {
    const res = await api.get("/store/products/prod_sticker?cart_id=cart_eu")
    expect(res.body.product.variants[0].tax_rates).toEqual([{ rate: 10, name: "Reduced", code: "RED" }])
    expect(res.roundTrips).toBe(1)
  })

  it("answers 404 for an unknown region or cart", async () => {
    expect((await api.get("/store/products?region_id=reg_nope")).body).toEqual({ type: "not_found", message: "Region with reg_nope was not found" })
    const cart = await api.get("/store/products?cart_id=cart_nope")
    expect(cart.status).toBe(404)
    expect(cart.body).toEqual({ type: "not_found", message: "Cart with cart_nope was not found" })
  })

  it("pages with limit and offset", async () => {
    const res = await api.get("/store/products?limit=2&offset=1")
    expect(ids(res.body)).toEqual(["prod_mug", "prod_sticker"])
    expect(res.body).toMatchObject({ count: 6, limit: 2, offset: 1 })
    const past = await api.get("/store/products?limit=2&offset=6")
    expect(past.body).toEqual({ products: [], count: 6, offset: 6, limit: 2 })
  })

  it("expands exactly the requested relations (golden 08)", async () => {
    const res = await api.get("/store/products?expand=variants,variants.prices,options,collection,tags,type,images&limit=3")
    expect(ids(res.body)).toEqual(["prod_giftcard", "prod_mug", "prod_sticker"])
    const keys = PRODUCT_KEYS.filter((k) => k !== "profiles" && k !== "profile_id")
    expect(Object.keys(res.body.products[1])).toEqual(keys)
    // No variants.options; options without options.values.
    expect(Object.keys(res.body.products[1].variants[0])).toEqual([...VARIANT_COLUMNS, "prices", ...UNPRICED])
    expect(Object.keys(res.body.products[1].options[0])).toEqual(["id", "created_at", "updated_at", "deleted_at", "title", "product_id", "metadata"])
  })

  it("selects fields and expands variants without pricing (golden 09)", async () => {
    const res = await api.get("/store/products?fields=title,handle&expand=variants&limit=3")
    expect(res.body.products[0]).toMatchObject({ id: "prod_giftcard", created_at: TS, title: "Gift Card", handle: "gift-card" })
    expect(Object.keys(res.body.products[0])).toEqual(["id", "created_at", "title", "handle", "variants"])
    expect(Object.keys(res.body.products[0].variants[0])).toEqual(VARIANT_COLUMNS)
  })

  it("expand= loads no relations; sales_channels and categories on request", async () => {
    const bare = await api.get("/store/products?expand=&handle=coffee-mug")
    expect(Object.keys(bare.body.products[0])).toEqual([
      "id", "created_at", "updated_at", "deleted_at", "title", "subtitle", "description", "handle", "is_giftcard", "status",
      "thumbnail", "weight", "length", "height", "width", "hs_code", "origin_country", "mid_code", "material", "collection_id",
      "type_id", "discountable", "external_id", "metadata",
    ])
    const res = await api.get("/store/products?expand=sales_channels,categories&fields=id&handle=coffee-mug")
    expect(res.body.products[0]).toEqual({
      id: "prod_mug",
      created_at: TS,
      // The internal category is never shown in the store.
      categories: [
        {
          id: "pcat_merch", created_at: TS, updated_at: TS, name: "pcat_merch", description: "", handle: "pcat_merch",
          is_active: true, is_internal: false, parent_category_id: null, rank: 1, metadata: null,
        },
      ],
      sales_channels: [
        {
          id: "sc_main", created_at: TS, updated_at: TS, deleted_at: null, name: "Default Sales Channel",
          description: "Created by Medusa", is_disabled: false, metadata: null,
        },
      ],
    })
  })

  it("fields=+x/-x adjust the default selection", async () => {
    const res = await api.get("/store/products?fields=-description,-subtitle&expand=&handle=coffee-mug")
    expect(Object.keys(res.body.products[0])).not.toContain("description")
    expect(Object.keys(res.body.products[0])).not.toContain("subtitle")
    expect(res.body.products[0].title).toBe("Medusa Coffee Mug")
    const withProfile = await api.get("/store/products?fields=title,profile_id&expand=&handle=coffee-mug")
    expect(withProfile.body.products[0]).toEqual({ id: "prod_mug", created_at: TS, title: "Medusa Coffee Mug", profile_id: "sp_default" })
  })

  it.each([
    ["q=shirt", ["prod_sweatshirt", "prod_tshirt"]],
    ["q=SHIRT", ["prod_sweatshirt", "prod_tshirt"]],
    ["q=MUG-ONE", ["prod_mug"]],
    ["q=summer%20coll", ["prod_mug", "prod_tshirt"]],
    ["q=programmer", ["prod_mug"]],
    ["q=100%25", ["prod_sticker"]],
    ["q=_", []],
    ["q=hoodie", []],
    ["id=prod_mug", ["prod_mug"]],
    ["id[]=prod_mug&id[]=prod_sticker&id[]=prod_draft_hoodie", ["prod_mug", "prod_sticker"]],
    ["handle=t-shirt", ["prod_tshirt"]],
    ["title=Medusa%20Sweatpants", ["prod_sweatpants"]],
    ["description=Digital%20gift%20card.", ["prod_giftcard"]],
    ["collection_id[]=pcol_summer", ["prod_mug", "prod_tshirt"]],
    ["collection_id[]=pcol_summer&collection_id[]=pcol_essentials", ["prod_mug", "prod_sweatpants", "prod_sweatshirt", "prod_tshirt"]],
    ["tags[]=ptag_kitchen", ["prod_mug"]],
    ["tags[]=ptag_summer&tags[]=ptag_kitchen", ["prod_mug", "prod_tshirt"]],
    ["type_id[]=ptyp_shirt", ["prod_sweatshirt", "prod_tshirt"]],
    ["is_giftcard=true", ["prod_giftcard"]],
    ["is_giftcard=FALSE", ["prod_mug", "prod_sticker", "prod_sweatpants", "prod_sweatshirt", "prod_tshirt"]],
    ["category_id[]=pcat_apparel&include_category_children=true", ["prod_sweatpants", "prod_sweatshirt", "prod_tshirt"]],
    ["category_id[]=pcat_apparel", []],
    ["category_id[]=pcat_shirts", ["prod_sweatshirt", "prod_tshirt"]],
    ["category_id[]=pcat_merch&category_id[]=pcat_pants", ["prod_mug", "prod_sticker", "prod_sweatpants"]],
    ["category_id[]=pcat_internal", []],
    ["category_id[]=pcat_hidden_sale", []],
    ["updated_at[gt]=2026-02-01", ["prod_tshirt"]],
    ["created_at[lt]=2025-12-31", []],
    ["created_at[gte]=2026-01-01&created_at[lte]=2026-01-01T00:00:00.000Z", VISIBLE_IDS],
    ["sales_channel_id[]=sc_wholesale", ["prod_wholesale_crate"]],
    ["sales_channel_id[]=sc_wholesale&sales_channel_id[]=sc_main&is_giftcard=true", ["prod_giftcard"]],
  ])("filters by %s", async (qs, expected) => {
    const res = await api.get(`/store/products?${qs}&fields=id&expand=`)
    expect(res.status).toBe(200)
    expect(ids(res.body)).toEqual(expected)
    expect(res.body.count).toBe(expected.length)
  })

  it("answers a q longer than D1's 50-byte LIKE pattern limit as a substring search, not a 500", async () => {
    // 49 characters of the T-shirt's variant text "S / Black TSHIRT-S-BLACK M / Black TSHIRT-M-BLACK …", any case
    const long = await api.get(`/store/products?q=${encodeURIComponent("s / black tshirt-s-black m / black tshirt-m-black")}&fields=id&expand=`)
    expect(long.status).toBe(200)
    expect(ids(long.body)).toEqual(["prod_tshirt"])
    const huge = await api.get(`/store/products?q=${"x".repeat(5000)}&fields=id&expand=`)
    expect(huge.status).toBe(200)
    expect(huge.body).toEqual({ products: [], count: 0, offset: 0, limit: 100 })
  })

  it("keeps v1's key order on the free-text path (collection_id stays among the columns)", async () => {
    const res = await api.get("/store/products?q=mug")
    expect(Object.keys(res.body.products[0])).toEqual([
      ...PRODUCT_KEYS.slice(0, 19), "collection_id", "type_id", "discountable", "external_id", "metadata",
      "collection", "images", "options", "profiles", "profile_id", "tags", "type", "variants",
    ])
  })

  it.each([
    ["-title", ["prod_tshirt", "prod_sweatshirt", "prod_sweatpants", "prod_sticker", "prod_mug", "prod_giftcard"]],
    ["title", ["prod_giftcard", "prod_mug", "prod_sticker", "prod_sweatpants", "prod_sweatshirt", "prod_tshirt"]],
    ["-handle", ["prod_tshirt", "prod_sweatshirt", "prod_sweatpants", "prod_sticker", "prod_giftcard", "prod_mug"]],
    ["-updated_at", ["prod_tshirt", "prod_giftcard", "prod_mug", "prod_sticker", "prod_sweatpants", "prod_sweatshirt"]],
    ["created_at", VISIBLE_IDS],
    ["-id", [...VISIBLE_IDS].reverse()],
    // By the product's cheapest price ascending: sticker 450, mug 850, tee 1800, gift card 2500, pants 3200, shirt 4000.
    ["variants.prices.amount", ["prod_sticker", "prod_mug", "prod_tshirt", "prod_giftcard", "prod_sweatpants", "prod_sweatshirt"]],
    // By the product's largest variant title descending: "S / Black", "S", "S", "Pack", "One Size", "25".
    ["-variants.title", ["prod_tshirt", "prod_sweatpants", "prod_sweatshirt", "prod_sticker", "prod_mug", "prod_giftcard"]],
  ])("orders by %s", async (order, expected) => {
    const res = await api.get(`/store/products?order=${order}&fields=id&expand=`)
    expect(ids(res.body)).toEqual(expected)
  })

  it.each([
    ["foo=bar", "property foo should not exist"],
    ["limit=abc", "limit must be a number conforming to the specified constraints"],
    ["limit=-1", "limit must not be less than 0"],
    ["offset=1.5", "offset must be an integer number"],
    ["order=foo", "Order field foo is not valid"],
    ["order=-status.x", "Order field status.x is not valid"],
    ["fields=variants", "Requested fields [variants] are not valid"],
    ["fields=title,nope", "Requested fields [nope] are not valid"],
    ["expand=foo,variants", "Requested fields [foo] are not valid"],
    ["collection_id=pcol_summer", "collection_id must be an array"],
    ["sales_channel_id=sc_main", "sales_channel_id must be an array"],
    ["is_giftcard=maybe", "is_giftcard must be a boolean value"],
    ["created_at[gt]=notadate", "created_at.gt must be a valid date"],
    ["created_at[after]=2026-01-01", "property created_at.after should not exist"],
  ])("rejects %s with invalid_data", async (qs, message) => {
    const res = await api.get(`/store/products?${qs}`)
    expect(res.status).toBe(400)
    expect(res.body).toEqual({ type: "invalid_data", message })
  })

  it("loads a page in ONE round trip, with or without pricing, whatever the page size (no N+1)", async () => {
    const small = await api.get("/store/products?limit=1")
    const page = await api.get("/store/products?sales_channel_id[]=sc_rt&limit=100")
    expect(page.body.count).toBe(100)
    expect(page.body.products).toHaveLength(100)
    expect(page.body.products[99].variants).toHaveLength(2)
    expect(page.body.products[99].images).toHaveLength(1)
    expect([small.roundTrips, page.roundTrips]).toEqual([1, 1])
    const priced = await api.get("/store/products?sales_channel_id[]=sc_rt&limit=100&region_id=reg_eu")
    const smallPriced = await api.get("/store/products?limit=1&region_id=reg_eu")
    expect([smallPriced.roundTrips, priced.roundTrips]).toEqual([1, 1])
    // prod_rt_099's first variant is priced 1000 + 99 = 1099 at 25% → 275 tax (274.75 rounded), 1374 incl.
    const last = variantOf(priced.body.products, "variant_rt_099_a")!
    expect([last.calculated_price, last.calculated_tax, last.calculated_price_incl_tax]).toEqual([1099, 275, 1374])
    // A cart's region prices (and taxes) in the same batch too.
    const cartRegion = await api.get("/store/products?sales_channel_id[]=sc_rt&limit=100&cart_id=cart_missing")
    expect([cartRegion.status, cartRegion.roundTrips]).toEqual([404, 1])
    expect((await api.get("/store/products?expand=&limit=50")).roundTrips).toBe(1)
  })

  it("pages deep into 10,000 products", async () => {
    const res = await api.get("/store/products?sales_channel_id[]=sc_bulk&limit=5&offset=9995&fields=id,title&expand=")
    expect(res.body.count).toBe(10_000)
    // Newest first: bulk_10000 … bulk_00001, so the last five are 5 … 1.
    expect(ids(res.body)).toEqual(["bulk_00005", "bulk_00004", "bulk_00003", "bulk_00002", "bulk_00001"])
    expect(res.roundTrips).toBe(1)
  })

  it("reads a page off idx_product_store_list, with no sort over the whole table", async () => {
    const { db: counted } = createDb(env.DB)
    const plans: string[][] = []
    for (const channels of [{ kind: "store_default" } as const, { kind: "channels", ids: ["sc_bulk"] } as const, { kind: "all" } as const]) {
      const { rows } = productPageQueries(counted, { published_only: true, channels }, {
        limit: 20,
        offset: 9000,
        order: { field: "created_at", direction: "desc" },
      })
      const { sql, params } = rows.toSQL()
      const plan = await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`).bind(...params).all<{ id: number; parent: number; detail: string }>()
      plans.push(plan.results.map((r) => r.detail))
    }
    for (const details of plans) {
      // The inner id page walks the covering index in order; the outer query re-sorts only the page's 20 rows.
      expect(details).toContain("SEARCH product USING COVERING INDEX idx_product_store_list (status=? AND deleted_at=?)")
      expect(details.filter((d) => /^SCAN product( |$)/.test(d))).toEqual([])
      expect(details.filter((d) => d.includes("TEMP B-TREE"))).toEqual(["USE TEMP B-TREE FOR ORDER BY"])
    }
  })
})

describe("GET /store/products/:id", () => {
  it("returns a product priced for region_id (golden 19)", async () => {
    const res = await api.get("/store/products/prod_mug?region_id=reg_eu")
    expect(res.status).toBe(200)
    expect(Object.keys(res.body)).toEqual(["product"])
    const product = res.body.product
    expect(Object.keys(product)).toEqual(PRODUCT_KEYS)
    expect(product.variants).toEqual([
      {
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
        original_price: 850,
        calculated_price: 850,
        calculated_price_type: "default",
        original_price_incl_tax: 1063,
        calculated_price_incl_tax: 1063,
        original_tax: 213,
        calculated_tax: 213,
        tax_rates: [{ rate: 25, name: "default", code: "default" }],
      },
    ])
    expect(res.roundTrips).toBe(1)
  })

  it("returns a draft product by id (v1 does not check the status here, golden 20)", async () => {
    const res = await api.get("/store/products/prod_draft_hoodie")
    expect(res.status).toBe(200)
    expect(res.body.product).toMatchObject({ id: "prod_draft_hoodie", status: "draft", handle: "hoodie" })
  })

  it("honours fields and expand", async () => {
    const res = await api.get("/store/products/prod_tshirt?fields=title&expand=tags")
    expect(res.body.product).toEqual({
      id: "prod_tshirt",
      title: "Medusa T-Shirt",
      tags: [
        { id: "ptag_cotton", created_at: TS, updated_at: TS, deleted_at: null, value: "cotton", metadata: null },
        { id: "ptag_summer", created_at: TS, updated_at: TS, deleted_at: null, value: "summer", metadata: null },
      ],
    })
    expect(res.roundTrips).toBe(1)
  })

  it("answers 404 with v1's message for unknown and deleted products (golden 21)", async () => {
    for (const id of ["prod_nope", "prod_deleted"]) {
      const res = await api.get(`/store/products/${id}`)
      expect(res.status).toBe(404)
      expect(res.body).toEqual({ type: "not_found", message: `Product with id: ${id} was not found` })
    }
  })

  it("rejects unknown query params and bad expands", async () => {
    expect((await api.get("/store/products/prod_mug?limit=1")).body).toEqual({ type: "invalid_data", message: "property limit should not exist" })
    expect((await api.get("/store/products/prod_mug?expand=nope")).body).toEqual({ type: "invalid_data", message: "Requested fields [nope] are not valid" })
  })

  it("returns a product outside the default channel by id (v1 only checks publishable-key scopes here)", async () => {
    const res = await api.get("/store/products/prod_wholesale_crate?fields=id&expand=")
    expect(res.body).toEqual({ product: { id: "prod_wholesale_crate" } })
  })

  it("serves every catalog product of the fixture exactly once across pages", async () => {
    const seen: string[] = []
    for (let offset = 0; offset < 6; offset += 4) {
      seen.push(...ids((await api.get(`/store/products?limit=4&offset=${offset}&fields=id&expand=`)).body))
    }
    expect(seen).toEqual(VISIBLE_IDS)
    expect(CATALOG.filter((p) => (p.status ?? "published") === "published" && !p.deleted_at && p.channels?.includes("sc_main")).map((p) => p.id).sort()).toEqual(VISIBLE_IDS)
  })
})
