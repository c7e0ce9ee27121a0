import { beforeAll, describe, expect, it } from "vitest"
import { api } from "../helpers/api"
import { adminApi } from "../helpers/admin"
import { db } from "../helpers/db"
import { fixtureId } from "../helpers/cart-fixtures"
import { arrangeShippingOption } from "../helpers/shipping-fixtures"
import { arrangeCheckoutStore, arrangeDiscount, itemOf, placeOrder, type CheckoutStore } from "../helpers/checkout-fixtures"

const v = { mug: fixtureId("variant"), cap: fixtureId("variant") }
const T = "2026-01-01T00:00:00.000Z"
let store: CheckoutStore
let returnOptionId: string
let otherRegionReturnOption: string
const reasons = { size: fixtureId("rr"), category: fixtureId("rr"), child: fixtureId("rr") }



const createReturn = (body: unknown, key?: string) =>
  api.post("/store/returns", body, key ? { headers: { "Idempotency-Key": key } } : {})

beforeAll(async () => {
  store = await arrangeCheckoutStore({
    region: { currency_code: "usd", tax_rate: 10, countries: ["us"] },
    products: [
      { title: "Mug", variants: [{ id: v.mug, prices: [{ currency_code: "usd", amount: 1950 }] }] },
      { title: "Cap", variants: [{ id: v.cap, prices: [{ currency_code: "usd", amount: 1000 }] }] },
    ],
  })
  returnOptionId = await arrangeShippingOption({ regionId: store.regionId, profileId: store.profileId, name: "Return", amount: 500, is_return: true })
  const other = await arrangeCheckoutStore({ region: { currency_code: "eur", countries: ["de"] }, products: [] })
  otherRegionReturnOption = await arrangeShippingOption({ regionId: other.regionId, profileId: other.profileId, amount: 100, is_return: true })
  for (const [id, value, parent] of [[reasons.size, `size-${reasons.size}`, null], [reasons.category, `cat-${reasons.category}`, null], [reasons.child, `child-${reasons.child}`, reasons.category]] as const) {
    await db.all(
      `INSERT INTO return_reason (id, value, label, description, parent_return_reason_id, metadata, created_at, updated_at, deleted_at)
       VALUES (?, ?, ?, NULL, ?, NULL, ?, ?, NULL)`,
      id, value, `Label ${value}`, parent, T, T,
    )
  }
})

const CONFLICT = {
  type: "conflict",
  code: "invalid_state_error",
  message: "The request conflicted with another request. You may retry the request with the provided Idempotency-Key.",
}

