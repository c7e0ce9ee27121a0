import { beforeAll, describe, expect, it } from "vitest"
import { api } from "../helpers/api"
import { db } from "../helpers/db"
import { arrangeStore, fixtureId } from "../helpers/cart-fixtures"
import {
  applyDiscountRow, arrangeFreeShippingDiscount, arrangeProfileFor, arrangeShippingOption,
} from "../helpers/shipping-fixtures"

const v = { mug: fixtureId("variant"), shirt: fixtureId("variant"), card: fixtureId("variant"), odd: fixtureId("variant") }
const so: Record<string, string> = {}
let store: Awaited<ReturnType<typeof arrangeStore>>
let otherRegionId: string
let cardProfileId: string

// Options are created in this order, so the list answers them in this order.
const at = (n: number) => `2026-01-01T00:00:0${n}.000Z`

beforeAll(async () => {
  store = await arrangeStore({
    region: { currency_code: "eur", tax_rate: 25, countries: ["de"] },
    products: [
      { title: "Mug", variants: [{ id: v.mug, prices: [{ currency_code: "eur", amount: 850 }] }] },
      { title: "Shirt", variants: [{ id: v.shirt, prices: [{ currency_code: "eur", amount: 1800 }] }] },
      { title: "Card", variants: [{ id: v.card, prices: [{ currency_code: "eur", amount: 2500 }] }] },
      { title: "Odd", variants: [{ id: v.odd, prices: [{ currency_code: "eur", amount: 100 }] }] },
    ],
  })
  otherRegionId = (await arrangeStore({ region: { currency_code: "usd" } })).regionId
  cardProfileId = await arrangeProfileFor(store.products[2]!.id, "Gift Card Profile")
  const oddProfileId = await arrangeProfileFor(store.products[3]!.id, "Odd Profile")
  const base = { regionId: store.regionId, profileId: store.profileId }
  so.standard = await arrangeShippingOption({ ...base, name: "Standard", amount: 1000, created_at: at(1) })
  so.express = await arrangeShippingOption({ ...base, name: "Express", amount: 2500, created_at: at(2) })
  so.freeOver = await arrangeShippingOption({
    ...base, name: "Free over 5400", amount: 0, requirements: [{ type: "min_subtotal", amount: 5400 }], created_at: at(3),
  })
  so.smallOnly = await arrangeShippingOption({
    ...base, name: "Letter", amount: 300, requirements: [{ type: "max_subtotal", amount: 2000 }], created_at: at(4),
  })
  so.taxed = await arrangeShippingOption({ ...base, name: "Reduced tax", amount: 1000, taxRates: [10], created_at: at(5) })
  so.returnOpt = await arrangeShippingOption({ ...base, name: "Return", amount: 500, is_return: true, created_at: at(6) })
  so.adminOnly = await arrangeShippingOption({ ...base, name: "Staff", amount: 1, admin_only: true, created_at: at(7) })
  so.deleted = await arrangeShippingOption({ ...base, name: "Gone", amount: 1, deleted: true, created_at: at(8) })
  so.gift = await arrangeShippingOption({ regionId: store.regionId, profileId: cardProfileId, name: "Gift card delivery", amount: 0 })
  so.otherRegion = await arrangeShippingOption({ regionId: otherRegionId, profileId: store.profileId, name: "US", amount: 700 })
  so.calculated = await arrangeShippingOption({
    regionId: store.regionId, profileId: oddProfileId, name: "Calculated", price_type: "calculated", amount: null, created_at: at(1),
  })
  so.unknownProvider = await arrangeShippingOption({
    regionId: store.regionId, profileId: oddProfileId, name: "Courier", provider_id: "courier", amount: 900, created_at: at(2),
  })
})

