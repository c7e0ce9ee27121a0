import { beforeAll, describe, expect, it } from "vitest"
import { env } from "cloudflare:workers"
import { api } from "../helpers/api"
import { adminApi } from "../helpers/admin"
import { seedGoldenStore, seedStore } from "../helpers/seed"
import { SeedValidationError } from "../../src/seed/plan"

/**
 * Orders and order edits in a seed file: a store starts with them, and the store and admin routes then act on them
 * as on orders placed through checkout. Golden store, region reg_eu (EUR, 25 % tax): tees 1800, sweatshirts 4000,
 * EU Standard shipping 800.
 */
const ORDERS = {
  orders: [
    {
      id: "order_seed_fulfilled", display_id: 9001, email: "Seeded@Example.com", region_id: "reg_eu",
      status: "pending", payment_status: "captured", fulfillment_status: "fulfilled",
      shipping_address: { first_name: "Sam", last_name: "Seed", address_1: "1 Rue", city: "Paris", country_code: "FR", postal_code: "75001" },
      items: [{ id: "item_seed_tee", variant_id: "variant_tshirt_m_black", quantity: 2 }],
      shipping_methods: [{ shipping_option_id: "so_01M8E6RHT4N4V1RWXT4CDHQ6BN" }],
      payment: { captured: true },
    },
    {
      id: "order_seed_awaiting", display_id: 9002, email: "seeded@example.com", region_id: "reg_eu",
      items: [{ id: "item_seed_sweat", variant_id: "variant_sweatshirt_m", quantity: 1 }],
      shipping_methods: [{ shipping_option_id: "so_01M8E6RHT4N4V1RWXT4CDHQ6BN" }],
      payment: {},
    },
  ],
  order_edits: [
    {
      id: "oe_seed_requested", order_id: "order_seed_awaiting", status: "requested", internal_note: "add a tee, two sweatshirts",
      changes: [{ type: "item_add", variant_id: "variant_tshirt_s_black", quantity: 1 }, { type: "item_update", item_id: "item_seed_sweat", quantity: 2 }],
    },
  ],
}

const count = async (table: string) => (await env.DB.prepare(`SELECT COUNT(*) AS n FROM "${table}"`).first<{ n: number }>())!.n

beforeAll(async () => {
  await seedGoldenStore()
  await seedStore(ORDERS)
})

describe("seeded orders", () => {
  it("read back with the catalog's titles and prices, one tax line each, and a payment for the total", async () => {
    const res = await api.get("/store/orders/order_seed_fulfilled")
    expect(res.status).toBe(200)
    const order = res.body.order
    // 2 × 1800 + 800 shipping = 4400, 25 % tax 1100 → 5500.
    expect(order).toMatchObject({
      id: "order_seed_fulfilled", display_id: 9001, email: "seeded@example.com", currency_code: "eur", status: "pending",
      payment_status: "captured", fulfillment_status: "fulfilled", subtotal: 3600, shipping_total: 800, tax_total: 1100, total: 5500,
      shipping_address: { first_name: "Sam", city: "Paris", country_code: "fr" },
    })
    expect(order.items).toHaveLength(1)
    expect(order.items[0]).toMatchObject({
      id: "item_seed_tee", title: "Medusa T-Shirt", description: "M / Black", unit_price: 1800, quantity: 2, fulfilled_quantity: 2,
      tax_lines: [expect.objectContaining({ rate: 25, name: "default", code: "default" })],
    })
    expect(order.payments).toEqual([expect.objectContaining({ amount: 5500, currency_code: "eur", provider_id: "manual", data: { status: "captured" } })])
    expect(order.payments[0].captured_at).toEqual(expect.any(String))
    // The email's guest customer was created for it and owns both seeded orders.
    const customers = await env.DB.prepare(`SELECT id, has_account FROM customer WHERE lower(email) = 'seeded@example.com'`).all()
    expect(customers.results).toHaveLength(1)
    const owners = await env.DB.prepare(`SELECT DISTINCT customer_id FROM "order" WHERE id LIKE 'order_seed_%'`).all()
    expect(owners.results).toEqual([{ customer_id: (customers.results[0] as { id: string }).id }])
  })

  it("take a return like a checkout's order: the refund comes from the seeded lines", async () => {
    const res = await api.post("/store/returns", { order_id: "order_seed_fulfilled", items: [{ item_id: "item_seed_tee", quantity: 1 }] })
    expect(res.status).toBe(200)
    // 1800 + 25 % = 2250.
    expect(res.body.return).toMatchObject({ order_id: "order_seed_fulfilled", refund_amount: 2250, status: "requested" })
  })

  it("an authorized seeded payment is captured through the admin API", async () => {
    const res = await adminApi.post("/admin/orders/order_seed_awaiting/capture")
    expect(res.status).toBe(200)
    // 4000 + 800, 25 % → 6000.
    expect(res.body.order).toMatchObject({ payment_status: "captured" })
    expect(res.body.order.payments[0]).toMatchObject({ amount: 6000, data: { status: "captured" } })
  })

  it("a seeded requested edit shows its changes, difference and payment collection to the shopper", async () => {
    const res = await api.get("/store/order-edits/oe_seed_requested")
    expect(res.status).toBe(200)
    const edit = res.body.order_edit
    // + 1 tee (1800 + 450) + 1 sweatshirt (4000 + 1000) = 7250.
    expect(edit).toMatchObject({ id: "oe_seed_requested", order_id: "order_seed_awaiting", status: "requested", difference_due: 7250 })
    expect(edit.payment_collection).toMatchObject({ amount: 7250, status: "not_paid", currency_code: "eur", type: "order_edit" })
    expect(edit.changes.map((c: { type: string }) => c.type).sort()).toEqual(["item_add", "item_update"])
    expect(edit).not.toHaveProperty("internal_note")
  })

  it("re-importing the file leaves the orders and what happened to them alone", async () => {
    const before = await Promise.all(["order", "line_item", "payment", "order_edit", "payment_collection", "customer"].map(count))
    await seedStore(ORDERS)
    const after = await Promise.all(["order", "line_item", "payment", "order_edit", "payment_collection", "customer"].map(count))
    expect(after).toEqual(before)
    const order = (await api.get("/store/orders/order_seed_awaiting")).body.order
    expect(order.payment_status).toBe("captured")
  })

  it("refuses references to nothing, naming where", async () => {
    const bad = {
      orders: [{ id: "order_bad", email: "x@example.com", region_id: "reg_eu", items: [{ variant_id: "variant_missing", quantity: 1 }] }],
      order_edits: [
        { id: "oe_bad", order_id: "order_elsewhere" },
        { id: "oe_bad2", order_id: "order_bad", changes: [{ type: "item_update", item_id: "item_unnamed", quantity: 2 }] },
      ],
    }
    const err = await seedStore(bad).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(SeedValidationError)
    expect((err as SeedValidationError).problems).toEqual([
      { path: "orders[0].items[0].variant_id", message: "unknown variant 'variant_missing' (not in the file or the database)" },
      { path: "order_edits[0].order_id", message: "unknown order 'order_elsewhere' (an order edit's order must be in the same file)" },
      { path: "order_edits[1].changes[0].item_id", message: "unknown item 'item_unnamed' of order 'order_bad' (give the order's item an id)" },
    ])
    expect(await env.DB.prepare(`SELECT id FROM "order" WHERE id = 'order_bad'`).first()).toBeNull()
  })
})
