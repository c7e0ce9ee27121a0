import { beforeAll, describe, expect, it } from "vitest"
import { api } from "../helpers/api"
import { adminApi, ADMIN_TOKEN } from "../helpers/admin"
import { db } from "../helpers/db"
import { fixtureId } from "../helpers/cart-fixtures"
import { arrangeCheckoutStore, cartReadyToComplete, complete, type CheckoutStore } from "../helpers/checkout-fixtures"

const v = { mug: fixtureId("variant"), cap: fixtureId("variant") }
let store: CheckoutStore

async function placeOrder(lines: { variant_id: string; quantity: number }[]) {
  const cartId = await cartReadyToComplete(store, lines, { email: "buyer@example.com" })
  const res = await complete(cartId)
  expect(res.status).toBe(200)
  return res.body.data as { id: string; items: { id: string; variant_id: string }[] }
}

beforeAll(async () => {
  store = await arrangeCheckoutStore({
    region: { currency_code: "usd", tax_rate: 0, countries: ["us"] },
    products: [
      { title: "Mug", variants: [{ id: v.mug, prices: [{ currency_code: "usd", amount: 1950 }] }] },
      { title: "Cap", variants: [{ id: v.cap, prices: [{ currency_code: "usd", amount: 1000 }] }] },
    ],
  })
})

const UNAUTHORIZED = { type: "unauthorized", message: "Unauthorized" }

describe("admin API token", () => {
  it.each([
    ["no token", {}],
    ["a wrong x-medusa-access-token", { "x-medusa-access-token": "nope" }],
    ["a wrong bearer token", { authorization: "Bearer test-admin-tokeX" }],
    ["the token with a suffix", { authorization: `Bearer ${ADMIN_TOKEN}x` }],
    ["the token as Basic credentials", { authorization: `Basic ${ADMIN_TOKEN}` }],
  ])("answers 401 with %s", async (_name, headers) => {
    for (const path of ["/admin/orders", "/admin/orders/order_x", "/admin/nope"]) {
      const res = await api.get(path, { headers })
      expect(res.status).toBe(401)
      expect(res.body).toEqual(UNAUTHORIZED)
    }
    const post = await api.post("/admin/orders/order_x/capture", {}, { headers })
    expect(post.status).toBe(401)
  })

  it("accepts the token as x-medusa-access-token and as Authorization: Bearer", async () => {
    const a = await api.get("/admin/orders?limit=1", { headers: { "x-medusa-access-token": ADMIN_TOKEN } })
    const b = await api.get("/admin/orders?limit=1", { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })
    expect([a.status, b.status]).toEqual([200, 200])
    const unknown = await api.get("/admin/nope", { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })
    expect(unknown.status).toBe(404)
  })
})

describe("GET /admin/orders", () => {
  it("lists orders newest first with v1's relations and no totals, and counts them", async () => {
    const first = await placeOrder([{ variant_id: v.mug, quantity: 1 }])
    const second = await placeOrder([{ variant_id: v.cap, quantity: 2 }])
    const res = await adminApi.get("/admin/orders?limit=2&offset=0")
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ limit: 2, offset: 0 })
    expect(res.body.count).toBeGreaterThanOrEqual(2)
    expect(res.body.orders.map((o: { id: string }) => o.id)).toEqual([second.id, first.id])
    expect(res.body.orders[0]).not.toHaveProperty("total")
    expect(res.body.orders[0]).not.toHaveProperty("object")
    expect(Object.keys(res.body.orders[0])).toEqual(expect.arrayContaining(["returns", "refunds", "fulfillments", "sales_channel", "swaps", "claims"]))
  })

  it("refuses unknown query keys", async () => {
    const res = await adminApi.get("/admin/orders?foo=1")
    expect(res.status).toBe(400)
    expect(res.body).toEqual({ type: "invalid_data", message: "property foo should not exist" })
  })
})

describe("GET /admin/orders/:id", () => {
  it("answers the order with totals", async () => {
    const order = await placeOrder([{ variant_id: v.mug, quantity: 2 }])
    const res = await adminApi.get(`/admin/orders/${order.id}`)
    expect(res.status).toBe(200)
    // 2 × 1950 + shipping 1000
    expect(res.body.order).toMatchObject({ id: order.id, subtotal: 3900, shipping_total: 1000, total: 4900, payment_status: "awaiting", returns: [], refunds: [], fulfillments: [] })
    expect(res.body.order.items[0]).toMatchObject({ quantity: 2, refundable: 3900 })
  })

  it("answers 404 for an unknown order", async () => {
    const res = await adminApi.get("/admin/orders/order_missing")
    expect(res.status).toBe(404)
    expect(res.body).toEqual({ type: "not_found", message: "Order with id order_missing was not found" })
  })
})

