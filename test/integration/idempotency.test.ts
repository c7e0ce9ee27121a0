import { env } from "cloudflare:workers"
import { beforeAll, describe, expect, it } from "vitest"
import { api } from "../helpers/api"
import { db } from "../helpers/db"
import { fixtureId } from "../helpers/cart-fixtures"
import { arrangeCheckoutStore, cartReadyForPayment, cartReadyToComplete, complete, type CheckoutStore } from "../helpers/checkout-fixtures"

const v = { mug: fixtureId("variant"), plate: fixtureId("variant") }
let store: CheckoutStore

beforeAll(async () => {
  store = await arrangeCheckoutStore({
    providers: ["manual", "test-pay"],
    region: { currency_code: "eur", tax_rate: 25, countries: ["de"] },
    products: [
      { title: "Mug", variants: [{ id: v.mug, prices: [{ currency_code: "eur", amount: 850 }], inventory_quantity: 1000 }] },
      { title: "Plate", variants: [{ id: v.plate, prices: [{ currency_code: "eur", amount: 500 }], inventory_quantity: 1000 }] },
    ],
  })
})

const withKey = (key: string) => ({ headers: { "Idempotency-Key": key } })
const count = async (sql: string, ...params: unknown[]) => (await db.all<{ n: number }>(sql, ...params))[0]!.n
const run = (sql: string, ...params: unknown[]) => env.DB.prepare(sql).bind(...params).run()
const keyRow = async (key: string) =>
  (await db.all<{ recovery_point: string; request_path: string; request_params: string }>(
    "SELECT recovery_point, request_path, request_params FROM idempotency_key WHERE idempotency_key = ?",
    key,
  ))[0]
const newCart = async () => (await api.post("/store/carts", { region_id: store.regionId })).body.cart.id as string

