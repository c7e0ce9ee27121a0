import { beforeAll, describe, expect, it } from "vitest"
import { api } from "../helpers/api"
import { catalogVersionWindowPassed } from "../helpers/catalog-cache"
import { insertCatalog, insertProducts, type ProductSpec } from "../helpers/product-rows"
import { isTypoCandidate, prefixMatch, tokenize, typoMatch, withinOneEdit } from "../../src/services/search"

const PRODUCT_COLUMNS = [
  "id", "created_at", "updated_at", "deleted_at", "title", "subtitle", "description", "handle", "is_giftcard", "status",
  "thumbnail", "weight", "length", "height", "width", "hs_code", "origin_country", "mid_code", "material", "collection_id",
  "type_id", "discountable", "external_id", "metadata",
]
const VARIANT_COLUMNS = [
  "id", "created_at", "updated_at", "deleted_at", "title", "product_id", "sku", "barcode", "ean", "upc", "variant_rank",
  "inventory_quantity", "allow_backorder", "manage_inventory", "hs_code", "origin_country", "mid_code", "material",
  "weight", "length", "height", "width", "metadata",
]

const LAMPS: ProductSpec[] = [
  // "lamp" in the title once …
  { id: "prod_lamp_title", title: "Desk Lamp", description: "Bright and adjustable.", channels: ["sc_main"], variants: [{ id: "variant_lamp_a", title: "Black", sku: "LAMP-BLK" }] },
  // … beats "lamp" twice in the description (title weighs 10, description 1).
  { id: "prod_lamp_desc", title: "Reading Light", description: "A lamp for reading at night, better than any lamp.", channels: ["sc_main"] },
  { id: "prod_lamp_hidden", title: "Floor Lamp", status: "draft", channels: ["sc_main"] },
]

type Hit = { id: string; [key: string]: unknown }
const hitIds = (body: { hits: Hit[] }) => body.hits.map((h) => h.id)
const search = (body: unknown) => api.post("/store/products/search", body)

beforeAll(async () => {
  await insertCatalog()
  await insertProducts(LAMPS)
})