type Line = { variant_id: string; quantity: number }
const newCart = async (items: Line[] = []) => {
  const res = await api.post("/store/carts", { region_id: store.regionId, items })
  expect(res.status).toBe(200)
  return res.body.cart as { id: string; items: { id: string; variant_id: string }[] }
}
const addMethod = (cartId: string, body: unknown) => api.post(`/store/carts/${cartId}/shipping-methods`, body)
const optionIds = (res: { body: { shipping_options: { id: string }[] } }) => res.body.shipping_options.map((o) => o.id)

describe("POST /store/carts/:id/shipping-methods", () => {
  it("adds a method priced at the option's flat rate, taxed at the region rate, and marks the lines shipped", async () => {
    const cart = await newCart([{ variant_id: v.shirt, quantity: 1 }])
    const res = await addMethod(cart.id, { option_id: so.standard })
    expect(res.status).toBe(200)
    const body = res.body.cart
    expect(body.shipping_methods).toHaveLength(1)
    const method = body.shipping_methods[0]
    expect(method.id).toMatch(/^sm_[0-9A-Z]{26}$/)
    expect(method).toEqual({
      id: method.id,
      shipping_option_id: so.standard,
      order_id: null,
      claim_order_id: null,
      cart_id: cart.id,
      swap_id: null,
      return_id: null,
      price: 1000,
      data: {},
      shipping_option: {
        id: so.standard, created_at: at(1), updated_at: at(1), deleted_at: null, name: "Standard", region_id: store.regionId,
        profile_id: store.profileId, provider_id: "manual", price_type: "flat_rate", amount: 1000, is_return: false,
        admin_only: false, data: { id: "manual-fulfillment" }, metadata: null,
      },
      tax_lines: [{ rate: 25, name: "default", code: "default", shipping_method_id: method.id }],
      // 1000 at 25% → 250 tax
      original_total: 1250,
      total: 1250,
      subtotal: 1000,
      original_tax_total: 250,
      tax_total: 250,
    })
    // v1's key order (golden 87)
    expect(Object.keys(method)).toEqual([
      "id", "shipping_option_id", "order_id", "claim_order_id", "cart_id", "swap_id", "return_id", "price", "data",
      "shipping_option", "tax_lines", "original_total", "total", "subtotal", "original_tax_total", "tax_total",
    ])
    expect(Object.keys(method.shipping_option)).toEqual([
      "id", "created_at", "updated_at", "deleted_at", "name", "region_id", "profile_id", "provider_id", "price_type",
      "amount", "is_return", "admin_only", "data", "metadata",
    ])
    // 1800 + 1000 shipping; tax 450 + 250 = 700; total 3500
    expect(body).toMatchObject({
      subtotal: 1800, shipping_total: 1000, item_tax_total: 450, shipping_tax_total: 250, tax_total: 700, total: 3500,
    })
    expect(body.items[0].has_shipping).toBe(true)
    const after = await api.get(`/store/carts/${cart.id}`)
    expect(after.body.cart.shipping_methods.map((m: { id: string }) => m.id)).toEqual([method.id])
    expect(after.body.cart.total).toBe(3500)
    expect(after.roundTrips).toBe(1)
  })

  it("replaces the method of the same shipping profile", async () => {
    const cart = await newCart([{ variant_id: v.shirt, quantity: 1 }])
    const first = await addMethod(cart.id, { option_id: so.standard })
    const firstId = first.body.cart.shipping_methods[0].id
    const res = await addMethod(cart.id, { option_id: so.express })
    expect(res.status).toBe(200)
    expect(res.body.cart.shipping_methods.map((m: { shipping_option_id: string; price: number }) => [m.shipping_option_id, m.price])).toEqual([
      [so.express, 2500],
    ])
    // 1800 + 2500 shipping; tax 450 + 625 = 1075; total 5375
    expect(res.body.cart).toMatchObject({ shipping_total: 2500, shipping_tax_total: 625, tax_total: 1075, total: 5375 })
    const rows = await db.all<{ id: string }>("SELECT id FROM shipping_method WHERE cart_id = ?", cart.id)
    expect(rows.map((r) => r.id)).not.toContain(firstId)
    expect(rows).toHaveLength(1)
  })

  it("keeps one method per profile, and a line ships only once its profile has a method", async () => {
    const cart = await newCart([{ variant_id: v.shirt, quantity: 1 }, { variant_id: v.card, quantity: 1 }])
    const shipped = (res: { body: { cart: { items: { variant_id: string; has_shipping: boolean }[] } } }) =>
      Object.fromEntries(res.body.cart.items.map((i) => [i.variant_id === v.shirt ? "shirt" : "card", i.has_shipping]))

    const standard = await addMethod(cart.id, { option_id: so.standard })
    expect(shipped(standard)).toEqual({ shirt: true, card: false })
    const gift = await addMethod(cart.id, { option_id: so.gift })
    expect(shipped(gift)).toEqual({ shirt: true, card: true })
    const express = await addMethod(cart.id, { option_id: so.express })
    expect(express.body.cart.shipping_methods.map((m: { shipping_option_id: string }) => m.shipping_option_id).sort()).toEqual(
      [so.express, so.gift].sort(),
    )
    // 2500 express + 0 gift delivery; tax 625
    expect(express.body.cart).toMatchObject({ shipping_total: 2500, shipping_tax_total: 625 })
  })

  it("checks min_subtotal (inclusive) and max_subtotal (exclusive) against the cart's subtotal", async () => {
    const unmet = { type: "not_allowed", message: "The Cart does not satisfy the shipping option's requirements" }
    // 2 × 1800 = 3600 < 5400
    const small = await newCart([{ variant_id: v.shirt, quantity: 2 }])
    const refused = await addMethod(small.id, { option_id: so.freeOver })
    expect(refused.status).toBe(400)
    expect(refused.body).toEqual(unmet)
    // 3 × 1800 = 5400: exactly the minimum
    const big = await newCart([{ variant_id: v.shirt, quantity: 3 }])
    const free = await addMethod(big.id, { option_id: so.freeOver })
    expect(free.status).toBe(200)
    expect(free.body.cart).toMatchObject({ subtotal: 5400, shipping_total: 0, shipping_tax_total: 0 })
    // 1800 < 2000: the letter rate applies; 1800 + 850 = 2650 does not
    const letter = await addMethod((await newCart([{ variant_id: v.shirt, quantity: 1 }])).id, { option_id: so.smallOnly })
    expect(letter.status).toBe(200)
    expect(letter.body.cart.shipping_methods[0].price).toBe(300)
    const tooBig = await addMethod(
      (await newCart([{ variant_id: v.shirt, quantity: 1 }, { variant_id: v.mug, quantity: 1 }])).id,
      { option_id: so.smallOnly },
    )
    expect(tooBig.status).toBe(400)
    expect(tooBig.body).toEqual(unmet)
  })

  it("refuses an option of another region, a return option, and hides admin-only and deleted options", async () => {
    const cart = await newCart([{ variant_id: v.shirt, quantity: 1 }])
    const otherRegion = await addMethod(cart.id, { option_id: so.otherRegion })
    expect(otherRegion.status).toBe(400)
    expect(otherRegion.body).toEqual({ type: "invalid_data", message: "The shipping option is not available in the cart's region" })
    const returnOpt = await addMethod(cart.id, { option_id: so.returnOpt })
    expect(returnOpt.status).toBe(400)
    expect(returnOpt.body).toEqual({ type: "invalid_data", message: "A return shipping option cannot be used to ship a cart" })
    for (const id of [so.adminOnly!, so.deleted!, "so_nope"]) {
      const res = await addMethod(cart.id, { option_id: id })
      expect(res.status).toBe(404)
      expect(res.body).toEqual({ type: "not_found", message: `Shipping Option with ${id} was not found` })
    }
    const unchanged = await api.get(`/store/carts/${cart.id}`)
    expect(unchanged.body.cart.shipping_methods).toEqual([])
    expect(unchanged.body.cart.items[0].has_shipping).toBe(false)
  })

  it("validates the body and the cart", async () => {
    const cart = await newCart([{ variant_id: v.shirt, quantity: 1 }])
    const missing = await addMethod(cart.id, {})
    expect(missing.status).toBe(400)
    expect(missing.body).toEqual({ type: "invalid_data", message: "option_id must be a string" })
    const badData = await addMethod(cart.id, { option_id: so.standard, data: "x" })
    expect(badData.body).toEqual({ type: "invalid_data", message: "data must be an object" })
    const unknownCart = await addMethod("cart_nope", { option_id: so.standard })
    expect(unknownCart.status).toBe(404)
    expect(unknownCart.body).toEqual({ type: "not_found", message: "Cart with cart_nope was not found" })
  })

  it("stores the data the manual provider accepts, unchanged", async () => {
    const cart = await newCart([{ variant_id: v.shirt, quantity: 1 }])
    const res = await addMethod(cart.id, { option_id: so.standard, data: { pickup_point: "P-17", notes: { door: 2 } } })
    expect(res.body.cart.shipping_methods[0].data).toEqual({ pickup_point: "P-17", notes: { door: 2 } })
  })

  it("answers the provider's failures: unknown provider 404, manual cannot price a calculated option", async () => {
    const cart = await newCart([{ variant_id: v.odd, quantity: 1 }])
    const unknown = await addMethod(cart.id, { option_id: so.unknownProvider })
    expect(unknown.status).toBe(404)
    expect(unknown.body).toEqual({ type: "not_found", message: "Could not find a fulfillment provider with id: courier" })
    const calculated = await addMethod(cart.id, { option_id: so.calculated })
    expect(calculated.status).toBe(500)
    expect(calculated.body).toEqual({ type: "unexpected_state", message: "Manual Fulfillment service cannot calculatePrice" })
  })

  it("stores methods at price 0 while the cart has a free-shipping discount", async () => {
    const cart = await newCart([{ variant_id: v.shirt, quantity: 1 }])
    await applyDiscountRow(cart.id, await arrangeFreeShippingDiscount(store.regionId))
    const res = await addMethod(cart.id, { option_id: so.express })
    expect(res.status).toBe(200)
    expect(res.body.cart.shipping_methods[0]).toMatchObject({ price: 0, subtotal: 0, total: 0, tax_total: 0 })
    // 1800 + 450 tax
    expect(res.body.cart).toMatchObject({ shipping_total: 0, tax_total: 450, total: 2250 })
  })

  it("uses the option's own shipping tax rates over the region default", async () => {
    const cart = await newCart([{ variant_id: v.shirt, quantity: 1 }])
    const res = await addMethod(cart.id, { option_id: so.taxed })
    const method = res.body.cart.shipping_methods[0]
    expect(method.tax_lines).toEqual([{ rate: 10, name: "Shipping 10%", code: "SHIP0", shipping_method_id: method.id }])
    // 1000 at 10% → 100; items 450; total 1800 + 1000 + 550
    expect(res.body.cart).toMatchObject({ shipping_tax_total: 100, tax_total: 550, total: 3350 })
  })
})

