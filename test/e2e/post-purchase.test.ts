import { afterAll, beforeAll, describe, expect, inject, it } from "vitest"
import { startStore, storefrontClient, type RunningStore } from "./store"

// After the sale through the official client: a guest's order is captured and fulfilled by the merchant (the admin
// API, as a dashboard calls it), then the shopper returns one tee and exchanges another through a swap cart.
let store: RunningStore
beforeAll(async () => {
  store = await startStore(inject("seededState"))
})
afterAll(() => store?.stop())

const KEY = "pk_demo_storefront"
// The dev-only token committed in .dev.vars.example, which the e2e Worker loads.
const ADMIN_TOKEN = "dev-only-admin-token-change-me"
const address = { first_name: "Erika", last_name: "Mustermann", address_1: "Hauptstraße 1", city: "Berlin", country_code: "de", postal_code: "10115" }

async function admin(path: string, body?: unknown) {
  const res = await fetch(`${store.baseUrl}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-medusa-access-token": ADMIN_TOKEN },
    body: JSON.stringify(body ?? {}),
  })
  expect(res.status).toBe(200)
  return res.json() as Promise<Record<string, unknown>>
}

describe("returns, swaps and order edits with @medusajs/medusa-js (maxRetries: 3)", () => {
  it("order → merchant captures and fulfils → return with a reason → swap paid through its cart", async () => {
    const { medusa } = storefrontClient(store.baseUrl, { publishableApiKey: KEY })
    const { products } = await medusa.products.list({ handle: "classic-tee", region_id: "reg_eu" })
    const variant = (sku: string): string => products[0].variants.find((v: { sku: string }) => v.sku === sku).id

    // 3 × 1800 + 700 shipping, VAT 25 % → 6100 + 1525 = 7625.
    const { cart } = await medusa.carts.create({ region_id: "reg_eu", items: [{ variant_id: variant("TEE-M-BLACK"), quantity: 3 }] })
    await medusa.carts.update(cart.id, { email: "returns@example.com", shipping_address: address })
    await medusa.carts.addShippingMethod(cart.id, { option_id: "so_eu_standard" })
    await medusa.carts.createPaymentSessions(cart.id)
    const placed = await medusa.carts.complete(cart.id)
    expect(placed.type).toBe("order")
    const order = placed.data
    expect(order.total).toBe(7625)
    const line = order.items[0].id

    await admin(`/admin/orders/${order.id}/capture`)
    await admin(`/admin/orders/${order.id}/fulfillment`, { items: [{ item_id: line, quantity: 3 }] })
    const { order: shipped } = await medusa.orders.retrieve(order.id)
    expect(shipped).toMatchObject({ payment_status: "captured", fulfillment_status: "fulfilled" })

    // A return of one tee, wrong size, by the return option: 1800 + 450 VAT − (600 + 150) = 1500.
    const { return_reasons } = await medusa.returnReasons.list()
    const wrongSize = return_reasons.find((r: { value: string }) => r.value === "wrong_size")
    const { return: ret } = await medusa.returns.create({
      order_id: order.id, items: [{ item_id: line, quantity: 1, reason_id: wrongSize.id, note: "too tight" }],
      return_shipping: { option_id: "so_eu_return" },
    })
    expect(ret).toMatchObject({ status: "requested", order_id: order.id, refund_amount: 1500, shipping_data: {} })
    expect(ret.items).toEqual([expect.objectContaining({ item_id: line, quantity: 1, reason_id: wrongSize.id, note: "too tight" })])

    // A swap of another M for an L. Its cart: +1800, return shipping +600, the M credited −1800, each with 25 % VAT.
    const { swap } = await medusa.swaps.create({
      order_id: order.id, return_items: [{ item_id: line, quantity: 1 }],
      additional_items: [{ variant_id: variant("TEE-L-BLACK"), quantity: 1 }], return_shipping_option: "so_eu_return",
    })
    expect(swap).toMatchObject({ order_id: order.id, payment_status: "not_paid", difference_due: null, cart: { type: "swap" } })
    expect(swap.return_order).toMatchObject({ refund_amount: 1500, swap_id: swap.id })
    const swapCart = await medusa.carts.retrieve(swap.cart_id)
    expect(swapCart.cart).toMatchObject({ type: "swap", subtotal: 600, tax_total: 150, total: 750 })

    // The exchange ships like any order: + 700, VAT 175 → 1625 due, paid through the normal checkout.
    await medusa.carts.addShippingMethod(swap.cart_id, { option_id: "so_eu_standard" })
    await medusa.carts.createPaymentSessions(swap.cart_id)
    const completed = await medusa.carts.complete(swap.cart_id)
    expect(completed.type).toBe("swap")
    expect(completed.data).toMatchObject({ id: swap.id, difference_due: 1625, payment_status: "awaiting", payment: { amount: 1625 } })

    const { swap: confirmed } = await medusa.swaps.retrieveByCartId(swap.cart_id)
    expect(confirmed).toMatchObject({ id: swap.id, difference_due: 1625 })
    expect(confirmed.confirmed_at).toEqual(expect.any(String))

    // One of the three tees is left to return.
    await expect(medusa.returns.create({ order_id: order.id, items: [{ item_id: line, quantity: 2 }] })).rejects.toMatchObject({
      response: { status: 400, data: { type: "not_allowed", message: "Cannot return more items than have been purchased" } },
    })
  })

  it("the merchant adds a tee to an order; the shopper sees the edit, pays the difference and confirms it", async () => {
    const { medusa } = storefrontClient(store.baseUrl, { publishableApiKey: KEY })
    const { products } = await medusa.products.list({ handle: "classic-tee", region_id: "reg_eu" })
    const variant = (sku: string): string => products[0].variants.find((v: { sku: string }) => v.sku === sku).id
    const { cart } = await medusa.carts.create({ region_id: "reg_eu", items: [{ variant_id: variant("TEE-S-WHITE"), quantity: 1 }] })
    await medusa.carts.update(cart.id, { email: "edits@example.com", shipping_address: address })
    await medusa.carts.addShippingMethod(cart.id, { option_id: "so_eu_standard" })
    await medusa.carts.createPaymentSessions(cart.id)
    const order = (await medusa.carts.complete(cart.id)).data
    // 1800 + 700, VAT 25 % → 3125.
    expect(order.total).toBe(3125)

    const draft = (await admin("/admin/order-edits", { order_id: order.id })).order_edit as { id: string }
    await admin(`/admin/order-edits/${draft.id}/items`, { variant_id: variant("TEE-XL-WHITE"), quantity: 1 })
    const requested = (await admin(`/admin/order-edits/${draft.id}/request`)).order_edit as { payment_collection_id: string }
    expect(requested.payment_collection_id).toMatch(/^paycol_/)

    // The shopper's page: one more tee, 1800 + 450 VAT to pay.
    const { order_edit: edit } = await medusa.orderEdits.retrieve(draft.id)
    expect(edit).toMatchObject({ status: "requested", difference_due: 2250, total: 5375, payment_collection: { amount: 2250, status: "not_paid" } })
    expect(edit).not.toHaveProperty("internal_note")

    const { payment_collection: collection } = await medusa.paymentCollections.managePaymentSession(requested.payment_collection_id, { provider_id: "manual" })
    expect(collection.payment_sessions).toEqual([expect.objectContaining({ provider_id: "manual", amount: 2250 })])
    await medusa.paymentCollections.authorizePaymentSession(requested.payment_collection_id, collection.payment_sessions[0].id)
    const { order_edit: confirmed } = await medusa.orderEdits.complete(draft.id)
    expect(confirmed).toMatchObject({ id: draft.id, status: "confirmed" })

    const { order: after } = await medusa.orders.retrieve(order.id)
    expect(after.total).toBe(5375)
    expect(after.items.map((i: { variant_id: string }) => i.variant_id).sort()).toEqual([variant("TEE-S-WHITE"), variant("TEE-XL-WHITE")].sort())
  })
})