describe("POST /admin/orders/:id/capture", () => {
  it("captures the payment with its provider and marks the order captured; a second capture changes nothing", async () => {
    const order = await placeOrder([{ variant_id: v.mug, quantity: 1 }])
    const res = await adminApi.post(`/admin/orders/${order.id}/capture`)
    expect(res.status).toBe(200)
    expect(res.body.order.payment_status).toBe("captured")
    expect(res.body.order.payments[0]).toMatchObject({ amount: 2950, data: { status: "captured" } })
    const capturedAt = res.body.order.payments[0].captured_at
    expect(typeof capturedAt).toBe("string")
    const again = await adminApi.post(`/admin/orders/${order.id}/capture`)
    expect(again.status).toBe(200)
    expect(again.body.order.payments[0].captured_at).toBe(capturedAt)
  })

  it("refuses a canceled order and an unknown one", async () => {
    const order = await placeOrder([{ variant_id: v.mug, quantity: 1 }])
    await db.all(`UPDATE "order" SET status = 'canceled', canceled_at = '2026-01-02T00:00:00.000Z' WHERE id = ?`, order.id)
    const res = await adminApi.post(`/admin/orders/${order.id}/capture`)
    expect(res.status).toBe(400)
    expect(res.body).toEqual({ type: "not_allowed", message: "A canceled order cannot capture payment" })
    const [payment] = await db.all<{ captured_at: string | null }>(`SELECT captured_at FROM payment WHERE order_id = ?`, order.id)
    expect(payment?.captured_at).toBeNull()
    const unknown = await adminApi.post("/admin/orders/order_missing/capture")
    expect(unknown.status).toBe(404)
  })
})

describe("POST /admin/orders/:id/fulfillment", () => {
  it("fulfils part of an order, then the rest", async () => {
    const order = await placeOrder([{ variant_id: v.mug, quantity: 2 }])
    const item = order.items[0]!.id
    const partial = await adminApi.post(`/admin/orders/${order.id}/fulfillment`, { items: [{ item_id: item, quantity: 1 }] })
    expect(partial.status).toBe(200)
    expect(partial.body.order.fulfillment_status).toBe("partially_fulfilled")
    expect(partial.body.order.items[0].fulfilled_quantity).toBe(1)
    expect(partial.body.order.fulfillments).toHaveLength(1)
    expect(partial.body.order.fulfillments[0]).toMatchObject({
      order_id: order.id, provider_id: "manual", tracking_numbers: [], data: {}, tracking_links: [],
      items: [{ fulfillment_id: partial.body.order.fulfillments[0].id, item_id: item, quantity: 1 }],
    })
    const rest = await adminApi.post(`/admin/orders/${order.id}/fulfillment`, { items: [{ item_id: item, quantity: 1 }] })
    expect(rest.status).toBe(200)
    expect(rest.body.order.fulfillment_status).toBe("fulfilled")
    expect(rest.body.order.items[0].fulfilled_quantity).toBe(2)
    // The store order shows the fulfillments too (golden 186).
    const storeOrder = await api.get(`/store/orders/${order.id}`)
    expect(storeOrder.body.order.fulfillments).toHaveLength(2)
  })

  it("refuses more than was bought, lines of other orders, bad bodies and canceled orders, writing nothing", async () => {
    const order = await placeOrder([{ variant_id: v.mug, quantity: 2 }])
    const other = await placeOrder([{ variant_id: v.cap, quantity: 1 }])
    const item = order.items[0]!.id
    const tooMany = await adminApi.post(`/admin/orders/${order.id}/fulfillment`, { items: [{ item_id: item, quantity: 3 }] })
    expect(tooMany.status).toBe(400)
    expect(tooMany.body).toEqual({ type: "not_allowed", message: "Cannot fulfill more items than have been purchased" })
    const foreign = await adminApi.post(`/admin/orders/${order.id}/fulfillment`, { items: [{ item_id: other.items[0]!.id, quantity: 1 }] })
    expect(foreign.status).toBe(400)
    expect(foreign.body).toEqual({ type: "invalid_data", message: `Line item with id ${other.items[0]!.id} is not part of order ${order.id}` })
    const noItems = await adminApi.post(`/admin/orders/${order.id}/fulfillment`, {})
    expect(noItems.status).toBe(400)
    expect(noItems.body.type).toBe("invalid_data")
    const zero = await adminApi.post(`/admin/orders/${order.id}/fulfillment`, { items: [{ item_id: item, quantity: 0 }] })
    expect(zero.status).toBe(400)
    const rows = await db.all(`SELECT id FROM fulfillment WHERE order_id = ?`, order.id)
    expect(rows).toEqual([])
    await db.all(`UPDATE "order" SET status = 'canceled', canceled_at = '2026-01-02T00:00:00.000Z' WHERE id = ?`, order.id)
    const canceled = await adminApi.post(`/admin/orders/${order.id}/fulfillment`, { items: [{ item_id: item, quantity: 1 }] })
    expect(canceled.body).toEqual({ type: "not_allowed", message: "A canceled order cannot be fulfilled" })
  })

  it("never ships a unit twice when fulfillments race", async () => {
    const order = await placeOrder([{ variant_id: v.mug, quantity: 2 }])
    const item = order.items[0]!.id
    const results = await Promise.all(
      [1, 2, 3].map(() => adminApi.post(`/admin/orders/${order.id}/fulfillment`, { items: [{ item_id: item, quantity: 1 }] })),
    )
    expect(results.map((r) => r.status).sort()).toEqual([200, 200, 400])
    const [line] = await db.all<{ fulfilled_quantity: number }>(`SELECT fulfilled_quantity FROM line_item WHERE id = ?`, item)
    expect(line?.fulfilled_quantity).toBe(2)
    const shipped = await db.all<{ total: number }>(`SELECT SUM(quantity) AS total FROM fulfillment_item WHERE item_id = ?`, item)
    expect(shipped[0]?.total).toBe(2)
  })
})
