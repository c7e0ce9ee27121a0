import { beforeAll, describe, expect, it } from "vitest"
import { api } from "../helpers/api"
import { db } from "../helpers/db"
import { arrangeStore, fixtureId } from "../helpers/cart-fixtures"
import { arrangeShippingOption, arrangeStoredTaxLines } from "../helpers/shipping-fixtures"

const shirt = fixtureId("variant")
const tee = fixtureId("variant")
let manual: Awaited<ReturnType<typeof arrangeStore>>
let automatic: Awaited<ReturnType<typeof arrangeStore>>
let manualOption: string
let automaticOption: string

beforeAll(async () => {
  // Same rates, but the first region leaves taxes to POST /taxes and completion.
  manual = await arrangeStore({
    region: { currency_code: "eur", tax_rate: 25, automatic_taxes: false },
    products: [{ title: "Shirt", variants: [{ id: shirt, prices: [{ currency_code: "eur", amount: 1800 }] }] }],
  })
  automatic = await arrangeStore({
    region: { currency_code: "eur", tax_rate: 25 },
    products: [{ title: "Tee", variants: [{ id: tee, prices: [{ currency_code: "eur", amount: 1800 }] }] }],
  })
  manualOption = await arrangeShippingOption({ regionId: manual.regionId, profileId: manual.profileId, amount: 1000 })
  automaticOption = await arrangeShippingOption({ regionId: automatic.regionId, profileId: automatic.profileId, amount: 1000 })
})

/** A cart with one 1800 line and a 1000 shipping method. */
async function cartWithShipping(regionId: string, variantId: string, optionId: string) {
  const created = await api.post("/store/carts", { region_id: regionId, items: [{ variant_id: variantId, quantity: 1 }] })
  const res = await api.post(`/store/carts/${created.body.cart.id}/shipping-methods`, { option_id: optionId })
  expect(res.status).toBe(200)
  return res.body.cart as { id: string; updated_at: string; items: { id: string }[]; shipping_methods: { id: string }[] }
}

// golden 107: v1 answers this route with the totals relations only
const TAXES_CART_KEYS = [
  "object", "id", "created_at", "updated_at", "deleted_at", "email", "billing_address_id", "shipping_address_id",
  "region_id", "customer_id", "payment_id", "type", "completed_at", "payment_authorized_at", "idempotency_key", "context",
  "metadata", "sales_channel_id", "discounts", "gift_cards", "items", "region", "shipping_address", "shipping_methods",
  "subtotal", "discount_total", "item_tax_total", "shipping_total", "shipping_tax_total", "tax_total", "gift_card_total",
  "gift_card_tax_total", "total",
]

