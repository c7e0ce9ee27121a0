import { beforeAll, describe, expect, it } from "vitest"
import { api } from "../helpers/api"
import { adminApi } from "../helpers/admin"
import { db } from "../helpers/db"
import { registerCustomer, withCookie } from "../helpers/auth"
import { fixtureId, touchCart } from "../helpers/cart-fixtures"
import { arrangeShippingOption } from "../helpers/shipping-fixtures"
import { insertSalesChannel } from "../helpers/promotion-fixtures"
import {
  arrangeCheckoutStore, arrangeDiscount, arrangeGiftCard, cartReadyToComplete, complete, type CheckoutStore,
} from "../helpers/checkout-fixtures"

/**
 * A swap cart's credit lines and its "Return shipping" line are fixed by the swap: the shopper may change the
 * additional items, shipping, address and payment, but never the credit. Store: mug 2000, cap 1000, 10 % tax,
 * standard shipping 1000, a return option at 500. Each swap returns one of two mugs and takes one cap, so its cart
 * holds the cap (1000 + 100 tax), return shipping (500 + 50) and the credited mug (−2000 − 200): total −550.
 */
const v = { mug: fixtureId("variant"), cap: fixtureId("variant"), elsewhere: fixtureId("variant") }
let store: CheckoutStore
let returnOptionId: string
const NOT_FIXED = "The return lines of a swap cart are fixed by its swap and cannot be changed"

type Line = { id: string; title: string; unit_price: number; quantity: number; is_return: boolean; variant_id: string | null }
interface SwapCart { swapId: string; cartId: string; orderId: string; capLine: string; creditLine: string; shippingLine: string }

async function swapCart(opts: { orderUpdate?: Record<string, unknown>; additional?: { variant_id: string; quantity: number }[] } = {}): Promise<SwapCart> {
  const cartId = await cartReadyToComplete(store, [{ variant_id: v.mug, quantity: 2 }], { email: "swapper@example.com", ...(opts.orderUpdate ? { update: opts.orderUpdate } : {}) })
  const placed = await complete(cartId)
  expect(placed.status).toBe(200)
  const order = placed.body.data
  const mugLine: string = order.items[0].id
  expect((await adminApi.post(`/admin/orders/${order.id}/capture`)).status).toBe(200)
  expect((await adminApi.post(`/admin/orders/${order.id}/fulfillment`, { items: [{ item_id: mugLine, quantity: 2 }] })).status).toBe(200)
  const res = await api.post("/store/swaps", {
    order_id: order.id, return_items: [{ item_id: mugLine, quantity: 1 }],
    additional_items: opts.additional ?? [{ variant_id: v.cap, quantity: 1 }], return_shipping_option: returnOptionId,
  })
  expect(res.status).toBe(200)
  const swapCartId: string = res.body.swap.cart_id
  const lines: Line[] = (await api.get(`/store/carts/${swapCartId}`)).body.cart.items
  const find = (p: (l: Line) => boolean) => lines.find(p)?.id ?? ""
  return {
    swapId: res.body.swap.id, cartId: swapCartId, orderId: order.id,
    capLine: find((l) => !l.is_return), creditLine: find((l) => l.is_return && l.variant_id === v.mug),
    shippingLine: find((l) => l.is_return && l.title === "Return shipping"),
  }
}

/** The stored lines of a cart, as [title, unit_price, quantity, is_return], in id order. */
const storedLines = async (cartId: string) =>
  (await db.all<{ title: string; unit_price: number; quantity: number; is_return: number }>(
    `SELECT title, unit_price, quantity, is_return FROM line_item WHERE cart_id = ? ORDER BY id`, cartId,
  )).map((l) => [l.title, l.unit_price, l.quantity, Boolean(l.is_return)])

const FIXED_CREDIT = [["Return shipping", 500, 1, true], ["Mug", -2000, 1, true]]

beforeAll(async () => {
  store = await arrangeCheckoutStore({
    region: { currency_code: "usd", tax_rate: 10, countries: ["us"] },
    products: [
      { title: "Mug", variants: [{ id: v.mug, prices: [{ currency_code: "usd", amount: 2000 }] }] },
      { title: "Cap", variants: [{ id: v.cap, prices: [{ currency_code: "usd", amount: 1000 }] }] },
      { title: "Elsewhere", variants: [{ id: v.elsewhere, prices: [{ currency_code: "usd", amount: 500 }] }] },
    ],
  })
  returnOptionId = await arrangeShippingOption({ regionId: store.regionId, profileId: store.profileId, name: "Return", amount: 500, is_return: true })
})

