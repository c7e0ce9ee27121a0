import { beforeAll, describe, expect, it } from "vitest"
import { api, type ApiResponse } from "../helpers/api"
import { seedGoldenStore } from "../helpers/seed"
import { contractErrors } from "../helpers/openapi"

/**
 * Cart responses validated against the Medusa v1.20.10 Store OpenAPI spec (test/helpers/openapi.ts, with the
 * corrections it lists where v1's recorded responses contradict the spec), on the golden store. Each operation:
 * its 200 body and a 4xx whose body must match the spec's Error schema, plus concrete values.
 * Where v1 answers an unknown cart with a 500 (DELETE line item / discount, POST taxes, GET shipping options for
 * a cart), we answer 404 not_found, which the spec documents for every one of these operations.
 */
const conforms = (method: string, path: string, res: ApiResponse) => expect(contractErrors(method, path, res.status, res.body)).toEqual([])
const notFoundCart = (id: string) => ({ type: "not_found", message: `Cart with ${id} was not found` })

/** The NA shipping options of the golden store (Standard, Express) and the EU one. */
const so = { standard: "so_01M8E6RHQE4VJF5R098S1H1BVR", express: "so_01M8E6RHR37JYJ5HRHJNJ33N9N", eu: "so_01M8E6RHT4N4V1RWXT4CDHQ6BN" }

let cartId: string
let mugLine: string

beforeAll(async () => {
  await seedGoldenStore()
})

