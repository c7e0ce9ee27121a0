import { describe, expect, it } from "vitest"
import { env } from "cloudflare:workers"
import { seedStore } from "../helpers/seed"
import { MAX_STATEMENT_BYTES, utf8Length } from "../../src/seed/sql"

const PRODUCTS = 10_000
const SIZES = ["S", "M", "L"]

/** A 10,000-product catalog: 3 variants × 2 prices each, shared tags, types, collections and categories. */
function bigCatalog() {
  return {
    regions: [
      { id: "reg_us", name: "US", currency_code: "usd", tax_rate: 0, countries: ["us"], payment_providers: ["manual"], fulfillment_providers: ["manual"] },
    ],
    product_collections: Array.from({ length: 20 }, (_, c) => ({ id: `pcol_${c}`, title: `Collection ${c}` })),
    categories: Array.from({ length: 10 }, (_, c) => ({
      id: `pcat_${c}`,
      name: `Category ${c}`,
      category_children: [{ id: `pcat_${c}_sub`, name: `Category ${c} sub` }],
    })),
    products: Array.from({ length: PRODUCTS }, (_, i) => ({
      title: `Product ${i} — “quoted” it's`,
      handle: `product-${i}`,
      description: `Description of product ${i}. `.repeat(4),
      collection_id: `pcol_${i % 20}`,
      categories: [{ id: `pcat_${i % 10}_sub` }],
      type: { value: `Type ${i % 7}` },
      tags: [{ value: `tag-${i % 50}` }, { value: `tag-${(i * 7) % 50}` }],
      images: [`https://img.example.com/${i}.png`],
      options: [{ title: "Size" }],
      variants: SIZES.map((size, v) => ({
        title: size,
        sku: `SKU-${i}-${size}`,
        inventory_quantity: 10 + v,
        prices: [
          { currency_code: "usd", amount: 1000 + i },
          { currency_code: "eur", amount: 900 + i },
        ],
        options: [{ value: size }],
      })),
    })),
  }
}

async function count(table: string): Promise<number> {
  const row = await env.DB.prepare(`SELECT COUNT(*) AS n FROM ${table}`).first<{ n: number }>()
  return row?.n ?? -1
}

describe("a 10,000-product import", () => {
  it("lands every record in one atomic batch and re-imports as a no-op", async () => {
    const seed = bigCatalog()
    const plan = await seedStore({ store: { currencies: ["usd", "eur"] }, ...seed }, { now: "2026-03-01T00:00:00.000Z" })
    expect(plan.counts).toMatchObject({
      product: 10_000,
      product_variant: 30_000,
      money_amount: 60_000,
      product_option: 10_000,
      product_option_value: 30_000,
      image: 10_000,
      product_tag: 50,
      product_type: 7,
      product_category: 20,
      product_collection: 20,
    })
    for (const sql of plan.statements) expect(utf8Length(sql)).toBeLessThanOrEqual(MAX_STATEMENT_BYTES)

    expect(await count("product")).toBe(10_000)
    expect(await count("product_variant")).toBe(30_000)
    expect(await count("money_amount")).toBe(60_000)
    expect(await count("product_option_value")).toBe(30_000)
    // tag-(i % 50) and tag-(7i % 50) coincide when 6i ≡ 0 (mod 50), i.e. for every 25th product
    expect(await count("product_tags")).toBe(20_000 - 10_000 / 25)
    expect(await count("product_images")).toBe(10_000)
    expect(await count("product_category_product")).toBe(10_000)
    expect(await count("product_sales_channel")).toBe(10_000)
    expect(await count("product_search")).toBe(10_000)
    const hit = await env.DB.prepare(`SELECT product_id FROM product_search WHERE product_search MATCH '"SKU-9999-M"'`).all<{ product_id: string }>()
    expect(hit.results).toHaveLength(1)
    // Each product's words: product, <i>, quoted, it, s, description, of, sku, m, l; each collection's: collection, <c>
    expect(await count("search_term")).toBe(10 * 10_000 + 2 * 20)

    await seedStore({ store: { currencies: ["usd", "eur"] }, ...seed }, { now: "2026-04-01T00:00:00.000Z" })
    const touched = await env.DB.prepare(
      `SELECT (SELECT COUNT(*) FROM product WHERE updated_at != '2026-03-01T00:00:00.000Z')
            + (SELECT COUNT(*) FROM product_variant WHERE updated_at != '2026-03-01T00:00:00.000Z')
            + (SELECT COUNT(*) FROM money_amount WHERE updated_at != '2026-03-01T00:00:00.000Z') AS n`,
    ).first<{ n: number }>()
    expect(touched?.n).toBe(0)
    expect(await count("money_amount")).toBe(60_000)
    expect(await count("product_search")).toBe(10_000)
    expect(await count("search_term")).toBe(10 * 10_000 + 2 * 20)
  })
})
