/**
 * The Medusa v1 import's write half: the seed document test/node/medusa-import.test.ts maps from a real Medusa 1.20.11
 * database (test/fixtures/medusa-v1/imported-seed.json — the node test fails if it drifts from the mapping) goes
 * through the same importer `npm run seed` uses, and the Store API answers what the Medusa database holds.
 */
import { env } from "cloudflare:workers"
import { beforeAll, describe, expect, it } from "vitest"
import { api } from "../helpers/api"
import { seedStore } from "../helpers/seed"
import { d1QueryRunner } from "../../src/seed/import"
import { EXISTING_ROWS_QUERIES, existingRows, keepRuntimeState } from "../../src/seed/medusa/rows"
import imported from "../fixtures/medusa-v1/imported-seed.json"

type Row = Record<string, unknown>
const clone = (v: unknown): any => structuredClone(v)

/** What `npm run import:medusa` does after reading Medusa: keep this side's runtime state, then seed. */
async function importMedusa(seed: Record<string, unknown>) {
  const existing = existingRows((await d1QueryRunner(env.DB)([...EXISTING_ROWS_QUERIES])) as { id: unknown }[][])
  return seedStore(keepRuntimeState(seed, existing), { now: "2026-12-01T00:00:00.000Z" })
}
const one = async (sql: string, ...binds: unknown[]) => (await env.DB.prepare(sql).bind(...binds).first<Row>())!

beforeAll(async () => {
  await importMedusa(clone(imported))
})

describe("a Medusa 1.20 shop imported into D1", () => {
  it("the product by id answers Medusa's title, handle and prices per region", async () => {
    const eu = await api.get("/store/products/prod_tshirt?region_id=reg_eu")
    expect(eu.status).toBe(200)
    expect(eu.body.product).toMatchObject({ id: "prod_tshirt", title: "Medusa T-Shirt", handle: "t-shirt" })
    const euTee = eu.body.product.variants.find((v: Row) => v.id === "variant_tshirt_s_black")
    // The EU region price (1700) beats the EUR currency price (1800), as in v1; 25 % VAT on top.
    expect([euTee.calculated_price, euTee.original_price, euTee.calculated_price_incl_tax]).toEqual([1700, 1700, 2125])
    expect(euTee.inventory_quantity).toBe(100)

    const na = await api.get("/store/products/prod_tshirt?region_id=reg_na")
    const naTee = na.body.product.variants.find((v: Row) => v.id === "variant_tshirt_s_black")
    expect(naTee.calculated_price).toBe(1950)
    expect(naTee.prices.map((p: Row) => [p.id, p.amount, p.min_quantity])).toEqual(
      expect.arrayContaining([
        ["ma_01M8E6RJ28JB4AP3GVR8A1TX9E", 1950, null],
        ["ma_tee_usd_bulk", 1500, 10],
      ]),
    )
  })

  it("a variant without a price in a region has no calculated price there", async () => {
    const eu = await api.get("/store/products/prod_poster?region_id=reg_eu")
    expect(eu.status).toBe(200)
    expect(eu.body.product.variants.map((v: Row) => [v.id, v.calculated_price])).toEqual([["variant_poster_a2", null]])
    const na = await api.get("/store/products/prod_poster?region_id=reg_na")
    expect(na.body.product.variants[0].calculated_price).toBe(2500)
    expect((await api.get("/store/products/prod_gone")).status).toBe(404)
  })

  it("categories keep their parents three levels deep", async () => {
    const res = await api.get("/store/product-categories/pcat_tees")
    expect(res.status).toBe(200)
    expect(res.body.product_category).toMatchObject({ id: "pcat_tees", handle: "tees", parent_category_id: "pcat_shirts" })
    expect(await one("SELECT mpath FROM product_category WHERE id = 'pcat_tees'")).toEqual({ mpath: "pcat_apparel.pcat_shirts.pcat_tees" })
  })

  it("a customer from the Medusa database logs in with their Medusa password", async () => {
    expect((await api.post("/store/auth", { email: "legacy@example.com", password: "wrong" })).status).toBe(401)
    const login = await api.post("/store/auth", { email: "legacy@example.com", password: "legacy-secret" })
    expect(login.status).toBe(200)
    expect(login.body.customer).toMatchObject({ id: "cus_legacy", first_name: "Lea", last_name: "Gacy", has_account: true })
  })

  it("discounts, gift cards and orders arrive with Medusa's ids and state", async () => {
    expect(await one("SELECT code, usage_limit, usage_count FROM discount WHERE id = 'disc_shirts20'")).toEqual({ code: "SHIRTS20", usage_limit: 100, usage_count: 3 })
    expect(await one("SELECT value, balance FROM gift_card WHERE id = 'gift_spent'")).toEqual({ value: 5000, balance: 1200 })
    const order = await api.get("/store/orders/order_legacy_1")
    expect(order.status).toBe(200)
    expect(order.body.order).toMatchObject({ id: "order_legacy_1", display_id: 1, status: "completed", payment_status: "captured", fulfillment_status: "shipped", customer_id: "cus_legacy" })
    // 2 × 19.50 + 12.00 + 10.00 shipping, NA taxes 0 %.
    expect(order.body.order.items.map((i: Row) => [i.id, i.quantity, i.unit_price]).sort()).toEqual([
      ["item_1_mug", 1, 1200],
      ["item_1_tee", 2, 1950],
    ])
    expect(order.body.order.total).toBe(6100)
  })
})