describe("cart operations", () => {
  it("POST /store/carts → 200 StoreCartsRes, 404 Error", async () => {
    const res = await api.post("/store/carts", {
      region_id: "reg_na",
      items: [{ variant_id: "variant_tshirt_s_black", quantity: 2 }, { variant_id: "variant_mug_one", quantity: 1 }],
    })
    expect(res.status).toBe(200)
    conforms("POST", "/store/carts", res)
    // 2 × 1950 + 1000 = 4900 (NA has no tax)
    expect(res.body.cart).toMatchObject({ region_id: "reg_na", subtotal: 4900, tax_total: 0, total: 4900 })
    cartId = res.body.cart.id
    mugLine = res.body.cart.items.find((i: { variant_id: string }) => i.variant_id === "variant_mug_one").id

    const missing = await api.post("/store/carts", { region_id: "reg_nope" })
    expect(missing.status).toBe(404)
    conforms("POST", "/store/carts", missing)
    expect(missing.body).toEqual({ type: "not_found", message: "Region with reg_nope was not found" })
  })

  it("GET /store/carts/{id} → 200 StoreCartsRes, 404 Error", async () => {
    const res = await api.get(`/store/carts/${cartId}`)
    expect(res.status).toBe(200)
    conforms("GET", "/store/carts/{id}", res)
    expect(res.body.cart.items).toHaveLength(2)

    const missing = await api.get("/store/carts/cart_nope")
    expect(missing.status).toBe(404)
    conforms("GET", "/store/carts/{id}", missing)
    expect(missing.body).toEqual(notFoundCart("cart_nope"))
  })

  it("POST /store/carts/{id}/line-items → 200 StoreCartsRes, 404 Error", async () => {
    const res = await api.post(`/store/carts/${cartId}/line-items`, { variant_id: "variant_sweatpants_m", quantity: 1, metadata: { gift_wrap: true } })
    expect(res.status).toBe(200)
    conforms("POST", "/store/carts/{id}/line-items", res)
    // 4900 + 3500
    expect(res.body.cart).toMatchObject({ subtotal: 8400, customer: null })

    const missing = await api.post("/store/carts/cart_nope/line-items", { variant_id: "variant_mug_one", quantity: 1 })
    expect(missing.status).toBe(404)
    conforms("POST", "/store/carts/{id}/line-items", missing)
    expect(missing.body).toEqual(notFoundCart("cart_nope"))
  })

  it("POST /store/carts/{id}/line-items/{line_id} → 200 StoreCartsRes, 400 Error (with v1's code)", async () => {
    const res = await api.post(`/store/carts/${cartId}/line-items/${mugLine}`, { quantity: 3 })
    expect(res.status).toBe(200)
    conforms("POST", "/store/carts/{id}/line-items/{line_id}", res)
    // 3900 + 3 × 1000 + 3500
    expect(res.body.cart.subtotal).toBe(10400)

    const over = await api.post(`/store/carts/${cartId}/line-items/${mugLine}`, { quantity: 5000 })
    expect(over.status).toBe(400)
    conforms("POST", "/store/carts/{id}/line-items/{line_id}", over)
    expect(over.body).toEqual({ type: "not_allowed", code: "insufficient_inventory", message: "Inventory doesn't cover the desired quantity" })
  })

  it("POST /store/carts/{id} → 200 StoreCartsRes (email, address, discount, gift card), 400 Error", async () => {
    const res = await api.post(`/store/carts/${cartId}`, {
      email: "guest@example.com",
      shipping_address: { first_name: "Jane", last_name: "Doe", address_1: "1 Main St", city: "New York", country_code: "us", postal_code: "10001" },
      discounts: [{ code: "TEST10" }],
      gift_cards: [{ code: "GIFT-100" }],
    })
    expect(res.status).toBe(200)
    conforms("POST", "/store/carts/{id}", res)
    // 10% of 10400 = 1040 off; 9360 is covered by the 10000 gift card
    expect(res.body.cart).toMatchObject({ subtotal: 10400, discount_total: 1040, gift_card_total: 9360, total: 0 })

    const bad = await api.post(`/store/carts/${cartId}`, { email: "not-an-email" })
    expect(bad.status).toBe(400)
    conforms("POST", "/store/carts/{id}", bad)
    expect(bad.body).toEqual({ type: "invalid_data", message: "email must be an email" })
  })

  it("GET /store/shipping-options/{cart_id} → 200 StoreCartShippingOptionsListRes, 404 Error", async () => {
    const res = await api.get(`/store/shipping-options/${cartId}`)
    expect(res.status).toBe(200)
    conforms("GET", "/store/shipping-options/{cart_id}", res)
    expect(res.body.shipping_options.map((o: { id: string }) => o.id)).toContain(so.standard)

    const missing = await api.get("/store/shipping-options/cart_nope")
    expect(missing.status).toBe(404)
    conforms("GET", "/store/shipping-options/{cart_id}", missing)
    expect(missing.body).toEqual(notFoundCart("cart_nope"))
  })

  it("POST /store/carts/{id}/shipping-methods → 200 StoreCartsRes, 400 and 404 Error", async () => {
    const res = await api.post(`/store/carts/${cartId}/shipping-methods`, { option_id: so.standard })
    expect(res.status).toBe(200)
    conforms("POST", "/store/carts/{id}/shipping-methods", res)
    expect(res.body.cart.shipping_methods.map((m: { shipping_option_id: string }) => m.shipping_option_id)).toEqual([so.standard])

    const missingBody = await api.post(`/store/carts/${cartId}/shipping-methods`, {})
    expect(missingBody.status).toBe(400)
    conforms("POST", "/store/carts/{id}/shipping-methods", missingBody)
    expect(missingBody.body).toEqual({ type: "invalid_data", message: "option_id must be a string" })

    const unknown = await api.post(`/store/carts/${cartId}/shipping-methods`, { option_id: "so_nope" })
    expect(unknown.status).toBe(404)
    conforms("POST", "/store/carts/{id}/shipping-methods", unknown)
    expect(unknown.body).toEqual({ type: "not_found", message: "Shipping Option with so_nope was not found" })
  })

  it("POST /store/carts/{id}/taxes → 200 StoreCartsRes, 404 Error", async () => {
    const res = await api.post(`/store/carts/${cartId}/taxes`)
    expect(res.status).toBe(200)
    conforms("POST", "/store/carts/{id}/taxes", res)
    expect(res.body.cart).toMatchObject({ id: cartId, tax_total: 0 })

    const missing = await api.post("/store/carts/cart_nope/taxes")
    expect(missing.status).toBe(404)
    conforms("POST", "/store/carts/{id}/taxes", missing)
    expect(missing.body).toEqual(notFoundCart("cart_nope"))
  })

  it("DELETE /store/carts/{id}/discounts/{code} → 200 StoreCartsRes, 404 Error", async () => {
    const res = await api.delete(`/store/carts/${cartId}/discounts/TEST10`)
    expect(res.status).toBe(200)
    conforms("DELETE", "/store/carts/{id}/discounts/{code}", res)
    expect(res.body.cart).toMatchObject({ discounts: [], discount_total: 0 })

    const missing = await api.delete("/store/carts/cart_nope/discounts/TEST10")
    expect(missing.status).toBe(404)
    conforms("DELETE", "/store/carts/{id}/discounts/{code}", missing)
    expect(missing.body).toEqual(notFoundCart("cart_nope"))
  })

  it("DELETE /store/carts/{id}/line-items/{line_id} → 200 StoreCartsRes, 404 Error", async () => {
    const res = await api.delete(`/store/carts/${cartId}/line-items/${mugLine}`)
    expect(res.status).toBe(200)
    conforms("DELETE", "/store/carts/{id}/line-items/{line_id}", res)
    expect(res.body.cart.items.map((i: { variant_id: string }) => i.variant_id).sort()).toEqual(["variant_sweatpants_m", "variant_tshirt_s_black"])

    const missing = await api.delete(`/store/carts/cart_nope/line-items/${mugLine}`)
    expect(missing.status).toBe(404)
    conforms("DELETE", "/store/carts/{id}/line-items/{line_id}", missing)
    expect(missing.body).toEqual(notFoundCart("cart_nope"))
  })

  it("an EU cart with taxes, a percentage discount, a taxed gift card and shipping conforms too", async () => {
    const created = await api.post("/store/carts", { region_id: "reg_eu", country_code: "de", items: [{ variant_id: "variant_mug_one", quantity: 2 }] })
    const id = created.body.cart.id
    conforms("POST", "/store/carts", created)
    conforms("POST", "/store/carts/{id}", await api.post(`/store/carts/${id}`, { discounts: [{ code: "EUONLY" }], gift_cards: [{ code: "GIFT-EU-50" }] }))
    const res = await api.post(`/store/carts/${id}/shipping-methods`, { option_id: so.eu })
    expect(res.status).toBe(200)
    conforms("POST", "/store/carts/{id}/shipping-methods", res)
    expect(res.body.cart.items[0].tax_lines).toEqual([{ rate: 25, name: "default", code: "default", item_id: res.body.cart.items[0].id }])
    expect(res.body.cart.gift_card_tax_total).toBeGreaterThan(0)
  })
})

describe("the contract check itself", () => {
  it("fails a cart without a field the spec requires, or with a wrong type", async () => {
    const { body } = await api.get(`/store/carts/${cartId}`)
    const without = (edit: (cart: Record<string, any>) => void) => {
      const copy = structuredClone(body)
      edit(copy.cart)
      return contractErrors("GET", "/store/carts/{id}", 200, copy)
    }
    expect(contractErrors("GET", "/store/carts/{id}", 200, body)).toEqual([])
    expect(without((c) => delete c.id)).toEqual(['#/cart: Instance does not have required property "id".'])
    expect(without((c) => delete c.items[0].unit_price)).toEqual(['#/cart/items/*: Instance does not have required property "unit_price".'])
    expect(without((c) => (c.region.tax_rate = "0"))).toEqual(expect.arrayContaining(['#/cart/region/tax_rate: Instance type "string" is invalid. Expected "number".']))
    expect(contractErrors("GET", "/store/carts/{id}", 404, {})).toEqual([
      '#: Instance does not have required property "type".',
      '#: Instance does not have required property "message".',
    ])
  })
})
