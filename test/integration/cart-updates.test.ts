import { beforeAll, describe, expect, it } from "vitest"
import { api } from "../helpers/api"
import { db } from "../helpers/db"
import { arrangeStore, fixtureId } from "../helpers/cart-fixtures"
import {
  authorizeCartPayment, insertAddress, insertCustomer, insertDiscount, insertGiftCard, insertPaymentSession, insertSalesChannel,
  insertShippingMethod,
} from "../helpers/promotion-fixtures"

const v = { mug: fixtureId("variant"), shirt: fixtureId("variant"), usdOnly: fixtureId("variant") }
let na: Awaited<ReturnType<typeof arrangeStore>>
let eu: Awaited<ReturnType<typeof arrangeStore>>
let se: Awaited<ReturnType<typeof arrangeStore>>
let customerId: string
let naOnlyCode: string
let bothCode: string

beforeAll(async () => {
  eu = await arrangeStore({ region: { currency_code: "eur", tax_rate: 25, countries: ["de", "fr", "dk"] } })
  se = await arrangeStore({ region: { currency_code: "eur", tax_rate: 0, countries: ["se"] } })
  na = await arrangeStore({
    region: { currency_code: "usd", tax_rate: 0, countries: ["us", "ca"] },
    products: [
      {
        title: "Mug",
        variants: [{ id: v.mug, prices: [{ currency_code: "usd", amount: 1000 }, { currency_code: "eur", amount: 900 }, { currency_code: "eur", amount: 850, region_id: eu.regionId }] }],
      },
      { title: "Shirt", variants: [{ id: v.shirt, prices: [{ currency_code: "usd", amount: 1950 }, { currency_code: "eur", amount: 1800 }] }] },
      { title: "Dollar Only", variants: [{ id: v.usdOnly, prices: [{ currency_code: "usd", amount: 500 }] }] },
    ],
  })
  customerId = await insertCustomer({ email: "jane@example.com" })
  naOnlyCode = `NAONLY${fixtureId("x").slice(-6).toUpperCase()}`
  bothCode = `BOTH${fixtureId("x").slice(-6).toUpperCase()}`
  await insertDiscount({ code: naOnlyCode, type: "fixed", value: 100, regionIds: [na.regionId] })
  await insertDiscount({ code: bothCode, type: "free_shipping", regionIds: [na.regionId, eu.regionId] })
})

const newCart = async (items: { variant_id: string; quantity: number }[] = []) => {
  const res = await api.post("/store/carts", { region_id: na.regionId, sales_channel_id: na.channelId, items })
  expect(res.status).toBe(200)
  return res.body.cart
}
const update = (cartId: string, body: unknown) => api.post(`/store/carts/${cartId}`, body)

describe("POST /store/carts/:id — email and customer", () => {
  it("sets the email lower-cased and attaches one guest customer per email (v1 createOrFetchGuestCustomerFromEmail_)", async () => {
    const a = await newCart()
    const res = await update(a.id, { email: "Guest.One@Example.COM" })
    expect(res.status).toBe(200)
    expect(res.body.cart.email).toBe("guest.one@example.com")
    expect(res.body.cart.customer_id).toMatch(/^cus_[0-9A-Z]{26}$/)
    const b = await newCart()
    const again = await update(b.id, { email: "guest.one@example.com" })
    expect(again.body.cart.customer_id).toBe(res.body.cart.customer_id)
    const rows = await db.all<{ id: string; has_account: number }>("SELECT id, has_account FROM customer WHERE email = ?", "guest.one@example.com")
    expect(rows).toEqual([{ id: res.body.cart.customer_id, has_account: 0 }])
  })

  it("refuses to attach a customer other than the logged-in one (v1 would leak that customer's email)", async () => {
    const cart = await newCart()
    for (const id of [customerId, "cus_nope"]) {
      const res = await update(cart.id, { customer_id: id, email: "ignored@example.com" })
      expect(res.status).toBe(400)
      expect(res.body).toEqual({ type: "not_allowed", message: "A cart can only be assigned to the logged-in customer" })
    }
    const after = await api.get(`/store/carts/${cart.id}`)
    expect(after.body.cart).toMatchObject({ customer_id: null, email: null })
  })

  it("merges context into the stored one", async () => {
    const cart = await newCart()
    await update(cart.id, { context: { a: 1 } })
    const res = await update(cart.id, { context: { b: "x", a: 2 } })
    expect(res.body.cart.context).toEqual({ ip: "127.0.0.1", a: 2, b: "x" })
  })

  it("changes nothing for an empty body", async () => {
    const cart = await newCart([{ variant_id: v.mug, quantity: 1 }])
    const res = await update(cart.id, {})
    expect(res.status).toBe(200)
    expect(res.body.cart).toMatchObject({ email: null, customer_id: null, total: 1000, region_id: na.regionId })
  })
})

