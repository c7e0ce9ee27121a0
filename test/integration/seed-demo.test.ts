import { beforeAll, describe, expect, it } from "vitest"
import { env } from "cloudflare:workers"
import { api } from "../helpers/api"
import { seedStore } from "../helpers/seed"
import demo from "../../seed/demo.json"
import { verifyPassword } from "../../src/domain/password"
import type { SeedPlan } from "../../src/seed/plan"

let plan: SeedPlan

beforeAll(async () => {
  plan = await seedStore(demo, { now: "2026-05-01T00:00:00.000Z" })
})

async function first<T>(sql: string): Promise<T | null> {
  return env.DB.prepare(sql).first<T>()
}

describe("seed/demo.json", () => {
  it("is a small but complete store", () => {
    expect(plan.counts).toEqual({
      store: 1,
      sales_channel: 1,
      publishable_api_key: 1,
      shipping_profile: 2,
      region: 2,
      shipping_option: 10,
      shipping_option_requirement: 2,
      product_collection: 3,
      product_category: 13,
      product_type: 8,
      product_tag: 10,
      image: 23,
      product: 21,
      product_option: 23,
      product_variant: 53,
      product_option_value: 65,
      money_amount: 110,
      tax_rate: 1,
      return_reason: 6,
      discount_rule: 4,
      discount: 4,
      discount_condition: 1,
      gift_card: 2,
      customer: 1,
      address: 1,
    })
  })

  it("prices every variant in both currencies", async () => {
    const row = await first<{ n: number }>(
      `SELECT COUNT(*) AS n FROM product_variant v WHERE (SELECT COUNT(DISTINCT currency_code) FROM money_amount m WHERE m.variant_id = v.id) < 2`,
    )
    expect(row?.n).toBe(0)
  })

  it("has a working demo customer login", async () => {
    const customer = await first<{ password_hash: string }>(`SELECT password_hash FROM customer WHERE email = 'demo@example.com'`)
    expect(await verifyPassword("demo-password", customer!.password_hash)).toBe(true)
  })

  it("serves its regions and published products through the Store API", async () => {
    const regions = await api.get("/store/regions")
    const summary = regions.body.regions.map((r: { name: string; currency_code: string; tax_rate: number }) => [r.name, r.currency_code, r.tax_rate])
    expect(summary.sort()).toEqual([
      ["Europe", "eur", 25],
      ["North America", "usd", 0],
    ])
    const products = await api.get("/store/products?limit=50", { headers: { "x-publishable-api-key": "pk_demo_storefront" } })
    expect(products.status).toBe(200)
    expect(products.body.count).toBe(20)
  })

  it("re-imports as a no-op", async () => {
    await seedStore(demo, { now: "2026-06-01T00:00:00.000Z" })
    const row = await first<{ n: number }>(
      `SELECT (SELECT COUNT(*) FROM product WHERE updated_at != '2026-05-01T00:00:00.000Z')
            + (SELECT COUNT(*) FROM customer WHERE updated_at != '2026-05-01T00:00:00.000Z')
            + (SELECT COUNT(*) FROM discount WHERE updated_at != '2026-05-01T00:00:00.000Z') AS n`,
    )
    expect(row?.n).toBe(0)
  })
})
