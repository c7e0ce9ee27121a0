import { env } from "cloudflare:test"
import { beforeAll, describe, expect, it } from "vitest"
import { api } from "../helpers/api"
import { catalogVersionWindowPassed } from "../helpers/catalog-cache"
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
    // A new cart's region and channel are catalog rows, reused under the catalog version: after the version window
    // the request reads the version first.
    catalogVersionWindowPassed()
    const res = await api.post("/store/carts", { region_id: store.regionId, items: [{ variant_id: v.shirt, quantity: 1 }, { variant_id: v.mug, quantity: 2 }] })
    expect(res.status).toBe(200)
    // the version read, one read batch, one write batch
    expect(res.roundTrips).toBe(3)
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

  it("also stops a command with lookups (the remembered cart is not re-read): reload, then apply on the current cart", async () => {
    const cart = await newCart([{ variant_id: v.mug, quantity: 1 }])
    expect((await api.post(`/store/carts/${cart.id}/line-items/${cart.items[0]!.id}`, { quantity: 2 })).roundTrips).toBe(2)
    await env.DB.prepare("UPDATE cart SET metadata = ? WHERE id = ?").bind(JSON.stringify({ from: "script" }), cart.id).run()
    const res = await api.post(`/store/carts/${cart.id}/line-items`, { variant_id: v.shirt, quantity: 1 })
    expect(res.status).toBe(200)
    expect(res.body.cart.metadata).toEqual({ from: "script" })
    expect(res.body.cart.items.map((i: { variant_id: string; quantity: number }) => [i.variant_id, i.quantity]).sort()).toEqual([[v.mug, 2], [v.shirt, 1]].sort())
    // 2 × 850 + 1800 = 3500
    expect(res.body.cart.subtotal).toBe(3500)
    // the key and the variant (not the cart), the guarded write that failed, the reload with them, the write
    expect(res.roundTrips).toBe(4)
  })

  it("moves the cart's version forward (migration 0014), so the object cannot overwrite it", async () => {
    const cart = await newCart()
    const before = await env.DB.prepare("SELECT version FROM cart WHERE id = ?").bind(cart.id).first<{ version: number }>()
    await env.DB.prepare("UPDATE cart SET email = ? WHERE id = ?").bind("x@example.com", cart.id).run()
    const after = await env.DB.prepare("SELECT version FROM cart WHERE id = ?").bind(cart.id).first<{ version: number }>()
    expect(after!.version).toBe(before!.version + 1)
  })
})

describe("GET /store/carts/:id through the cart's object", () => {
  it("answers the cart as the last command left it, in one round trip, warm or cold", async () => {
    const cart = await newCart([{ variant_id: v.shirt, quantity: 1 }])
    const updated = await api.post(`/store/carts/${cart.id}/line-items/${cart.items[0]!.id}`, { quantity: 3 })
    const warm = await api.get(`/store/carts/${cart.id}`)
    expect([warm.status, warm.roundTrips]).toEqual([200, 1])
    expect(warm.body.cart).toEqual(updated.body.cart)
    // 3 × 1800 = 5400, 25 % → 1350
    expect(warm.body.cart).toMatchObject({ subtotal: 5400, tax_total: 1350, total: 6750 })
    const again = await api.get(`/store/carts/${cart.id}`)
    expect([again.roundTrips, again.body.cart]).toEqual([1, warm.body.cart])
  })

  it("sees a write that bypassed the object and touched the cart row: D1's version no longer matches the memory", async () => {
    const cart = await newCart([{ variant_id: v.mug, quantity: 1 }])
    expect((await api.get(`/store/carts/${cart.id}`)).body.cart.email).toBeNull()
    await env.DB.prepare("UPDATE cart SET email = ? WHERE id = ?").bind("script@example.com", cart.id).run()
    const res = await api.get(`/store/carts/${cart.id}`)
    expect(res.body.cart.email).toBe("script@example.com")
    // the version read, then the cart
    expect(res.roundTrips).toBe(2)
    expect((await api.get(`/store/carts/${cart.id}`)).roundTrips).toBe(1)
  })

  it("answers 404 for a cart deleted behind the object's back (housekeeping), though it remembers the cart", async () => {
    const cart = await newCart([{ variant_id: v.mug, quantity: 1 }])
    expect((await api.get(`/store/carts/${cart.id}`)).status).toBe(200)
    await env.DB.prepare("UPDATE cart SET deleted_at = '2026-01-01T00:00:00.000Z' WHERE id = ?").bind(cart.id).run()
    const res = await api.get(`/store/carts/${cart.id}`)
    expect(res.status).toBe(404)
    expect(res.body).toEqual({ type: "not_found", message: `Cart with ${cart.id} was not found` })
  })

  it("does not see a bypassing write that leaves the cart row alone (why such writes must touch it)", async () => {
    const cart = await newCart([{ variant_id: v.mug, quantity: 1 }])
    expect((await api.get(`/store/carts/${cart.id}`)).body.cart.items[0].quantity).toBe(1)
    await env.DB.prepare("UPDATE line_item SET quantity = 7 WHERE cart_id = ?").bind(cart.id).run()
    expect((await api.get(`/store/carts/${cart.id}`)).body.cart.items[0].quantity).toBe(1)
    await env.DB.prepare("UPDATE cart SET updated_at = updated_at WHERE id = ?").bind(cart.id).run()
    expect((await api.get(`/store/carts/${cart.id}`)).body.cart.items[0].quantity).toBe(7)
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

  it("reads the placed order with the bookmark its completion brought (header or cookie), and ignores a malformed one", async () => {
    const cartId = await cartReadyToComplete(store, [{ variant_id: v.shirt, quantity: 2 }])
    const placed = await complete(cartId, fixtureId("key"))
    const bookmark = placed.headers.get("x-d1-bookmark")!
    expect(bookmark).toMatch(/^[0-9a-f]+(-[0-9a-f]+)+$/i)
    const byHeader = await api.get(`/store/orders/cart/${cartId}`, { headers: { "x-d1-bookmark": bookmark } })
    expect([byHeader.status, byHeader.body.order.id]).toEqual([200, placed.body.data.id])
    const byCookie = await api.get(`/store/orders/${placed.body.data.id}`, { headers: { cookie: `d1_bookmark=${bookmark}` } })
    expect([byCookie.status, byCookie.body.order.cart_id]).toEqual([200, cartId])
    const malformed = await api.get(`/store/orders/cart/${cartId}`, { headers: { "x-d1-bookmark": "'; DROP TABLE cart; --" } })
    expect([malformed.status, malformed.body.order.items[0].quantity]).toEqual([200, 2])
  })
})