describe("idempotent cart routes (add line item, payment sessions, taxes)", () => {
  it("add-line-item: a repeated key replays the stored cart and adds nothing", async () => {
    const cartId = await newCart()
    const first = await api.post(`/store/carts/${cartId}/line-items`, { variant_id: v.mug, quantity: 1 }, withKey("li-once"))
    expect(first.status).toBe(200)
    expect(first.headers.get("idempotency-key")).toBe("li-once")
    const again = await api.post(`/store/carts/${cartId}/line-items`, { variant_id: v.mug, quantity: 1 }, withKey("li-once"))
    expect(again.status).toBe(200)
    expect(JSON.stringify(again.body)).toBe(JSON.stringify(first.body))
    expect((await api.get(`/store/carts/${cartId}`)).body.cart.items[0].quantity).toBe(1)
    expect(await keyRow("li-once")).toEqual({
      recovery_point: "finished",
      request_path: `/store/carts/${cartId}/line-items`,
      request_params: JSON.stringify({ input: { variant_id: v.mug, quantity: 1 } }),
    })
  })

  it("refuses a key reused with other parameters or on another cart (400 invalid_data)", async () => {
    const cartId = await newCart()
    const other = await newCart()
    await api.post(`/store/carts/${cartId}/line-items`, { variant_id: v.mug, quantity: 1 }, withKey("li-reused"))
    const message = 'Idempotency-Key "li-reused" was already used for a different request'
    const params = await api.post(`/store/carts/${cartId}/line-items`, { variant_id: v.mug, quantity: 2 }, withKey("li-reused"))
    expect(params.status).toBe(400)
    expect(params.body).toEqual({ type: "invalid_data", message })
    const path = await api.post(`/store/carts/${other}/line-items`, { variant_id: v.mug, quantity: 1 }, withKey("li-reused"))
    expect(path.body).toEqual({ type: "invalid_data", message })
    expect((await api.get(`/store/carts/${other}`)).body.cart.items).toEqual([])
  })

  it("a key shopper B reuses on B's cart answers without naming shopper A's cart or request", async () => {
    const cartA = await newCart()
    const cartB = await newCart()
    const first = await api.post(`/store/carts/${cartA}/line-items`, { variant_id: v.mug, quantity: 1 }, withKey("shared-key-K"))
    expect(first.status).toBe(200)
    const res = await api.post(`/store/carts/${cartB}/line-items`, { variant_id: v.plate, quantity: 3 }, withKey("shared-key-K"))
    // B gets a plain refusal: its own key back, the fixed message, nothing of A's cart, path, items or params.
    expect(res.status).toBe(400)
    expect(res.body).toEqual({ type: "invalid_data", message: 'Idempotency-Key "shared-key-K" was already used for a different request' })
    expect(res.headers.get("idempotency-key")).toBe("shared-key-K")
    const text = JSON.stringify(res.body)
    for (const secret of [cartA, cartA.replace("cart_", ""), "/line-items", "POST", v.mug]) expect(text).not.toContain(secret)
    // B's cart is untouched, A's keeps its one line.
    expect((await api.get(`/store/carts/${cartB}`)).body.cart.items).toEqual([])
    expect(await count("SELECT COUNT(*) AS n FROM line_item WHERE cart_id = ?", cartA)).toBe(1)
    expect(await count("SELECT COUNT(*) AS n FROM line_item WHERE cart_id = ?", cartB)).toBe(0)
  })

  it("a key still in flight is answered 409; the change is applied once", async () => {
    const cartId = await newCart()
    const responses = await Promise.all(
      Array.from({ length: 6 }, () => api.post(`/store/carts/${cartId}/line-items`, { variant_id: v.mug, quantity: 1 }, withKey("li-flight"))),
    )
    const statuses = responses.map((r) => r.status)
    expect(statuses.every((s) => s === 200 || s === 409)).toBe(true)
    expect(statuses).toContain(200)
    for (const r of responses.filter((x) => x.status === 409)) {
      expect(r.body).toEqual({
        type: "conflict",
        code: "invalid_state_error",
        message: "The request conflicted with another request. You may retry the request with the provided Idempotency-Key.",
      })
    }
    const bodies = new Set(responses.filter((r) => r.status === 200).map((r) => JSON.stringify(r.body)))
    expect(bodies.size).toBe(1)
    expect((await api.get(`/store/carts/${cartId}`)).body.cart.items.map((i: { quantity: number }) => i.quantity)).toEqual([1])
  })

  it("create-payment-sessions: a finished key replays its response even after the cart moved on", async () => {
    const cartId = await cartReadyForPayment(store, [{ variant_id: v.mug, quantity: 1 }])
    const first = await api.post(`/store/carts/${cartId}/payment-sessions`, undefined, withKey("ps-replay"))
    expect(first.body.cart.payment_sessions.map((s: { amount: number }) => s.amount)).toEqual([2313, 2313])
    await api.post(`/store/carts/${cartId}/line-items`, { variant_id: v.mug, quantity: 1 })
    const replay = await api.post(`/store/carts/${cartId}/payment-sessions`, undefined, withKey("ps-replay"))
    expect(replay.status).toBe(200)
    expect(JSON.stringify(replay.body)).toBe(JSON.stringify(first.body))
    // The stored sessions did follow the cart: 2 × 850 = 1700 + 425 tax (the shipping method was dropped).
    expect(await count("SELECT MIN(amount) AS n FROM payment_session WHERE cart_id = ? AND provider_id = 'test-pay'", cartId)).toBe(2125)
  })

  it("taxes: the key is echoed and a repeat replays the stored response", async () => {
    const cartId = await cartReadyForPayment(store, [{ variant_id: v.mug, quantity: 1 }])
    const first = await api.post(`/store/carts/${cartId}/taxes`, undefined, withKey("taxes-once"))
    expect(first.status).toBe(200)
    expect(first.headers.get("idempotency-key")).toBe("taxes-once")
    const again = await api.post(`/store/carts/${cartId}/taxes`, undefined, withKey("taxes-once"))
    expect(JSON.stringify(again.body)).toBe(JSON.stringify(first.body))
    expect((await keyRow("taxes-once"))!.recovery_point).toBe("finished")
  })

  it("answers a response too large to store beside its key (D1 rows hold 2 MB); a retry answers the current cart", async () => {
    const lines = [{ variant_id: v.mug, quantity: 1 }, { variant_id: v.plate, quantity: 1 }]
    const cartId = (await api.post("/store/carts", { region_id: store.regionId, items: lines })).body.cart.id as string
    // The API caps metadata at 16 KiB; lines stored before the cap (or imported) can carry 1 MB each. Touching the
    // cart row bumps its version (migration 0014), so the cart's object reloads the lines.
    await run("UPDATE line_item SET metadata = ? WHERE cart_id = ?", JSON.stringify({ note: "n".repeat(1_000_000) }), cartId)
    await run("UPDATE cart SET updated_at = updated_at WHERE id = ?", cartId)
    // Two 1 MB lines: the response (> 2 MB) cannot fit in the key's row.
    const second = await api.post(`/store/carts/${cartId}/line-items`, { variant_id: v.plate, quantity: 1 }, withKey("li-big-2"))
    expect(second.status).toBe(200)
    expect(JSON.stringify(second.body).length).toBeGreaterThan(2_000_000)
    expect(second.body.cart.items.map((i: { variant_id: string; quantity: number }) => [i.variant_id, i.quantity]).sort()).toEqual(
      [[v.mug, 1], [v.plate, 2]].sort(),
    )
    expect(await count("SELECT COUNT(*) AS n FROM idempotency_key WHERE idempotency_key = 'li-big-2' AND recovery_point = 'finished' AND response_body IS NULL")).toBe(1)
    const retry = await api.post(`/store/carts/${cartId}/line-items`, { variant_id: v.plate, quantity: 1 }, withKey("li-big-2"))
    expect(retry.status).toBe(200)
    expect(JSON.stringify(retry.body)).toBe(JSON.stringify(second.body))
    expect((await api.post(`/store/carts/${cartId}/taxes`, undefined, withKey("taxes-big"))).status).toBe(200)
  })

  it("refuses a key longer than 255 characters", async () => {
    const cartId = await newCart()
    const res = await api.post(`/store/carts/${cartId}/line-items`, { variant_id: v.mug, quantity: 1 }, withKey("k".repeat(256)))
    expect(res.status).toBe(400)
    expect(res.body).toEqual({ type: "invalid_data", message: "Idempotency-Key must be shorter than or equal to 255 characters" })
  })
})

