import { beforeAll, describe, expect, it } from "vitest"
import { api } from "../helpers/api"
import { adminApi } from "../helpers/admin"
import { db } from "../helpers/db"
import { registerCustomer, withCookie } from "../helpers/auth"
import { fixtureId } from "../helpers/cart-fixtures"
import { arrangeCheckoutStore, cartReadyToComplete, complete, type CheckoutStore } from "../helpers/checkout-fixtures"

/**
 * BOLA on the after-sale routes: a logged-in customer never returns, sees, accepts, declines or pays for another
 * customer's order, edit or collection — those answer 404 as if unknown — and nothing is written. (Guests keep v1's
 * access by unguessable id.)
 */
const v = { mug: fixtureId("variant"), cap: fixtureId("variant") }
let store: CheckoutStore
let owner: { id: string; cookie: string }
let stranger: { id: string; cookie: string }
let orderId: string
let itemId: string
let editId: string
let collectionId: string
let swapCartId: string

beforeAll(async () => {
  store = await arrangeCheckoutStore({
    region: { currency_code: "usd", tax_rate: 0, countries: ["us"] },
    products: [
      { title: "Mug", variants: [{ id: v.mug, prices: [{ currency_code: "usd", amount: 1950 }] }] },
      { title: "Cap", variants: [{ id: v.cap, prices: [{ currency_code: "usd", amount: 1000 }] }] },
    ],
  })
  owner = await registerCustomer()
  stranger = await registerCustomer()
  const cartId = await cartReadyToComplete(store, [{ variant_id: v.mug, quantity: 2 }])
  const order = (await complete(cartId)).body.data
  orderId = order.id
  itemId = order.items[0].id
  // The order belongs to the owner (as if placed while logged in).
  await db.all(`UPDATE "order" SET customer_id = ? WHERE id = ?`, owner.id, orderId)
  const edit = (await adminApi.post("/admin/order-edits", { order_id: orderId })).body.order_edit
  editId = edit.id
  await adminApi.post(`/admin/order-edits/${editId}/items`, { variant_id: v.cap, quantity: 1 })
  collectionId = (await adminApi.post(`/admin/order-edits/${editId}/request`)).body.order_edit.payment_collection.id
  // A swap needs a captured, fulfilled order; the owner exchanges one mug for a cap.
  expect((await adminApi.post(`/admin/orders/${orderId}/capture`)).status).toBe(200)
  expect((await adminApi.post(`/admin/orders/${orderId}/fulfillment`, { items: [{ item_id: itemId, quantity: 2 }] })).status).toBe(200)
  const swap = await api.post("/store/swaps", { order_id: orderId, return_items: [{ item_id: itemId, quantity: 1 }], additional_items: [{ variant_id: v.cap, quantity: 1 }] }, withCookie(owner.cookie))
  expect(swap.status).toBe(200)
  swapCartId = swap.body.swap.cart_id
})

describe("another customer's after-sale resources", () => {
  it("answers 404 to a stranger and writes nothing", async () => {
    const as = withCookie(stranger.cookie)
    const attempts = [
      [await api.post("/store/returns", { order_id: orderId, items: [{ item_id: itemId, quantity: 1 }] }, as), `Order with id ${orderId} was not found`],
      [await api.get(`/store/order-edits/${editId}`, as), `Order edit with id ${editId} was not found`],
      [await api.post(`/store/order-edits/${editId}/decline`, { declined_reason: "no" }, as), `Order edit with id ${editId} was not found`],
      [await api.post(`/store/order-edits/${editId}/complete`, {}, as), `Order edit with id ${editId} was not found`],
      [await api.get(`/store/payment-collections/${collectionId}`, as), `Payment collection with id ${collectionId} was not found`],
      [await api.post(`/store/payment-collections/${collectionId}/sessions`, { provider_id: "manual" }, as), `Payment collection with id ${collectionId} was not found`],
      [await api.post("/store/swaps", { order_id: orderId, return_items: [{ item_id: itemId, quantity: 1 }], additional_items: [] }, as), `Order with id ${orderId} was not found`],
      [await api.get(`/store/swaps/${swapCartId}`, as), "Swap was not found"],
    ] as const
    for (const [res, message] of attempts) {
      expect(res.status).toBe(404)
      expect(res.body).toEqual({ type: "not_found", message })
    }
    expect(await db.all(`SELECT id FROM "return" WHERE order_id = ?`, orderId)).toEqual([])
    // Only the owner's swap (from the setup) exists for the order.
    expect((await db.all(`SELECT id FROM swap WHERE order_id = ?`, orderId)).length).toBe(1)
    expect(await db.all(`SELECT payment_session_id FROM payment_collection_sessions WHERE payment_collection_id = ?`, collectionId)).toEqual([])
    const [edit] = await db.all<{ declined_at: string | null }>(`SELECT declined_at FROM order_edit WHERE id = ?`, editId)
    expect(edit?.declined_at).toBeNull()
  })

  it("lets the owner act on them", async () => {
    const as = withCookie(owner.cookie)
    expect((await api.get(`/store/order-edits/${editId}`, as)).status).toBe(200)
    expect((await api.get(`/store/swaps/${swapCartId}`, as)).body.swap.cart_id).toBe(swapCartId)
    expect((await api.get(`/store/payment-collections/${collectionId}`, as)).status).toBe(200)
    expect((await api.post(`/store/payment-collections/${collectionId}/sessions`, { provider_id: "manual" }, as)).status).toBe(200)
    expect((await api.post("/store/returns", { order_id: orderId, items: [{ item_id: itemId, quantity: 1 }] }, as)).status).toBe(200)
  })
})
