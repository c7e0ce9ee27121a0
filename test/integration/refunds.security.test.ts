import { afterEach, beforeAll, describe, expect, it, vi } from "vitest"
import { api } from "../helpers/api"
import { adminApi } from "../helpers/admin"
import { db } from "../helpers/db"
import { fixtureId } from "../helpers/cart-fixtures"
import { fakeStripe } from "../helpers/fake-stripe"
import { arrangeCheckoutStore, cartReadyToComplete, complete, itemOf, makeGiftCardProduct, placeOrder, type CheckoutStore, type PlacedOrder } from "../helpers/checkout-fixtures"

/**
 * Refund abuse after the sale: a return refunded twice by racing receipts, gift cards returned while they stay
 * spendable, an order edit that forgets returned units, and a refund that silently did not happen.
 *
 * Store (manual provider): mug 1950, cap 1000, T-shirt 2000, gift card 5000; 10 % tax; shipping 1000 (+100 tax).
 * Stripe store: mug 850 EUR, 25 % tax, shipping 1000 (+250).
 */
const v = { mug: fixtureId("variant"), cap: fixtureId("variant"), shirt: fixtureId("variant"), card: fixtureId("variant") }
const s = { mug: fixtureId("variant") }
let store: CheckoutStore
let stripeStore: CheckoutStore
let stripe: ReturnType<typeof fakeStripe> | undefined


beforeAll(async () => {
  store = await arrangeCheckoutStore({
    region: { currency_code: "usd", tax_rate: 10, countries: ["us"] },
    products: [
      { title: "Mug", variants: [{ id: v.mug, prices: [{ currency_code: "usd", amount: 1950 }] }] },
      { title: "Cap", variants: [{ id: v.cap, prices: [{ currency_code: "usd", amount: 1000 }] }] },
      { title: "T-shirt", variants: [{ id: v.shirt, prices: [{ currency_code: "usd", amount: 2000 }] }] },
      { title: "Gift card", variants: [{ id: v.card, prices: [{ currency_code: "usd", amount: 5000 }] }] },
    ],
  })
  await makeGiftCardProduct(store.products[3]!.id)
  stripeStore = await arrangeCheckoutStore({
    providers: ["stripe"],
    region: { currency_code: "eur", tax_rate: 25, countries: ["de"] },
    products: [{ title: "Mug", variants: [{ id: s.mug, prices: [{ currency_code: "eur", amount: 850 }], inventory_quantity: 100 }] }],
  })
})
afterEach(() => {
  stripe?.restore()
  stripe = undefined
})


const createReturn = (body: unknown) => api.post("/store/returns", body)
const receive = (returnId: string, items: { item_id: string; quantity: number }[]) =>
  adminApi.post(`/admin/returns/${returnId}/receive`, { items })
const refundRows = (orderId: string) =>
  db.all<{ payment_id: string; amount: number; idempotency_key: string | null }>(
    `SELECT payment_id, amount, idempotency_key FROM refund WHERE order_id = ? ORDER BY amount DESC`, orderId,
  )

const CONFLICT = {
  type: "conflict",
  code: "invalid_state_error",
  message: "The request conflicted with another request. You may retry the request with the provided Idempotency-Key.",
}

const NOT_RETURNABLE_GIFT_CARD = (itemId: string) => ({
  type: "not_allowed",
  message: `Line item ${itemId} is a gift card and cannot be returned; disable the gift card instead`,
})

