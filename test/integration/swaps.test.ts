import { beforeAll, describe, expect, it } from "vitest"
import { api } from "../helpers/api"
import { adminApi } from "../helpers/admin"
import { db } from "../helpers/db"
import { registerCustomer, tokenFor, withBearer } from "../helpers/auth"
import { fixtureId } from "../helpers/cart-fixtures"
import { arrangeShippingOption } from "../helpers/shipping-fixtures"
import { arrangeCheckoutStore, arrangeDiscount, cartReadyToComplete, complete, setStock, type CheckoutStore } from "../helpers/checkout-fixtures"

/**
 * Swaps (POST /store/swaps, GET /store/swaps/:cart_id) and their carts paid through the normal checkout. Store: mug
 * 1950, cap 1000, 10 % tax, standard shipping 1000, a return option at 500.
 */
const v = { mug: fixtureId("variant"), cap: fixtureId("variant") }
let store: CheckoutStore
let returnOptionId: string
let otherRegionReturnOption: string
// 10 % of −1755 is −175.5; totals round with Math.round as v1 does, which rounds halves up (−175) — one cent less
// credit than the refund's +176.
const CREDIT_TAX = -175

type Placed = { id: string; items: { id: string; variant_id: string }[] }

async function placedOrder(
  lines: { variant_id: string; quantity: number }[],
  opts: { capture?: boolean; fulfil?: boolean; update?: Record<string, unknown> } = {},
): Promise<Placed> {
  const cartId = await cartReadyToComplete(store, lines, { email: "swapper@example.com", ...(opts.update ? { update: opts.update } : {}) })
  const res = await complete(cartId)
  expect(res.status).toBe(200)
  const order: Placed = res.body.data
  if (opts.capture !== false) expect((await adminApi.post(`/admin/orders/${order.id}/capture`)).status).toBe(200)
  if (opts.fulfil !== false) {
    const items = order.items.map((i) => ({ item_id: i.id, quantity: lines.find((l) => l.variant_id === i.variant_id)!.quantity }))
    expect((await adminApi.post(`/admin/orders/${order.id}/fulfillment`, { items })).status).toBe(200)
  }
  return order
}

const itemOf = (order: Placed, variantId: string) => order.items.find((i) => i.variant_id === variantId)!.id
const createSwap = (body: unknown, opts: { key?: string; headers?: Record<string, string> } = {}) =>
  api.post("/store/swaps", body, { headers: { ...(opts.key ? { "Idempotency-Key": opts.key } : {}), ...opts.headers } })
const stockOf = async (variantId: string) =>
  (await db.all<{ q: number }>(`SELECT inventory_quantity AS q FROM product_variant WHERE id = ?`, variantId))[0]!.q
const counts = async () => {
  const [row] = await db.all<{ swaps: number; carts: number; returns: number; items: number }>(
    `SELECT (SELECT COUNT(*) FROM swap) AS swaps, (SELECT COUNT(*) FROM cart) AS carts, (SELECT COUNT(*) FROM "return") AS returns,
            (SELECT COUNT(*) FROM line_item) AS items`,
  )
  return row!
}

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
})

