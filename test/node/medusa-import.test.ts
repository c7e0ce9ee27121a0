/**
 * The Medusa v1 import's read + mapping half, against a real Medusa 1.20.11 schema and data in PGlite
 * (test/fixtures/medusa-v1/pg-dump.sql + pg-extra.sql). Its output is also committed as
 * test/fixtures/medusa-v1/imported-seed.json, which test/integration/medusa-import.test.ts loads into D1 and reads
 * back through the Store API; the last test here keeps the two in step (UPDATE_FIXTURES=1 rewrites the file).
 */
import { PGlite } from "@electric-sql/pglite"
import { readFileSync, writeFileSync } from "node:fs"
import { beforeAll, describe, expect, test } from "vitest"
import { medusaToSeed } from "../../src/seed/medusa/map"
import { readMedusa, type PgQuery, type Progress } from "../../src/seed/medusa/read"
import { formatMedusaProblems, keepRuntimeState, problemRow } from "../../src/seed/medusa/rows"
import { parseSeed, SeedValidationError } from "../../src/seed/plan"
import { MEDUSA_HASH } from "../fixtures/medusa-password-hash"

const IMPORTED = new URL("../fixtures/medusa-v1/imported-seed.json", import.meta.url)

let db: PGlite
const statements: string[] = []
const query: PgQuery = async (sql, params) => {
  statements.push(sql)
  return (await db.query(sql, params)).rows as Record<string, unknown>[]
}
const progress: Progress[] = []
let seed: any
let unsupported: Record<string, number>

beforeAll(async () => {
  db = new PGlite()
  await db.exec(readFileSync(new URL("../fixtures/medusa-v1/pg-dump.sql", import.meta.url), "utf8"))
  await db.exec(readFileSync(new URL("../fixtures/medusa-v1/pg-extra.sql", import.meta.url), "utf8"))
  // Pages of 4 rows, so keyset paging is exercised on every table with more than 4 live rows.
  const out = medusaToSeed(await readMedusa(query, { pageSize: 4, onProgress: (p) => progress.push(p) }))
  seed = out.seed
  unsupported = out.unsupported
})

const product = (id: string) => seed.products.find((p: any) => p.id === id)
const variant = (productId: string, id: string) => product(productId).variants.find((v: any) => v.id === id)

