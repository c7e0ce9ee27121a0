import { beforeAll, describe, expect, it } from "vitest"
import { api } from "../helpers/api"
import { db } from "../helpers/db"
import { fixtureId, variantStock } from "../helpers/cart-fixtures"
import { arrangeShippingOption } from "../helpers/shipping-fixtures"
import {
  arrangeCheckoutStore, arrangeDiscount, arrangeGiftCard, cartReadyForPayment, cartReadyToComplete, complete,
  makeGiftCardProduct, setGuestEmail, setStock, type CheckoutStore,
} from "../helpers/checkout-fixtures"

const v = {
  mug: fixtureId("variant"),
  shirt: fixtureId("variant"),
  backorder: fixtureId("variant"),
  unmanaged: fixtureId("variant"),
  card: fixtureId("variant"),
  free: fixtureId("variant"),
}
let store: CheckoutStore
let freeShippingId: string

beforeAll(async () => {
  store = await arrangeCheckoutStore({
    providers: ["manual", "test-pay"],
    region: { currency_code: "eur", tax_rate: 25, countries: ["de"] },
    products: [
      { title: "Mug", variants: [{ id: v.mug, prices: [{ currency_code: "eur", amount: 850 }], inventory_quantity: 100 }] },
      { title: "Shirt", variants: [{ id: v.shirt, prices: [{ currency_code: "eur", amount: 1800 }], inventory_quantity: 3 }] },
      {
        title: "Rare",
        variants: [
          { id: v.backorder, prices: [{ currency_code: "eur", amount: 3500 }], inventory_quantity: 0, allow_backorder: true },
          { id: v.unmanaged, prices: [{ currency_code: "eur", amount: 500 }], inventory_quantity: 0, manage_inventory: false },
          { id: v.free, prices: [{ currency_code: "eur", amount: 0 }], inventory_quantity: 10 },
        ],
      },
      { title: "Gift Card", variants: [{ id: v.card, prices: [{ currency_code: "eur", amount: 2500 }], manage_inventory: false }] },
    ],
  })
  await makeGiftCardProduct(store.products[3]!.id)
  freeShippingId = await arrangeShippingOption({ regionId: store.regionId, profileId: store.profileId, name: "Pickup", amount: 0 })
})

const COMPLETION_ORDER_KEYS = [
  "billing_address_id", "canceled_at", "cart_id", "claims", "created_at", "currency_code", "customer_id", "discount_total",
  "discounts", "display_id", "draft_order_id", "email", "external_id", "fulfillment_status", "gift_card_tax_total",
  "gift_card_total", "gift_card_transactions", "gift_cards", "id", "idempotency_key", "item_tax_total", "items", "metadata",
  "no_notification", "object", "paid_total", "payment_status", "payments", "refundable_amount", "refunded_total", "refunds",
  "region", "region_id", "sales_channel_id", "shipping_address", "shipping_address_id", "shipping_methods",
  "shipping_tax_total", "shipping_total", "status", "subtotal", "swaps", "tax_rate", "tax_total", "total", "updated_at",
]

const count = async (sql: string, ...params: unknown[]) => (await db.all<{ n: number }>(sql, ...params))[0]!.n
const keyRow = async (key: string) =>
  (await db.all<{ recovery_point: string; response_code: number | null }>(
    "SELECT recovery_point, response_code FROM idempotency_key WHERE idempotency_key = ?",
    key,
  ))[0]

