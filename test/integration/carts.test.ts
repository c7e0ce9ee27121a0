import { beforeAll, describe, expect, it } from "vitest"
import { api } from "../helpers/api"
import { arrangeStore, fixtureId } from "../helpers/cart-fixtures"

const v = {
  mug: fixtureId("variant"),
  shirt: fixtureId("variant"),
  scarce: fixtureId("variant"),
  backorder: fixtureId("variant"),
  unmanaged: fixtureId("variant"),
  noPrice: fixtureId("variant"),
}
let store: Awaited<ReturnType<typeof arrangeStore>>

beforeAll(async () => {
  store = await arrangeStore({
    region: { currency_code: "eur", tax_rate: 25, countries: ["de", "fr"] },
    products: [
      { title: "Mug", variants: [{ id: v.mug, title: "One Size", prices: [{ currency_code: "eur", amount: 850 }] }] },
      { title: "Shirt", variants: [{ id: v.shirt, prices: [{ currency_code: "eur", amount: 1800 }] }] },
      {
        title: "Scarce",
        variants: [
          { id: v.scarce, prices: [{ currency_code: "eur", amount: 1000 }], inventory_quantity: 5 },
          { id: v.backorder, prices: [{ currency_code: "eur", amount: 3500 }], inventory_quantity: 0, allow_backorder: true },
          { id: v.unmanaged, prices: [{ currency_code: "eur", amount: 500 }], inventory_quantity: 0, manage_inventory: false },
          { id: v.noPrice, title: "Priceless", prices: [{ currency_code: "usd", amount: 500 }] },
        ],
      },
    ],
  })
})

const newCart = async (body: Record<string, unknown> = {}) => {
  const res = await api.post("/store/carts", { region_id: store.regionId, ...body })
  expect(res.status).toBe(200)
  return res.body.cart
}

describe("POST /store/carts", () => {
  it("creates an empty cart in the region and the store's channel with zero totals", async () => {
    const res = await api.post("/store/carts", { region_id: store.regionId }, { headers: { "user-agent": "vitest" } })
    expect(res.status).toBe(200)
    const cart = res.body.cart
    expect(cart.id).toMatch(/^cart_[0-9A-Z]{26}$/)
    expect(cart).toMatchObject({
      object: "cart", region_id: store.regionId, type: "default", email: null, completed_at: null, items: [],
      discounts: [], gift_cards: [], shipping_methods: [], payment_sessions: [], shipping_address: null,
      subtotal: 0, discount_total: 0, tax_total: 0, total: 0, gift_card_total: 0, shipping_total: 0,
    })
    expect(cart.context).toEqual({ ip: "127.0.0.1", user_agent: "vitest" })
    expect(cart.region.currency_code).toBe("eur")
    expect(cart.region.countries.map((c: { iso_2: string }) => c.iso_2).sort()).toEqual(["de", "fr"])
  })

  it("sets the shipping country from country_code and adds items in the same request", async () => {
    const cart = await newCart({ country_code: "DE", items: [{ variant_id: v.mug, quantity: 2 }] })
    expect(cart.shipping_address).toMatchObject({ country_code: "de", first_name: null })
    expect(cart.items).toHaveLength(1)
    // 2 × 850 = 1700; tax 25% → 425; total 2125
    expect(cart.items[0]).toMatchObject({ variant_id: v.mug, quantity: 2, unit_price: 850, subtotal: 1700, tax_total: 425, total: 2125 })
    expect(cart.items[0].tax_lines).toEqual([{ rate: 25, name: "default", code: "default", item_id: cart.items[0].id }])
    expect(cart).toMatchObject({ subtotal: 1700, tax_total: 425, item_tax_total: 425, total: 2125 })
  })

  it("answers 404 for an unknown region and 400 for a country outside it", async () => {
    expect((await api.post("/store/carts", { region_id: "reg_nope" })).body).toEqual({
      type: "not_found",
      message: "Region with reg_nope was not found",
    })
    const res = await api.post("/store/carts", { region_id: store.regionId, country_code: "us" })
    expect(res.status).toBe(400)
    expect(res.body).toEqual({ type: "not_allowed", message: "Shipping country not in region" })
  })

  it("rejects invalid bodies with class-validator style messages", async () => {
    const res = await api.post("/store/carts", { region_id: 123, items: "x" })
    expect(res.status).toBe(400)
    expect(res.body).toEqual({ type: "invalid_data", message: "region_id must be a string, items must be an array, each value in nested property items must be either object or array" })
    const malformed = await api.post("/store/carts", '{"region_id": ')
    expect(malformed.status).toBe(400)
    expect(malformed.body.type).toBe("invalid_data")
  })

  it("creates nothing when an item fails (one batch)", async () => {
    const res = await api.post("/store/carts", { region_id: store.regionId, items: [{ variant_id: v.scarce, quantity: 6 }] })
    expect(res.status).toBe(400)
    expect(res.body.code).toBe("insufficient_inventory")
  })
})

