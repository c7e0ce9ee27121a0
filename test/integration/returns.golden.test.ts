import { beforeAll, describe, expect, it } from "vitest"
import { api } from "../helpers/api"
import { adminApi } from "../helpers/admin"
import { seedGoldenStore } from "../helpers/seed"
import { placeGoldenOrder } from "../helpers/golden-order"
import g179 from "../fixtures/medusa-v1/golden/179-create-return-unfulfilled.json"
import g180 from "../fixtures/medusa-v1/golden/180-create-return.json"
import g181 from "../fixtures/medusa-v1/golden/181-create-return-too-many.json"
import g182 from "../fixtures/medusa-v1/golden/182-create-return-invalid.json"
import g186 from "../fixtures/medusa-v1/golden/186-get-order-after-return.json"

/**
 * Golden replay of the return recordings (179–182) and the order after them (186) from Medusa 1.20.11. The recorded
 * order (display 3, 2 × "M / Black" tee at 1950, standard shipping 1000, no tax) was placed by a logged-in customer
 * (171); here the same order is placed by a guest through the normal checkout, then the merchant steps v1's
 * recording made between 179 and 180 through its admin API — capture and a fulfillment of both units — are taken
 * through ours. Requests are sent with the recorded Idempotency-Key, so `idempotency_key` compares exactly.
 *
 * Normalized before comparing, and nothing else: the recorded order / item / return / fulfillment / payment / tax
 * line / shipping method (and its tax line) / cart ids are replaced by their prefix on both sides, and so are the
 * timestamps of rows created during the replay.
 * 186 is compared on what the after-sale flows decide (statuses, fulfillments, items without their variant's live
 * stock, payments, totals); its customer and address belong to recording 171.
 */
type Json = null | boolean | number | string | Json[] | { [key: string]: Json }
interface Recording {
  request: { body: Json }
  response: { status: number; headers: Record<string, string>; body: Json }
}

const RECORDED_ORDER = "order_01M8E7KHXQAC6ER3RTXK1W9978"
const RECORDED_ITEM = "item_01M8E7KHEZV4DYJP8YY9K2HN8C"
const GENERATED = /^(ret|ful|pay|litl|smtl|sm|cart|order|item)_[0-9A-HJKMNP-TV-Z]{26}$/
const ISO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/
const SEEDED_TIME = /^2026-11-27T09:5/

/** Replaces generated ids with their prefix and replay-time timestamps with a marker (seeded rows keep theirs). */
function normalize(value: Json): Json {
  if (typeof value === "string") {
    const id = GENERATED.exec(value)
    if (id) return `<${id[1]}>`
    if (ISO_TIME.test(value) && !SEEDED_TIME.test(value)) return "<time>"
    return value
  }
  if (Array.isArray(value)) return value.map(normalize)
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalize(v)]))
  return value
}

const replayBody = (recording: Recording, order: string, item: string): Json =>
  JSON.parse(JSON.stringify(recording.request.body).replaceAll(RECORDED_ORDER, order).replaceAll(RECORDED_ITEM, item))

let orderId: string
let itemId: string

async function replay(recording: Recording) {
  const res = await api.post("/store/returns", replayBody(recording, orderId, itemId), {
    headers: { "Idempotency-Key": recording.response.headers["Idempotency-Key"]! },
  })
  expect(res.status).toBe(recording.response.status)
  expect(normalize(res.body)).toEqual(normalize(recording.response.body))
  return res
}

beforeAll(async () => {
  await seedGoldenStore()
  const placed = await placeGoldenOrder()
  orderId = placed.orderId
  itemId = placed.itemId
})

describe("golden replay: returns (179–182) and the order after them (186)", () => {
  it("replays 179 (a return of an unfulfilled order, with a reason)", async () => {
    await replay(g179 as unknown as Recording)
  })

  it("replays 180 (return shipping deducted) after the merchant captured and fulfilled", async () => {
    expect((await adminApi.post(`/admin/orders/${orderId}/capture`)).status).toBe(200)
    expect((await adminApi.post(`/admin/orders/${orderId}/fulfillment`, { items: [{ item_id: itemId, quantity: 2 }] })).status).toBe(200)
    await replay(g180 as unknown as Recording)
  })

  it("replays 181 (more than was bought) and 182 (no items)", async () => {
    await replay(g181 as unknown as Recording)
    await replay(g182 as unknown as Recording)
  })

  it("answers 186: the order's statuses, fulfillments, items, payments and totals", async () => {
    const res = await api.get(`/store/orders/${orderId}`)
    expect(res.status).toBe(200)
    const pick = (order: { [key: string]: Json }) => {
      const { customer: _c, shipping_address: _a, region: _r, display_id: _d, created_at: _t, customer_id: _ci, email: _e, ...rest } = order
      const items = (rest.items as { [key: string]: Json }[]).map(({ variant: _v, ...item }) => item)
      const methods = (rest.shipping_methods as { [key: string]: Json }[]).map(({ shipping_option: _o, ...method }) => method)
      return normalize({ ...rest, items, shipping_methods: methods })
    }
    const recorded = (g186 as unknown as { response: { body: { order: { [key: string]: Json } } } }).response.body.order
    expect(pick(res.body.order)).toEqual(pick(recorded))
  })
})