describe("POST /store/carts/:id/complete", () => {
  it("places the order: payment, stock, tax lines and the completed cart, all in the response (golden 110)", async () => {
    const cartId = await cartReadyToComplete(store, [{ variant_id: v.mug, quantity: 2 }], { provider: "manual" })
    const res = await complete(cartId, "checkout-happy")
    expect(res.status).toBe(200)
    expect(res.headers.get("idempotency-key")).toBe("checkout-happy")
    expect(res.body.type).toBe("order")
    const order = res.body.data
    expect(Object.keys(order).sort()).toEqual(COMPLETION_ORDER_KEYS)
    expect(order).toMatchObject({
      object: "order", status: "pending", fulfillment_status: "not_fulfilled", payment_status: "awaiting", cart_id: cartId,
      email: "buyer@example.com", region_id: store.regionId, currency_code: "eur", tax_rate: null, metadata: {},
      canceled_at: null, draft_order_id: null, claims: [], refunds: [], swaps: [], discounts: [], gift_cards: [],
      gift_card_transactions: [],
    })
    expect(order.id).toMatch(/^order_[0-9A-Z]{26}$/)
    expect(Number.isInteger(order.display_id)).toBe(true)
    // 2 × 850 = 1700 (+25% = 425); shipping 1000 (+25% = 250); total 3375
    expect(order).toMatchObject({
      subtotal: 1700, discount_total: 0, shipping_total: 1000, item_tax_total: 425, shipping_tax_total: 250, tax_total: 675,
      gift_card_total: 0, gift_card_tax_total: 0, total: 3375, paid_total: 3375, refunded_total: 0, refundable_amount: 3375,
    })
    const [item] = order.items
    expect(item).toMatchObject({ order_id: order.id, cart_id: cartId, variant_id: v.mug, quantity: 2, subtotal: 1700, tax_total: 425, total: 2125, refundable: 2125 })
    expect(item.tax_lines).toEqual([expect.objectContaining({ rate: 25, name: "default", code: "default", item_id: item.id, metadata: null })])
    expect(item.tax_lines[0].id).toMatch(/^litl_/)
    expect(item.variant).toMatchObject({ id: v.mug, inventory_quantity: 98 })
    const [method] = order.shipping_methods
    expect(method).toMatchObject({ order_id: order.id, price: 1000, subtotal: 1000, tax_total: 250, total: 1250 })
    expect(method.tax_lines[0].id).toMatch(/^smtl_/)
    expect(method).not.toHaveProperty("shipping_option")
    expect(order.payments).toEqual([
      expect.objectContaining({
        cart_id: cartId, order_id: order.id, amount: 3375, currency_code: "eur", amount_refunded: 0, provider_id: "manual",
        data: { status: "authorized" }, captured_at: null, canceled_at: null,
      }),
    ])
    expect(order.shipping_address).toMatchObject({ country_code: "de" })
    expect(order.region).toMatchObject({ id: store.regionId, currency_code: "eur" })
    expect(order.region).not.toHaveProperty("includes_tax")

    expect(await variantStock(v.mug)).toBe(98)
    expect(await count("SELECT COUNT(*) AS n FROM line_item_tax_line WHERE item_id = ?", item.id)).toBe(1)
    expect(await count("SELECT COUNT(*) AS n FROM shipping_method_tax_line WHERE shipping_method_id = ?", method.id)).toBe(1)
    expect(await keyRow("checkout-happy")).toEqual({ recovery_point: "finished", response_code: 200 })
    const cart = (await api.get(`/store/carts/${cartId}`)).body.cart
    expect(cart.completed_at).not.toBeNull()
    expect(cart.payment_authorized_at).not.toBeNull()
    expect(cart.payment_id).toBe(order.payments[0].id)
    // golden 112: the completed cart shows its payment row
    expect(cart.payment).toMatchObject({ id: order.payments[0].id, order_id: order.id, amount: 3375, provider_id: "manual", data: { status: "authorized" } })
    expect(cart.payment_session).toMatchObject({ provider_id: "manual", status: "authorized", data: { status: "authorized" } })
    expect(cart.payment_session.payment_authorized_at).not.toBeNull()
  })

  it("gives orders sequential display ids", async () => {
    const a = await cartReadyToComplete(store, [{ variant_id: v.mug, quantity: 1 }], { provider: "manual" })
    const b = await cartReadyToComplete(store, [{ variant_id: v.mug, quantity: 1 }], { provider: "manual" })
    const first = (await complete(a)).body.data.display_id
    const second = (await complete(b)).body.data.display_id
    expect(second).toBe(first + 1)
  })

  it("answers a completed cart with the same order: same key replays, new or no key re-reads, alias too (goldens 111, 137, 138)", async () => {
    const cartId = await cartReadyToComplete(store, [{ variant_id: v.mug, quantity: 1 }], { provider: "manual" })
    const first = await complete(cartId, "checkout-twice")
    const replay = await complete(cartId, "checkout-twice")
    expect(replay.status).toBe(200)
    expect(JSON.stringify(replay.body)).toBe(JSON.stringify(first.body))
    const fresh = await complete(cartId, "checkout-twice-other")
    expect(fresh.status).toBe(200)
    expect(fresh.headers.get("idempotency-key")).toBe("checkout-twice-other")
    expect(fresh.body).toEqual(first.body)
    const keyless = await api.post(`/store/carts/${cartId}/complete`)
    expect(keyless.headers.get("idempotency-key")).toMatch(/^[0-9a-f-]{36}$/)
    expect(keyless.body).toEqual(first.body)
    const alias = await api.post(`/store/carts/${cartId}/complete-cart`)
    expect(alias.status).toBe(200)
    expect(alias.body).toEqual(first.body)
    expect(await count(`SELECT COUNT(*) AS n FROM "order" WHERE cart_id = ?`, cartId)).toBe(1)
    expect(await count("SELECT COUNT(*) AS n FROM payment WHERE cart_id = ?", cartId)).toBe(1)
  })

  it("answers 404 for an unknown cart (v1 answers 500, golden 109) and still echoes the key", async () => {
    const res = await complete("cart_nope", "checkout-unknown")
    expect(res.status).toBe(404)
    expect(res.body).toEqual({ type: "not_found", message: "Cart with cart_nope was not found" })
    expect(res.headers.get("idempotency-key")).toBe("checkout-unknown")
    expect(await keyRow("checkout-unknown")).toBeUndefined()
  })
})

