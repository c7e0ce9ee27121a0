import { env } from "cloudflare:test"
import { beforeAll, describe, expect, it } from "vitest"
import { api } from "../helpers/api"
import { fixtureId } from "../helpers/cart-fixtures"
import { arrangeCheckoutStore, cartReadyToComplete, complete, type CheckoutStore } from "../helpers/checkout-fixtures"

/**
 * The cart command path (issue 9 §1): the cart's object keeps the cart it wrote, so a command costs at most one
 * read batch and one write batch, and a warm command that needs no reference rows costs the write alone.
 */
const v = { mug: fixtureId("variant"), shirt: fixtureId("variant") }
let store: CheckoutStore

beforeAll(async () => {
  store = await arrangeCheckoutStore({
    region: { currency_code: "eur", tax_rate: 25, countries: ["de"] },
    products: [
      { title: "Mug", variants: [{ id: v.mug, prices: [{ currency_code: "eur", amount: 850 }] }] },
      { title: "Shirt", variants: [{ id: v.shirt, prices: [{ currency_code: "eur", amount: 1800 }] }] },
    ],
  })
})

const newCart = async (items: { variant_id: string; quantity: number }[] = []) => {
  const res = await api.post("/store/carts", { region_id: store.regionId, items })
  expect(res.status).toBe(200)
  return res.body.cart as { id: string; items: { id: string }[] }
}

describe("D1 round trips per cart command", () => {
  it("create: one read batch (region, channel, customer, variants) and one write batch; the answer equals a read", async () => {
    const res = await api.post("/store/carts", { region_id: store.regionId, items: [{ variant_id: v.shirt, quantity: 1 }, { variant_id: v.mug, quantity: 2 }] })
    expect(res.status).toBe(200)
    expect(res.roundTrips).toBe(2)
    // 1800 + 2 × 850 = 3500, 25 % → 875
    expect(res.body.cart).toMatchObject({ region_id: store.regionId, subtotal: 3500, tax_total: 875, total: 4375 })
    const read = await api.get(`/store/carts/${res.body.cart.id}`)
    expect(read.body.cart).toEqual(res.body.cart)
  })


  it("cold: an update that looks rows up by the cart's lines reads the cart first (3 round trips)", async () => {
    const cart = await newCart([{ variant_id: v.shirt, quantity: 1 }])
    const res = await api.post(`/store/carts/${cart.id}`, { email: "cold@example.com" })
    expect(res.status).toBe(200)
    expect(res.roundTrips).toBe(3)
    expect(res.body.cart.email).toBe("cold@example.com")
  })

  it("cold: one read batch (cart, key, variant) and one write batch; the response is not re-read", async () => {
    const cart = await newCart()
    const res = await api.post(`/store/carts/${cart.id}/line-items`, { variant_id: v.mug, quantity: 2 })
    expect(res.status).toBe(200)
    expect(res.roundTrips).toBe(2)
    // 2 × 850 = 1700, 25% tax → 425
    expect(res.body.cart).toMatchObject({ subtotal: 1700, tax_total: 425, total: 2125 })
    expect((await api.get(`/store/carts/${cart.id}`)).body.cart).toEqual({ ...res.body.cart, customer: undefined })
  })

  it("warm: updating or deleting a line and updating the cart's context cost the write batch alone", async () => {
    const cart = await newCart()
    const added = await api.post(`/store/carts/${cart.id}/line-items`, { variant_id: v.mug, quantity: 1 })
    const lineId: string = added.body.cart.items[0].id
    const updated = await api.post(`/store/carts/${cart.id}/line-items/${lineId}`, { quantity: 3 })
    expect(updated.status).toBe(200)
    expect(updated.roundTrips).toBe(1)
    expect(updated.body.cart.items[0].quantity).toBe(3)
    const context = await api.post(`/store/carts/${cart.id}`, { context: { note: "gift" } })
    expect(context.roundTrips).toBe(1)
    expect(context.body.cart.context).toMatchObject({ note: "gift" })
    const deleted = await api.delete(`/store/carts/${cart.id}/line-items/${lineId}`)
    expect(deleted.roundTrips).toBe(1)
    expect(deleted.body.cart.items).toEqual([])
    // What the commands answered is what D1 holds.
    const read = await api.get(`/store/carts/${cart.id}`)
    expect(read.body.cart).toEqual(deleted.body.cart)
  })

  it("a shipping method and an update that looks rows up cost one read batch and one write batch", async () => {
    const cart = await newCart()
    await api.post(`/store/carts/${cart.id}/line-items`, { variant_id: v.shirt, quantity: 1 })
    const email = await api.post(`/store/carts/${cart.id}`, { email: "path@example.com" })
    expect(email.status).toBe(200)
    expect(email.roundTrips).toBe(2)
    const shipped = await api.post(`/store/carts/${cart.id}/shipping-methods`, { option_id: store.shippingOptionId })
    expect(shipped.status).toBe(200)
    expect(shipped.roundTrips).toBe(2)
    // 1800 + shipping 1000 = 2800, 25% tax on both → 700
    expect(shipped.body.cart).toMatchObject({ email: "path@example.com", shipping_total: 1000, tax_total: 700, total: 3500 })
  })

  it("completion: one read for the key and the cart, then one batch per recovery point", async () => {
    const cartId = await cartReadyToComplete(store, [{ variant_id: v.mug, quantity: 1 }], { provider: "manual" })
    const res = await complete(cartId)
    expect(res.status).toBe(200)
    expect(res.body.type).toBe("order")
    expect(res.roundTrips).toBe(COMPLETION_ROUND_TRIPS)
  })
})

