import { beforeAll, describe, expect, it } from "vitest"
import { api } from "../helpers/api"
import { adminApi } from "../helpers/admin"
import { db } from "../helpers/db"
import { fixtureId } from "../helpers/cart-fixtures"
import { arrangeCheckoutStore, cartReadyToComplete, complete, type CheckoutStore } from "../helpers/checkout-fixtures"

const v = { mug: fixtureId("variant"), cap: fixtureId("variant") }
let store: CheckoutStore

async function placeOrder(): Promise<{ id: string; items: { id: string }[] }> {
  const cartId = await cartReadyToComplete(store, [{ variant_id: v.mug, quantity: 2 }], { email: "buyer@example.com" })
  const res = await complete(cartId)
  expect(res.status).toBe(200)
  return res.body.data
}

async function draftEdit(orderId: string) {
  const res = await adminApi.post("/admin/order-edits", { order_id: orderId, internal_note: "customer asked" })
  expect(res.status).toBe(200)
  return res.body.order_edit as { id: string; items: { id: string; original_item_id: string }[] }
}

/** A collection paid the way a storefront pays it: a manual session, authorized. */
async function authorizeCollection(collectionId: string) {
  const sessions = await api.post(`/store/payment-collections/${collectionId}/sessions`, { provider_id: "manual" })
  expect(sessions.status).toBe(200)
  const sessionId = sessions.body.payment_collection.payment_sessions[0].id
  const authorized = await api.post(`/store/payment-collections/${collectionId}/sessions/${sessionId}/authorize`)
  expect(authorized.status).toBe(200)
}

beforeAll(async () => {
  store = await arrangeCheckoutStore({
    region: { currency_code: "usd", tax_rate: 10, countries: ["us"] },
    products: [
      { title: "Mug", variants: [{ id: v.mug, prices: [{ currency_code: "usd", amount: 1950 }] }] },
      { title: "Cap", variants: [{ id: v.cap, prices: [{ currency_code: "usd", amount: 1000 }] }] },
    ],
  })
})

// The order: 2 × 1950 + 10% tax (390) + shipping 1000 + 10% (100) = 5390.

describe("order edit without a payment difference", () => {
  it("is drafted, requested, shown to the shopper and completed onto the order", async () => {
    const order = await placeOrder()
    const edit = await draftEdit(order.id)
    expect(edit).toMatchObject({ order_id: order.id, status: "created", internal_note: "customer asked", total: 5390, difference_due: 0, changes: [] })
    expect(edit.items).toHaveLength(1)
    expect(edit.items[0]!.original_item_id).toBe(order.items[0]!.id)

    const updated = await adminApi.post(`/admin/order-edits/${edit.id}/items/${edit.items[0]!.id}`, { quantity: 1 })
    expect(updated.status).toBe(200)
    // 1950 + 195 + 1100 = 3245 → 3245 − 5390 = −2145
    expect(updated.body.order_edit).toMatchObject({ subtotal: 1950, tax_total: 295, total: 3245, difference_due: -2145 })
    expect(updated.body.order_edit.changes).toEqual([
      expect.objectContaining({ type: "item_update", original_line_item_id: order.items[0]!.id, line_item_id: edit.items[0]!.id }),
    ])

    const requested = await adminApi.post(`/admin/order-edits/${edit.id}/request`)
    expect(requested.body.order_edit).toMatchObject({ status: "requested", payment_collection_id: null, payment_collection: null })

    const seen = await api.get(`/store/order-edits/${edit.id}`)
    expect(seen.status).toBe(200)
    expect(seen.body.order_edit).toMatchObject({ id: edit.id, status: "requested", difference_due: -2145, total: 3245 })
    expect(seen.body.order_edit).not.toHaveProperty("internal_note")
    expect(seen.body.order_edit).not.toHaveProperty("created_by")
    expect(seen.body.order_edit.changes[0].original_line_item).toMatchObject({ id: order.items[0]!.id, quantity: 2 })
    expect(seen.body.order_edit.changes[0].line_item).toMatchObject({ id: edit.items[0]!.id, quantity: 1 })

    const completed = await api.post(`/store/order-edits/${edit.id}/complete`)
    expect(completed.status).toBe(200)
    expect(completed.body.order_edit).toMatchObject({ status: "confirmed", difference_due: 0 })
    expect(typeof completed.body.order_edit.confirmed_at).toBe("string")

    const after = (await api.get(`/store/orders/${order.id}`)).body.order
    expect(after.items.map((i: { id: string; quantity: number }) => [i.id, i.quantity])).toEqual([[edit.items[0]!.id, 1]])
    expect(after).toMatchObject({ subtotal: 1950, total: 3245 })
    // Completing again answers the confirmed edit as it is.
    const again = await api.post(`/store/order-edits/${edit.id}/complete`)
    expect(again.body.order_edit.status).toBe("confirmed")
  })
})