describe("POST /store/swaps → the swap cart → complete", () => {
  it("creates a swap with its return and a swap cart, which the shopper pays through checkout once", async () => {
    await setStock(v.cap, 10)
    const order = await placedOrder([{ variant_id: v.mug, quantity: 2 }])
    const mugStock = await stockOf(v.mug)
    const mugLine = itemOf(order, v.mug)
    const res = await createSwap(
      { order_id: order.id, return_items: [{ item_id: mugLine, quantity: 1 }], additional_items: [{ variant_id: v.cap, quantity: 2 }], return_shipping_option: returnOptionId },
      { key: "swap-key-1" },
    )
    expect(res.status).toBe(200)
    expect(res.headers.get("idempotency-key")).toBe("swap-key-1")
    const swap = res.body.swap
    expect(swap).toMatchObject({
      fulfillment_status: "not_fulfilled", payment_status: "not_paid", order_id: order.id, difference_due: null,
      shipping_address_id: null, confirmed_at: null, idempotency_key: "swap-key-1", metadata: null,
      fulfillments: [], payment: null, shipping_address: null, shipping_methods: [],
    })
    // v1 answers the entity it just created, without the columns it did not set.
    expect(Object.keys(swap)).not.toContain("canceled_at")
    expect(swap.id).toMatch(/^swap_/)
    expect(swap.order).toMatchObject({ object: "order", id: order.id })
    expect(swap.additional_items).toHaveLength(1)
    expect(swap.additional_items[0]).toMatchObject({ swap_id: swap.id, cart_id: swap.cart_id, variant_id: v.cap, unit_price: 1000, quantity: 2, is_return: false })
    expect(swap.additional_items[0].variant.id).toBe(v.cap)
    // Refund of one mug: 1950 + 195 tax − return shipping (500 + 50 tax) = 1595.
    expect(swap.return_order).toMatchObject({
      status: "requested", swap_id: swap.id, order_id: null, refund_amount: 1595, shipping_data: {}, no_notification: true, idempotency_key: null,
      items: [{ item_id: mugLine, quantity: 1, is_requested: true, requested_quantity: 1, received_quantity: null, reason_id: null, note: null, metadata: {} }],
    })
    expect(swap.return_order.shipping_method).toMatchObject({ price: 500, shipping_option_id: returnOptionId, shipping_option: { id: returnOptionId, is_return: true } })
    expect(swap.cart).toMatchObject({ object: "cart", id: swap.cart_id, type: "swap", email: "swapper@example.com", metadata: { swap_id: swap.id, parent_order_id: order.id } })
    const [event] = await db.all<{ name: string; payload: string }>(`SELECT name, payload FROM event_outbox WHERE name = 'swap.created' AND payload LIKE ?`, `%${swap.id}%`)
    expect(event).toEqual({ name: "swap.created", payload: JSON.stringify({ id: swap.id, no_notification: true }) })

    // The swap cart: 2 caps (2000), return shipping (500) and the returned mug credited (−1950), each taxed 10 %.
    const cart = await api.get(`/store/carts/${swap.cart_id}`)
    expect(cart.status).toBe(200)
    const lines = cart.body.cart.items.map((i: { title: string; unit_price: number; quantity: number; is_return: boolean; variant_id: string | null }) =>
      [i.title, i.unit_price, i.quantity, i.is_return, i.variant_id])
    expect(lines).toEqual(expect.arrayContaining([["Cap", 1000, 2, false, v.cap], ["Return shipping", 500, 1, true, null], ["Mug", -1950, 1, true, v.mug]]))
    expect(lines).toHaveLength(3)
    expect(cart.body.cart).toMatchObject({ subtotal: 550, tax_total: 55, total: 605 })

    // Checkout: shipping (1000 + 100 tax), a session, complete → {type: "swap"}.
    expect((await api.post(`/store/carts/${swap.cart_id}/shipping-methods`, { option_id: store.shippingOptionId })).status).toBe(200)
    expect((await api.post(`/store/carts/${swap.cart_id}/payment-sessions`)).status).toBe(200)
    const done = await complete(swap.cart_id, "swap-complete-1")
    expect(done.status).toBe(200)
    expect(done.body.type).toBe("swap")
    const confirmed = done.body.data
    expect(confirmed).toMatchObject({ id: swap.id, difference_due: 1705, payment_status: "awaiting", cart_id: swap.cart_id })
    expect(confirmed.confirmed_at).toEqual(expect.any(String))
    expect(confirmed.payment).toMatchObject({ amount: 1705, swap_id: swap.id, order_id: order.id, provider_id: "manual" })
    expect(confirmed.shipping_methods).toHaveLength(1)
    expect(confirmed.shipping_methods[0]).toMatchObject({ swap_id: swap.id, price: 1000, shipping_option: { id: store.shippingOptionId } })
    // The caps are reserved once; the credited mug is not restocked by the swap (its return is received later).
    expect(await stockOf(v.cap)).toBe(8)
    expect(await stockOf(v.mug)).toBe(mugStock)

    // A retry (same key, or a new one) answers the same swap and reserves nothing again.
    const again = await complete(swap.cart_id, "swap-complete-1")
    expect(again.body).toEqual(done.body)
    const fresh = await complete(swap.cart_id)
    expect(fresh.status).toBe(200)
    expect(fresh.body).toMatchObject({ type: "swap", data: { id: swap.id, difference_due: 1705 } })
    expect(await stockOf(v.cap)).toBe(8)
    const payments = await db.all<{ n: number }>(`SELECT COUNT(*) AS n FROM payment WHERE swap_id = ?`, swap.id)
    expect(payments[0]!.n).toBe(1)
    const orders = await db.all<{ n: number }>(`SELECT COUNT(*) AS n FROM "order" WHERE cart_id = ?`, swap.cart_id)
    expect(orders[0]!.n).toBe(0)

    // The merchant receives the swap's return: the line counts one unit returned, and nothing is refunded (the swap's
    // cart already credited it).
    const received = await adminApi.post(`/admin/returns/${swap.return_order.id}/receive`, { items: [{ item_id: mugLine, quantity: 1 }] })
    expect(received.status).toBe(200)
    expect(received.body.return).toMatchObject({ status: "received", swap_id: swap.id, swap: { id: swap.id } })
    const [line] = await db.all<{ returned_quantity: number }>(`SELECT returned_quantity FROM line_item WHERE id = ?`, mugLine)
    expect(line!.returned_quantity).toBe(1)
    expect(await db.all(`SELECT id FROM refund WHERE order_id = ?`, order.id)).toEqual([])
    const [parent] = await db.all<{ fulfillment_status: string }>(`SELECT fulfillment_status FROM "order" WHERE id = ?`, order.id)
    expect(parent!.fulfillment_status).toBe("partially_returned")

    const got = await api.get(`/store/swaps/${swap.cart_id}`)
    expect(got.status).toBe(200)
    expect(got.body.swap).toMatchObject({ id: swap.id, difference_due: 1705, payment_status: "awaiting", canceled_at: null, no_notification: true, allow_backorder: false })
  })

  it("completes a swap the shopper is owed money for without any payment (negative difference_due)", async () => {
    const order = await placedOrder([{ variant_id: v.mug, quantity: 2 }])
    const res = await createSwap({ order_id: order.id, return_items: [{ item_id: itemOf(order, v.mug), quantity: 2 }], additional_items: [{ variant_id: v.cap, quantity: 1 }] })
    expect(res.status).toBe(200)
    const cartId: string = res.body.swap.cart_id
    expect(res.body.swap.return_order.refund_amount).toBe(4290)
    expect((await api.post(`/store/carts/${cartId}/shipping-methods`, { option_id: store.shippingOptionId })).status).toBe(200)
    // 1000 − 3900 + 1000 shipping = −1900, tax 100 − 390 + 100 = −190.
    const done = await complete(cartId)
    expect(done.status).toBe(200)
    expect(done.body).toMatchObject({ type: "swap", data: { difference_due: -2090, payment_status: "awaiting", payment: null } })
  })

  it("credits a discounted line what was paid for it: the line's discount per unit comes back off", async () => {
    const discount = await arrangeDiscount({ regionId: store.regionId, value: 10 })
    const order = await placedOrder([{ variant_id: v.mug, quantity: 4 }], { update: { discounts: [{ code: discount.code }] } })
    const res = await createSwap({ order_id: order.id, return_items: [{ item_id: itemOf(order, v.mug), quantity: 1 }], additional_items: [] })
    expect(res.status).toBe(200)
    // The return refunds 1950 − 195 (780 off 4 units) + 10 % tax round(175.5) = 1931.
    expect(res.body.swap.return_order.refund_amount).toBe(1931)
    const cart = await api.get(`/store/carts/${res.body.swap.cart_id}`)
    const credit = cart.body.cart.items[0]
    expect(credit).toMatchObject({ unit_price: -1950, quantity: 1, is_return: true, subtotal: -1950, discount_total: -195 })
    expect(credit.adjustments).toEqual([expect.objectContaining({ amount: -195, discount_id: null })])
    expect(cart.body.cart).toMatchObject({ subtotal: -1950, discount_total: -195, tax_total: CREDIT_TAX, total: -1755 + CREDIT_TAX })
  })

  it("never merges a new line into the credit line of a returned variant", async () => {
    const order = await placedOrder([{ variant_id: v.mug, quantity: 1 }])
    const res = await createSwap({ order_id: order.id, return_items: [{ item_id: itemOf(order, v.mug), quantity: 1 }], additional_items: [] })
    expect(res.status).toBe(200)
    const added = await api.post(`/store/carts/${res.body.swap.cart_id}/line-items`, { variant_id: v.mug, quantity: 1 })
    expect(added.status).toBe(200)
    const mugs = added.body.cart.items.filter((i: { variant_id: string }) => i.variant_id === v.mug).map((i: { unit_price: number; quantity: number }) => [i.unit_price, i.quantity])
    expect(mugs).toEqual(expect.arrayContaining([[-1950, 1], [1950, 1]]))
    expect(added.body.cart.total).toBe(0)
  })

  it("replays a finished key, refuses a key reused for another body, and lets only one of two racing swaps return the last unit", async () => {
    const order = await placedOrder([{ variant_id: v.mug, quantity: 1 }])
    const body = { order_id: order.id, return_items: [{ item_id: itemOf(order, v.mug), quantity: 1 }], additional_items: [] }
    const first = await createSwap(body, { key: "swap-replay" })
    const second = await createSwap(body, { key: "swap-replay" })
    expect(second.status).toBe(200)
    expect(second.body).toEqual(first.body)
    const reused = await createSwap({ ...body, additional_items: [{ variant_id: v.cap, quantity: 1 }] }, { key: "swap-replay" })
    expect(reused.status).toBe(400)
    expect(reused.body.type).toBe("invalid_data")

    const other = await placedOrder([{ variant_id: v.mug, quantity: 1 }])
    const race = { order_id: other.id, return_items: [{ item_id: itemOf(other, v.mug), quantity: 1 }], additional_items: [] }
    const answers = await Promise.all([createSwap(race), createSwap(race)])
    expect(answers.map((a) => a.status).sort()).toEqual([200, 400])
    expect(answers.find((a) => a.status === 400)!.body).toEqual({ type: "not_allowed", message: "Cannot return more items than have been purchased" })
    const swaps = await db.all<{ n: number }>(`SELECT COUNT(*) AS n FROM swap WHERE order_id = ?`, other.id)
    expect(swaps[0]!.n).toBe(1)
  })
})