/**
 * key + cart + payment (1), tax lines + authorization + recovery point (1), order + finished key (1), the order's
 * response read (1). (Was 8, then 6: tax lines had their own batch, and the response was stored in one more.)
 */
const COMPLETION_ROUND_TRIPS = 4

describe("a write that bypassed the cart's object", () => {
  it("is detected by the version guard: the object reloads and applies the command to the current cart", async () => {
    const cart = await newCart()
    const added = await api.post(`/store/carts/${cart.id}/line-items`, { variant_id: v.mug, quantity: 1 })
    const lineId: string = added.body.cart.items[0].id
    const warm = await api.post(`/store/carts/${cart.id}/line-items/${lineId}`, { quantity: 2 })
    expect(warm.roundTrips).toBe(1)
    // Someone changes the cart row outside the object; migration 0014's trigger moves its version on.
    await env.DB.prepare("UPDATE cart SET metadata = ? WHERE id = ?").bind(JSON.stringify({ from: "admin" }), cart.id).run()
    const res = await api.post(`/store/carts/${cart.id}/line-items/${lineId}`, { quantity: 4 })
    expect(res.status).toBe(200)
    expect(res.body.cart.metadata).toEqual({ from: "admin" })
    expect(res.body.cart.items[0].quantity).toBe(4)
    // the guarded write that failed, the reload, the write that landed
    expect(res.roundTrips).toBe(3)
    expect((await api.get(`/store/carts/${cart.id}`)).body.cart.metadata).toEqual({ from: "admin" })
  })

  it("moves the cart's version forward (migration 0014), so the object cannot overwrite it", async () => {
    const cart = await newCart()
    const before = await env.DB.prepare("SELECT version FROM cart WHERE id = ?").bind(cart.id).first<{ version: number }>()
    await env.DB.prepare("UPDATE cart SET email = ? WHERE id = ?").bind("x@example.com", cart.id).run()
    const after = await env.DB.prepare("SELECT version FROM cart WHERE id = ?").bind(cart.id).first<{ version: number }>()
    expect(after!.version).toBe(before!.version + 1)
  })
})

describe("read-your-writes bookmarks", () => {
  it("answers a command with the D1 bookmark of its writes, as a header and a cookie", async () => {
    const cart = await newCart()
    const res = await api.post(`/store/carts/${cart.id}/line-items`, { variant_id: v.mug, quantity: 1 })
    const bookmark = res.headers.get("x-d1-bookmark")
    expect(bookmark).toMatch(/^[0-9a-f]+(-[0-9a-f]+)+$/i)
    expect(res.headers.get("set-cookie")).toContain(`d1_bookmark=${bookmark}; Max-Age=86400; Path=/store; HttpOnly; SameSite=Lax`)
  })

  it("reads the cart with the bookmark it brings (header or cookie), and ignores a malformed one", async () => {
    const cart = await newCart()
    const res = await api.post(`/store/carts/${cart.id}/line-items`, { variant_id: v.shirt, quantity: 2 })
    const bookmark = res.headers.get("x-d1-bookmark")!
    const byHeader = await api.get(`/store/carts/${cart.id}`, { headers: { "x-d1-bookmark": bookmark } })
    expect(byHeader.status).toBe(200)
    expect(byHeader.body.cart.items[0].quantity).toBe(2)
    const byCookie = await api.get(`/store/carts/${cart.id}`, { headers: { cookie: `d1_bookmark=${bookmark}` } })
    expect(byCookie.body.cart.items[0].quantity).toBe(2)
    const malformed = await api.get(`/store/carts/${cart.id}`, { headers: { "x-d1-bookmark": "'; DROP TABLE cart; --" } })
    expect(malformed.status).toBe(200)
    expect(malformed.body.cart.items[0].quantity).toBe(2)
  })
})