describe("a return is refunded once (claim before the provider, keyed refund)", () => {
  async function stripeOrderWithReturn() {
    stripe = fakeStripe()
    const cartId = await cartReadyToComplete(stripeStore, [{ variant_id: s.mug, quantity: 2 }], { email: "buyer@example.com" })
    const intentId = (await api.get(`/store/carts/${cartId}`)).body.cart.payment_session.data.id as string
    stripe.confirm(intentId, "requires_capture")
    const placed = await complete(cartId)
    expect(placed.status).toBe(200)
    const order: PlacedOrder = placed.body.data
    const item = order.items[0]!.id
    const created = await createReturn({ order_id: order.id, items: [{ item_id: item, quantity: 1 }] })
    expect(created.status).toBe(200)
    // 850 + 25 % (212.5 → 213) = 1063
    expect(created.body.return.refund_amount).toBe(1063)
    return { order, item, intentId, returnId: created.body.return.id as string }
  }
  const refundCalls = () => stripe!.calls.filter((c) => c.method === "POST" && c.path === "/v1/refunds")

  it("two racing receipts send ONE refund to Stripe, keyed by the return; one answers 200, the other 409", async () => {
    const { order, item, intentId, returnId } = await stripeOrderWithReturn()
    // Stripe holds its answer, so the first receipt to claim the return is still waiting on it while the other runs.
    const release = stripe!.holdAll()
    const racing = [receive(returnId, [{ item_id: item, quantity: 1 }]), receive(returnId, [{ item_id: item, quantity: 1 }])]
    const loser = await Promise.race(racing)
    expect(loser.status).toBe(409)
    expect(loser.body).toEqual(CONFLICT)
    release()
    const results = await Promise.all(racing)
    expect(results.map((r) => r.status).sort()).toEqual([200, 409])
    expect(results.find((r) => r.status === 200)!.body.return).toMatchObject({ id: returnId, status: "received", refund_amount: 1063 })

    const calls = refundCalls()
    expect(calls).toHaveLength(1)
    expect(calls[0]!.form).toEqual({ amount: "1063", payment_intent: intentId })
    const payment = (await db.all<{ id: string }>(`SELECT id FROM payment WHERE order_id = ?`, order.id))[0]!
    expect(calls[0]!.headers["idempotency-key"]).toBe(`${returnId}:${payment.id}`)
    expect(await refundRows(order.id)).toEqual([{ payment_id: payment.id, amount: 1063, idempotency_key: `${returnId}:${payment.id}` }])
    const [paid] = await db.all<{ amount_refunded: number }>(`SELECT amount_refunded FROM payment WHERE id = ?`, payment.id)
    expect(paid!.amount_refunded).toBe(1063)
  })

  it("a refund Stripe refuses leaves the return requested; the retry sends the same key and refunds once", async () => {
    const { order, item, returnId } = await stripeOrderWithReturn()
    stripe!.failNext(500, { type: "api_error", message: "Stripe is having a moment" })
    const failed = await receive(returnId, [{ item_id: item, quantity: 1 }])
    expect(failed.status).toBe(400)
    expect(failed.body).toMatchObject({ type: "invalid_data", message: "Stripe is having a moment" })
    const [ret] = await db.all<{ status: string }>(`SELECT status FROM "return" WHERE id = ?`, returnId)
    expect(ret!.status).toBe("requested")
    expect(await refundRows(order.id)).toEqual([])
    const [line] = await db.all<{ returned_quantity: number | null }>(`SELECT returned_quantity FROM line_item WHERE id = ?`, item)
    expect(line!.returned_quantity).toBeNull()

    const retried = await receive(returnId, [{ item_id: item, quantity: 1 }])
    expect(retried.status).toBe(200)
    const keys = refundCalls().map((c) => c.headers["idempotency-key"])
    expect(keys).toHaveLength(2)
    expect(keys[0]).toBe(keys[1])
    // Stripe deduplicates by key: one refund exists there, one row here.
    expect(stripe!.refunds).toHaveLength(1)
    expect((await refundRows(order.id)).map((r) => r.amount)).toEqual([1063])
  })

  it("two returns of one order received at once never record more refunded than the payment took", async () => {
    const { order, item, returnId } = await stripeOrderWithReturn()
    const second = await createReturn({ order_id: order.id, items: [{ item_id: item, quantity: 1 }] })
    // Paid 2 × 850 + 425 tax + 1250 shipping = 3375; 3000 + 1063 would be more than that.
    const release = stripe!.holdAll()
    const racing = [
      adminApi.post(`/admin/returns/${returnId}/receive`, { items: [{ item_id: item, quantity: 1 }], refund: 3000 }),
      receive(second.body.return.id, [{ item_id: item, quantity: 1 }]),
    ]
    // Both loaded the order and claimed their return before either recorded anything: both wait on Stripe.
    await vi.waitFor(() => expect(refundCalls()).toHaveLength(2), { timeout: 5000 })
    release()
    const results = await Promise.all(racing)
    expect(results.map((r) => r.status).sort()).toEqual([200, 409])
    const [payment] = await db.all<{ amount: number; amount_refunded: number }>(`SELECT amount, amount_refunded FROM payment WHERE order_id = ?`, order.id)
    const rows = await refundRows(order.id)
    expect(rows).toHaveLength(1)
    expect(payment).toEqual({ amount: 3375, amount_refunded: rows[0]!.amount })
    // The loser's return is open again, for the merchant to settle.
    const loser = results[0]!.status === 409 ? returnId : second.body.return.id
    const [open] = await db.all<{ status: string }>(`SELECT status FROM "return" WHERE id = ?`, loser)
    expect(open!.status).toBe("requested")
  })
})

