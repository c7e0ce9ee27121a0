import { beforeAll, describe, expect, it } from "vitest"
import { api } from "../helpers/api"
import { adminApi } from "../helpers/admin"
import { db } from "../helpers/db"
import { fixtureId } from "../helpers/cart-fixtures"
import { arrangeCheckoutStore, cartReadyToComplete, complete, type CheckoutStore } from "../helpers/checkout-fixtures"

const v = { mug: fixtureId("variant"), cap: fixtureId("variant") }
let store: CheckoutStore
const CONFLICT = {
  type: "conflict", code: "invalid_state_error",
  message: "The request conflicted with another request. You may retry the request with the provided Idempotency-Key.",
}

/** A payment collection of 1100: an order edit adding one cap (1000 + 10% tax) requested by the merchant. */
async function arrangeCollection(): Promise<string> {
  const cartId = await cartReadyToComplete(store, [{ variant_id: v.mug, quantity: 1 }], { provider: "manual" })
  const order = (await complete(cartId)).body.data
  const edit = (await adminApi.post("/admin/order-edits", { order_id: order.id })).body.order_edit
  await adminApi.post(`/admin/order-edits/${edit.id}/items`, { variant_id: v.cap, quantity: 1 })
  const requested = (await adminApi.post(`/admin/order-edits/${edit.id}/request`)).body.order_edit
  return requested.payment_collection.id
}

const sessions = (id: string, body: unknown) => api.post(`/store/payment-collections/${id}/sessions/batch`, body)

beforeAll(async () => {
  store = await arrangeCheckoutStore({
    providers: ["manual", "test-pay"],
    region: { currency_code: "usd", tax_rate: 10, countries: ["us"] },
    products: [
      { title: "Mug", variants: [{ id: v.mug, prices: [{ currency_code: "usd", amount: 1950 }] }] },
      { title: "Cap", variants: [{ id: v.cap, prices: [{ currency_code: "usd", amount: 1000 }] }] },
    ],
  })
})

describe("GET /store/payment-collections/:id", () => {
  it("answers v1's store shape with the sessions and the region", async () => {
    const id = await arrangeCollection()
    const res = await api.get(`/store/payment-collections/${id}`)
    expect(res.status).toBe(200)
    expect(res.body.payment_collection).toEqual({
      id, type: "order_edit", status: "not_paid", description: null, amount: 1100, currency_code: "usd", metadata: null,
      payment_sessions: [], region: expect.objectContaining({ id: store.regionId }),
    })
  })

  it("answers 404 for an unknown collection", async () => {
    const res = await api.get("/store/payment-collections/paycol_missing")
    expect(res.status).toBe(404)
    expect(res.body).toEqual({ type: "not_found", message: "Payment collection with id paycol_missing was not found" })
  })
})

