import { beforeAll, describe, expect, it } from "vitest"
import { api } from "../helpers/api"
import { fixtureId } from "../helpers/cart-fixtures"
import { arrangeCheckoutStore, arrangeDiscount, cartReadyToComplete, complete, type CheckoutStore } from "../helpers/checkout-fixtures"

const v = { mug: fixtureId("variant") }
let store: CheckoutStore
let placed: Record<string, any>
let cartId: string

beforeAll(async () => {
  store = await arrangeCheckoutStore({
    region: { currency_code: "usd", tax_rate: 10, countries: ["us"] },
    products: [{ title: "Mug", variants: [{ id: v.mug, prices: [{ currency_code: "usd", amount: 1950 }] }] }],
  })
  const discount = await arrangeDiscount({ regionId: store.regionId, value: 10 })
  cartId = await cartReadyToComplete(store, [{ variant_id: v.mug, quantity: 4 }], {
    email: "guest@example.com",
    update: { discounts: [{ code: discount.code }] },
  })
  const res = await complete(cartId)
  expect(res.status).toBe(200)
  placed = res.body.data
})

// Golden 115 (GET /store/orders/:id) and 120 (lookup): default fields, default relations, every total.
const DEFAULT_KEYS = [
  "cart_id", "created_at", "currency_code", "customer", "customer_id", "discount_total", "discounts", "display_id", "email",
  "fulfillment_status", "fulfillments", "gift_card_tax_total", "gift_card_total", "id", "item_tax_total", "items", "object",
  "paid_total", "payment_status", "payments", "refundable_amount", "refunded_total", "region", "region_id",
  "shipping_address", "shipping_methods", "shipping_tax_total", "shipping_total", "status", "subtotal", "tax_rate",
  "tax_total", "total",
]
const TOTALS = {
  // 4 × 1950 = 7800, 10% off → 780; tax 10% of 7020 = 702; shipping 1000 + 100; total 7020 + 702 + 1100 = 8822
  subtotal: 7800, discount_total: 780, shipping_total: 1000, item_tax_total: 702, shipping_tax_total: 100, tax_total: 802,
  gift_card_total: 0, gift_card_tax_total: 0, total: 8822, paid_total: 8822, refunded_total: 0, refundable_amount: 8822,
}

let ip = 0
/** Each lookup test comes from its own client address, so the rate limit of one test does not touch another. */
const lookup = (query: string, client = `198.51.100.${++ip}`) => api.get(`/store/orders?${query}`, { headers: { "cf-connecting-ip": client } })

describe("GET /store/orders/:id", () => {
  it("answers the order with v1's default fields and relations and every total, in one round trip (golden 115)", async () => {
    const res = await api.get(`/store/orders/${placed.id}`)
    expect(res.status).toBe(200)
    const order = res.body.order
    expect(Object.keys(order).sort()).toEqual(DEFAULT_KEYS)
    expect(order).toMatchObject({
      object: "order", id: placed.id, status: "pending", fulfillment_status: "not_fulfilled", payment_status: "awaiting",
      display_id: placed.display_id, cart_id: cartId, email: "guest@example.com", currency_code: "usd", tax_rate: null,
      fulfillments: [], ...TOTALS,
    })
    expect(order.customer).toMatchObject({ id: order.customer_id, email: "guest@example.com", has_account: false })
    expect(order.customer).not.toHaveProperty("password_hash")
    expect(order.discounts[0].rule).toMatchObject({ type: "percentage", value: 10 })
    expect(order.items[0]).toMatchObject({
      quantity: 4, unit_price: 1950, subtotal: 7800, discount_total: 780, tax_total: 702, total: 7722, refundable: 7722,
      adjustments: [expect.objectContaining({ amount: 780 })],
    })
    expect(order.items[0].variant).toMatchObject({ id: v.mug })
    expect(order.items[0].variant).not.toHaveProperty("product")
    expect(order.shipping_methods[0].shipping_option).toMatchObject({ id: store.shippingOptionId, name: "Standard" })
    expect(order.payments).toEqual(placed.payments)
    expect(res.roundTrips).toBe(1)
  })

  it("answers 404 for an unknown order (golden 117)", async () => {
    const res = await api.get("/store/orders/order_nope")
    expect(res.status).toBe(404)
    expect(res.body).toEqual({ type: "not_found", message: "Order with id order_nope was not found" })
  })

  it("honours fields and expand; the totals always come along (golden 116)", async () => {
    const res = await api.get(`/store/orders/${placed.id}?fields=id,display_id,email,status&expand=items`)
    expect(res.status).toBe(200)
    expect(Object.keys(res.body.order).sort()).toEqual([
      "discount_total", "display_id", "email", "gift_card_tax_total", "gift_card_total", "id", "item_tax_total", "items",
      "paid_total", "refundable_amount", "refunded_total", "shipping_tax_total", "shipping_total", "status", "subtotal",
      "tax_total", "total",
    ])
    expect(res.body.order.items[0].variant.id).toBe(v.mug)
    const billing = await api.get(`/store/orders/${placed.id}?expand=billing_address`)
    expect(billing.body.order.billing_address).toBeNull()
    expect(billing.body.order).not.toHaveProperty("items")
  })

  it("refuses fields and relations outside v1's allowed lists", async () => {
    const fields = await api.get(`/store/orders/${placed.id}?fields=updated_at`)
    expect(fields.status).toBe(400)
    expect(fields.body).toEqual({ type: "invalid_data", message: "Requested fields [updated_at] are not valid" })
    const expand = await api.get(`/store/orders/${placed.id}?expand=cart`)
    expect(expand.body).toEqual({ type: "invalid_data", message: "Requested fields [cart] are not valid" })
    const unknown = await api.get(`/store/orders/${placed.id}?foo=1`)
    expect(unknown.body).toEqual({ type: "invalid_data", message: "property foo should not exist" })
  })
})