describe("gift-card lines are not returnable", () => {
  async function giftCardOrder() {
    const order = await placeOrder(store, [{ variant_id: v.card, quantity: 1 }, { variant_id: v.shirt, quantity: 1 }])
    const [card] = await db.all<{ id: string; code: string; balance: number }>(`SELECT id, code, balance FROM gift_card WHERE order_id = ?`, order.id)
    expect(card!.balance).toBe(5000)
    return { order, card: card!, cardLine: itemOf(order, v.card), shirtLine: itemOf(order, v.shirt) }
  }
  const cardState = async (id: string) =>
    (await db.all<{ balance: number; is_disabled: number }>(`SELECT balance, is_disabled FROM gift_card WHERE id = ?`, id))[0]

  it("POST /store/returns refuses the line of an unused card (400 not_allowed); the card keeps 5000 and stays enabled", async () => {
    const { order, card, cardLine, shirtLine } = await giftCardOrder()
    const res = await createReturn({ order_id: order.id, items: [{ item_id: cardLine, quantity: 1 }] })
    expect(res.status).toBe(400)
    expect(res.body).toEqual(NOT_RETURNABLE_GIFT_CARD(cardLine))
    const mixed = await createReturn({ order_id: order.id, items: [{ item_id: shirtLine, quantity: 1 }, { item_id: cardLine, quantity: 1 }] })
    expect(mixed.body).toEqual(NOT_RETURNABLE_GIFT_CARD(cardLine))
    expect(await db.all(`SELECT id FROM "return" WHERE order_id = ?`, order.id)).toEqual([])
    expect(await cardState(card.id)).toEqual({ balance: 5000, is_disabled: 0 })
    // The T-shirt alone is still returnable: 2000 + 10 %.
    const shirt = await createReturn({ order_id: order.id, items: [{ item_id: shirtLine, quantity: 1 }] })
    expect(shirt.status).toBe(200)
    expect(shirt.body.return.refund_amount).toBe(2200)
  })

  it("POST /store/returns refuses the line of a card that was spent", async () => {
    const { order, card, cardLine } = await giftCardOrder()
    await placeOrder(store, [{ variant_id: v.mug, quantity: 1 }], { gift_cards: [{ code: card.code }] })
    // 1950 + 1000 taken from the card (it carries the 10 % rate of the line that issued it: the tax is inside)
    expect(await cardState(card.id)).toEqual({ balance: 2050, is_disabled: 0 })
    const res = await createReturn({ order_id: order.id, items: [{ item_id: cardLine, quantity: 1 }] })
    expect(res.status).toBe(400)
    expect(res.body).toEqual(NOT_RETURNABLE_GIFT_CARD(cardLine))
    expect(await db.all(`SELECT id FROM "return" WHERE order_id = ?`, order.id)).toEqual([])
  })

  it("POST /store/swaps refuses to take the gift-card line back (no −5000 credit)", async () => {
    const { order, card, cardLine, shirtLine } = await giftCardOrder()
    expect((await adminApi.post(`/admin/orders/${order.id}/capture`)).status).toBe(200)
    const fulfilled = await adminApi.post(`/admin/orders/${order.id}/fulfillment`, {
      items: [{ item_id: cardLine, quantity: 1 }, { item_id: shirtLine, quantity: 1 }],
    })
    expect(fulfilled.status).toBe(200)
    const res = await api.post("/store/swaps", {
      order_id: order.id, return_items: [{ item_id: cardLine, quantity: 1 }], additional_items: [{ variant_id: v.mug, quantity: 1 }],
    })
    expect(res.status).toBe(400)
    expect(res.body).toEqual(NOT_RETURNABLE_GIFT_CARD(cardLine))
    expect(await db.all(`SELECT id FROM swap WHERE order_id = ?`, order.id)).toEqual([])
    expect(await cardState(card.id)).toEqual({ balance: 5000, is_disabled: 0 })
  })
})

/** A collection paid the way a storefront pays it: a manual session, authorized. */
async function authorizeCollection(collectionId: string) {
  const sessions = await api.post(`/store/payment-collections/${collectionId}/sessions`, { provider_id: "manual" })
  expect(sessions.status).toBe(200)
  const sessionId = sessions.body.payment_collection.payment_sessions[0].id
  const authorized = await api.post(`/store/payment-collections/${collectionId}/sessions/${sessionId}/authorize`)
  expect(authorized.status).toBe(200)
}