describe("a swap cart's credit and return shipping are fixed by its swap", () => {
  it("starts at −550: cap 1100, return shipping 550, the credited mug −2200", async () => {
    const swap = await swapCart()
    const cart = (await api.get(`/store/carts/${swap.cartId}`)).body.cart
    expect(cart).toMatchObject({ subtotal: -500, tax_total: -50, total: -550 })
    expect(await storedLines(swap.cartId)).toEqual([["Cap", 1000, 1, false], ...FIXED_CREDIT])
  })

  it("refuses a new quantity for a credit line", async () => {
    const swap = await swapCart()
    const res = await api.post(`/store/carts/${swap.cartId}/line-items/${swap.creditLine}`, { quantity: 50 })
    expect(res.status).toBe(400)
    expect(res.body).toEqual({ type: "not_allowed", message: NOT_FIXED })
    expect(await storedLines(swap.cartId)).toEqual([["Cap", 1000, 1, false], ...FIXED_CREDIT])
    expect((await api.get(`/store/carts/${swap.cartId}`)).body.cart.total).toBe(-550)
  })

  it("refuses deleting a credit line", async () => {
    const swap = await swapCart()
    const res = await api.delete(`/store/carts/${swap.cartId}/line-items/${swap.creditLine}`)
    expect(res.status).toBe(400)
    expect(res.body).toEqual({ type: "not_allowed", message: NOT_FIXED })
    expect(await storedLines(swap.cartId)).toEqual([["Cap", 1000, 1, false], ...FIXED_CREDIT])
  })

  it("refuses deleting or changing the return-shipping line (quantity 0 included)", async () => {
    const swap = await swapCart()
    const deleted = await api.delete(`/store/carts/${swap.cartId}/line-items/${swap.shippingLine}`)
    const zero = await api.post(`/store/carts/${swap.cartId}/line-items/${swap.shippingLine}`, { quantity: 0 })
    const more = await api.post(`/store/carts/${swap.cartId}/line-items/${swap.shippingLine}`, { quantity: 3 })
    for (const res of [deleted, zero, more]) {
      expect(res.status).toBe(400)
      expect(res.body).toEqual({ type: "not_allowed", message: NOT_FIXED })
    }
    expect(await storedLines(swap.cartId)).toEqual([["Cap", 1000, 1, false], ...FIXED_CREDIT])
  })

  it("still lets the shopper change and remove the additional items", async () => {
    const swap = await swapCart()
    const more = await api.post(`/store/carts/${swap.cartId}/line-items/${swap.capLine}`, { quantity: 3 })
    expect(more.status).toBe(200)
    // 3 caps 3300, return shipping 550, credit −2200.
    expect(more.body.cart.total).toBe(1650)
    const removed = await api.delete(`/store/carts/${swap.cartId}/line-items/${swap.capLine}`)
    expect(removed.status).toBe(200)
    expect(removed.body.cart.total).toBe(-1650)
    expect(await storedLines(swap.cartId)).toEqual(FIXED_CREDIT)
  })

  it("refuses moving a swap cart to another region", async () => {
    const swap = await swapCart()
    const other = await arrangeCheckoutStore({
      region: { currency_code: "usd", tax_rate: 0, countries: ["ca"] },
      products: [],
    })
    // The mug is priced in the other region too (region-specific price), so a re-pricing would change the credit.
    await db.all(`INSERT INTO money_amount (id, variant_id, currency_code, amount, region_id, created_at, updated_at) VALUES (?, ?, 'usd', 9000, ?, '2026-01-01', '2026-01-01')`, fixtureId("ma"), v.mug, other.regionId)
    const res = await api.post(`/store/carts/${swap.cartId}`, { region_id: other.regionId })
    expect(res.status).toBe(400)
    expect(res.body).toEqual({ type: "not_allowed", message: "The region of a swap cart is fixed by its order and cannot be changed" })
    const [cart] = await db.all<{ region_id: string }>(`SELECT region_id FROM cart WHERE id = ?`, swap.cartId)
    expect(cart!.region_id).toBe(store.regionId)
    expect(await storedLines(swap.cartId)).toEqual([["Cap", 1000, 1, false], ...FIXED_CREDIT])
  })

  it("refuses moving a swap cart to another sales channel (which would drop the credit with its product)", async () => {
    const swap = await swapCart()
    const channel = await insertSalesChannel({ name: "Caps only", productIds: [store.products[1]!.id] })
    const res = await api.post(`/store/carts/${swap.cartId}`, { sales_channel_id: channel })
    expect(res.status).toBe(400)
    expect(res.body).toEqual({ type: "not_allowed", message: "The sales channel of a swap cart is fixed by its order and cannot be changed" })
    const [cart] = await db.all<{ sales_channel_id: string | null }>(`SELECT sales_channel_id FROM cart WHERE id = ?`, swap.cartId)
    expect(cart!.sales_channel_id).toBeNull()
    expect(await storedLines(swap.cartId)).toEqual([["Cap", 1000, 1, false], ...FIXED_CREDIT])
  })

  it("keeps the credit's price when the cart is re-priced for a customer", async () => {
    const swap = await swapCart()
    const customer = await registerCustomer()
    const res = await api.post(`/store/carts/${swap.cartId}`, { customer_id: customer.id }, withCookie(customer.cookie))
    expect(res.status).toBe(200)
    expect(res.body.cart).toMatchObject({ customer_id: customer.id, total: -550 })
    expect(await storedLines(swap.cartId)).toEqual([["Cap", 1000, 1, false], ...FIXED_CREDIT])
  })

  it("applies a discount to the additional items only: a 100 % discount never turns the credit into a charge", async () => {
    const swap = await swapCart()
    const discount = await arrangeDiscount({ regionId: store.regionId, value: 100 })
    const res = await api.post(`/store/carts/${swap.cartId}`, { discounts: [{ code: discount.code }] })
    expect(res.status).toBe(200)
    // The cap is free (−1000, and its 100 tax goes); return shipping 550 and the credit −2200 stay.
    expect(res.body.cart).toMatchObject({ subtotal: -500, discount_total: 1000, tax_total: -150, total: -1650 })
    const adjusted = await db.all<{ item_id: string; amount: number }>(
      `SELECT item_id, amount FROM line_item_adjustment WHERE discount_id = ?`, discount.id,
    )
    expect(adjusted).toEqual([{ item_id: swap.capLine, amount: 1000 }])
    // With the cap removed, the discount has nothing to act on: the cart is the credit alone.
    const removed = await api.delete(`/store/carts/${swap.cartId}/line-items/${swap.capLine}`)
    expect(removed.body.cart).toMatchObject({ discount_total: 0, total: -1650 })
  })

  it("applies a fixed discount to the additional items only, never shared out over the credit", async () => {
    const swap = await swapCart()
    const discount = await arrangeDiscount({ regionId: store.regionId, type: "fixed", value: 400 })
    const res = await api.post(`/store/carts/${swap.cartId}`, { discounts: [{ code: discount.code }] })
    expect(res.status).toBe(200)
    // 400 off the cap (its tax 60), return shipping 550, credit −2200: 660 + 550 − 2200.
    expect(res.body.cart).toMatchObject({ discount_total: 400, total: -990 })
    const adjusted = await db.all<{ item_id: string; amount: number }>(
      `SELECT item_id, amount FROM line_item_adjustment WHERE discount_id = ?`, discount.id,
    )
    expect(adjusted).toEqual([{ item_id: swap.capLine, amount: 400 }])
  })

  it("computes difference_due from the swap's return, not from a tampered credit row", async () => {
    const swap = await swapCart()
    expect((await api.post(`/store/carts/${swap.cartId}/shipping-methods`, { option_id: store.shippingOptionId })).status).toBe(200)
    expect((await api.post(`/store/carts/${swap.cartId}/payment-sessions`)).status).toBe(200)
    // A write that bypasses the API: the credit line claims 50 returned mugs (the cart would read −107250).
    await db.all(`UPDATE line_item SET quantity = 50 WHERE id = ?`, swap.creditLine)
    await touchCart(swap.cartId)
    expect((await api.get(`/store/carts/${swap.cartId}`)).body.cart.total).toBe(-107250)
    const done = await complete(swap.cartId)
    expect(done.status).toBe(200)
    // cap 1100 + standard shipping 1100 + return shipping 550 − one mug 2200 = 550: the shopper owes 550.
    expect(done.body).toMatchObject({ type: "swap", data: { id: swap.swapId, difference_due: 550, payment_status: "awaiting" } })
    expect(done.body.data.payment).toMatchObject({ amount: 550, swap_id: swap.swapId })
    expect(await storedLines(swap.cartId)).toEqual([["Cap", 1000, 1, false], ...FIXED_CREDIT])
    const [row] = await db.all<{ difference_due: number }>(`SELECT difference_due FROM swap WHERE id = ?`, swap.swapId)
    expect(row!.difference_due).toBe(550)
  })

  it("restores a credit row deleted behind the API's back before computing difference_due", async () => {
    const swap = await swapCart()
    await db.all(`DELETE FROM line_item_tax_line WHERE item_id = ?`, swap.creditLine)
    await db.all(`DELETE FROM line_item WHERE id = ?`, swap.creditLine)
    await touchCart(swap.cartId)
    expect((await api.post(`/store/carts/${swap.cartId}/shipping-methods`, { option_id: store.shippingOptionId })).status).toBe(200)
    expect((await api.post(`/store/carts/${swap.cartId}/payment-sessions`)).status).toBe(200)
    expect((await api.get(`/store/carts/${swap.cartId}`)).body.cart.total).toBe(2750)
    const done = await complete(swap.cartId)
    expect(done.status).toBe(200)
    // Without the credit the shopper would pay 2750; the swap's return credits one mug: 550.
    expect(done.body).toMatchObject({ type: "swap", data: { difference_due: 550, payment: { amount: 550 } } })
    expect(await storedLines(swap.cartId)).toEqual([["Cap", 1000, 1, false], ...FIXED_CREDIT])
  })
})

