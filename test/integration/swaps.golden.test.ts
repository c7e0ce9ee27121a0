import { beforeAll, describe, expect, it } from "vitest"
import { api } from "../helpers/api"
import { adminApi } from "../helpers/admin"
import { seedGoldenStore } from "../helpers/seed"
import g183 from "../fixtures/medusa-v1/golden/183-create-swap.json"
import g184 from "../fixtures/medusa-v1/golden/184-get-swap-by-cart.json"
import g185 from "../fixtures/medusa-v1/golden/185-get-swap-cart.json"

/**
 * Golden replay of the swap recordings (183 create, 184 get by cart, 185 the swap's cart) from Medusa 1.20.11. As in
 * returns.golden.test.ts, the recorded order (2 × "M / Black" tee at 1950, standard shipping, no tax) is placed here
 * by a guest through the normal checkout, captured and fulfilled through the admin API, and the swap is requested
 * with the recorded body and Idempotency-Key.
 *
 * Normalized before comparing: generated ids become their prefix and replay-time timestamps a marker. Left out, with
 * why: the parent order's own columns (customer, email, display id, cart, address: recording 171's customer placed
 * it), the variants' live stock and `updated_at`, the order of a region's countries (v1's is arbitrary), and the swap cart's address ids (copied from the order here, so
 * that editing the swap cart's address never edits the order's; v1 shares the row).
 */
type Json = null | boolean | number | string | Json[] | { [key: string]: Json }
interface Recording {
  request: { body: Json; path: string }
  response: { status: number; headers: Record<string, string>; body: Json }
}

const RECORDED_ORDER = "order_01M8E7KHXQAC6ER3RTXK1W9978"
const RECORDED_ITEM = "item_01M8E7KHEZV4DYJP8YY9K2HN8C"
const GENERATED = /^(swap|ret|ful|pay|litl|smtl|sm|cart|order|item|addr|cus)_[0-9A-HJKMNP-TV-Z]{26}$/
const ISO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/
const SEEDED_TIME = /^2026-11-27T09:5/
const LIVE = new Set(["inventory_quantity"])
const PARENT_ORDER_COLUMNS = ["customer_id", "email", "display_id", "cart_id", "shipping_address_id", "updated_at", "created_at"]

function normalize(value: Json, key = ""): Json {
  if (typeof value === "string") {
    const id = GENERATED.exec(value)
    if (id) return `<${id[1]}>`
    if (ISO_TIME.test(value) && !SEEDED_TIME.test(value)) return "<time>"
    return value
  }
  if (Array.isArray(value)) {
    const items = value.map((v) => normalize(v))
    // v1 lists a region's countries in no fixed order (its join); compared as a set.
    return key === "countries" ? [...items].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))) : items
  }
  if (value && typeof value === "object") {
    const entries = Object.entries(value).filter(([k]) => !LIVE.has(k))
    const out: { [key: string]: Json } = Object.fromEntries(entries.map(([k, v]) => [k, normalize(v, k)]))
    if (key === "variant" || key === "order") {
      if (key === "variant") delete out.updated_at
      if (key === "order") for (const column of PARENT_ORDER_COLUMNS) delete out[column]
    }
    return out
  }
  return value
}

let orderId: string
let itemId: string

beforeAll(async () => {
  await seedGoldenStore()
  const created = await api.post("/store/carts", { region_id: "reg_na", items: [{ variant_id: "variant_tshirt_m_black", quantity: 2 }] })
  const cartId: string = created.body.cart.id
  const address = { first_name: "Jane", last_name: "Doe", address_1: "1 Main St", city: "New York", country_code: "us", province: "NY", postal_code: "10001", phone: "+15555550100" }
  expect((await api.post(`/store/carts/${cartId}`, { email: "customer@example.com", shipping_address: address })).status).toBe(200)
  expect((await api.post(`/store/carts/${cartId}/shipping-methods`, { option_id: "so_01M8E6RHQE4VJF5R098S1H1BVR" })).status).toBe(200)
  expect((await api.post(`/store/carts/${cartId}/payment-sessions`)).status).toBe(200)
  const completed = await api.post(`/store/carts/${cartId}/complete`)
  expect(completed.body.type).toBe("order")
  orderId = completed.body.data.id
  itemId = completed.body.data.items[0].id
  expect((await adminApi.post(`/admin/orders/${orderId}/capture`)).status).toBe(200)
  expect((await adminApi.post(`/admin/orders/${orderId}/fulfillment`, { items: [{ item_id: itemId, quantity: 2 }] })).status).toBe(200)
})

describe("golden replay: swaps (183–185)", () => {
  let cartId: string

  it("replays 183 (create a swap with a return option)", async () => {
    const recording = g183 as unknown as Recording
    const body = JSON.parse(JSON.stringify(recording.request.body).replaceAll(RECORDED_ORDER, orderId).replaceAll(RECORDED_ITEM, itemId))
    const res = await api.post("/store/swaps", body, { headers: { "Idempotency-Key": recording.response.headers["Idempotency-Key"]! } })
    expect(res.status).toBe(recording.response.status)
    expect(res.headers.get("idempotency-key")).toBe(recording.response.headers["Idempotency-Key"])
    expect(normalize(res.body)).toEqual(normalize(recording.response.body))
    cartId = res.body.swap.cart_id
  })

  it("replays 184 (the swap by its cart's id)", async () => {
    const recording = g184 as unknown as Recording
    const res = await api.get(`/store/swaps/${cartId}`)
    expect(res.status).toBe(recording.response.status)
    expect(normalize(res.body)).toEqual(normalize(recording.response.body))
  })

  it("replays 185 (the swap's cart: additional item, return shipping, the credited line)", async () => {
    const recording = g185 as unknown as Recording
    const res = await api.get(`/store/carts/${cartId}`)
    expect(res.status).toBe(recording.response.status)
    expect(normalize(res.body)).toEqual(normalize(recording.response.body))
  })
})