describe("POST /store/carts/:id — addresses", () => {
  const janeDoe = { first_name: "Jane", last_name: "Doe", address_1: "1 Main St", city: "New York", country_code: "US", postal_code: "10001" }

  it("creates shipping and billing addresses, then merges later fields into the same rows", async () => {
    const cart = await newCart()
    const res = await update(cart.id, { shipping_address: janeDoe, billing_address: { ...janeDoe, phone: "+15555550100" } })
    expect(res.status).toBe(200)
    const { shipping_address: ship, billing_address: bill } = res.body.cart
    expect(ship).toMatchObject({ ...janeDoe, country_code: "us", phone: null, customer_id: null, address_2: null })
    expect(ship.id).toMatch(/^addr_/)
    expect(bill).toMatchObject({ first_name: "Jane", phone: "+15555550100", country_code: "us" })
    expect(bill.id).not.toBe(ship.id)
    const merged = await update(cart.id, { shipping_address: { city: "Toronto", country_code: "ca", address_2: null } })
    expect(merged.body.cart.shipping_address).toMatchObject({ id: ship.id, first_name: "Jane", city: "Toronto", country_code: "ca" })
    expect(merged.body.cart.billing_address).toEqual(bill)
  })

  it("refuses a shipping country outside the region but accepts any billing country (v1)", async () => {
    const cart = await newCart()
    const res = await update(cart.id, { shipping_address: { country_code: "de", first_name: "Hans" } })
    expect(res.status).toBe(400)
    expect(res.body).toEqual({ type: "invalid_data", message: "Shipping country must be in the cart region" })
    const billing = await update(cart.id, { billing_address: { country_code: "de" } })
    expect(billing.status).toBe(200)
    expect(billing.body.cart.billing_address.country_code).toBe("de")
    expect(billing.body.cart.shipping_address).toBeNull()
  })

  it("unsets an address with null", async () => {
    const cart = await newCart()
    await update(cart.id, { shipping_address: janeDoe, billing_address: janeDoe })
    const res = await update(cart.id, { shipping_address: null, billing_address: null })
    expect(res.body.cart.shipping_address).toBeNull()
    expect(res.body.cart.billing_address).toBeNull()
  })

  it("links an address id only for its signed-in owner: 404 otherwise", async () => {
    const owned = await insertAddress({ customer_id: customerId, country_code: "us" })
    const cart = await newCart()
    for (const body of [{ shipping_address: owned }, { billing_address: "addr_nope" }]) {
      const res = await update(cart.id, body)
      expect(res.status).toBe(404)
      expect(res.body).toEqual({ type: "not_found", message: `Address with id ${Object.values(body)[0]} was not found` })
    }
  })

  it("ignores country_code without a region change (v1, golden 191)", async () => {
    const cart = await newCart()
    const res = await update(cart.id, { country_code: "ca" })
    expect(res.status).toBe(200)
    expect(res.body.cart.shipping_address).toBeNull()
  })
})