describe("reading Medusa", () => {
  test("one read-only REPEATABLE READ snapshot, nothing but SELECTs inside it", () => {
    expect(statements[0]).toBe("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
    expect(statements.at(-1)).toBe("COMMIT")
    expect(statements.slice(1, -1).every((s) => s.startsWith("SELECT "))).toBe(true)
  })

  test("pages through a table by key with a progress line per page (rows done / total)", () => {
    // 14 live variants (the soft-deleted poster A1 is left out): pages of 4, 4, 4, 2.
    expect(progress.filter((p) => p.table === "product_variant").map((p) => [p.done, p.total])).toEqual([
      [4, 14],
      [8, 14],
      [12, 14],
      [14, 14],
    ])
    // 31 live price links (one soft-deleted link left out; the price-list link is read, its price is not).
    expect(progress.filter((p) => p.table === "product_variant_money_amount").at(-1)).toMatchObject({ done: 31, total: 31 })
    const pages = statements.filter((s) => s.startsWith('SELECT * FROM "product_variant_money_amount"'))
    expect(pages).toHaveLength(8)
    expect(pages[1]).toContain('("id") > ($1)')
    const joinPages = statements.filter((s) => s.startsWith('SELECT * FROM "product_tags"'))
    // A join table without an id is paged on all its columns.
    expect(joinPages[1]).toContain('("product_id", "product_tag_id") > ($1, $2)')
  })
})

describe("the catalog", () => {
  test("products keep their ids, handles, options, prices per currency and region, and quantity tiers", () => {
    expect(seed.products.map((p: any) => p.id).sort()).toEqual(
      ["prod_draft_hoodie", "prod_giftcard", "prod_mug", "prod_poster", "prod_sticker", "prod_sweatpants", "prod_sweatshirt", "prod_tshirt"].sort(),
    )
    const tee = product("prod_tshirt")
    expect(tee).toMatchObject({ title: "Medusa T-Shirt", handle: "t-shirt", status: "published" })
    expect(tee.options).toEqual([
      { id: "opt_01M8E6RJ083GRM6F02WSM5WJ8A", title: "Size" },
      { id: "opt_01M8E6RJ09M1TM8FANNECQQZDZ", title: "Color" },
    ])
    expect(variant("prod_tshirt", "variant_tshirt_s_black")).toMatchObject({
      sku: "TSHIRT-S-BLACK",
      inventory_quantity: 100,
      manage_inventory: true,
      allow_backorder: false,
      options: [{ value: "S" }, { value: "Black" }],
      prices: [
        { id: "ma_01M8E6RJ28JB4AP3GVR8A1TX9E", currency_code: "usd", amount: 1950 },
        { id: "ma_01M8E6RJ28SVF4B4HV825PWGCY", currency_code: "eur", amount: 1800 },
        { id: "ma_tee_eu_region", region_id: "reg_eu", amount: 1700 },
        { id: "ma_tee_usd_bulk", currency_code: "usd", amount: 1500, min_quantity: 10 },
      ],
    })
    expect(variant("prod_sweatpants", "variant_sweatpants_m")).toMatchObject({ inventory_quantity: 0, allow_backorder: true })
    expect(variant("prod_sticker", "variant_sticker_pack")).toMatchObject({ manage_inventory: false })
  })

  test("a variant priced in USD only has no EUR price; soft-deleted rows and price-list prices stay out", () => {
    const poster = product("prod_poster")
    expect(poster.variants.map((v: any) => v.id)).toEqual(["variant_poster_a2"])
    expect(poster.variants[0].prices).toEqual([{ id: "ma_poster_usd", currency_code: "usd", amount: 2500 }])
    expect(product("prod_gone")).toBeUndefined()
    expect(variant("prod_sweatshirt", "variant_sweatshirt_s").prices.map((p: any) => p.id)).not.toContain("ma_winter_sweatshirt_s")
  })

  test("categories form the same tree, three levels deep, with ranks and visibility", () => {
    const apparel = seed.categories.find((c: any) => c.id === "pcat_apparel")
    expect(seed.categories.map((c: any) => [c.id, c.rank])).toEqual([
      ["pcat_apparel", 0],
      ["pcat_merch", 1],
      ["pcat_internal", 2],
    ])
    expect(seed.categories[2]).toMatchObject({ is_internal: true, is_active: true })
    expect(apparel.category_children.map((c: any) => c.id)).toEqual(["pcat_shirts", "pcat_pants"])
    expect(apparel.category_children[0].category_children).toEqual([
      expect.objectContaining({ id: "pcat_tees", handle: "tees", description: "Short sleeves", category_children: [] }),
    ])
    expect(product("prod_tshirt").categories).toEqual(expect.arrayContaining([{ id: "pcat_shirts" }, { id: "pcat_tees" }]))
  })

  test("regions, shipping options with requirements, and tax-rate overrides", () => {
    expect(seed.regions.find((r: any) => r.id === "reg_eu")).toMatchObject({
      currency_code: "eur",
      tax_rate: 25,
      countries: ["de", "dk", "fr"],
      payment_providers: ["manual"],
      fulfillment_providers: ["manual"],
    })
    const free = seed.shipping_options.find((o: any) => o.name === "Free Shipping (orders over $100)")
    expect(free.requirements).toEqual([expect.objectContaining({ type: "min_subtotal", amount: 10000 })])
    expect(seed.tax_rates).toEqual([
      expect.objectContaining({ id: "txr_reduced", rate: 12, products: ["prod_mug"], shipping_options: ["so_01M8E6RHT4N4V1RWXT4CDHQ6BN"] }),
    ])
    expect(seed.store).toMatchObject({ name: "Golden Store", currencies: ["eur", "usd"], default_currency_code: "usd" })
  })
})

describe("customers, discounts, gift cards, orders", () => {
  test("a registered customer keeps Medusa's scrypt hash; a guest has none; deleted customers stay out", () => {
    expect(seed.customers.map((c: any) => c.id).sort()).toEqual(["cus_guest", "cus_legacy"])
    const legacy = seed.customers.find((c: any) => c.id === "cus_legacy")
    expect(legacy).toMatchObject({ email: "legacy@example.com", password_hash: MEDUSA_HASH, first_name: "Lea", phone: "+15550100" })
    expect(legacy.shipping_addresses).toEqual([expect.objectContaining({ id: "addr_legacy_home", city: "Springfield", country_code: "us" })])
    expect(seed.customers.find((c: any) => c.id === "cus_guest").password_hash).toBeUndefined()
  })

  test("discounts keep rules, conditions, regions, limits, usage counts and dates", () => {
    const shirts = seed.discounts.find((d: any) => d.code === "SHIRTS20")
    expect(shirts).toMatchObject({
      id: "disc_shirts20",
      rule: { id: "dru_shirts20", type: "percentage", value: 20, allocation: "item" },
      regions: ["reg_eu", "reg_na"],
      usage_limit: 100,
      usage_count: 3,
      starts_at: "2026-11-28T10:00:00.000Z",
      ends_at: "2027-01-31T23:59:59.000Z",
      // the soft-deleted product is dropped from the condition
      conditions: [
        { id: "discon_shirts_products", type: "products", operator: "in", ids: ["prod_sweatshirt", "prod_tshirt"] },
        { id: "discon_shirts_types", type: "product_types", operator: "not_in", ids: ["ptyp_01M8E6RJCBBKBDZ65V5D6TT1EQ"] },
      ],
    })
    expect(seed.discounts.find((d: any) => d.code === "EXPIRED")).toMatchObject({ starts_at: "2020-01-01T00:00:00.000Z", ends_at: "2020-02-01T00:00:00.000Z" })
    // VIP30 (customer-group condition) would widen without its condition, OLD1 is soft-deleted
    expect(seed.discounts.map((d: any) => d.code).sort()).toEqual(["EUONLY", "EXPIRED", "FIVEOFF", "FREESHIP", "SHIRTS20", "TEST10"])
  })

  test("gift cards keep their balances; return reasons their nesting", () => {
    expect(seed.gift_cards.find((g: any) => g.code === "GIFT-SPENT")).toMatchObject({ id: "gift_spent", value: 5000, balance: 1200, region_id: "reg_na" })
    expect(seed.gift_cards.find((g: any) => g.code === "GIFT-EU-50")).toMatchObject({ value: 5000, balance: 5000, tax_rate: 25 })
    expect(seed.return_reasons.find((r: any) => r.value === "too_small")).toMatchObject({ parent_return_reason_id: "rr_01M8E6SPZD2GDXZWV5FPK0GENM" })
  })

  test("orders keep their ids (lines, shipping methods and payment too), numbers, states", () => {
    expect(seed.orders.map((o: any) => [o.id, o.display_id, o.status, o.payment_status, o.fulfillment_status])).toEqual([
      ["order_legacy_1", 1, "completed", "captured", "shipped"],
      ["order_guest_2", 2, "pending", "awaiting", "not_fulfilled"],
    ])
    expect(seed.orders[0]).toMatchObject({
      customer_id: "cus_legacy",
      region_id: "reg_na",
      items: [
        { id: "item_1_tee", variant_id: "variant_tshirt_s_black", quantity: 2, unit_price: 1950, fulfilled_quantity: 2, shipped_quantity: 2, returned_quantity: 1 },
        { id: "item_1_mug", variant_id: "variant_mug_one", quantity: 1, unit_price: 1200, fulfilled_quantity: 1, shipped_quantity: 1 },
      ],
      shipping_methods: [{ id: "sm_1", shipping_option_id: "so_01M8E6RHQE4VJF5R098S1H1BVR", price: 1000 }],
      payment: { id: "pay_1", provider_id: "manual", captured: true },
      shipping_address: expect.objectContaining({ id: "addr_order_1", city: "Springfield" }),
    })
  })

  test("what the seed format cannot hold is counted by name", () => {
    expect(unsupported).toEqual({
      "price lists": 1,
      "price list prices": 1,
      "customer groups": 1,
      "customer billing addresses": 1,
      swaps: 1,
      returns: 1,
      fulfillments: 1,
      "discounts with a customer_groups condition": 1,
      "orders with custom line items (no variant)": 1,
    })
  })
})

describe("handing over to the seed importer", () => {
  test("the document passes the seed validator and is the committed imported-seed.json", () => {
    expect(() => parseSeed(seed)).not.toThrow()
    if (process.env.UPDATE_FIXTURES) writeFileSync(IMPORTED, `${JSON.stringify(seed, null, 2)}\n`)
    expect(JSON.parse(readFileSync(IMPORTED, "utf8"))).toEqual(seed)
  })

  test("on a re-run, stock and gift-card balances of rows already here are left out (this side wins)", () => {
    const kept = keepRuntimeState(seed, { variants: new Set(["variant_tshirt_s_black"]), giftCards: new Set(["gift_spent"]) }) as any
    const tee = kept.products.find((p: any) => p.id === "prod_tshirt")
    expect(tee.variants.find((v: any) => v.id === "variant_tshirt_s_black").inventory_quantity).toBeUndefined()
    expect(tee.variants.find((v: any) => v.id === "variant_tshirt_m_black").inventory_quantity).toBe(5)
    expect(kept.gift_cards.find((g: any) => g.id === "gift_spent").balance).toBeUndefined()
    expect(kept.gift_cards.find((g: any) => g.code === "GIFT-100").balance).toBe(10000)
  })

  test("a bad row is reported with its table, id and why", async () => {
    await db.query("UPDATE public.customer SET email = 'not-an-email' WHERE id = 'cus_guest'")
    await db.query("UPDATE public.gift_card SET tax_rate = 150 WHERE id = 'gift_spent'")
    try {
      const bad = medusaToSeed(await readMedusa(query)).seed
      let problems: SeedValidationError["problems"] = []
      try {
        parseSeed(bad)
      } catch (err) {
        if (!(err instanceof SeedValidationError)) throw err
        problems = err.problems
      }
      const shirts = (bad.discounts as any[]).findIndex((d) => d.code === "SHIRTS20")
      expect(problemRow(bad, `discounts[${shirts}].rule.value`)).toEqual({ table: "discount_rule", id: "dru_shirts20" })
      const tee = (bad.products as any[]).findIndex((p) => p.id === "prod_tshirt")
      expect(problemRow(bad, `products[${tee}].variants[0].options[1].value`)).toEqual({ table: "product_option_value", id: "optval_01M8E6RJ1CHJZ0HTGG2BMJMYEV" })
      expect(problemRow(bad, `products[${tee}].options[0].title`)).toEqual({ table: "product_option", id: "opt_01M8E6RJ083GRM6F02WSM5WJ8A" })
      const text = formatMedusaProblems(bad, problems)
      expect(text).toContain("customer cus_guest — customers[0].email: must be a valid email address")
      expect(text).toMatch(/gift_card gift_spent — gift_cards\[\d+\]\.tax_rate: /)
      expect(problems).toHaveLength(2)
    } finally {
      await db.query("UPDATE public.customer SET email = 'guest@example.com' WHERE id = 'cus_guest'")
      await db.query("UPDATE public.gift_card SET tax_rate = NULL WHERE id = 'gift_spent'")
    }
  })
})