describe("what a cart needs before it completes", () => {
  it("refuses a cart without a payment session, writing nothing (golden 129)", async () => {
    const cartId = await cartReadyForPayment(store, [{ variant_id: v.mug, quantity: 1 }])
    const res = await complete(cartId, "checkout-no-session")
    expect(res.status).toBe(400)
    expect(res.body).toEqual({ type: "not_allowed", message: "You cannot complete a cart without a payment session." })
    expect(res.headers.get("idempotency-key")).toBe("checkout-no-session")
    expect(await keyRow("checkout-no-session")).toBeUndefined()
    expect(await count("SELECT COUNT(*) AS n FROM line_item_tax_line WHERE item_id IN (SELECT id FROM line_item WHERE cart_id = ?)", cartId)).toBe(0)
    // Fixed, the same key goes through.
    await api.post(`/store/carts/${cartId}/payment-session`, { provider_id: "manual" })
    expect((await complete(cartId, "checkout-no-session")).status).toBe(200)
  })

  it("refuses an empty cart", async () => {
    const created = await api.post("/store/carts", { region_id: store.regionId })
    await setGuestEmail(created.body.cart.id, "empty@example.com")
    const res = await complete(created.body.cart.id)
    expect(res.status).toBe(400)
    expect(res.body).toEqual({ type: "invalid_data", message: "Cannot create order from empty cart" })
  })

  it("refuses a cart without an email (v1: without a customer)", async () => {
    const created = await api.post("/store/carts", { region_id: store.regionId, items: [{ variant_id: v.mug, quantity: 1 }] })
    const cartId = created.body.cart.id
    await api.post(`/store/carts/${cartId}/shipping-methods`, { option_id: store.shippingOptionId })
    await api.post(`/store/carts/${cartId}/payment-session`, { provider_id: "manual" })
    const res = await complete(cartId)
    expect(res.status).toBe(400)
    expect(res.body).toEqual({ type: "invalid_data", message: "Cannot create an order from the cart without a customer" })
    expect(await count("SELECT COUNT(*) AS n FROM payment WHERE cart_id = ?", cartId)).toBe(0)
  })

  it("refuses shippable items without a shipping method (v1 would place the order)", async () => {
    const cartId = await cartReadyToComplete(store, [{ variant_id: v.mug, quantity: 1 }], { shippingOptionId: null, provider: "manual" })
    const res = await complete(cartId)
    expect(res.status).toBe(400)
    expect(res.body).toEqual({ type: "invalid_data", message: "No shipping method selected but the cart contains items that require shipping." })
  })

  it("completes a cart of gift cards without shipping and issues one gift card per unit", async () => {
    const cartId = await cartReadyToComplete(store, [{ variant_id: v.card, quantity: 2 }], { shippingOptionId: null, provider: "manual" })
    const res = await complete(cartId)
    expect(res.status).toBe(200)
    // 2 × 2500 = 5000 (+25% = 1250)
    expect(res.body.data).toMatchObject({ subtotal: 5000, tax_total: 1250, total: 6250, shipping_methods: [] })
    const cards = await db.all<{ code: string; value: number; balance: number; tax_rate: number; region_id: string; is_disabled: number }>(
      `SELECT code, value, balance, tax_rate, region_id, is_disabled FROM gift_card WHERE order_id = ?`,
      res.body.data.id,
    )
    expect(cards).toHaveLength(2)
    for (const card of cards) {
      expect(card).toMatchObject({ value: 2500, balance: 2500, tax_rate: 25, region_id: store.regionId, is_disabled: 0 })
      expect(card.code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/)
    }
    expect(cards[0]!.code).not.toBe(cards[1]!.code)
  })
})