describe("POST /store/swaps checks the additional items' sales channel", () => {
  it("refuses a variant outside the order's sales channel, as adding it to the cart would be", async () => {
    const channel = await insertSalesChannel({ name: "Shop", productIds: store.products.slice(0, 2).map((p) => p.id) })
    const cartId = await cartReadyToComplete(store, [{ variant_id: v.mug, quantity: 1 }], { email: "channel@example.com" })
    await db.all(`UPDATE cart SET sales_channel_id = ? WHERE id = ?`, channel, cartId)
    await touchCart(cartId)
    const order = (await complete(cartId)).body.data
    expect(order.sales_channel_id).toBe(channel)
    expect((await adminApi.post(`/admin/orders/${order.id}/capture`)).status).toBe(200)
    expect((await adminApi.post(`/admin/orders/${order.id}/fulfillment`, { items: [{ item_id: order.items[0].id, quantity: 1 }] })).status).toBe(200)
    const before = await db.all<{ n: number }>(`SELECT COUNT(*) AS n FROM swap WHERE order_id = ?`, order.id)
    const body = { order_id: order.id, return_items: [{ item_id: order.items[0].id, quantity: 1 }] }
    const res = await api.post("/store/swaps", { ...body, additional_items: [{ variant_id: v.elsewhere, quantity: 1 }] })
    expect(res.status).toBe(400)
    expect(res.body).toEqual({ type: "invalid_data", message: 'The product "Elsewhere" must belongs to the sales channel on which the cart has been created.' })
    expect(await db.all<{ n: number }>(`SELECT COUNT(*) AS n FROM swap WHERE order_id = ?`, order.id)).toEqual(before)
    expect(await db.all(`SELECT id FROM "return" WHERE swap_id IS NOT NULL AND id IN (SELECT return_id FROM return_item WHERE item_id = ?)`, order.items[0].id)).toEqual([])
    // The same swap with a variant of the channel goes through.
    const ok = await api.post("/store/swaps", { ...body, additional_items: [{ variant_id: v.cap, quantity: 1 }] })
    expect(ok.status).toBe(200)
  })
})