/** An edit of `orderId` adding `caps` caps, requested and paid (a collection of caps × 1100). */
async function paidEditAddingCaps(orderId: string, caps: number) {
  const drafted = await adminApi.post("/admin/order-edits", { order_id: orderId })
  expect(drafted.status).toBe(200)
  const editId = drafted.body.order_edit.id as string
  expect((await adminApi.post(`/admin/order-edits/${editId}/items`, { variant_id: v.cap, quantity: caps })).status).toBe(200)
  const requested = (await adminApi.post(`/admin/order-edits/${editId}/request`)).body.order_edit
  expect(requested.payment_collection.amount).toBe(caps * 1100)
  await authorizeCollection(requested.payment_collection.id)
  return editId
}

const adminOrder = async (id: string) => (await adminApi.get(`/admin/orders/${id}`)).body.order

describe("completing an order edit keeps what was returned meanwhile", () => {
  it("a unit received back while the edit was a draft stays returned, and cannot be returned again", async () => {
    const order = await placeOrder(store, [{ variant_id: v.mug, quantity: 2 }])
    const mug = itemOf(order, v.mug)
    expect((await adminApi.post(`/admin/orders/${order.id}/capture`)).status).toBe(200)
    const editId = await paidEditAddingCaps(order.id, 1)

    const ret = await createReturn({ order_id: order.id, items: [{ item_id: mug, quantity: 1 }] })
    expect((await receive(ret.body.return.id, [{ item_id: mug, quantity: 1 }])).status).toBe(200)

    const completed = await api.post(`/store/order-edits/${editId}/complete`)
    expect(completed.status).toBe(200)
    const after = await adminOrder(order.id)
    const mugLine = after.items.find((i: { variant_id: string }) => i.variant_id === v.mug)
    expect(mugLine).toMatchObject({ quantity: 2, returned_quantity: 1, refundable: 2145 })
    expect(mugLine.id).not.toBe(mug)
    // 5390 + 1100 paid, 2145 refunded
    expect(after).toMatchObject({ paid_total: 6490, refunded_total: 2145 })

    const twice = await createReturn({ order_id: order.id, items: [{ item_id: mugLine.id, quantity: 2 }] })
    expect(twice.status).toBe(400)
    expect(twice.body).toEqual({ type: "not_allowed", message: "Cannot return more items than have been purchased" })
    const last = await createReturn({ order_id: order.id, items: [{ item_id: mugLine.id, quantity: 1 }] })
    expect(last.status).toBe(200)
    expect(last.body.return.refund_amount).toBe(2145)
  })

  it("a return still on its way follows the line into the edit and is received on the edited order", async () => {
    const order = await placeOrder(store, [{ variant_id: v.mug, quantity: 2 }])
    const mug = itemOf(order, v.mug)
    expect((await adminApi.post(`/admin/orders/${order.id}/capture`)).status).toBe(200)
    const editId = await paidEditAddingCaps(order.id, 1)
    const ret = await createReturn({ order_id: order.id, items: [{ item_id: mug, quantity: 2 }] })
    expect(ret.status).toBe(200)

    expect((await api.post(`/store/order-edits/${editId}/complete`)).status).toBe(200)
    const mugLine = (await adminOrder(order.id)).items.find((i: { variant_id: string }) => i.variant_id === v.mug)
    const [item] = await db.all<{ item_id: string }>(`SELECT item_id FROM return_item WHERE return_id = ?`, ret.body.return.id)
    expect(item!.item_id).toBe(mugLine.id)
    // Both units are on their way back: none is returnable on the edited line.
    const more = await createReturn({ order_id: order.id, items: [{ item_id: mugLine.id, quantity: 1 }] })
    expect(more.body).toEqual({ type: "not_allowed", message: "Cannot return more items than have been purchased" })

    const received = await receive(ret.body.return.id, [{ item_id: mugLine.id, quantity: 2 }])
    expect(received.status).toBe(200)
    expect(received.body.return).toMatchObject({ status: "received", refund_amount: 4290 })
    const after = await adminOrder(order.id)
    expect(after.items.find((i: { id: string }) => i.id === mugLine.id)).toMatchObject({ returned_quantity: 2, refundable: 0 })
    expect(after.refunded_total).toBe(4290)
  })

  it("refuses to complete an edit that leaves fewer units than were returned meanwhile", async () => {
    const order = await placeOrder(store, [{ variant_id: v.mug, quantity: 2 }])
    const mug = itemOf(order, v.mug)
    const drafted = (await adminApi.post("/admin/order-edits", { order_id: order.id })).body.order_edit
    const clone = drafted.items[0].id as string
    expect((await adminApi.post(`/admin/order-edits/${drafted.id}/items/${clone}`, { quantity: 1 })).status).toBe(200)
    expect((await adminApi.post(`/admin/order-edits/${drafted.id}/request`)).status).toBe(200)
    const ret = await createReturn({ order_id: order.id, items: [{ item_id: mug, quantity: 2 }] })
    expect((await receive(ret.body.return.id, [{ item_id: mug, quantity: 2 }])).status).toBe(200)

    const res = await api.post(`/store/order-edits/${drafted.id}/complete`)
    expect(res.status).toBe(400)
    expect(res.body).toEqual({
      type: "not_allowed",
      message: "Cannot complete the order edit: it keeps fewer units of a line than were returned or are being returned",
    })
    const after = await adminOrder(order.id)
    expect(after.items.map((i: { id: string; returned_quantity: number }) => [i.id, i.returned_quantity])).toEqual([[mug, 2]])
    const [edit] = await db.all<{ confirmed_at: string | null }>(`SELECT confirmed_at FROM order_edit WHERE id = ?`, drafted.id)
    expect(edit!.confirmed_at).toBeNull()
  })
})