describe("payment outcomes (test-pay)", () => {
  it.each(["requires_more", "pending"])("%s: answers the open cart with payment_status and keeps nothing", async (outcome) => {
    const cartId = await cartReadyToComplete(store, [{ variant_id: v.mug, quantity: 1 }], { provider: "test-pay", data: { outcome } })
    const key = `checkout-${outcome}`
    const res = await complete(cartId, key)
    expect(res.status).toBe(200)
    expect(res.body.type).toBe("cart")
    expect(res.body.payment_status).toBe(outcome)
    expect(res.body.data).toMatchObject({ id: cartId, completed_at: null, payment_authorized_at: null, total: 2313 })
    expect(res.body.data.payment_session).toMatchObject({ provider_id: "test-pay", status: outcome })
    expect(await count("SELECT COUNT(*) AS n FROM line_item_tax_line WHERE item_id IN (SELECT id FROM line_item WHERE cart_id = ?)", cartId)).toBe(0)
    expect(await count("SELECT COUNT(*) AS n FROM payment WHERE cart_id = ?", cartId)).toBe(0)
    expect(await keyRow(key)).toEqual({ recovery_point: "finished", response_code: 200 })
    // The key is finished: it replays. Once the customer finishes paying, a new attempt places the order.
    expect(JSON.stringify((await complete(cartId, key)).body)).toBe(JSON.stringify(res.body))
    await api.post(`/store/carts/${cartId}/payment-sessions/test-pay`, { data: { outcome: "authorized" } })
    const placed = await complete(cartId, `${key}-2`)
    expect(placed.body).toMatchObject({ type: "order", data: { cart_id: cartId, total: 2313, paid_total: 2313 } })
  })

  it("error: 422 payment_authorization_error; the key stays put and a retry with it succeeds", async () => {
    const cartId = await cartReadyToComplete(store, [{ variant_id: v.mug, quantity: 1 }], { provider: "test-pay", data: { outcome: "error" } })
    const res = await complete(cartId, "checkout-declined")
    const session = (await api.get(`/store/carts/${cartId}`)).body.cart.payment_session
    expect(res.status).toBe(422)
    expect(res.body).toEqual({ type: "payment_authorization_error", message: `Failed to authorize Payment Session id "${session.id}"` })
    expect(session.status).toBe("error")
    expect(await keyRow("checkout-declined")).toEqual({ recovery_point: "tax_lines_created", response_code: null })
    expect(await count(`SELECT COUNT(*) AS n FROM "order" WHERE cart_id = ?`, cartId)).toBe(0)
    await api.post(`/store/carts/${cartId}/payment-sessions/test-pay`, { data: { outcome: "authorized" } })
    const retry = await complete(cartId, "checkout-declined")
    expect(retry.status).toBe(200)
    expect(retry.body.data.payments).toEqual([expect.objectContaining({ provider_id: "test-pay", amount: 2313 })])
  })

  it("a total of 0 needs no payment session and creates no payment", async () => {
    const cartId = await cartReadyForPayment(store, [{ variant_id: v.free, quantity: 2 }], "free@example.com", { shippingOptionId: freeShippingId })
    const res = await complete(cartId)
    expect(res.status).toBe(200)
    expect(res.body.data).toMatchObject({ total: 0, paid_total: 0, payments: [], payment_status: "awaiting" })
    const cart = (await api.get(`/store/carts/${cartId}`)).body.cart
    expect(cart.payment_authorized_at).not.toBeNull()
    expect(cart.payment_id).toBeNull()
  })
})