describe("order edit with a payment difference", () => {
  it("creates a payment collection on request and completes only once it is authorized", async () => {
    const order = await placeOrder()
    const edit = await draftEdit(order.id)
    const added = await adminApi.post(`/admin/order-edits/${edit.id}/items`, { variant_id: v.cap, quantity: 1 })
    expect(added.status).toBe(200)
    // + 1000 + 10% → 6490; 6490 − 5390 = 1100
    expect(added.body.order_edit).toMatchObject({ total: 6490, difference_due: 1100 })
    expect(added.body.order_edit.changes).toEqual([expect.objectContaining({ type: "item_add", original_line_item_id: null })])
    expect(added.body.order_edit.changes[0].line_item).toMatchObject({ unit_price: 1000, quantity: 1, variant_id: v.cap })

    const requested = (await adminApi.post(`/admin/order-edits/${edit.id}/request`)).body.order_edit
    expect(requested.payment_collection).toMatchObject({
      type: "order_edit", status: "not_paid", amount: 1100, authorized_amount: null, region_id: store.regionId, currency_code: "usd",
    })

    const early = await api.post(`/store/order-edits/${edit.id}/complete`)
    expect(early.status).toBe(400)
    expect(early.body).toEqual({ type: "not_allowed", message: "Unable to complete an order edit if the payment is not authorized" })
    expect((await api.get(`/store/orders/${order.id}`)).body.order.items).toHaveLength(1)

    await authorizeCollection(requested.payment_collection.id)
    const completed = await api.post(`/store/order-edits/${edit.id}/complete`)
    expect(completed.status).toBe(200)
    expect(completed.body.order_edit.status).toBe("confirmed")
    const after = (await adminApi.get(`/admin/orders/${order.id}`)).body.order
    expect(after.items).toHaveLength(2)
    expect(after.total).toBe(6490)
    expect(after.payments.map((p: { amount: number }) => p.amount)).toEqual([5390, 1100])
    expect(after.paid_total).toBe(6490)
  })
})

describe("declining and state rules", () => {
  it("records the reason; a declined edit cannot be completed", async () => {
    const order = await placeOrder()
    const edit = await draftEdit(order.id)
    await adminApi.post(`/admin/order-edits/${edit.id}/items/${edit.items[0]!.id}`, { quantity: 3 })
    await adminApi.post(`/admin/order-edits/${edit.id}/request`)
    const declined = await api.post(`/store/order-edits/${edit.id}/decline`, { declined_reason: "too expensive" })
    expect(declined.status).toBe(200)
    expect(declined.body.order_edit).toMatchObject({ status: "declined", declined_reason: "too expensive" })
    const completeDeclined = await api.post(`/store/order-edits/${edit.id}/complete`)
    expect(completeDeclined.status).toBe(400)
    expect(completeDeclined.body).toEqual({ type: "not_allowed", message: "Cannot complete an order edit with status declined" })
    expect((await api.get(`/store/orders/${order.id}`)).body.order.items[0].quantity).toBe(2)
    // The order is free for a new edit once this one is declined.
    expect((await adminApi.post("/admin/order-edits", { order_id: order.id })).status).toBe(200)
  })

  it("only changes requested edits", async () => {
    const order = await placeOrder()
    const edit = await draftEdit(order.id)
    const decline = await api.post(`/store/order-edits/${edit.id}/decline`, {})
    expect(decline.body).toEqual({ type: "not_allowed", message: "Cannot decline an order edit with status created." })
    const completeDraft = await api.post(`/store/order-edits/${edit.id}/complete`)
    expect(completeDraft.body).toEqual({ type: "not_allowed", message: "Cannot complete an order edit with status created" })
    const bad = await api.post(`/store/order-edits/${edit.id}/decline`, { declined_reason: 5 })
    expect(bad.body).toEqual({ type: "invalid_data", message: "declined_reason must be a string" })
    const [row] = await db.all<{ declined_at: string | null }>(`SELECT declined_at FROM order_edit WHERE id = ?`, edit.id)
    expect(row?.declined_at).toBeNull()
  })

  it("applies an edit once when completions race", async () => {
    const order = await placeOrder()
    const edit = await draftEdit(order.id)
    await adminApi.post(`/admin/order-edits/${edit.id}/items`, { variant_id: v.cap, quantity: 1 })
    const requested = (await adminApi.post(`/admin/order-edits/${edit.id}/request`)).body.order_edit
    await authorizeCollection(requested.payment_collection.id)
    const results = await Promise.all([1, 2, 3, 4].map(() => api.post(`/store/order-edits/${edit.id}/complete`)))
    // Racy in count only: each answer is the one confirmed edit (a later completion answers it as it is) or the
    // conflict body of a completion that lost the guarded write; the edit is applied once, whatever the split.
    const applied = results.filter((r) => r.status === 200)
    const refused = results.filter((r) => r.status === 409)
    expect(applied.length + refused.length).toBe(4)
    expect(applied.length).toBeGreaterThanOrEqual(1)
    for (const r of refused) expect(r.body).toEqual({ type: "conflict", code: "invalid_state_error", message: "The request conflicted with another request. You may retry the request with the provided Idempotency-Key." })
    for (const r of applied) {
      expect(r.body.order_edit).toMatchObject({ id: edit.id, status: "confirmed", confirmed_at: applied[0]!.body.order_edit.confirmed_at })
    }
    const items = (await api.get(`/store/orders/${order.id}`)).body.order.items
    expect(items.filter((i: { variant_id: string }) => i.variant_id === v.cap).map((i: { quantity: number }) => i.quantity)).toEqual([1])
    const payments = await db.all(`SELECT id FROM payment WHERE order_id = ?`, order.id)
    // the checkout payment and exactly one for the edit's collection
    expect(payments).toHaveLength(2)
    expect(await db.all(`SELECT payment_id FROM payment_collection_payments WHERE payment_collection_id = ?`, requested.payment_collection.id)).toHaveLength(1)
  })

  it("answers 404 for an unknown edit", async () => {
    for (const res of [await api.get("/store/order-edits/oe_missing"), await api.post("/store/order-edits/oe_missing/complete")]) {
      expect(res.status).toBe(404)
      expect(res.body).toEqual({ type: "not_found", message: "Order edit with id oe_missing was not found" })
    }
  })
})