describe("a refund larger than any one payment is split across the payments", () => {
  it("refunds 5390 from the cart's payment and 1100 from the edit's, each recorded", async () => {
    const order = await placeOrder(store, [{ variant_id: v.mug, quantity: 2 }])
    expect((await adminApi.post(`/admin/orders/${order.id}/capture`)).status).toBe(200)
    const editId = await paidEditAddingCaps(order.id, 2)
    expect((await api.post(`/store/order-edits/${editId}/complete`)).status).toBe(200)
    const edited = await adminOrder(order.id)
    expect(edited.payments.map((p: { amount: number }) => p.amount)).toEqual([5390, 2200])
    const [cartPayment, editPayment] = edited.payments as { id: string }[]
    const lines = edited.items.map((i: { id: string; quantity: number }) => ({ item_id: i.id, quantity: i.quantity }))

    const ret = await createReturn({ order_id: order.id, items: lines })
    // 2 × 2145 + 2 × 1100
    expect(ret.body.return.refund_amount).toBe(6490)
    const res = await receive(ret.body.return.id, lines)
    expect(res.status).toBe(200)
    expect(res.body.return.status).toBe("received")

    const key = (paymentId: string) => `${ret.body.return.id}:${paymentId}`
    expect(await refundRows(order.id)).toEqual([
      { payment_id: cartPayment!.id, amount: 5390, idempotency_key: key(cartPayment!.id) },
      { payment_id: editPayment!.id, amount: 1100, idempotency_key: key(editPayment!.id) },
    ])
    const after = await adminOrder(order.id)
    expect(after.payments.map((p: { amount_refunded: number }) => p.amount_refunded)).toEqual([5390, 1100])
    expect(after).toMatchObject({ fulfillment_status: "returned", refunded_total: 6490, paid_total: 7590, refundable_amount: 1100 })
  })
  it("a refund the payments cannot cover is not recorded as made: the order requires action, no refund row", async () => {
    const order = await placeOrder(store, [{ variant_id: v.mug, quantity: 2 }])
    const mug = itemOf(order, v.mug)
    // The payment was voided at the provider behind the order's back: it still counts as paid, but refunds nothing.
    await db.all(`UPDATE payment SET canceled_at = ? WHERE order_id = ?`, "2026-01-02T00:00:00.000Z", order.id)
    const ret = await createReturn({ order_id: order.id, items: [{ item_id: mug, quantity: 1 }] })
    const res = await receive(ret.body.return.id, [{ item_id: mug, quantity: 1 }])
    expect(res.status).toBe(200)
    expect(res.body.return).toMatchObject({ status: "received", refund_amount: 2145 })
    expect(await refundRows(order.id)).toEqual([])
    expect(await adminOrder(order.id)).toMatchObject({ fulfillment_status: "requires_action", refunded_total: 0 })
  })
})