describe("stock", () => {
  it("decrements backorder and unmanaged variants below zero, as v1 does", async () => {
    const cartId = await cartReadyToComplete(store, [
      { variant_id: v.backorder, quantity: 2 },
      { variant_id: v.unmanaged, quantity: 1 },
    ], { provider: "manual" })
    const res = await complete(cartId)
    expect(res.status).toBe(200)
    expect(await variantStock(v.backorder)).toBe(-2)
    expect(await variantStock(v.unmanaged)).toBe(-1)
  })

  it("stock gone by completion: 409 insufficient_inventory (v1 shape), payment voided, cart left open", async () => {
    const cartId = await cartReadyToComplete(store, [{ variant_id: v.shirt, quantity: 2 }], { provider: "test-pay" })
    await setStock(v.shirt, 1)
    const res = await complete(cartId, "checkout-no-stock")
    expect(res.status).toBe(409)
    expect(res.body).toEqual({
      errors: [{ message: `Variant with id: ${v.shirt} does not have the required inventory`, type: "not_allowed", code: "insufficient_inventory" }],
    })
    expect(await variantStock(v.shirt)).toBe(1)
    const payments = await db.all<{ canceled_at: string | null; data: string; order_id: string | null }>(
      "SELECT canceled_at, data, order_id FROM payment WHERE cart_id = ?",
      cartId,
    )
    expect(payments).toHaveLength(1)
    expect(payments[0]!.canceled_at).not.toBeNull()
    expect(JSON.parse(payments[0]!.data)).toMatchObject({ status: "canceled", canceled: true })
    const cart = (await api.get(`/store/carts/${cartId}`)).body.cart
    expect(cart).toMatchObject({ completed_at: null, payment_authorized_at: null })
    expect(cart.payment_session.status).toBe("canceled")
    expect(await count(`SELECT COUNT(*) AS n FROM "order" WHERE cart_id = ?`, cartId)).toBe(0)
    expect(await count("SELECT COUNT(*) AS n FROM line_item_tax_line WHERE item_id IN (SELECT id FROM line_item WHERE cart_id = ?)", cartId)).toBe(0)
    // A finished key replays its 409; with stock back, a new attempt authorizes again and places the order.
    const replay = await complete(cartId, "checkout-no-stock")
    expect(replay.status).toBe(409)
    expect(replay.body).toEqual(res.body)
    await setStock(v.shirt, 3)
    const placed = await complete(cartId, "checkout-no-stock-2")
    expect(placed.status).toBe(200)
    expect(placed.body.data.payments).toEqual([expect.objectContaining({ canceled_at: null, amount: 5750 })])
    expect(await variantStock(v.shirt)).toBe(1)
  })
})