describe("a gift card on a swap cart", () => {
  it("takes nothing from a negative total: the credit stays, the card's balance does not move", async () => {
    // No additional items: return shipping 550 and the credited mug −2200.
    const swap = await swapCart({ additional: [] })
    const card = await arrangeGiftCard({ regionId: store.regionId, balance: 5000 })
    const res = await api.post(`/store/carts/${swap.cartId}`, { gift_cards: [{ code: card.code }] })
    expect(res.status).toBe(200)
    expect(res.body.cart).toMatchObject({ gift_card_total: 0, gift_card_tax_total: 0, total: -1650 })
    const done = await complete(swap.cartId)
    expect(done.status).toBe(200)
    expect(done.body).toMatchObject({ type: "swap", data: { difference_due: -1650, payment_status: "awaiting", payment: null } })
    const [row] = await db.all<{ balance: number; is_disabled: number }>(`SELECT balance, is_disabled FROM gift_card WHERE id = ?`, card.id)
    expect(row).toEqual({ balance: 5000, is_disabled: 0 })
    expect(await db.all(`SELECT id FROM gift_card_transaction WHERE gift_card_id = ?`, card.id)).toEqual([])
  })

  it("pays a positive swap total as on any cart", async () => {
    const swap = await swapCart({ additional: [{ variant_id: v.cap, quantity: 3 }] })
    const card = await arrangeGiftCard({ regionId: store.regionId, balance: 5000 })
    const res = await api.post(`/store/carts/${swap.cartId}`, { gift_cards: [{ code: card.code }] })
    expect(res.status).toBe(200)
    // 3 caps 3000 + return shipping 500 − 2000 = 1500 before tax: the card pays that (gift cards are taxable here),
    // the 150 tax is left to pay.
    expect(res.body.cart).toMatchObject({ gift_card_total: 1500, total: 150 })
  })
})