describe("running the import again (the cut-over)", () => {
  it("imports what changed in Medusa and keeps what changed here: stock, gift-card balances, re-hashed passwords", async () => {
    // This side sold 3 tees, spent 2.00 of a gift card, and the customer logged in (re-hashed) above.
    await env.DB.batch([
      env.DB.prepare("UPDATE product_variant SET inventory_quantity = 97 WHERE id = 'variant_tshirt_s_black'"),
      env.DB.prepare("UPDATE gift_card SET balance = 1000 WHERE id = 'gift_spent'"),
    ])
    const rehashed = (await one("SELECT password_hash FROM customer WHERE id = 'cus_legacy'")).password_hash
    expect(rehashed).toMatch(/^pbkdf2\$/)

    // Meanwhile in Medusa: the tee was renamed, its stock counted again, and a new product was added.
    const next = clone(imported)
    const tee = next.products.find((p: Row) => p.id === "prod_tshirt")
    tee.title = "Medusa Tee"
    tee.variants.find((v: Row) => v.id === "variant_tshirt_s_black").inventory_quantity = 80
    next.products.push({ ...clone(next.products.find((p: Row) => p.id === "prod_mug")), id: "prod_mug2", handle: "mug-2", title: "Mug 2", variants: [
      { id: "variant_mug2", title: "One", sku: "MUG-2", inventory_quantity: 12, options: [{ value: "One Size" }], prices: [{ currency_code: "usd", amount: 900 }] },
    ], options: [{ title: "Size" }] })
    await importMedusa(next)

    expect(await one("SELECT title FROM product WHERE id = 'prod_tshirt'")).toEqual({ title: "Medusa Tee" })
    expect(await one("SELECT inventory_quantity FROM product_variant WHERE id = 'variant_tshirt_s_black'")).toEqual({ inventory_quantity: 97 })
    expect(await one("SELECT inventory_quantity FROM product_variant WHERE id = 'variant_mug2'")).toEqual({ inventory_quantity: 12 })
    expect(await one("SELECT balance FROM gift_card WHERE id = 'gift_spent'")).toEqual({ balance: 1000 })
    expect(await one("SELECT password_hash FROM customer WHERE id = 'cus_legacy'")).toEqual({ password_hash: rehashed })
  })

  it("a re-run with nothing changed in Medusa changes nothing (not a value, not a rowid)", async () => {
    const snapshot = async () => {
      const out: Record<string, Row[]> = {}
      for (const t of ["product", "product_variant", "money_amount", "customer", "discount", "gift_card", "order", "line_item"]) {
        out[t] = (await env.DB.prepare(`SELECT rowid AS _rowid, * FROM "${t}" ORDER BY rowid`).all<Row>()).results
      }
      return out
    }
    await importMedusa(clone(imported)) // Medusa wins for catalog fields: the tee gets its old title back
    expect(await one("SELECT title FROM product WHERE id = 'prod_tshirt'")).toEqual({ title: "Medusa T-Shirt" })
    const before = await snapshot()
    await importMedusa(clone(imported))
    expect(await snapshot()).toEqual(before)
  })
})