describe("sessions", () => {
  it("creates one session per provider for the whole amount, and refuses providers the region lacks", async () => {
    const id = await arrangeCollection()
    const first = await api.post(`/store/payment-collections/${id}/sessions`, { provider_id: "manual" })
    expect(first.status).toBe(200)
    expect(first.body.payment_collection.payment_sessions).toEqual([
      expect.objectContaining({ provider_id: "manual", amount: 1100, status: "pending", data: { status: "pending" }, cart_id: null, is_initiated: true }),
    ])
    const again = await api.post(`/store/payment-collections/${id}/sessions`, { provider_id: "manual" })
    expect(again.body.payment_collection.payment_sessions).toHaveLength(1)
    const unknown = await api.post(`/store/payment-collections/${id}/sessions`, { provider_id: "stripe" })
    expect(unknown.status).toBe(400)
    expect(unknown.body).toEqual({ type: "invalid_data", message: "Payment provider not found" })
  })

  it("makes the sessions exactly the batch: updates listed ones, creates new ones, deletes the rest", async () => {
    const id = await arrangeCollection()
    const created = (await api.post(`/store/payment-collections/${id}/sessions`, { provider_id: "manual" })).body.payment_collection
    const manualId = created.payment_sessions[0].id
    const split = await sessions(id, { sessions: [{ provider_id: "manual", amount: 600, session_id: manualId }, { provider_id: "test-pay", amount: 500 }] })
    expect(split.status).toBe(200)
    const byProvider = Object.fromEntries(split.body.payment_collection.payment_sessions.map((s: { provider_id: string; amount: number; id: string }) => [s.provider_id, s]))
    expect(byProvider.manual).toMatchObject({ id: manualId, amount: 600 })
    expect(byProvider["test-pay"]).toMatchObject({ amount: 500, data: { status: "pending", amount: 500 } })
    const only = await sessions(id, { sessions: [{ provider_id: "test-pay", amount: 1100, session_id: byProvider["test-pay"].id }] })
    expect(only.body.payment_collection.payment_sessions.map((s: { provider_id: string; amount: number }) => [s.provider_id, s.amount])).toEqual([["test-pay", 1100]])
    expect(await db.all(`SELECT id FROM payment_session WHERE id = ?`, manualId)).toEqual([])
  })

  it("refuses amounts that do not add up and sessions of another collection, changing nothing", async () => {
    const id = await arrangeCollection()
    const other = await arrangeCollection()
    const foreign = (await api.post(`/store/payment-collections/${other}/sessions`, { provider_id: "manual" })).body.payment_collection.payment_sessions[0].id
    const wrongSum = await sessions(id, { sessions: [{ provider_id: "manual", amount: 600 }, { provider_id: "test-pay", amount: 600 }] })
    expect(wrongSum.status).toBe(400)
    expect(wrongSum.body).toEqual({ type: "invalid_data", message: "The sum of sessions is not equal to 1100 on Payment Collection" })
    const stolen = await sessions(id, { sessions: [{ provider_id: "manual", amount: 1100, session_id: foreign }] })
    expect(stolen.body).toEqual({ type: "not_allowed", message: `Payment Session ${foreign} does not belong to Payment Collection ${id}` })
    const authorizeForeign = await api.post(`/store/payment-collections/${id}/sessions/batch/authorize`, { session_ids: [foreign] })
    expect(authorizeForeign.body).toEqual({ type: "not_allowed", message: `Payment Session ${foreign} does not belong to Payment Collection ${id}` })
    const authorizeOneForeign = await api.post(`/store/payment-collections/${id}/sessions/${foreign}/authorize`)
    expect(authorizeOneForeign.body).toEqual({ type: "not_allowed", message: `Session with id ${foreign} was not found` })
    expect((await api.get(`/store/payment-collections/${id}`)).body.payment_collection.payment_sessions).toEqual([])
    const [session] = await db.all<{ status: string }>(`SELECT status FROM payment_session WHERE id = ?`, foreign)
    expect(session?.status).toBe("pending")
    const badBody = await sessions(id, { sessions: [{ provider_id: "manual", amount: -1 }] })
    expect(badBody.body).toEqual({ type: "invalid_data", message: "sessions.0.amount must not be less than 0" })
  })

  it("refuses a batch that lists one session twice (400 invalid_data), leaving the session and the collection payable", async () => {
    const id = await arrangeCollection()
    const manual = (await api.post(`/store/payment-collections/${id}/sessions`, { provider_id: "manual" })).body.payment_collection.payment_sessions[0]
    // 550 + 550 adds up to 1100, but both amounts would land on one session: it would keep 550 of the 1100.
    const twice = await sessions(id, { sessions: [{ provider_id: "manual", amount: 550, session_id: manual.id }, { provider_id: "manual", amount: 550, session_id: manual.id }] })
    expect(twice.status).toBe(400)
    expect(twice.body).toEqual({ type: "invalid_data", message: `Payment Session ${manual.id} is listed more than once` })
    const [row] = await db.all<{ amount: number }>(`SELECT amount FROM payment_session WHERE id = ?`, manual.id)
    expect(row!.amount).toBe(1100)
    const authorized = await api.post(`/store/payment-collections/${id}/sessions/batch/authorize`, { session_ids: [manual.id] })
    expect(authorized.body.payment_collection).toMatchObject({ status: "authorized", authorized_amount: 1100 })
  })

  it("refreshes a session into a new one", async () => {
    const id = await arrangeCollection()
    const old = (await api.post(`/store/payment-collections/${id}/sessions`, { provider_id: "manual" })).body.payment_collection.payment_sessions[0]
    const res = await api.post(`/store/payment-collections/${id}/sessions/${old.id}`)
    expect(res.status).toBe(200)
    expect(res.body.payment_session).toMatchObject({ provider_id: "manual", amount: 1100, status: "pending" })
    expect(res.body.payment_session.id).not.toBe(old.id)
  })
})