describe("POST /store/returns", () => {
  it("creates a requested return with the refund of the returned units, its reason and an event (golden 179)", async () => {
    const order = await placeOrder(store, [{ variant_id: v.mug, quantity: 2 }])
    const item = itemOf(order, v.mug)
    const res = await createReturn({ order_id: order.id, items: [{ item_id: item, quantity: 1, reason_id: reasons.size, note: "too small" }] }, "ret-key-1")
    expect(res.status).toBe(200)
    expect(res.headers.get("idempotency-key")).toBe("ret-key-1")
    const ret = res.body.return
    // 1 × 1950 + 10% tax (195) = 2145
    expect(ret).toMatchObject({
      status: "requested", order_id: order.id, refund_amount: 2145, shipping_data: null, received_at: null, swap_id: null,
      claim_order_id: null, location_id: null, no_notification: null, metadata: null, idempotency_key: "ret-key-1",
    })
    expect(ret.id).toMatch(/^ret_/)
    expect(ret.items).toEqual([{
      return_id: ret.id, item_id: item, quantity: 1, is_requested: true, requested_quantity: 1, received_quantity: null,
      reason_id: reasons.size, note: "too small", metadata: {},
      reason: expect.objectContaining({ id: reasons.size, value: `size-${reasons.size}`, parent_return_reason_id: null }),
    }])
    const events = await db.all<{ name: string; payload: string }>(`SELECT name, payload FROM event_outbox WHERE payload LIKE ?`, `%${ret.id}%`)
    expect(events).toEqual([{ name: "order.return_requested", payload: JSON.stringify({ id: order.id, return_id: ret.id }) }])
    const [key] = await db.all<{ recovery_point: string; response_code: number }>(`SELECT recovery_point, response_code FROM idempotency_key WHERE idempotency_key = 'ret-key-1'`)
    expect(key).toEqual({ recovery_point: "finished", response_code: 200 })
  })

  it("deducts the return shipping of a return option of the order's region (golden 180)", async () => {
    const order = await placeOrder(store, [{ variant_id: v.mug, quantity: 2 }])
    const res = await createReturn({ order_id: order.id, items: [{ item_id: itemOf(order, v.mug), quantity: 1 }], return_shipping: { option_id: returnOptionId } })
    expect(res.status).toBe(200)
    // 2145 − (500 + 10% = 550) = 1595
    expect(res.body.return).toMatchObject({ refund_amount: 1595, shipping_data: {} })
    const methods = await db.all<{ price: number; shipping_option_id: string }>(`SELECT price, shipping_option_id FROM shipping_method WHERE return_id = ?`, res.body.return.id)
    expect(methods).toEqual([{ price: 500, shipping_option_id: returnOptionId }])
    const admin = await adminApi.get(`/admin/orders/${order.id}`)
    expect(admin.body.order.returns[0].shipping_method).toMatchObject({ price: 500, return_id: res.body.return.id })
  })

  it("includes the order's line discount in the refund", async () => {
    const discount = await arrangeDiscount({ regionId: store.regionId, value: 10 })
    const order = await placeOrder(store, [{ variant_id: v.mug, quantity: 4 }], { discounts: [{ code: discount.code }] })
    const res = await createReturn({ order_id: order.id, items: [{ item_id: itemOf(order, v.mug), quantity: 1 }] })
    // 780 off 4 units → 195 per unit; 1950 − 195 = 1755 + 10% tax round(175.5) = 176 → 1931
    expect(res.body.return.refund_amount).toBe(1931)
  })

  it("answers an empty return with refund 0 (golden 182)", async () => {
    const order = await placeOrder(store, [{ variant_id: v.mug, quantity: 1 }])
    const res = await createReturn({ order_id: order.id, items: [] })
    expect(res.status).toBe(200)
    expect(res.body.return).toMatchObject({ refund_amount: 0, items: [], status: "requested" })
  })

  it("counts open returns: two requests cannot return more than was bought", async () => {
    const order = await placeOrder(store, [{ variant_id: v.mug, quantity: 2 }])
    const item = itemOf(order, v.mug)
    expect((await createReturn({ order_id: order.id, items: [{ item_id: item, quantity: 1 }] })).status).toBe(200)
    expect((await createReturn({ order_id: order.id, items: [{ item_id: item, quantity: 1 }] })).status).toBe(200)
    const third = await createReturn({ order_id: order.id, items: [{ item_id: item, quantity: 1 }] })
    expect(third.status).toBe(400)
    expect(third.body).toEqual({ type: "not_allowed", message: "Cannot return more items than have been purchased" })
  })

  it("never lets racing returns claim more units than were bought", async () => {
    const order = await placeOrder(store, [{ variant_id: v.mug, quantity: 2 }])
    const item = itemOf(order, v.mug)
    const results = await Promise.all([1, 2, 3, 4].map(() => createReturn({ order_id: order.id, items: [{ item_id: item, quantity: 1 }] })))
    expect(results.map((r) => r.status).sort()).toEqual([200, 200, 400, 400])
    const rows = await db.all<{ total: number }>(`SELECT SUM(quantity) AS total FROM return_item WHERE item_id = ?`, item)
    expect(rows[0]?.total).toBe(2)
    const returns = await db.all(`SELECT id FROM "return" WHERE order_id = ?`, order.id)
    expect(returns).toHaveLength(2)
  })

  it("replays a finished key and refuses the key for another request", async () => {
    const order = await placeOrder(store, [{ variant_id: v.mug, quantity: 2 }])
    const body = { order_id: order.id, items: [{ item_id: itemOf(order, v.mug), quantity: 1 }] }
    const first = await createReturn(body, "ret-replay")
    const again = await createReturn(body, "ret-replay")
    expect(again.status).toBe(200)
    expect(again.body).toEqual(first.body)
    expect(await db.all(`SELECT id FROM "return" WHERE order_id = ?`, order.id)).toHaveLength(1)
    const other = await createReturn({ ...body, items: [{ ...body.items[0], quantity: 2 }] }, "ret-replay")
    expect(other.status).toBe(400)
    expect(other.body).toEqual({ type: "invalid_data", message: 'Idempotency-Key "ret-replay" was already used for a different request' })
  })

  it("creates one return when retries with the same key race", async () => {
    const order = await placeOrder(store, [{ variant_id: v.mug, quantity: 2 }])
    const body = { order_id: order.id, items: [{ item_id: itemOf(order, v.mug), quantity: 1 }] }
    const results = await Promise.all([1, 2, 3].map(() => createReturn(body, "ret-race")))
    // Racy in count only: a retry finds the key in flight (409, Medusa's conflict body) or finished (its replay).
    const applied = results.filter((r) => r.status === 200)
    const refused = results.filter((r) => r.status === 409)
    expect(applied.length + refused.length).toBe(3)
    expect(applied.length).toBeGreaterThanOrEqual(1)
    for (const r of refused) expect(r.body).toEqual(CONFLICT)
    for (const r of applied) expect(r.body).toEqual(applied[0]!.body)
    const returns = await db.all<{ id: string }>(`SELECT id FROM "return" WHERE order_id = ?`, order.id)
    expect(returns).toEqual([{ id: applied[0]!.body.return.id }])
  })

  it("resumes a key left at return_requested with the return created under it", async () => {
    const order = await placeOrder(store, [{ variant_id: v.mug, quantity: 2 }])
    const body = { order_id: order.id, items: [{ item_id: itemOf(order, v.mug), quantity: 1 }] }
    const first = await createReturn(body, "ret-resume")
    // A crash between the return's batch and storing the response leaves the key here.
    await db.all(`UPDATE idempotency_key SET recovery_point = 'return_requested', response_code = NULL, response_body = NULL WHERE idempotency_key = 'ret-resume'`)
    const again = await createReturn(body, "ret-resume")
    expect(again.status).toBe(200)
    expect(again.body.return.id).toBe(first.body.return.id)
    expect(await db.all(`SELECT id FROM "return" WHERE order_id = ?`, order.id)).toHaveLength(1)
  })

  it("refuses bad requests with v1's errors, writing nothing", async () => {
    const order = await placeOrder(store, [{ variant_id: v.mug, quantity: 2 }])
    const other = await placeOrder(store, [{ variant_id: v.cap, quantity: 1 }])
    const item = itemOf(order, v.mug)
    const cases: [unknown, number, unknown][] = [
      [{ order_id: order.id, items: [{ item_id: item, quantity: 5 }] }, 400, { type: "not_allowed", message: "Cannot return more items than have been purchased" }],
      [{ order_id: order.id, items: [{ item_id: itemOf(other, v.cap), quantity: 1 }] }, 400, { type: "invalid_data", message: "Return contains invalid line item" }],
      [{ order_id: order.id, items: [{ item_id: item, quantity: 1, reason_id: "rr_missing" }] }, 404, { type: "not_found", message: "Return Reason with id: rr_missing was not found." }],
      [{ order_id: order.id, items: [{ item_id: item, quantity: 1, reason_id: reasons.category }] }, 400, { type: "invalid_data", message: "Cannot apply return reason category" }],
      [{ order_id: order.id, items: [{ item_id: item, quantity: 1 }], return_shipping: { option_id: "so_missing" } }, 404, { type: "not_found", message: "Shipping Option with so_missing was not found" }],
      [{ order_id: order.id, items: [{ item_id: item, quantity: 1 }], return_shipping: { option_id: store.shippingOptionId } }, 400, { type: "invalid_data", message: `Shipping Option with ${store.shippingOptionId} is not a return shipping option of the order's region` }],
      [{ order_id: order.id, items: [{ item_id: item, quantity: 1 }], return_shipping: { option_id: otherRegionReturnOption } }, 400, { type: "invalid_data", message: `Shipping Option with ${otherRegionReturnOption} is not a return shipping option of the order's region` }],
      [{ order_id: "order_missing", items: [] }, 404, { type: "not_found", message: "Order with id order_missing was not found" }],
      [{ order_id: order.id }, 400, { type: "invalid_data", message: "items must be an array" }],
      [{ order_id: order.id, items: [{ item_id: item, quantity: 0 }] }, 400, { type: "invalid_data", message: "items.0.quantity must not be less than 1" }],
      [{ order_id: order.id, items: [], foo: 1 }, 400, { type: "invalid_data", message: "property foo should not exist" }],
      ["not json", 400, expect.objectContaining({ type: "invalid_data" })],
    ]
    for (const [body, status, expected] of cases) {
      const res = await createReturn(body)
      expect({ body, status: res.status, res: res.body }).toEqual({ body, status, res: expected })
      expect(res.headers.get("idempotency-key")).toBeTruthy()
    }
    expect(await db.all(`SELECT id FROM "return" WHERE order_id = ?`, order.id)).toEqual([])
  })

  it("refuses a return on a canceled order", async () => {
    const order = await placeOrder(store, [{ variant_id: v.mug, quantity: 1 }])
    await db.all(`UPDATE "order" SET status = 'canceled', canceled_at = ? WHERE id = ?`, T, order.id)
    const res = await createReturn({ order_id: order.id, items: [{ item_id: itemOf(order, v.mug), quantity: 1 }] })
    expect(res.status).toBe(400)
    expect(res.body).toEqual({ type: "invalid_data", message: "Cannot create a return for a canceled item." })
  })
})