describe("GET /store/orders/cart/:cart_id", () => {
  it("answers the cart's order, with the totals relations v1 shows there (golden 118)", async () => {
    const res = await api.get(`/store/orders/cart/${cartId}`)
    expect(res.status).toBe(200)
    expect(Object.keys(res.body.order).sort()).toEqual(
      [...DEFAULT_KEYS, "claims", "gift_card_transactions", "gift_cards", "refunds", "swaps"].sort(),
    )
    expect(res.body.order).toMatchObject({ id: placed.id, claims: [], refunds: [], swaps: [], gift_cards: [], gift_card_transactions: [], ...TOTALS })
    expect(res.roundTrips).toBe(1)
  })

  it("answers 404 for an unknown cart and for a cart that placed no order (golden 119)", async () => {
    const res = await api.get("/store/orders/cart/cart_nope")
    expect(res.status).toBe(404)
    expect(res.body).toEqual({ type: "not_found", message: "Order with cart id cart_nope was not found" })
    const open = (await api.post("/store/carts", { region_id: store.regionId })).body.cart.id
    expect((await api.get(`/store/orders/cart/${open}`)).body).toEqual({ type: "not_found", message: `Order with cart id ${open} was not found` })
  })
})

describe("GET /store/orders (lookup)", () => {
  it("finds the order by display_id and email, ignoring the email's case, in one round trip (golden 120)", async () => {
    const res = await lookup(`display_id=${placed.display_id}&email=Guest@Example.com`)
    expect(res.status).toBe(200)
    expect(Object.keys(res.body.order).sort()).toEqual(DEFAULT_KEYS)
    expect(res.body.order).toMatchObject({ id: placed.id, ...TOTALS })
    expect(res.roundTrips).toBe(1)
    // shipping_address[postal_code] is accepted and, as in v1, not used.
    const postal = await lookup(`display_id=${placed.display_id}&email=guest@example.com&shipping_address[postal_code]=00000`)
    expect(postal.body.order.id).toBe(placed.id)
  })

  it("answers a JSON 404 when no order matches both (v1 answers the text \"Not Found\", golden 121)", async () => {
    const wrongEmail = await lookup(`display_id=${placed.display_id}&email=wrong@example.com`)
    expect(wrongEmail.status).toBe(404)
    expect(wrongEmail.body).toEqual({ type: "not_found", message: "Order not found" })
    const wrongId = await lookup(`display_id=999999&email=guest@example.com`)
    expect(wrongId.body).toEqual({ type: "not_found", message: "Order not found" })
  })

  it("validates the query with v1's messages (golden 122)", async () => {
    expect((await lookup(`display_id=${placed.display_id}`)).body).toEqual({ type: "invalid_data", message: "email must be an email" })
    expect((await lookup(`display_id=1&email=not-an-email`)).body).toEqual({ type: "invalid_data", message: "email must be an email" })
    expect((await lookup("email=a@b.co")).body).toEqual({
      type: "invalid_data",
      message: "display_id must be a number conforming to the specified constraints",
    })
    expect((await lookup("")).body).toEqual({
      type: "invalid_data",
      message: "display_id must be a number conforming to the specified constraints, email must be an email",
    })
    expect((await lookup("display_id=1&email=a@b.co&foo=1")).body).toEqual({ type: "invalid_data", message: "property foo should not exist" })
  })

  it("rate-limits each client address: 10 lookups per 10 minutes, then 429 with Retry-After", async () => {
    const client = "203.0.113.7"
    for (let i = 0; i < 10; i++) {
      expect((await lookup(`display_id=999999&email=probe${i}@example.com`, client)).status).toBe(404)
    }
    const limited = await lookup(`display_id=${placed.display_id}&email=guest@example.com`, client)
    expect(limited.status).toBe(429)
    expect(limited.body).toEqual({ type: "too_many_requests", message: expect.stringMatching(/^Too many order lookups\. Try again in \d+ seconds\.$/) })
    const retryAfter = Number(limited.headers.get("retry-after"))
    expect(retryAfter).toBeGreaterThan(0)
    expect(retryAfter).toBeLessThanOrEqual(600)
    // Another address is not affected.
    expect((await lookup(`display_id=${placed.display_id}&email=guest@example.com`, "203.0.113.8")).status).toBe(200)
  })

  it("rate-limits each email across addresses", async () => {
    for (let i = 0; i < 10; i++) expect((await lookup("display_id=999999&email=target@example.com", `192.0.2.${i}`)).status).toBe(404)
    const limited = await lookup("display_id=999999&email=TARGET@example.com", "192.0.2.200")
    expect(limited.status).toBe(429)
    expect(limited.body.type).toBe("too_many_requests")
  })
})