describe("authorization", () => {
  it("authorizes part, then all: partially_authorized, then authorized; then the sessions are frozen", async () => {
    const id = await arrangeCollection()
    const split = (await sessions(id, { sessions: [{ provider_id: "manual", amount: 600 }, { provider_id: "test-pay", amount: 500 }] })).body.payment_collection
    const manual = split.payment_sessions.find((s: { provider_id: string }) => s.provider_id === "manual")
    const one = await api.post(`/store/payment-collections/${id}/sessions/${manual.id}/authorize`)
    expect(one.status).toBe(200)
    expect(one.body.payment_session).toMatchObject({ id: manual.id, status: "authorized", data: { status: "authorized" } })
    expect(typeof one.body.payment_session.payment_authorized_at).toBe("string")
    const partial = (await api.get(`/store/payment-collections/${id}`)).body.payment_collection
    expect(partial.status).toBe("partially_authorized")
    const all = await api.post(`/store/payment-collections/${id}/sessions/batch/authorize`, { session_ids: split.payment_sessions.map((s: { id: string }) => s.id) })
    expect(all.status).toBe(200)
    expect(all.body.payment_collection).toMatchObject({ status: "authorized", authorized_amount: 1100 })
    const frozen = await api.post(`/store/payment-collections/${id}/sessions`, { provider_id: "manual" })
    expect(frozen.body).toEqual({ type: "not_allowed", message: "Cannot set payment sessions for a payment collection with status authorized" })
  })

  it("never authorizes more than the collection's amount: a second full-amount session is refused before its provider is called", async () => {
    const id = await arrangeCollection()
    await api.post(`/store/payment-collections/${id}/sessions`, { provider_id: "manual" })
    const both = (await api.post(`/store/payment-collections/${id}/sessions`, { provider_id: "test-pay" })).body.payment_collection.payment_sessions
    const byProvider = Object.fromEntries(both.map((s: { provider_id: string; id: string; amount: number }) => [s.provider_id, s]))
    expect([byProvider.manual.amount, byProvider["test-pay"].amount]).toEqual([1100, 1100])
    expect((await api.post(`/store/payment-collections/${id}/sessions/${byProvider.manual.id}/authorize`)).status).toBe(200)
    const second = await api.post(`/store/payment-collections/${id}/sessions/${byProvider["test-pay"].id}/authorize`)
    expect(second.status).toBe(400)
    expect(second.body).toEqual({ type: "not_allowed", message: `Authorizing 1100 more would exceed the amount 1100 of Payment Collection ${id}` })
    const batch = await api.post(`/store/payment-collections/${id}/sessions/batch/authorize`, { session_ids: [byProvider["test-pay"].id] })
    expect(batch.status).toBe(400)
    const [row] = await db.all<{ status: string; data: string }>(`SELECT status, data FROM payment_session WHERE id = ?`, byProvider["test-pay"].id)
    expect(row!.status).toBe("pending")
    expect(JSON.parse(row!.data)).not.toHaveProperty("authorize_calls")
    expect((await api.get(`/store/payment-collections/${id}`)).body.payment_collection).toMatchObject({ status: "authorized" })
    const [collection] = await db.all<{ authorized_amount: number }>(`SELECT authorized_amount FROM payment_collection WHERE id = ?`, id)
    expect(collection!.authorized_amount).toBe(1100)
  })

  it("answers 409 to commands that race on one collection and authorizes once", async () => {
    const id = await arrangeCollection()
    const session = (await api.post(`/store/payment-collections/${id}/sessions`, { provider_id: "test-pay" })).body.payment_collection.payment_sessions[0]
    const results = await Promise.all([1, 2, 3, 4, 5].map(() => api.post(`/store/payment-collections/${id}/sessions/${session.id}/authorize`)))
    const statuses = results.map((r) => r.status)
    // The first command holds the collection while it awaits D1 and the provider; the others arrive meanwhile.
    expect(statuses).toContain(200)
    expect(statuses).toContain(409)
    for (const res of results.filter((r) => r.status !== 200)) expect(res.body).toEqual(CONFLICT)
    const [row] = await db.all<{ data: string }>(`SELECT data FROM payment_session WHERE id = ?`, session.id)
    expect(JSON.parse(row!.data).authorize_calls).toBe(1)
  })
})