describe("GET /store/carts/:id", () => {
  it("reads the full cart in one D1 round trip whatever its size", async () => {
    const small = await newCart({ items: [{ variant_id: v.mug, quantity: 1 }] })
    const big = await newCart({
      items: [v.mug, v.shirt, v.scarce, v.backorder, v.unmanaged].map((variant_id) => ({ variant_id, quantity: 1 })),
    })
    const a = await api.get(`/store/carts/${small.id}`)
    const b = await api.get(`/store/carts/${big.id}`)
    expect(a.status).toBe(200)
    expect(b.body.cart.items).toHaveLength(5)
    expect(a.roundTrips).toBe(1)
    expect(b.roundTrips).toBe(1)
  })

  it("answers 404 with Medusa's message for an unknown cart", async () => {
    const res = await api.get("/store/carts/cart_doesnotexist")
    expect(res.status).toBe(404)
    expect(res.body).toEqual({ type: "not_found", message: "Cart with cart_doesnotexist was not found" })
  })
})

describe("line items", () => {
  it("adds, merges the same variant, updates and removes with quantity 0", async () => {
    const cart = await newCart()
    const added = await api.post(`/store/carts/${cart.id}/line-items`, { variant_id: v.shirt, quantity: 1 })
    expect(added.status).toBe(200)
    const merged = await api.post(`/store/carts/${cart.id}/line-items`, { variant_id: v.shirt, quantity: 2 })
    expect(merged.body.cart.items).toHaveLength(1)
    const line = merged.body.cart.items[0]
    // 3 × 1800 = 5400, 25% tax 1350
    expect(line).toMatchObject({ quantity: 3, unit_price: 1800, subtotal: 5400, tax_total: 1350, total: 6750 })
    const updated = await api.post(`/store/carts/${cart.id}/line-items/${line.id}`, { quantity: 1 })
    expect(updated.body.cart.items[0].quantity).toBe(1)
    expect(updated.body.cart.total).toBe(2250)
    const removed = await api.post(`/store/carts/${cart.id}/line-items/${line.id}`, { quantity: 0 })
    expect(removed.status).toBe(200)
    expect(removed.body.cart.items).toEqual([])
    expect(removed.body.cart.total).toBe(0)
  })

  it("deletes a line, and deleting an unknown line changes nothing", async () => {
    const cart = await newCart({ items: [{ variant_id: v.mug, quantity: 1 }, { variant_id: v.shirt, quantity: 1 }] })
    const mugLine = cart.items.find((i: { variant_id: string }) => i.variant_id === v.mug)
    const res = await api.delete(`/store/carts/${cart.id}/line-items/${mugLine.id}`)
    expect(res.body.cart.items.map((i: { variant_id: string }) => i.variant_id)).toEqual([v.shirt])
    const again = await api.delete(`/store/carts/${cart.id}/line-items/item_nope`)
    expect(again.status).toBe(200)
    expect(again.body.cart.items).toHaveLength(1)
  })

  it("checks inventory with Medusa's errors, and honours backorders and unmanaged stock", async () => {
    const cart = await newCart()
    const over = await api.post(`/store/carts/${cart.id}/line-items`, { variant_id: v.scarce, quantity: 6 })
    expect(over.status).toBe(400)
    expect(over.body).toEqual({
      type: "not_allowed",
      code: "insufficient_inventory",
      message: `Variant with id: ${v.scarce} does not have the required inventory`,
    })
    const ok = await api.post(`/store/carts/${cart.id}/line-items`, { variant_id: v.scarce, quantity: 5 })
    expect(ok.status).toBe(200)
    const line = ok.body.cart.items[0]
    const updateOver = await api.post(`/store/carts/${cart.id}/line-items/${line.id}`, { quantity: 1000 })
    expect(updateOver.body).toEqual({
      type: "not_allowed",
      code: "insufficient_inventory",
      message: "Inventory doesn't cover the desired quantity",
    })
    expect((await api.post(`/store/carts/${cart.id}/line-items`, { variant_id: v.backorder, quantity: 3 })).status).toBe(200)
    const unmanaged = await api.post(`/store/carts/${cart.id}/line-items`, { variant_id: v.unmanaged, quantity: 50 })
    expect(unmanaged.status).toBe(200)
    expect(unmanaged.body.cart.items).toHaveLength(3)
  })

  it.each([
    [{ variant_id: "variant_nope", quantity: 1 }, "Unable to generate the line items, some variant has not been found: variant_nope"],
    [
      { quantity: 1, variant_id: "X" },
      "Unable to generate the line items, some variant has not been found: X",
    ],
    [
      { variant_id: "$mug", quantity: 0 },
      "Unable to generate the line item because one or more required argument(s) are missing. Ensure quantity, regionId, and variantId are passed",
    ],
    [
      { variant_id: "$mug", quantity: -1 },
      "Unable to generate the line item because one or more required argument(s) are missing. Ensure quantity, regionId, and variantId are passed",
    ],
    [{ variant_id: "$mug", quantity: "two" }, "quantity must be an integer number"],
    [{ variant_id: "$mug", quantity: 1.5 }, "quantity must be an integer number"],
    [{ variant_id: "$mug", quantity: 1e9 }, "quantity must not be greater than 1000000"],
    [{ quantity: 1 }, "variant_id must be a string"],
    [{ variant_id: "$mug", quantity: 1, metadata: "x" }, "metadata must be an object"],
    [{ variant_id: "$noPrice", quantity: 1 }, 'Cannot generate line item for variant "Priceless" without a price'],
  ] as [Record<string, unknown>, string][])("rejects %j with 400 invalid_data", async (body, message) => {
    const cart = await newCart()
    const ref = typeof body.variant_id === "string" && body.variant_id.startsWith("$") ? body.variant_id.slice(1) : undefined
    const resolved = ref ? { ...body, variant_id: v[ref as keyof typeof v] } : body
    const res = await api.post(`/store/carts/${cart.id}/line-items`, resolved)
    expect(res.status).toBe(400)
    expect(res.body).toEqual({ type: "invalid_data", message })
  })

  it("refuses products outside the cart's sales channel", async () => {
    const other = await arrangeStore({
      products: [{ title: "Elsewhere", inChannel: false, variants: [{ id: fixtureId("variant"), prices: [{ currency_code: "eur", amount: 100 }] }] }],
    })
    void other
    const cart = await newCart({ sales_channel_id: store.channelId })
    const { db } = await import("../helpers/db")
    const [variant] = await db.all<{ id: string }>(`SELECT v.id FROM product_variant v JOIN product p ON p.id = v.product_id WHERE p.title = 'Elsewhere'`)
    const res = await api.post(`/store/carts/${cart.id}/line-items`, { variant_id: variant!.id, quantity: 1 })
    expect(res.status).toBe(400)
    expect(res.body).toEqual({
      type: "invalid_data",
      message: 'The product "Elsewhere" must belongs to the sales channel on which the cart has been created.',
    })
  })

  it("answers 404 for an unknown cart", async () => {
    const res = await api.post("/store/carts/cart_nope/line-items", { variant_id: v.mug, quantity: 1 })
    expect(res.status).toBe(404)
    expect(res.body).toEqual({ type: "not_found", message: "Cart with cart_nope was not found" })
  })
})