describe("POST /admin/returns/:id/receive", () => {
  it("receives the goods, refunds through the provider and marks the order partially returned", async () => {
    const order = await placeOrder(store, [{ variant_id: v.mug, quantity: 2 }])
    const item = itemOf(order, v.mug)
    await adminApi.post(`/admin/orders/${order.id}/capture`)
    const created = await createReturn({ order_id: order.id, items: [{ item_id: item, quantity: 1 }] })
    const res = await adminApi.post(`/admin/returns/${created.body.return.id}/receive`, { items: [{ item_id: item, quantity: 1 }] })
    expect(res.status).toBe(200)
    expect(res.body.return).toMatchObject({ status: "received", refund_amount: 2145, swap: null })
    expect(res.body.return.items[0]).toMatchObject({ item_id: item, quantity: 1, received_quantity: 1 })
    const admin = (await adminApi.get(`/admin/orders/${order.id}`)).body.order
    // paid 2 × 2145 + shipping 1100 = 5390; refunded 2145 → refundable 3245
    expect(admin).toMatchObject({ fulfillment_status: "partially_returned", refunded_total: 2145, paid_total: 5390, refundable_amount: 3245, subtotal: 3900 })
    expect(admin.refunds).toEqual([expect.objectContaining({ amount: 2145, reason: "return", order_id: order.id })])
    expect(admin.payments[0]).toMatchObject({ amount_refunded: 2145 })
    expect(admin.items[0]).toMatchObject({ returned_quantity: 1, refundable: 2145 })
    expect(admin.returns[0]).toMatchObject({ id: created.body.return.id, status: "received" })

    const twice = await adminApi.post(`/admin/returns/${created.body.return.id}/receive`, { items: [{ item_id: item, quantity: 1 }] })
    expect(twice.status).toBe(400)
    expect(twice.body).toEqual({ type: "not_allowed", message: `Return with id ${created.body.return.id} has already been received` })
    // The returned unit no longer counts as returnable.
    const more = await createReturn({ order_id: order.id, items: [{ item_id: item, quantity: 2 }] })
    expect(more.body).toEqual({ type: "not_allowed", message: "Cannot return more items than have been purchased" })
  })

  it("marks a return whose goods differ from the request as requires_action, without refunding", async () => {
    const order = await placeOrder(store, [{ variant_id: v.mug, quantity: 2 }])
    const item = itemOf(order, v.mug)
    const created = await createReturn({ order_id: order.id, items: [{ item_id: item, quantity: 2 }] })
    const res = await adminApi.post(`/admin/returns/${created.body.return.id}/receive`, { items: [{ item_id: item, quantity: 1 }] })
    expect(res.status).toBe(200)
    expect(res.body.return.status).toBe("requires_action")
    expect(await db.all(`SELECT id FROM refund WHERE order_id = ?`, order.id)).toEqual([])
  })

  it("receives a return only once when receipts race", async () => {
    const order = await placeOrder(store, [{ variant_id: v.mug, quantity: 2 }])
    const item = itemOf(order, v.mug)
    await adminApi.post(`/admin/orders/${order.id}/capture`)
    const created = await createReturn({ order_id: order.id, items: [{ item_id: item, quantity: 1 }] })
    const results = await Promise.all([1, 2, 3].map(() => adminApi.post(`/admin/returns/${created.body.return.id}/receive`, { items: [{ item_id: item, quantity: 1 }] })))
    expect(results.filter((r) => r.status === 200)).toHaveLength(1)
    expect(await db.all(`SELECT id FROM refund WHERE order_id = ?`, order.id)).toHaveLength(1)
    const [line] = await db.all<{ returned_quantity: number }>(`SELECT returned_quantity FROM line_item WHERE id = ?`, item)
    expect(line?.returned_quantity).toBe(1)
  })

  it("answers 404 for an unknown return", async () => {
    const res = await adminApi.post("/admin/returns/ret_missing/receive", { items: [{ item_id: "item_x", quantity: 1 }] })
    expect(res.status).toBe(404)
    expect(res.body).toEqual({ type: "not_found", message: "Return with id: ret_missing was not found" })
  })
})