describe("completion keys", () => {
  it("refuses a completion key reused on another cart, charging nothing", async () => {
    const a = await cartReadyToComplete(store, [{ variant_id: v.mug, quantity: 1 }], { provider: "manual" })
    const b = await cartReadyToComplete(store, [{ variant_id: v.mug, quantity: 1 }], { provider: "manual" })
    expect((await complete(a, "complete-reused")).status).toBe(200)
    const res = await complete(b, "complete-reused")
    expect(res.status).toBe(400)
    expect(res.body).toEqual({ type: "invalid_data", message: 'Idempotency-Key "complete-reused" was already used for a different request' })
    expect(JSON.stringify(res.body)).not.toContain(a)
    expect(await count("SELECT COUNT(*) AS n FROM payment WHERE cart_id = ?", b)).toBe(0)
  })

  it("completes a cart whose order is too large to store beside its key; a retry answers the same order", async () => {
    const lines = [{ variant_id: v.mug, quantity: 1 }, { variant_id: v.plate, quantity: 1 }]
    const cartId = await cartReadyForPayment(store, lines, "big@example.com", { shippingOptionId: null })
    // The API caps metadata at 16 KiB; rows written before the cap (or by an import) can be this large. Touching the
    // cart row bumps its version (migration 0014), so the cart's object reloads the lines.
    await run("UPDATE line_item SET metadata = ? WHERE cart_id = ?", JSON.stringify({ note: "n".repeat(900_000) }), cartId)
    await run("UPDATE cart SET updated_at = updated_at WHERE id = ?", cartId)
    expect((await api.post(`/store/carts/${cartId}/shipping-methods`, { option_id: store.shippingOptionId })).status).toBe(200)
    expect((await api.post(`/store/carts/${cartId}/payment-sessions`)).status).toBe(200)
    expect((await api.post(`/store/carts/${cartId}/payment-session`, { provider_id: "manual" })).status).toBe(200)
    const res = await complete(cartId, "complete-big")
    expect(res.status).toBe(200)
    expect(res.body.type).toBe("order")
    expect(res.body.data.items).toHaveLength(2)
    expect(JSON.stringify(res.body).length).toBeGreaterThan(1_800_000)
    const again = await complete(cartId, "complete-big")
    expect(again.status).toBe(200)
    expect(again.body.data.id).toBe(res.body.data.id)
    expect(await count("SELECT COUNT(*) AS n FROM \"order\" WHERE cart_id = ?", cartId)).toBe(1)
  })

  it("resumes at tax_lines_created after a failed authorization: one order, one payment, tax lines once", async () => {
    const cartId = await cartReadyToComplete(store, [{ variant_id: v.mug, quantity: 1 }], {
      provider: "test-pay",
      data: { fail_authorizations: 1 },
    })
    const failed = await complete(cartId, "resume-after-outage")
    expect(failed.status).toBe(400)
    expect(failed.body).toEqual({ type: "invalid_data", code: "test_pay_unavailable", message: "test-pay is unavailable" })
    expect((await keyRow("resume-after-outage"))!.recovery_point).toBe("tax_lines_created")
    const itemLines = "SELECT id FROM line_item_tax_line WHERE item_id IN (SELECT id FROM line_item WHERE cart_id = ?) ORDER BY id"
    const methodLines = "SELECT id FROM shipping_method_tax_line WHERE shipping_method_id IN (SELECT id FROM shipping_method WHERE cart_id = ?) ORDER BY id"
    const linesBefore = [...(await db.all(itemLines, cartId)), ...(await db.all(methodLines, cartId))]
    expect(linesBefore).toHaveLength(2)
    expect(await count("SELECT COUNT(*) AS n FROM payment WHERE cart_id = ?", cartId)).toBe(0)

    const resumed = await complete(cartId, "resume-after-outage")
    expect(resumed.status).toBe(200)
    expect(resumed.body.type).toBe("order")
    expect(await count(`SELECT COUNT(*) AS n FROM "order" WHERE cart_id = ?`, cartId)).toBe(1)
    expect(await count("SELECT COUNT(*) AS n FROM payment WHERE cart_id = ?", cartId)).toBe(1)
    expect([...(await db.all(itemLines, cartId)), ...(await db.all(methodLines, cartId))]).toEqual(linesBefore)
    const [session] = await db.all<{ data: string; status: string }>("SELECT data, status FROM payment_session WHERE cart_id = ? AND provider_id = 'test-pay'", cartId)
    // One failed call, one successful one: the authorization happened exactly once.
    expect(session!.status).toBe("authorized")
    expect(JSON.parse(session!.data)).toMatchObject({ authorize_calls: 2, fail_authorizations: 0, status: "authorized" })
    expect((await keyRow("resume-after-outage"))!.recovery_point).toBe("finished")
  })

  it("a key at an unknown recovery point finishes with v1's 500", async () => {
    const cartId = await cartReadyToComplete(store, [{ variant_id: v.mug, quantity: 1 }], { provider: "manual" })
    await run(
      `INSERT INTO idempotency_key (id, idempotency_key, created_at, request_method, request_params, request_path, recovery_point) VALUES (?, 'bogus-point', '2026-02-01T00:00:00.000Z', 'POST', '{}', ?, 'bogus')`,
      fixtureId("ikey"), `/store/carts/${cartId}/complete`,
    )
    const res = await complete(cartId, "bogus-point")
    expect(res.status).toBe(500)
    expect(res.body).toEqual({ message: "Unknown recovery point" })
    expect((await keyRow("bogus-point"))!.recovery_point).toBe("finished")
    expect(await count(`SELECT COUNT(*) AS n FROM "order" WHERE cart_id = ?`, cartId)).toBe(0)
  })

  /** The stored state a crash right after the payment_authorized batch leaves behind (what authorizePayment writes). */
  async function arrangeAuthorizedButNotPlaced(cartId: string, key: string, amount: number) {
    const now = "2026-02-01T00:00:00.000Z"
    const [item] = await db.all<{ id: string }>("SELECT id FROM line_item WHERE cart_id = ?", cartId)
    const [method] = await db.all<{ id: string }>("SELECT id FROM shipping_method WHERE cart_id = ?", cartId)
    await run(`INSERT INTO line_item_tax_line (id, item_id, rate, name, code, metadata, created_at, updated_at) VALUES (?, ?, 25, 'default', 'default', NULL, ?, ?)`, fixtureId("litl"), item!.id, now, now)
    await run(`INSERT INTO shipping_method_tax_line (id, shipping_method_id, rate, name, code, metadata, created_at, updated_at) VALUES (?, ?, 25, 'default', 'default', NULL, ?, ?)`, fixtureId("smtl"), method!.id, now, now)
    const paymentId = fixtureId("pay")
    await run(
      `INSERT INTO payment (id, cart_id, amount, currency_code, amount_refunded, provider_id, data, created_at, updated_at) VALUES (?, ?, ?, 'eur', 0, 'test-pay', '{"status":"authorized","arranged":true}', ?, ?)`,
      paymentId, cartId, amount, now, now,
    )
    await run(`UPDATE cart SET payment_id = ?, payment_authorized_at = ? WHERE id = ?`, paymentId, now, cartId)
    await run(`UPDATE payment_session SET status = 'authorized', payment_authorized_at = ?, data = '{"status":"authorized","arranged":true}' WHERE cart_id = ? AND is_selected = 1`, now, cartId)
    await run(
      `INSERT INTO idempotency_key (id, idempotency_key, created_at, request_method, request_params, request_path, recovery_point) VALUES (?, ?, ?, 'POST', '{}', ?, 'payment_authorized')`,
      fixtureId("ikey"), key, now, `/store/carts/${cartId}/complete`,
    )
    return paymentId
  }

  it("resumes at payment_authorized after a crash: places the order with the existing payment, no new authorization", async () => {
    const cartId = await cartReadyToComplete(store, [{ variant_id: v.mug, quantity: 1 }], { provider: "test-pay" })
    const paymentId = await arrangeAuthorizedButNotPlaced(cartId, "resume-after-crash", 2313)
    const res = await complete(cartId, "resume-after-crash")
    expect(res.status).toBe(200)
    expect(res.body.data.payments).toEqual([expect.objectContaining({ id: paymentId, amount: 2313, canceled_at: null })])
    expect(res.body.data).toMatchObject({ total: 2313, tax_total: 463 })
    expect(await count("SELECT COUNT(*) AS n FROM payment WHERE cart_id = ?", cartId)).toBe(1)
    const [session] = await db.all<{ data: string }>("SELECT data FROM payment_session WHERE cart_id = ? AND provider_id = 'test-pay'", cartId)
    expect(JSON.parse(session!.data)).toEqual({ status: "authorized", arranged: true })
    expect(await count("SELECT COUNT(*) AS n FROM line_item_tax_line WHERE item_id IN (SELECT id FROM line_item WHERE cart_id = ?)", cartId)).toBe(1)
  })

  it("resuming at payment_authorized when the total no longer matches voids that payment and authorizes again", async () => {
    const cartId = await cartReadyToComplete(store, [{ variant_id: v.mug, quantity: 1 }], { provider: "test-pay" })
    const stale = await arrangeAuthorizedButNotPlaced(cartId, "resume-stale", 999)
    const res = await complete(cartId, "resume-stale")
    expect(res.status).toBe(200)
    expect(res.body.data.payments).toEqual([expect.objectContaining({ amount: 2313, canceled_at: null })])
    expect(res.body.data.payments[0].id).not.toBe(stale)
    const [voided] = await db.all<{ canceled_at: string | null; data: string }>("SELECT canceled_at, data FROM payment WHERE id = ?", stale)
    expect(voided!.canceled_at).not.toBeNull()
    expect(JSON.parse(voided!.data)).toMatchObject({ canceled: true })
  })
})
