import { createScheduledController } from "cloudflare:test"
import { env } from "cloudflare:workers"
import { beforeAll, describe, expect, it } from "vitest"
import worker from "../../src/index"
import { runHousekeeping } from "../../src/services/housekeeping"
import { api } from "../helpers/api"
import { fixtureId } from "../helpers/cart-fixtures"
import { arrangeCheckoutStore, cartReadyToComplete, complete, type CheckoutStore } from "../helpers/checkout-fixtures"
import { db } from "../helpers/db"

const HOUR = 3_600_000
const DAY = 24 * HOUR
const iso = (ms: number) => new Date(ms).toISOString()
const run = (sql: string, ...params: unknown[]) => env.DB.prepare(sql).bind(...params).run()
const ids = async (table: string, column: string, values: string[]) =>
  (await db.all<{ v: string }>(`SELECT ${column} AS v FROM ${table} WHERE ${column} IN (SELECT value FROM json_each(?)) ORDER BY ${column}`, JSON.stringify(values))).map(
    (r) => r.v,
  )
/** The Worker's own scheduled() handler, as the cron trigger calls it. */
const cron = (nowMs: number, overrides: Partial<typeof env> = {}) =>
  worker.scheduled(createScheduledController({ scheduledTime: new Date(nowMs), cron: "*/5 * * * *" }), { ...env, ...overrides })

async function insertKey(key: string, point: string, createdMs: number, finishedMs: number | null) {
  await run(
    `INSERT INTO idempotency_key (id, idempotency_key, created_at, request_method, request_path, request_params, recovery_point, finished_at)
     VALUES (?, ?, ?, 'POST', '/store/carts/x/complete', '{}', ?, ?)`,
    `ikey_${key}`, key, iso(createdMs), point, finishedMs === null ? null : iso(finishedMs),
  )
}