describe("POST /store/carts/:id/taxes", () => {
  it("computes the region's tax lines although automatic taxes are off, and stores nothing (v1 force_taxes)", async () => {
    const cart = await cartWithShipping(manual.regionId, shirt, manualOption)
    const item = cart.items[0]!.id
    const method = cart.shipping_methods[0]!.id
    const before = await api.get(`/store/carts/${cart.id}`)
    // No tax lines while automatic taxes are off: 1800 + 1000
    expect(before.body.cart.items[0].tax_lines).toEqual([])
    expect(before.body.cart).toMatchObject({ tax_total: 0, total: 2800 })

    const res = await api.post(`/store/carts/${cart.id}/taxes`)
    expect(res.status).toBe(200)
    const taxed = res.body.cart
    expect(taxed.items[0].tax_lines).toEqual([{ rate: 25, name: "default", code: "default", item_id: item }])
    expect(taxed.shipping_methods[0].tax_lines).toEqual([{ rate: 25, name: "default", code: "default", shipping_method_id: method }])
    // 1800 at 25% → 450; 1000 at 25% → 250; total 2800 + 700
    expect(taxed.items[0]).toMatchObject({ subtotal: 1800, tax_total: 450, total: 2250, original_tax_total: 450 })
    expect(taxed.shipping_methods[0]).toMatchObject({ subtotal: 1000, tax_total: 250, total: 1250 })
    expect(taxed).toMatchObject({ item_tax_total: 450, shipping_tax_total: 250, tax_total: 700, total: 3500 })
    // The cart itself is not written
    expect(taxed.updated_at).toBe(before.body.cart.updated_at)

    const after = await api.get(`/store/carts/${cart.id}`)
    expect(after.body.cart.items[0].tax_lines).toEqual([])
    expect(after.body.cart.total).toBe(2800)
    expect(await db.all("SELECT id FROM line_item_tax_line WHERE item_id = ?", item)).toEqual([])
    expect(await db.all("SELECT id FROM shipping_method_tax_line WHERE shipping_method_id = ?", method)).toEqual([])
  })

  it("answers v1's totals-only shape: no payment or channel relations, a bare region, methods without options", async () => {
    const cart = await cartWithShipping(automatic.regionId, tee, automaticOption)
    const res = await api.post(`/store/carts/${cart.id}/taxes`)
    // (the cart's own columns come in schema order, so the set is compared, not the order)
    expect(Object.keys(res.body.cart).sort()).toEqual([...TAXES_CART_KEYS].sort())
    expect(res.body.cart.region).not.toHaveProperty("countries")
    expect(res.body.cart.region).not.toHaveProperty("payment_providers")
    expect(res.body.cart.region.tax_rates).toEqual([])
    expect(res.body.cart.shipping_methods[0]).not.toHaveProperty("shipping_option")
    expect(res.body.cart.items[0].variant.product.profile.id).toBe(automatic.profileId)
    // With automatic taxes the numbers are those of GET
    const get = await api.get(`/store/carts/${cart.id}`)
    expect(res.body.cart).toMatchObject({ tax_total: get.body.cart.tax_total, total: get.body.cart.total })
    expect(res.body.cart.total).toBe(3500)
  })

  it("shows stored tax lines in v1's shape on GET, while POST /taxes recomputes them", async () => {
    const cart = await cartWithShipping(manual.regionId, shirt, manualOption)
    const item = cart.items[0]!.id
    const method = cart.shipping_methods[0]!.id
    const { itemLineId, methodLineId } = await arrangeStoredTaxLines({ itemId: item, methodId: method, rate: 20 })

    const get = await api.get(`/store/carts/${cart.id}`)
    const stamp = "2026-01-01T00:00:00.000Z"
    const itemLines = get.body.cart.items[0].tax_lines
    expect(itemLines).toEqual([
      { id: itemLineId, created_at: stamp, updated_at: stamp, rate: 20, name: "Stored", code: "STORED", metadata: null, item_id: item },
    ])
    // golden 110's key order for persisted lines
    expect(Object.keys(itemLines[0])).toEqual(["id", "created_at", "updated_at", "rate", "name", "code", "metadata", "item_id"])
    expect(Object.keys(get.body.cart.shipping_methods[0].tax_lines[0])).toEqual([
      "id", "created_at", "updated_at", "rate", "name", "code", "metadata", "shipping_method_id",
    ])
    expect(get.body.cart.shipping_methods[0].tax_lines[0].id).toBe(methodLineId)
    // Stored 20%: 1800 → 360, 1000 → 200
    expect(get.body.cart).toMatchObject({ item_tax_total: 360, shipping_tax_total: 200, tax_total: 560, total: 3360 })
    // The fixture's write bypassed the cart's object: its version read sees that, then it reads the cart.
    expect(get.roundTrips).toBe(2)

    const res = await api.post(`/store/carts/${cart.id}/taxes`)
    expect(res.body.cart.items[0].tax_lines).toEqual([{ rate: 25, name: "default", code: "default", item_id: item }])
    expect(res.body.cart).toMatchObject({ tax_total: 700, total: 3500 })
  })

  it("answers 404 for an unknown cart", async () => {
    const res = await api.post("/store/carts/cart_nope/taxes")
    expect(res.status).toBe(404)
    expect(res.body).toEqual({ type: "not_found", message: "Cart with cart_nope was not found" })
  })
})