describe("POST /store/products/search", () => {
  it("answers hits shaped as products with their variants, plus paging fields", async () => {
    catalogVersionWindowPassed()
    const res = await search({ q: "mug" })
    expect(res.status).toBe(200)
    expect(Object.keys(res.body)).toEqual(["hits", "query", "offset", "limit", "estimatedTotalHits"])
    expect(res.body).toMatchObject({ query: "mug", offset: 0, limit: 20, estimatedTotalHits: 1 })
    expect(hitIds(res.body)).toEqual(["prod_mug"])
    const hit = res.body.hits[0]
    expect(Object.keys(hit)).toEqual([...PRODUCT_COLUMNS, "variants"])
    expect(hit).toMatchObject({ title: "Medusa Coffee Mug", handle: "coffee-mug", collection_id: "pcol_summer" })
    expect(hit.variants.map((v: { id: string }) => v.id)).toEqual(["variant_mug_one"])
    expect(Object.keys(hit.variants[0])).toEqual(VARIANT_COLUMNS)
    // the catalog version read (the window has passed) + the hits + their variants
    expect(res.roundTrips).toBe(3)
  })

  it("matches every word as a prefix, in any field (title, SKU, collection, description)", async () => {
    expect(hitIds((await search({ q: "sweat" })).body).sort()).toEqual(["prod_sweatpants", "prod_sweatshirt"])
    expect(hitIds((await search({ q: "coffe mu" })).body)).toEqual(["prod_mug"])
    expect(hitIds((await search({ q: "TSHIRT-M" })).body)).toEqual(["prod_tshirt"])
    expect(hitIds((await search({ q: "summer collection" })).body).sort()).toEqual(["prod_mug", "prod_tshirt"])
    expect(hitIds((await search({ q: "programmer friend" })).body)).toEqual(["prod_mug"])
    expect(hitIds((await search({ q: "mug cotton" })).body)).toEqual([])
  })

  it("ranks with bm25 over weighted fields: a title hit beats repeated description hits", async () => {
    const res = await search({ q: "lamp" })
    expect(hitIds(res.body)).toEqual(["prod_lamp_title", "prod_lamp_desc"])
    expect(res.body.estimatedTotalHits).toBe(2)
  })

  it("tolerates one typo per word when the exact query finds nothing", async () => {
    // Measured on its first send (a repeat is a cache hit), after the version window.
    catalogVersionWindowPassed()
    const typo = await search({ q: "swetshirt" })
    // version read (1) + exact attempt (1) + vocabulary read (1) + corrected attempt (1) + the hits' variants (1)
    expect([typo.headers.get("x-cache"), typo.roundTrips]).toEqual(["MISS", 5])
    expect(typo.body.estimatedTotalHits).toBe(1)
    const cases: [string, string[]][] = [
      ["swetshirt", ["prod_sweatshirt"]], // a missing letter
      ["sweatshirrt", ["prod_sweatshirt"]], // an extra letter
      ["shrit", ["prod_tshirt"]], // two letters swapped
      ["cofee mug", ["prod_mug"]],
      ["dessk", ["prod_lamp_title"]],
      ["lampz", ["prod_lamp_title", "prod_lamp_desc"]],
    ]
    for (const [q, expected] of cases) expect([q, hitIds((await search({ q })).body)]).toEqual([q, expected])
  })

  it("does not correct short words or words two edits away", async () => {
    expect(hitIds((await search({ q: "mgu" })).body)).toEqual([])
    expect(hitIds((await search({ q: "swtshrt" })).body)).toEqual([])
    expect(hitIds((await search({ q: "xyzzy" })).body)).toEqual([])
  })

  it("reads the vocabulary in one statement for the longest query (8 words, 16 leading characters)", async () => {
    const res = await search({ q: "qwer asdf zxcv tyui ghjk bnml poiu vbnm extra words" })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ hits: [], estimatedTotalHits: 0 })
    // exact attempt + vocabulary read; no candidate survives, so no corrected attempt and no hits to decorate
    expect(res.roundTrips).toBe(2)
  })

  it("never returns drafts, deleted products or other channels' products", async () => {
    expect(hitIds((await search({ q: "hoodie" })).body)).toEqual([])
    expect(hitIds((await search({ q: "floor" })).body)).toEqual([])
    expect(hitIds((await search({ q: "crate" })).body)).toEqual([])
    expect(hitIds((await search({ q: "deleted" })).body)).toEqual([])
  })

  it("pages with offset and limit (numbers or numeric strings)", async () => {
    const first = await search({ q: "medusa", limit: 2 })
    expect(first.body.estimatedTotalHits).toBe(5)
    const all = hitIds((await search({ q: "medusa" })).body)
    expect(all).toHaveLength(5)
    expect(hitIds(first.body)).toEqual(all.slice(0, 2))
    const second = await search({ q: "medusa", limit: "2", offset: "2" })
    expect(second.body).toMatchObject({ offset: 2, limit: 2, estimatedTotalHits: 5 })
    expect(hitIds(second.body)).toEqual(all.slice(2, 4))
  })

  it("answers everything newest first for an empty query", async () => {
    const res = await search({})
    expect(hitIds(res.body)).toEqual([
      "prod_giftcard", "prod_lamp_desc", "prod_lamp_title", "prod_mug", "prod_sticker", "prod_sweatpants", "prod_sweatshirt", "prod_tshirt",
    ])
    expect(res.body).toMatchObject({ query: "", estimatedTotalHits: 8 })
  })

  it("applies the provider filters", async () => {
    expect(hitIds((await search({ q: "medusa", filter: { collection_id: "pcol_summer" } })).body).sort()).toEqual(["prod_mug", "prod_tshirt"])
    expect(hitIds((await search({ filter: { is_giftcard: true } })).body)).toEqual(["prod_giftcard"])
    expect(hitIds((await search({ q: "medusa", filter: { type_id: ["ptyp_merch"], tags: "ptag_kitchen" } })).body)).toEqual(["prod_mug"])
    expect(hitIds((await search({ q: "medusa", filter: { category_id: "pcat_shirts" } })).body).sort()).toEqual(["prod_sweatshirt", "prod_tshirt"])
    expect(hitIds((await search({ filter: { id: ["prod_sticker", "prod_draft_hoodie"] } })).body)).toEqual(["prod_sticker"])
  })

  it("ignores body keys it does not know (v1 forwards them to the provider)", async () => {
    expect(hitIds((await search({ q: "mug", attributesToRetrieve: ["title"] })).body)).toEqual(["prod_mug"])
  })

  it.each([
    [{ q: 5 }, "q must be a string"],
    [{ limit: "abc" }, "limit must be a number conforming to the specified constraints"],
    [{ offset: -1 }, "offset must not be less than 0"],
    [{ filter: "collection_id = x" }, "filter must be an object"],
    [{ filter: { price: 5 } }, "property filter.price should not exist"],
    [{ filter: { is_giftcard: "yes" } }, "filter.is_giftcard must be a boolean value"],
  ])("rejects %j with invalid_data", async (body, message) => {
    const res = await search(body)
    expect(res.status).toBe(400)
    expect(res.body).toEqual({ type: "invalid_data", message })
  })

  it("treats FTS5 syntax in the query as plain words", async () => {
    for (const q of ['"mug', "mug OR lamp", "NEAR(mug)", "mug*", "title:mug", "-mug", "(mug"]) {
      const res = await search({ q })
      expect([q, res.status]).toEqual([q, 200])
    }
    // Operators are words like any other: both "mug" and "lamp" would have to match.
    expect(hitIds((await search({ q: "mug OR lamp" })).body)).toEqual([])
    // A word that matches nothing, even with a typo, is dropped once the exact query has failed.
    expect(hitIds((await search({ q: "qqqq:mug" })).body)).toEqual(["prod_mug"])
  })
})