describe("cron housekeeping: scheduled() prunes what has expired and keeps the rest", () => {
  it("prunes finished idempotency keys 24 h after they finished, never an unfinished one", async () => {
    const now = Date.now()
    const k = (name: string) => `hk-${name}-${fixtureId("k")}`
    const keys = { oldFinished: k("old"), freshFinished: k("fresh"), oldStarted: k("started"), oldAuthorized: k("auth") }
    await insertKey(keys.oldFinished, "finished", now - 3 * DAY, now - 25 * HOUR)
    await insertKey(keys.freshFinished, "finished", now - 3 * DAY, now - 23 * HOUR) // created long ago, finished recently
    await insertKey(keys.oldStarted, "started", now - 3 * DAY, null)
    await insertKey(keys.oldAuthorized, "payment_authorized", now - 3 * DAY, null)
    const all = Object.values(keys)
    expect(await ids("idempotency_key", "idempotency_key", all)).toHaveLength(4)

    await cron(now)

    expect(await ids("idempotency_key", "idempotency_key", all)).toEqual([keys.freshFinished, keys.oldAuthorized, keys.oldStarted].sort())
  })

  it("a completion's key records when it finished (what the 24 h counts from)", async () => {
    const store = await arrangeCheckoutStore({
      region: { currency_code: "eur", countries: ["de"] },
      products: [{ variants: [{ id: fixtureId("var"), prices: [{ currency_code: "eur", amount: 500 }] }] }],
    })
    const variant = (await db.all<{ id: string }>(`SELECT id FROM product_variant WHERE product_id = ?`, store.products[0]!.id))[0]!.id
    const cartId = await cartReadyToComplete(store, [{ variant_id: variant, quantity: 1 }], { provider: "manual" })
    const key = `hk-complete-${cartId}`
    const before = Date.now()
    expect((await complete(cartId, key)).status).toBe(200)
    const [row] = await db.all<{ recovery_point: string; finished_at: string }>(
      `SELECT recovery_point, finished_at FROM idempotency_key WHERE idempotency_key = ?`, key,
    )
    expect(row!.recovery_point).toBe("finished")
    expect(Date.parse(row!.finished_at)).toBeGreaterThanOrEqual(before - 1000)
    expect(Date.parse(row!.finished_at)).toBeLessThanOrEqual(Date.now() + 1000)
  })

  it("prunes expired sessions, rate-limit rows of past windows and delivered events older than 7 days", async () => {
    const now = Date.now()
    const tag = fixtureId("hk")
    await run(`INSERT INTO customer_session (id_hash, customer_id, expires_at, created_at) VALUES (?, 'cus_x', ?, ?), (?, 'cus_x', ?, ?)`,
      `${tag}-expired`, now - 1000, iso(now - DAY), `${tag}-live`, now + HOUR, iso(now))
    // A window lasts 10 minutes from its first hit: one long expired, one just expired, one still open.
    await run(`INSERT INTO rate_limit (key, window_start, hits) VALUES (?, ?, 3), (?, ?, 3), (?, ?, 1)`,
      `${tag}-old`, now - 3 * 600_000, `${tag}-previous`, now - 600_000 - 1, `${tag}-current`, now - 599_000)
    await run(
      `INSERT INTO event_outbox (id, name, payload, created_at, attempts, delivered_at) VALUES
       (?, 'order.placed', '{}', ?, 1, ?), (?, 'order.placed', '{}', ?, 1, ?), (?, 'order.placed', '{}', ?, 20, NULL)`,
      `${tag}-delivered-old`, iso(now - 9 * DAY), iso(now - 8 * DAY),
      `${tag}-delivered-recent`, iso(now - 2 * DAY), iso(now - 1 * DAY),
      `${tag}-undelivered-old`, iso(now - 30 * DAY), // never delivered: the outbox still owes it, whatever its age
    )

    await cron(now + 1)

    expect(await ids("customer_session", "id_hash", [`${tag}-expired`, `${tag}-live`])).toEqual([`${tag}-live`])
    // Expired windows go; the open one stays.
    expect(await ids("rate_limit", "key", [`${tag}-old`, `${tag}-previous`, `${tag}-current`])).toEqual([`${tag}-current`])
    expect(await ids("event_outbox", "id", [`${tag}-delivered-old`, `${tag}-delivered-recent`, `${tag}-undelivered-old`])).toEqual(
      [`${tag}-delivered-recent`, `${tag}-undelivered-old`],
    )
  })

  it("prunes payment claims past their lease (left by a Worker that died mid-call) and keeps live ones", async () => {
    const now = Date.now()
    const tag = fixtureId("hkc")
    // The test env's PAYMENT_PROVIDER_TIMEOUT_MS is 6000: the lease is 2 × 6 s + 10 s = 22 s.
    await run(`INSERT INTO payment_claim (payment_id, action, token, claimed_at) VALUES (?, 'capture', 't1', ?), (?, 'capture', 't2', ?)`,
      `${tag}-dead`, iso(now - 23_000), `${tag}-live`, iso(now - 21_000))
    const report = await runHousekeeping(env, new Date(now))
    expect(report.paymentClaims).toBe(1)
    expect(await ids("payment_claim", "payment_id", [`${tag}-dead`, `${tag}-live`])).toEqual([`${tag}-live`])
  })

  it("deletes at most the batch size per table per run; the next run takes the rest", async () => {
    const now = Date.now()
    const tag = fixtureId("hkb")
    const rows = Array.from({ length: 7 }, (_, i) => `${tag}-${i}`)
    for (const id of rows) await run(`INSERT INTO customer_session (id_hash, customer_id, expires_at, created_at) VALUES (?, 'cus_b', ?, ?)`, id, now - 5000, iso(now))
    const first = await runHousekeeping(env, new Date(now), 5)
    expect(first.sessions).toBe(5)
    expect(await ids("customer_session", "id_hash", rows)).toHaveLength(2)
    const second = await runHousekeeping(env, new Date(now), 5)
    expect(second.sessions).toBe(2)
    expect(await ids("customer_session", "id_hash", rows)).toEqual([])
  })

  describe("abandoned carts", () => {
    let store: CheckoutStore
    let variant: string
    beforeAll(async () => {
      variant = fixtureId("var")
      store = await arrangeCheckoutStore({
        providers: ["manual"],
        region: { currency_code: "eur", tax_rate: 19, countries: ["de"] },
        products: [{ variants: [{ id: variant, prices: [{ currency_code: "eur", amount: 700 }], inventory_quantity: 50 }] }],
      })
    })

    /** A cart with a line item, a shipping address, a shipping method and payment sessions, last changed `ageDays` ago. */
    async function fullCart(ageDays: number) {
      const cartId = await cartReadyToComplete(store, [{ variant_id: variant, quantity: 2 }], {
        update: { shipping_address: { first_name: "Ada", last_name: "L", address_1: "Str 1", city: "Berlin", country_code: "de", postal_code: "10115" } },
      })
      // Tax lines and adjustments are written at completion; a cart left mid-checkout can hold them, so add one of each.
      const [item] = await db.all<{ id: string }>(`SELECT id FROM line_item WHERE cart_id = ?`, cartId)
      await run(`INSERT INTO line_item_tax_line (id, item_id, rate, name, created_at, updated_at) VALUES (?, ?, 19, 'VAT', ?, ?)`,
        `litl_${cartId}`, item!.id, iso(Date.now()), iso(Date.now()))
      await run(`INSERT INTO line_item_adjustment (id, item_id, description, amount) VALUES (?, ?, 'discount', 100)`, `lia_${cartId}`, item!.id)
      await age(cartId, ageDays)
      return cartId
    }
    const age = (cartId: string, days: number) => run(`UPDATE cart SET updated_at = ? WHERE id = ?`, iso(Date.now() - days * DAY), cartId)

    async function childCounts(cartId: string) {
      const [row] = await db.all<Record<string, number>>(
        `SELECT (SELECT COUNT(*) FROM cart WHERE id = ?1) AS cart,
                (SELECT COUNT(*) FROM line_item WHERE cart_id = ?1) AS line_items,
                (SELECT COUNT(*) FROM line_item_tax_line WHERE item_id IN (SELECT id FROM line_item WHERE cart_id = ?1)) AS item_tax_lines,
                (SELECT COUNT(*) FROM line_item_adjustment WHERE id = 'lia_' || ?1) AS adjustments,
                (SELECT COUNT(*) FROM shipping_method WHERE cart_id = ?1) AS shipping_methods,
                (SELECT COUNT(*) FROM payment_session WHERE cart_id = ?1) AS payment_sessions,
                (SELECT COUNT(*) FROM address WHERE id = (SELECT shipping_address_id FROM cart WHERE id = ?1)) AS address`,
        cartId,
      )
      return row!
    }

    it("deletes an uncompleted, unpaid cart older than 30 days with all its rows; keeps paid, completed and recent carts", async () => {
      const abandoned = await fullCart(31)
      const recent = await fullCart(29)
      const authorized = await fullCart(60)
      await run(`UPDATE cart SET payment_authorized_at = ?, updated_at = ? WHERE id = ?`, iso(Date.now() - 60 * DAY), iso(Date.now() - 60 * DAY), authorized)
      const completed = await fullCart(0)
      await api.post(`/store/carts/${completed}/payment-session`, { provider_id: "manual" })
      expect((await complete(completed)).status).toBe(200)
      await age(completed, 90)

      const addressId = (await db.all<{ a: string }>(`SELECT shipping_address_id AS a FROM cart WHERE id = ?`, abandoned))[0]!.a
      const before = await childCounts(abandoned)
      expect(before).toEqual({ cart: 1, line_items: 1, item_tax_lines: 1, adjustments: 1, shipping_methods: 1, payment_sessions: 1, address: 1 })

      await cron(Date.now())

      expect(await childCounts(abandoned)).toEqual({ cart: 0, line_items: 0, item_tax_lines: 0, adjustments: 0, shipping_methods: 0, payment_sessions: 0, address: 0 })
      expect(await ids("address", "id", [addressId])).toEqual([])
      for (const kept of [recent, authorized]) {
        expect(await childCounts(kept)).toEqual({ cart: 1, line_items: 1, item_tax_lines: 1, adjustments: 1, shipping_methods: 1, payment_sessions: 1, address: 1 })
      }
      expect(await ids("cart", "id", [completed])).toEqual([completed])
      expect((await db.all<{ n: number }>(`SELECT COUNT(*) AS n FROM line_item WHERE cart_id = ?`, completed))[0]!.n).toBe(1)
      // The deleted cart is gone for the storefront too.
      expect((await api.get(`/store/carts/${abandoned}`)).status).toBe(404)
    })

    it("CART_RETENTION_DAYS sets the age", async () => {
      const tenDays = await fullCart(10)
      await cron(Date.now(), { CART_RETENTION_DAYS: "30" })
      expect(await ids("cart", "id", [tenDays])).toEqual([tenDays])
      await cron(Date.now(), { CART_RETENTION_DAYS: "7" })
      expect(await ids("cart", "id", [tenDays])).toEqual([])
    })
  })
})