describe("POST /store/carts/:id — region change (v1 setRegion_)", () => {
  it("re-prices lines, drops unpriced ones, clears the shipping country, methods, gift cards, sessions and foreign discounts", async () => {
    const cart = await newCart([
      { variant_id: v.mug, quantity: 2 },
      { variant_id: v.shirt, quantity: 1 },
      { variant_id: v.usdOnly, quantity: 1 },
    ])
    const card = `GC-${fixtureId("g")}`
    await insertGiftCard({ code: card, balance: 1000, regionId: na.regionId })
    const arranged = await update(cart.id, {
      shipping_address: { country_code: "us", first_name: "Ann" },
      discounts: [{ code: naOnlyCode }, { code: bothCode }],
      gift_cards: [{ code: card }],
    })
    expect(arranged.status).toBe(200)
    expect(arranged.body.cart.discounts.map((d: { code: string }) => d.code).sort()).toEqual([bothCode, naOnlyCode].sort())
    await insertShippingMethod({ cartId: cart.id, regionId: na.regionId, profileId: na.profileId, amount: 1000 })
    await insertPaymentSession(cart.id)

    const res = await update(cart.id, { region_id: eu.regionId })
    expect(res.status).toBe(200)
    const moved = res.body.cart
    expect(moved.region_id).toBe(eu.regionId)
    expect(moved.region.currency_code).toBe("eur")
    // the mug has a region price (850) that beats its currency price (900); the shirt takes its eur price
    const lines = moved.items.map((i: { variant_id: string; unit_price: number; has_shipping: boolean }) => [i.variant_id, i.unit_price, i.has_shipping])
    // lines created in one request share created_at, so their order is the ids' (random) order
    expect(lines.sort((x: number[], y: number[]) => Number(x[1]) - Number(y[1]))).toEqual([
      [v.mug, 850, false],
      [v.shirt, 1800, false],
    ])
    expect(moved.shipping_address).toMatchObject({ id: arranged.body.cart.shipping_address.id, first_name: "Ann", country_code: null })
    expect(moved.shipping_methods).toEqual([])
    expect(moved.payment_sessions).toEqual([])
    expect(moved.gift_cards).toEqual([])
    expect(moved.discounts.map((d: { code: string }) => d.code)).toEqual([bothCode])
    // 2 × 850 + 1800 = 3500; 25% tax = 875; total 4375
    expect(moved).toMatchObject({ subtotal: 3500, discount_total: 0, tax_total: 875, gift_card_total: 0, shipping_total: 0, total: 4375 })
    const rows = await db.all<{ n: number }>("SELECT count(*) AS n FROM shipping_method WHERE cart_id = ?", cart.id)
    expect(rows[0]!.n).toBe(0)
  })

  it("creates an empty shipping address, or one in the region's only country", async () => {
    const multi = await newCart()
    const a = await update(multi.id, { region_id: eu.regionId })
    expect(a.body.cart.shipping_address).toMatchObject({ country_code: null, first_name: null })
    const single = await newCart()
    const b = await update(single.id, { region_id: se.regionId })
    expect(b.body.cart.shipping_address).toMatchObject({ country_code: "se" })
  })

  it("sets the requested country, which must be in the new region", async () => {
    const cart = await newCart()
    const ok = await update(cart.id, { region_id: eu.regionId, country_code: "FR" })
    expect(ok.body.cart.shipping_address.country_code).toBe("fr")
    const withAddress = await newCart()
    const both = await update(withAddress.id, { region_id: eu.regionId, shipping_address: { country_code: "dk", city: "Aarhus" } })
    expect(both.body.cart.shipping_address).toMatchObject({ country_code: "dk", city: "Aarhus" })
    const bad = await update((await newCart()).id, { region_id: eu.regionId, country_code: "us" })
    expect(bad.status).toBe(400)
    expect(bad.body).toEqual({ type: "not_allowed", message: "Country not available in region" })
  })

  it("answers 404 for an unknown region and refuses a cart whose payment is authorized", async () => {
    const cart = await newCart([{ variant_id: v.mug, quantity: 1 }])
    const unknown = await update(cart.id, { region_id: "reg_nope" })
    expect(unknown.status).toBe(404)
    expect(unknown.body).toEqual({ type: "not_found", message: "Region with reg_nope was not found" })
    await authorizeCartPayment(cart.id)
    const res = await update(cart.id, { region_id: eu.regionId })
    expect(res.status).toBe(400)
    expect(res.body).toEqual({ type: "not_allowed", message: "Cannot change the region of a completed cart" })
    expect((await api.get(`/store/carts/${cart.id}`)).body.cart.region_id).toBe(na.regionId)
  })

  it("keeps everything when region_id is the cart's own region", async () => {
    const cart = await newCart([{ variant_id: v.usdOnly, quantity: 3 }])
    const res = await update(cart.id, { region_id: na.regionId })
    expect(res.body.cart.items).toHaveLength(1)
    expect(res.body.cart).toMatchObject({ subtotal: 1500, shipping_address: null })
  })
})