describe("concurrency", () => {
  it("applies 20 parallel add-line-item requests one at a time: final quantity = successes", async () => {
    const cart = await newCart()
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => api.post(`/store/carts/${cart.id}/line-items`, { variant_id: v.shirt, quantity: 1 })),
    )
    const ok = responses.filter((r) => r.status === 200).length
    expect(responses.every((r) => r.status === 200)).toBe(true)
    const final = await api.get(`/store/carts/${cart.id}`)
    expect(final.body.cart.items).toHaveLength(1)
    expect(final.body.cart.items[0].quantity).toBe(ok)
    expect(ok).toBe(20)
  })
})

describe("D1 round trips of mutations (counted inside the cart's Durable Object)", () => {
  it("adds a line in a constant number of round trips, whatever the cart's size", async () => {
    const small = await newCart({ items: [{ variant_id: v.mug, quantity: 1 }] })
    const big = await newCart({ items: [v.mug, v.shirt, v.scarce, v.backorder].map((variant_id) => ({ variant_id, quantity: 1 })) })
    const a = await api.post(`/store/carts/${small.id}/line-items`, { variant_id: v.unmanaged, quantity: 1 })
    const b = await api.post(`/store/carts/${big.id}/line-items`, { variant_id: v.unmanaged, quantity: 1 })
    expect(a.status).toBe(200)
    expect(b.status).toBe(200)
    expect(a.roundTrips).toBe(b.roundTrips)
    // one read batch (key, cart, variant), one write batch (cart diff, key marker and stored response)
    expect(a.roundTrips).toBe(2)
  })
})