describe("GET /store/shipping-options/:cart_id", () => {
  it("lists the region's options for the cart's profiles whose requirements the subtotal meets, priced with tax", async () => {
    const cart = await newCart([{ variant_id: v.shirt, quantity: 1 }])
    const res = await api.get(`/store/shipping-options/${cart.id}`)
    expect(res.status).toBe(200)
    // 1800: Letter (max 2000) yes, Free over 5400 no; return, admin-only, deleted, other region, gift profile: never
    expect(optionIds(res)).toEqual([so.standard, so.express, so.smallOnly, so.taxed])
    const [standard, , letter, taxed] = res.body.shipping_options
    expect(standard).toEqual({
      id: so.standard, created_at: at(1), updated_at: at(1), deleted_at: null, name: "Standard", region_id: store.regionId,
      profile_id: store.profileId, provider_id: "manual", price_type: "flat_rate", amount: 1000, is_return: false,
      admin_only: false, data: { id: "manual-fulfillment" }, metadata: null,
      profile: {
        id: store.profileId, name: "Default Shipping Profile", type: "default", metadata: null,
        created_at: "2026-01-01T00:00:00.000Z", updated_at: "2026-01-01T00:00:00.000Z", deleted_at: null,
      },
      requirements: [],
      // 1000 at 25% → 250
      price_incl_tax: 1250,
      tax_rates: [{ rate: 25, name: "default", code: "default" }],
      tax_amount: 250,
    })
    // golden 86's key order
    expect(Object.keys(standard)).toEqual([
      "id", "created_at", "updated_at", "deleted_at", "name", "region_id", "profile_id", "provider_id", "price_type",
      "amount", "is_return", "admin_only", "data", "metadata", "profile", "requirements", "price_incl_tax", "tax_rates",
      "tax_amount",
    ])
    expect(letter.requirements).toEqual([
      { id: expect.stringMatching(/^sor_/), shipping_option_id: so.smallOnly, type: "max_subtotal", amount: 2000, deleted_at: null },
    ])
    // 300 at 25% → 75
    expect(letter).toMatchObject({ amount: 300, price_incl_tax: 375, tax_amount: 75 })
    // the option's own 10% rate: 1000 → 100
    expect(taxed).toMatchObject({ price_incl_tax: 1100, tax_amount: 100, tax_rates: [{ rate: 10, name: "Shipping 10%", code: "SHIP0" }] })
    expect(res.roundTrips).toBe(2)
  })

  it("follows the subtotal: a bigger cart gains the free option and loses the letter rate", async () => {
    const cart = await newCart([{ variant_id: v.shirt, quantity: 3 }])
    const res = await api.get(`/store/shipping-options/${cart.id}`)
    expect(optionIds(res)).toEqual([so.standard, so.express, so.freeOver, so.taxed])
    expect(res.body.shipping_options[2]).toMatchObject({ amount: 0, price_incl_tax: 0, tax_amount: 0 })
  })

  it("offers each profile's options, drops options its provider cannot price, and nothing for an empty cart", async () => {
    const mixed = await newCart([{ variant_id: v.card, quantity: 1 }, { variant_id: v.odd, quantity: 1 }])
    const res = await api.get(`/store/shipping-options/${mixed.id}`)
    // Calculated (manual cannot price it) is dropped; the unknown provider's flat rate needs no provider (v1)
    expect(optionIds(res)).toEqual([so.gift, so.unknownProvider])
    const empty = await newCart()
    expect((await api.get(`/store/shipping-options/${empty.id}`)).body).toEqual({ shipping_options: [] })
  })

  it("shows no tax when the region does not compute taxes automatically", async () => {
    const manual = await arrangeStore({
      region: { currency_code: "eur", tax_rate: 25, automatic_taxes: false },
      products: [{ title: "Book", variants: [{ id: fixtureId("variant"), prices: [{ currency_code: "eur", amount: 1200 }] }] }],
    })
    const optionId = await arrangeShippingOption({ regionId: manual.regionId, profileId: manual.profileId, amount: 600 })
    const [variant] = await db.all<{ id: string }>("SELECT id FROM product_variant WHERE product_id = ?", manual.products[0]!.id)
    const cart = await api.post("/store/carts", { region_id: manual.regionId, items: [{ variant_id: variant!.id, quantity: 1 }] })
    const res = await api.get(`/store/shipping-options/${cart.body.cart.id}`)
    expect(res.body.shipping_options).toHaveLength(1)
    expect(res.body.shipping_options[0]).toMatchObject({ id: optionId, amount: 600, price_incl_tax: 600, tax_rates: [], tax_amount: 0 })
  })

  it("answers 404 for an unknown cart", async () => {
    const res = await api.get("/store/shipping-options/cart_nope")
    expect(res.status).toBe(404)
    expect(res.body).toEqual({ type: "not_found", message: "Cart with cart_nope was not found" })
  })
})
