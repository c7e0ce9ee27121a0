import { afterAll, beforeAll, describe, expect, inject, it } from "vitest"
import { startStore, storefrontClient, type RunningStore } from "./store"

// A guest's whole checkout through the official client, as the v1 Next.js starter drives it.
let store: RunningStore
beforeAll(async () => {
  store = await startStore(inject("seededState"))
})
afterAll(() => store?.stop())

const KEY = "pk_demo_storefront"
const address = {
  first_name: "Erika", last_name: "Mustermann", address_1: "Hauptstraße 1", city: "Berlin", country_code: "de", postal_code: "10115",
  phone: "+49 30 123456",
}

async function teeVariant(medusa: ReturnType<typeof storefrontClient>["medusa"], sku: string): Promise<string> {
  const { products } = await medusa.products.list({ handle: "classic-tee", region_id: "reg_eu" })
  const variant = products[0].variants.find((v: { sku: string }) => v.sku === sku)
  return variant.id
}

describe("guest checkout with @medusajs/medusa-js (maxRetries: 3)", () => {
  it("cart → discount + gift card → shipping → payment session → order → order lookup", async () => {
    const { medusa, attempts } = storefrontClient(store.baseUrl, { publishableApiKey: KEY })
    const { cart: created } = await medusa.carts.create({ region_id: "reg_eu", country_code: "de" })
    // The key's only channel becomes the cart's (the demo key is scoped to the webshop).
    expect(created).toMatchObject({ region_id: "reg_eu", sales_channel_id: "sc_webshop", shipping_address: { country_code: "de" } })
    const cartId: string = created.id

    const variantId = await teeVariant(medusa, "TEE-M-BLACK")
    const added = await medusa.carts.lineItems.create(cartId, { variant_id: variantId, quantity: 2 })
    expect(added.cart.items).toHaveLength(1)
    // 2 × 1800 = 3600, VAT 25 % → 900
    expect(added.cart).toMatchObject({ subtotal: 3600, tax_total: 900, total: 4500 })

    const withDiscount = await medusa.carts.update(cartId, {
      email: "erika@example.com", shipping_address: address, billing_address: address, discounts: [{ code: "WELCOME10" }],
    })
    // 10 % of 3600 = 360; VAT on 3240 = 810
    expect(withDiscount.cart).toMatchObject({ email: "erika@example.com", discount_total: 360, tax_total: 810, total: 4050 })
    expect(withDiscount.cart.discounts.map((d: { code: string }) => d.code)).toEqual(["WELCOME10"])

    const { shipping_options } = await medusa.shippingOptions.listCartOptions(cartId)
    const standard = shipping_options.find((o: { name: string }) => o.name === "Standard Shipping")
    expect(standard).toMatchObject({ amount: 700 })
    const shipped = await medusa.carts.addShippingMethod(cartId, { option_id: standard.id })
    // + 700 shipping, VAT 175 → 3240 + 700 + 985 tax = 4925
    expect(shipped.cart).toMatchObject({ shipping_total: 700, tax_total: 985, total: 4925 })

    const withGiftCard = await medusa.carts.update(cartId, { gift_cards: [{ code: "DEMO-GIFT-EU-25" }] })
    // A cart's tax_total stays 985 (v1); the gift card covers 2500 plus its tax 625 (25 %):
    // total = 3600 − 360 + 700 + 985 − 2500 − 625 = 1800
    expect(withGiftCard.cart).toMatchObject({ gift_card_total: 2500, gift_card_tax_total: 625, tax_total: 985, total: 1800 })

    const sessions = await medusa.carts.createPaymentSessions(cartId)
    // The region's only provider is initiated and selected at once.
    expect(sessions.cart.payment_sessions).toEqual([expect.objectContaining({ provider_id: "manual", amount: 1800, status: "pending" })])
    const selected = await medusa.carts.setPaymentSession(cartId, { provider_id: "manual" })
    expect(selected.cart.payment_session).toMatchObject({ provider_id: "manual", is_selected: true })

    const completed = await medusa.carts.complete(cartId)
    expect(completed.type).toBe("order")
    const order = completed.data
    expect(order).toMatchObject({
      object: "order", cart_id: cartId, email: "erika@example.com", currency_code: "eur", payment_status: "awaiting",
      status: "pending", sales_channel_id: "sc_webshop", total: 1800, gift_card_total: 2500, discount_total: 360, shipping_total: 700,
    })
    expect(order.display_id).toBeGreaterThan(0)

    // Order confirmation page and "find my order".
    expect((await medusa.orders.retrieve(order.id)).order).toMatchObject({ id: order.id, total: 1800 })
    expect((await medusa.orders.retrieveByCartId(cartId)).order.id).toBe(order.id)
    const lookup = await medusa.orders.lookupOrder({ display_id: order.display_id, email: "ERIKA@example.com" })
    expect(lookup.order.id).toBe(order.id)

    // The gift card was charged; the completed cart refuses edits.
    expect((await medusa.giftCards.retrieve("DEMO-GIFT-EU-25")).gift_card.balance).toBe(0)
    await expect(medusa.carts.lineItems.create(cartId, { variant_id: variantId, quantity: 1 })).rejects.toMatchObject({
      response: { status: 400, data: { type: "not_allowed", code: "cart_incompatible_state" } },
    })

    // Every POST carried an Idempotency-Key; none needed a retry on this calm path.
    const posts = attempts.filter((a) => a.method === "POST")
    expect(posts.length).toBeGreaterThanOrEqual(8)
    expect(posts.every((a) => typeof a.idempotencyKey === "string" && a.idempotencyKey.length > 0)).toBe(true)
  })

  it("a double-clicked Pay: the second request gets 409, the client retries it with the same key, one order", async () => {
    const { medusa, attempts } = storefrontClient(store.baseUrl, { publishableApiKey: KEY })
    const { cart } = await medusa.carts.create({
      region_id: "reg_eu",
      items: [{ variant_id: await teeVariant(medusa, "TEE-S-BLACK"), quantity: 1 }],
    })
    await medusa.carts.update(cart.id, { email: "double@example.com", shipping_address: address })
    const { shipping_options } = await medusa.shippingOptions.listCartOptions(cart.id)
    await medusa.carts.addShippingMethod(cart.id, { option_id: shipping_options.find((o: { name: string }) => o.name === "Standard Shipping").id })
    await medusa.carts.createPaymentSessions(cart.id)

    const results: { type: string; data: { id: string } }[] = await Promise.all([1, 2, 3].map(() => medusa.carts.complete(cart.id)))
    expect(results.map((r) => r.type)).toEqual(["order", "order", "order"])
    expect(new Set(results.map((r) => r.data.id)).size).toBe(1)

    const completes = attempts.filter((a) => a.url.endsWith(`/store/carts/${cart.id}/complete`))
    const retried = completes.filter((a) => a.retry > 0)
    // At least one completion met another in flight (409) and was retried with its own first key.
    expect(retried.length).toBeGreaterThan(0)
    for (const retry of retried) {
      expect(completes.some((first) => first.retry === 0 && first.idempotencyKey === retry.idempotencyKey)).toBe(true)
    }
    expect(new Set(completes.map((a) => a.idempotencyKey)).size).toBe(3)
  })

  it("reports stock and validation errors as v1 does, without retrying them", async () => {
    const { medusa, attempts } = storefrontClient(store.baseUrl)
    const { cart } = await medusa.carts.create({ region_id: "reg_na" })
    const { products } = await medusa.products.list({ handle: "brass-pen" })
    // The pen has 3 in stock.
    await expect(medusa.carts.lineItems.create(cart.id, { variant_id: products[0].variants[0].id, quantity: 4 })).rejects.toMatchObject({
      response: {
        status: 400,
        data: { type: "not_allowed", code: "insufficient_inventory", message: `Variant with id: ${products[0].variants[0].id} does not have the required inventory` },
      },
    })
    await expect(medusa.carts.create({ region_id: "reg_na", country_code: "de" })).rejects.toMatchObject({
      response: { status: 400, data: { type: "not_allowed", message: "Shipping country not in region" } },
    })
    expect(attempts.filter((a) => a.retry > 0)).toEqual([])
  })
})