describe("search helpers", () => {
  it.each([
    ["shirt", "shirt", true],
    ["shirt", "shirts", true],
    ["shirt", "shrt", true],
    ["shirt", "shurt", true],
    ["shirt", "shrit", true],
    ["shirt", "hsirt", true],
    ["shirt", "sihrt", true],
    ["shirt", "shorts", false],
    ["shirt", "srhit", false],
    ["ab", "ba", true],
    ["", "a", true],
  ])("withinOneEdit(%s, %s) = %s", (a, b, expected) => {
    expect(withinOneEdit(a, b)).toBe(expected)
    expect(withinOneEdit(b, a)).toBe(expected)
  })

  it("accepts vocabulary terms whose prefix is one edit from the word being typed", () => {
    expect(isTypoCandidate("swet", "sweatshirt")).toBe(true)
    expect(isTypoCandidate("sweatshrit", "sweatshirt")).toBe(true)
    expect(isTypoCandidate("swtsh", "sweatshirt")).toBe(false)
  })

  it("tokenizes like unicode61 with diacritics removed and builds quoted MATCH expressions", () => {
    expect(tokenize('Crème brûlée "T-Shirt" (XL)')).toEqual(["creme", "brulee", "t", "shirt", "xl"])
    expect(prefixMatch(["t", "shirt"])).toBe('"t"* "shirt"*')
    expect(
      typoMatch(["swetshirt", "zzzz"], [
        { term: "sweatshirt", doc: 3 },
        { term: "sweatshirts", doc: 1 },
        { term: "sweatpants", doc: 9 },
      ]),
    ).toBe('("sweatshirt" OR "sweatshirts")')
    expect(typoMatch(["zzzz"], [{ term: "sweatshirt", doc: 3 }])).toBeUndefined()
  })
})