describe("POST /store/swaps refuses, writing nothing", () => {
  let order: Placed
  let otherOrder: Placed
  beforeAll(async () => {
    order = await placedOrder([{ variant_id: v.mug, quantity: 1 }])
    otherOrder = await placedOrder([{ variant_id: v.mug, quantity: 1 }])
  })

  const cases: [string, () => Promise<{ status: number; body: unknown }>, number, unknown][] = [
    ["an order not captured", async () => {
      const o = await placedOrder([{ variant_id: v.mug, quantity: 1 }], { capture: false, fulfil: false })
      return createSwap({ order_id: o.id, return_items: [{ item_id: o.items[0]!.id, quantity: 1 }], additional_items: [] })
    }, 400, { type: "not_allowed", message: "Cannot swap an order that has not been captured" }],
    ["an order not fulfilled", async () => {
      const o = await placedOrder([{ variant_id: v.mug, quantity: 1 }], { fulfil: false })
      return createSwap({ order_id: o.id, return_items: [{ item_id: o.items[0]!.id, quantity: 1 }], additional_items: [] })
    }, 400, { type: "not_allowed", message: "Cannot swap an order that has not been fulfilled" }],
    ["a canceled order", async () => {
      const o = await placedOrder([{ variant_id: v.mug, quantity: 1 }])
      await db.all(`UPDATE "order" SET status = 'canceled', canceled_at = '2026-01-02T00:00:00.000Z' WHERE id = ?`, o.id)
      return createSwap({ order_id: o.id, return_items: [{ item_id: o.items[0]!.id, quantity: 1 }], additional_items: [] })
    }, 400, { type: "invalid_data", message: "Cannot create a swap on a canceled item." }],
    ["an item of another order", async () =>
      createSwap({ order_id: order.id, return_items: [{ item_id: otherOrder.items[0]!.id, quantity: 1 }], additional_items: [] }),
    400, { type: "invalid_data", message: "Return contains invalid line item" }],
    ["more units than were bought", async () =>
      createSwap({ order_id: order.id, return_items: [{ item_id: order.items[0]!.id, quantity: 2 }], additional_items: [] }),
    400, { type: "not_allowed", message: "Cannot return more items than have been purchased" }],
    ["an unknown reason", async () =>
      createSwap({ order_id: order.id, return_items: [{ item_id: order.items[0]!.id, quantity: 1, reason_id: "rr_missing" }], additional_items: [] }),
    404, { type: "not_found", message: "Return Reason with id: rr_missing was not found." }],
    ["an unknown variant", async () =>
      createSwap({ order_id: order.id, return_items: [{ item_id: order.items[0]!.id, quantity: 1 }], additional_items: [{ variant_id: "variant_missing", quantity: 1 }] }),
    404, { type: "not_found", message: "Variant with id: variant_missing was not found" }],
    ["a return option of another region", async () =>
      createSwap({ order_id: order.id, return_items: [{ item_id: order.items[0]!.id, quantity: 1 }], additional_items: [], return_shipping_option: otherRegionReturnOption }),
    400, { type: "invalid_data", message: "Shipping Option with <other-option> is not a return shipping option of the order's region" }],
    ["an unknown order", async () =>
      createSwap({ order_id: "order_missing", return_items: [], additional_items: [] }),
    404, { type: "not_found", message: "Order with id order_missing was not found" }],
    ["another customer's order (logged in)", async () => {
      const { email, password } = await registerCustomer()
      const token = await tokenFor(email, password)
      return api.post("/store/swaps", { order_id: order.id, return_items: [{ item_id: order.items[0]!.id, quantity: 1 }], additional_items: [] }, withBearer(token))
    }, 404, { type: "not_found", message: `Order with id ${"<order>"} was not found` }],
    ["a body without additional_items", async () =>
      createSwap({ order_id: order.id, return_items: [{ item_id: order.items[0]!.id, quantity: 1 }] }),
    400, { type: "invalid_data" }],
  ]

  for (const [name, send, status, body] of cases) {
    it(name, async () => {
      const before = await counts()
      const res = await send()
      expect(res.status).toBe(status)
      const expected = JSON.parse(JSON.stringify(body).replace("<order>", order.id).replace("<other-option>", otherRegionReturnOption))
      expect(res.body).toMatchObject(expected)
      const after = await counts()
      // Arranging an order creates its own cart and lines; the swap request itself adds no swap, cart or return.
      expect(after.swaps).toBe(before.swaps)
      expect(after.returns).toBe(before.returns)
    })
  }
})

describe("GET /store/swaps/:cart_id", () => {
  it("answers 404 for a cart without a swap", async () => {
    const res = await api.get("/store/swaps/cart_unknown")
    expect(res.status).toBe(404)
    expect(res.body).toEqual({ type: "not_found", message: "Swap was not found" })
  })
})
