/**
 * Search over a catalog that arrives the production way, through the seed importer: the importer keeps both the
 * FTS5 documents and their words (search_term, the typo-tolerance vocabulary) in step with the products.
 */
import { beforeAll, describe, expect, it } from "vitest"
import { env } from "cloudflare:workers"
import { SQLiteSyncDialect } from "drizzle-orm/sqlite-core"
import { api } from "../helpers/api"
import { seedStore } from "../helpers/seed"
import { catalogVersionWindowPassed } from "../helpers/catalog-cache"
import { vocabularyQuery } from "../../src/db/queries/search"

const SEED = {
  product_collections: [{ id: "pcol_outer", title: "Outerwear Essentials", handle: "outerwear" }],
  products: [
    {
      id: "prod_jacket",
      title: "Wool Jacket",
      subtitle: "Warm & dry",
      description: "Crème-coloured merino.",
      handle: "wool-jacket",
      collection_id: "pcol_outer",
      options: [{ title: "Size" }],
      variants: [
        { title: "M", sku: "JKT-M", options: [{ value: "M" }] },
        { sku: "JKT-XL", options: [{ value: "XL" }] },
      ],
    },
    { id: "prod_scarf", title: "Łódź Scarf", handle: "lodz-scarf", collection_id: "pcol_outer" },
    { id: "prod_mittens", title: "Mittens", description: "Knitted.", handle: "mittens" },
  ],
}

type Hit = { id: string }
const search = async (q: string) => {
  const res = await api.post("/store/products/search", { q })
  expect(res.status).toBe(200)
  return (res.body.hits as Hit[]).map((h) => h.id)
}
const termsOf = async (sourceId: string) =>
  (await env.DB.prepare(`SELECT term FROM search_term WHERE source_id = ? ORDER BY term`).bind(sourceId).all<{ term: string }>()).results.map(
    (r) => r.term,
  )

beforeAll(async () => {
  await seedStore(SEED)
})

describe("search words written by the importer", () => {
  it("stores each product's own words and each collection's title words, split like FTS5", async () => {
    // title, subtitle, description, handle, variant titles (the second defaults to its option value) and SKUs
    expect(await termsOf("prod_jacket")).toEqual(["coloured", "creme", "dry", "jacket", "jkt", "m", "merino", "warm", "wool", "xl"])
    // "Łódź" in the title, "lodz" in the handle (SQLite orders by code point: ł after s)
    expect(await termsOf("prod_scarf")).toEqual(["lodz", "scarf", "łodz"])
    expect(await termsOf("pcol_outer")).toEqual(["essentials", "outerwear"])
  })

  it("finds products through a typo in their own words or in their collection's title", async () => {
    expect(await search("jakcet")).toEqual(["prod_jacket"])
    expect(await search("merin")).toEqual(["prod_jacket"])
    expect(await search("creme")).toEqual(["prod_jacket"])
    expect((await search("outerwaer")).sort()).toEqual(["prod_jacket", "prod_scarf"])
    expect(await search("mitens")).toEqual(["prod_mittens"])
    // "łodz" is what FTS5 indexes for "Łódź"; a typo in it is found through the stored word
    expect(await search("łods")).toEqual(["prod_scarf"])
  })

  it("reads the vocabulary through index ranges, not a scan of search_term", async () => {
    const query = new SQLiteSyncDialect().sqlToQuery(vocabularyQuery(["j", "a"]))
    const plan = await env.DB.prepare(`EXPLAIN QUERY PLAN ${query.sql}`)
      .bind(...query.params)
      .all<{ detail: string }>()
    const details = plan.results.map((r) => r.detail)
    expect(details.filter((d) => / t\b/.test(d))).toEqual([
      "SEARCH t USING COVERING INDEX idx_search_term_term (term>? AND term<?)",
      "SEARCH t USING COVERING INDEX idx_search_term_tail (<expr>>? AND <expr><?)",
    ])
    // starting with j: jacket, jkt; a as second character: jacket (counted once), warm
    const rows = await env.DB.prepare(query.sql)
      .bind(...query.params)
      .all<{ term: string; doc: number }>()
    expect(rows.results.sort((x, y) => x.term.localeCompare(y.term))).toEqual([
      { term: "jacket", doc: 1 },
      { term: "jkt", doc: 1 },
      { term: "warm", doc: 1 },
    ])
  })

  it("re-importing the same file leaves the words (and their rowids) alone", async () => {
    const dump = () => env.DB.prepare(`SELECT rowid, source_id, term FROM search_term ORDER BY rowid`).all()
    const before = (await dump()).results
    await seedStore(SEED, { now: "2027-01-01T00:00:00.000Z" })
    expect((await dump()).results).toEqual(before)
  })

  it("follows renames: old words leave, new words are found", async () => {
    // Seeds are edited freely here; the literal's inferred union type would get in the way.
    const renamed: any = structuredClone(SEED)
    renamed.product_collections[0].title = "Winter Layers"
    renamed.products[0].title = "Wool Parka"
    renamed.products[0].variants = [{ title: "M", sku: "PRK-M", options: [{ value: "M" }] }]
    await seedStore(renamed, { now: "2027-02-01T00:00:00.000Z" })
    // The import bumps the catalog version; the earlier searches' cached answers retire once the window has passed.
    catalogVersionWindowPassed()

    expect(await termsOf("prod_jacket")).toEqual(["coloured", "creme", "dry", "jacket", "m", "merino", "parka", "prk", "warm", "wool"])
    expect(await termsOf("pcol_outer")).toEqual(["layers", "winter"])
    expect(await search("parak")).toEqual(["prod_jacket"])
    expect((await search("wintr")).sort()).toEqual(["prod_jacket", "prod_scarf"])
    // the handle (wool-jacket) still says jacket; the collection's old title and the old SKU are gone
    expect(await search("jakcet")).toEqual(["prod_jacket"])
    expect(await search("outerwaer")).toEqual([])
    expect(await search("jktt")).toEqual([])
  })
})