describe("admin order-edit rules", () => {
  it("allows one open edit per order, refuses requests without changes and lines of other edits", async () => {
    const order = await placeOrder()
    const edit = await draftEdit(order.id)
    const second = await adminApi.post("/admin/order-edits", { order_id: order.id })
    expect(second.body).toEqual({ type: "invalid_data", message: `An active order edit already exists for the order ${order.id}` })
    const empty = await adminApi.post(`/admin/order-edits/${edit.id}/request`)
    expect(empty.body).toEqual({ type: "invalid_data", message: "Cannot request a confirmation on an edit with no changes" })
    const foreign = await adminApi.post(`/admin/order-edits/${edit.id}/items/${order.items[0]!.id}`, { quantity: 1 })
    expect(foreign.body).toEqual({ type: "invalid_data", message: `Invalid line item id ${order.items[0]!.id} it does not belong to the same order edit ${order.id}.` })
    const unknownVariant = await adminApi.post(`/admin/order-edits/${edit.id}/items`, { variant_id: "variant_missing", quantity: 1 })
    expect(unknownVariant.status).toBe(404)
    const unknownOrder = await adminApi.post("/admin/order-edits", { order_id: "order_missing" })
    expect(unknownOrder.status).toBe(404)
  })

  it("drops a change: an added line disappears, an updated quantity comes back", async () => {
    const order = await placeOrder()
    const edit = await draftEdit(order.id)
    const added = (await adminApi.post(`/admin/order-edits/${edit.id}/items`, { variant_id: v.cap, quantity: 2 })).body.order_edit
    const updated = (await adminApi.post(`/admin/order-edits/${edit.id}/items/${edit.items[0]!.id}`, { quantity: 5 })).body.order_edit
    expect(updated.changes).toHaveLength(2)
    for (const change of updated.changes) {
      const res = await api.request("DELETE", `/admin/order-edits/${edit.id}/changes/${change.id}`, undefined, { headers: { authorization: "Bearer test-admin-token" } })
      expect(res.status).toBe(200)
      expect(res.body).toEqual({ id: change.id, object: "item_change", deleted: true })
    }
    const after = (await adminApi.get(`/admin/order-edits/${edit.id}`)).body.order_edit
    expect(after).toMatchObject({ changes: [], total: 5390, difference_due: 0 })
    expect(after.items.map((i: { quantity: number }) => i.quantity)).toEqual([2])
    expect(added.changes[0].line_item_id).toBeTruthy()
    expect(await db.all(`SELECT id FROM line_item WHERE id = ?`, added.changes[0].line_item_id)).toEqual([])
  })

  it("freezes a requested edit", async () => {
    const order = await placeOrder()
    const edit = await draftEdit(order.id)
    await adminApi.post(`/admin/order-edits/${edit.id}/items/${edit.items[0]!.id}`, { quantity: 1 })
    await adminApi.post(`/admin/order-edits/${edit.id}/request`)
    const add = await adminApi.post(`/admin/order-edits/${edit.id}/items`, { variant_id: v.cap, quantity: 1 })
    expect(add.body).toEqual({ type: "not_allowed", message: "Can not add an item to the edit with status requested" })
  })
})