describe("POST /store/carts/:id — sales channel", () => {
  it("moves the cart and removes lines whose product the new channel does not carry", async () => {
    const cart = await newCart([{ variant_id: v.mug, quantity: 1 }, { variant_id: v.shirt, quantity: 1 }])
    const mugProduct = cart.items.find((i: { variant_id: string }) => i.variant_id === v.mug).variant.product_id
    const channel = await insertSalesChannel({ name: "Mugs only", productIds: [mugProduct] })
    const res = await update(cart.id, { sales_channel_id: channel })
    expect(res.status).toBe(200)
    expect(res.body.cart.sales_channel_id).toBe(channel)
    expect(res.body.cart.sales_channel.name).toBe("Mugs only")
    expect(res.body.cart.items.map((i: { variant_id: string }) => i.variant_id)).toEqual([v.mug])
    expect(res.body.cart.total).toBe(1000)
  })

  it("answers 404 for an unknown channel and 400 for a disabled one", async () => {
    const cart = await newCart()
    const disabled = await insertSalesChannel({ name: "Closed", is_disabled: true })
    const unknown = await update(cart.id, { sales_channel_id: "sc_nope" })
    expect(unknown.status).toBe(404)
    expect(unknown.body).toEqual({ type: "not_found", message: "Sales channel with id: sc_nope was not found" })
    const res = await update(cart.id, { sales_channel_id: disabled })
    expect(res.status).toBe(400)
    expect(res.body).toEqual({ type: "invalid_data", message: 'Unable to assign the cart to a disabled Sales Channel "Closed"' })
  })
})

describe("POST /store/carts/:id — validation and state", () => {
  it.each([
    [{ email: "not-an-email" }, "email must be an email"],
    [{ email: 5 }, "email must be an email"],
    [{ foo: "bar" }, "property foo should not exist"],
    [{ region_id: 5 }, "region_id must be a string"],
    [{ customer_id: 5 }, "customer_id must be a string"],
    [{ sales_channel_id: 5 }, "sales_channel_id must be a string"],
    [{ country_code: 5 }, "country_code must be a string"],
    [{ discounts: "x" }, "discounts must be an array, each value in nested property discounts must be either object or array"],
    [{ gift_cards: {} }, "gift_cards must be an array, each value in nested property gift_cards must be either object or array"],
    [{ discounts: [{}] }, "discounts.0.code must be a string"],
    [{ gift_cards: [{ code: 1 }] }, "gift_cards.0.code must be a string"],
    [{ discounts: [{ code: "A", x: 1 }] }, "property discounts.0.x should not exist"],
    [{ shipping_address: 5 }, "shipping_address must be one of AddressPayload or String"],
    [{ billing_address: { first_name: 5 } }, "billing_address must be one of AddressPayload or String"],
    [{ shipping_address: { foo: 1 } }, "property shipping_address.foo should not exist"],
    [{ context: "x" }, "context must be an object"],
  ] as [Record<string, unknown>, string][])("rejects %j with 400 invalid_data", async (body, message) => {
    const cart = await newCart()
    const res = await update(cart.id, body)
    expect(res.status).toBe(400)
    expect(res.body).toEqual({ type: "invalid_data", message })
  })

  it("answers 404 for an unknown cart", async () => {
    const res = await update("cart_nope", { email: "a@example.com" })
    expect(res.status).toBe(404)
    expect(res.body).toEqual({ type: "not_found", message: "Cart with cart_nope was not found" })
  })

  it("refuses to change a completed cart", async () => {
    const cart = await newCart()
    await db.all("UPDATE cart SET completed_at = ? WHERE id = ?", "2026-01-02T00:00:00.000Z", cart.id)
    const res = await update(cart.id, { email: "late@example.com" })
    expect(res.status).toBe(400)
    expect(res.body).toEqual({
      type: "not_allowed",
      code: "cart_incompatible_state",
      message: `Cart ${cart.id} is completed and can no longer be modified`,
    })
  })

  it("writes nothing when a later step fails (one batch)", async () => {
    const cart = await newCart([{ variant_id: v.mug, quantity: 1 }])
    const res = await update(cart.id, { shipping_address: { country_code: "us", city: "Boston" }, discounts: [{ code: "NOPE" }] })
    expect(res.status).toBe(404)
    const after = await api.get(`/store/carts/${cart.id}`)
    expect(after.body.cart.shipping_address).toBeNull()
  })
})