describe("discounts and gift cards", () => {
  it("copies the discount to the order and counts its use", async () => {
    const discount = await arrangeDiscount({ regionId: store.regionId, value: 10 })
    const cartId = await cartReadyToComplete(store, [{ variant_id: v.mug, quantity: 2 }], { provider: "manual", update: { discounts: [{ code: discount.code }] } })
    const res = await complete(cartId)
    expect(res.status).toBe(200)
    // 1700 − 10% = 170 off; tax 25% of 1530 = 383 (382.5); shipping 1000 + 250; total 1530 + 383 + 1250 = 3163
    expect(res.body.data).toMatchObject({ subtotal: 1700, discount_total: 170, tax_total: 633, total: 3163 })
    expect(res.body.data.discounts).toEqual([expect.objectContaining({ id: discount.id, code: discount.code, usage_count: 1, rule: expect.objectContaining({ type: "percentage", value: 10 }) })])
    expect(res.body.data.items[0]).toMatchObject({ discount_total: 170, refundable: 1913 })
    expect(await count("SELECT usage_count AS n FROM discount WHERE id = ?", discount.id)).toBe(1)
  })

  it("a discount whose last use went to another order: payment voided, 400, the key starts over", async () => {
    const discount = await arrangeDiscount({ regionId: store.regionId, value: 10, usage_limit: 1 })
    const update = { discounts: [{ code: discount.code }] }
    const first = await cartReadyToComplete(store, [{ variant_id: v.mug, quantity: 1 }], { provider: "manual", update })
    const second = await cartReadyToComplete(store, [{ variant_id: v.mug, quantity: 1 }], { provider: "manual", update })
    expect((await complete(first)).status).toBe(200)
    const res = await complete(second, "checkout-discount-used")
    expect(res.status).toBe(400)
    expect(res.body).toEqual({ type: "not_allowed", message: `Discount ${discount.code} has been used maximum allowed times` })
    expect(await keyRow("checkout-discount-used")).toEqual({ recovery_point: "started", response_code: null })
    expect(await count("SELECT COUNT(*) AS n FROM payment WHERE cart_id = ? AND canceled_at IS NOT NULL", second)).toBe(1)
    expect(await count(`SELECT COUNT(*) AS n FROM "order" WHERE cart_id = ?`, second)).toBe(0)
    expect(await count("SELECT usage_count AS n FROM discount WHERE id = ?", discount.id)).toBe(1)
  })

  it("takes what the order uses from a gift card and records the transaction", async () => {
    const card = await arrangeGiftCard({ regionId: store.regionId, balance: 1000 })
    const cartId = await cartReadyToComplete(store, [{ variant_id: v.mug, quantity: 2 }], { provider: "manual", update: { gift_cards: [{ code: card.code }] } })
    const res = await complete(cartId)
    expect(res.status).toBe(200)
    // 1700 + 1000 shipping + 675 tax − 1000 gift card = 2375
    expect(res.body.data).toMatchObject({ gift_card_total: 1000, gift_card_tax_total: 0, tax_total: 675, total: 2375, paid_total: 2375 })
    expect(res.body.data.gift_card_transactions).toEqual([
      expect.objectContaining({ gift_card_id: card.id, order_id: res.body.data.id, amount: 1000, is_taxable: false, tax_rate: null }),
    ])
    expect(res.body.data.gift_cards).toEqual([expect.objectContaining({ id: card.id, balance: 0, is_disabled: true })])
  })

  it("a taxed gift card that covers everything: order tax excludes the card's tax, nothing to pay", async () => {
    const card = await arrangeGiftCard({ regionId: store.regionId, balance: 5000, tax_rate: 25 })
    const cartId = await cartReadyForPayment(store, [{ variant_id: v.mug, quantity: 2 }], "taxed-card@example.com", {
      update: { gift_cards: [{ code: card.code }] },
    })
    // Cart: giftcardable 2700 (taxable cards pay the pre-tax amount), card tax round(2700 × 25%) = 675, total 0.
    expect((await api.get(`/store/carts/${cartId}`)).body.cart).toMatchObject({ gift_card_total: 2700, gift_card_tax_total: 675, total: 0 })
    const res = await complete(cartId)
    expect(res.status).toBe(200)
    // Order: tax_total = 675 − 675 = 0; total = 1700 + 1000 + 0 − 2700 = 0
    expect(res.body.data).toMatchObject({ gift_card_total: 2700, gift_card_tax_total: 675, tax_total: 0, total: 0, payments: [] })
    expect(res.body.data.gift_card_transactions).toEqual([expect.objectContaining({ amount: 2700, is_taxable: true, tax_rate: 25 })])
    expect(res.body.data.gift_cards).toEqual([expect.objectContaining({ id: card.id, balance: 2300, is_disabled: false })])
  })
})
