import { env, runInDurableObject } from "cloudflare:test"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { HOLD_PREFIX } from "../../src/providers/payment/test-pay"
import { api, type ApiResponse } from "../helpers/api"
import { db } from "../helpers/db"
import { fixtureId } from "../helpers/cart-fixtures"
import { arrangeCheckoutStore, cartReadyToComplete, type CheckoutStore } from "../helpers/checkout-fixtures"
import { D1_FAULT_BODY, fault, providerLedger } from "../helpers/faults"

/**
 * Issue 11 §2: the cart's Durable Object restarted (its instance aborted, as a deploy or an eviction does) between
 * requests and in the middle of a queued burst loses no mutation and doubles none; a completion stopped between
 * authorizing and placing the order, whose object then dies, resumes from its recovery point with one order and one
 * charge.
 */
const v = { mug: fixtureId("variant") }
const STOCK = 40
let store: CheckoutStore
const ledger = providerLedger()
const { charges, calls } = ledger

beforeAll(async () => {
  store = await arrangeCheckoutStore({
    providers: ["manual", "test-pay"],
    region: { currency_code: "usd", tax_rate: 0, countries: ["us"] },
    products: [{ title: "Mug", variants: [{ id: v.mug, prices: [{ currency_code: "usd", amount: 1000 }], inventory_quantity: STOCK }] }],
  })
  ledger.install()
})
afterAll(() => ledger.restore())

const stock = async () => (await db.all<{ q: number }>("SELECT inventory_quantity AS q FROM product_variant WHERE id = ?", v.mug))[0]!.q
const recoveryPoint = async (key: string) =>
  (await db.all<{ p: string }>("SELECT recovery_point AS p FROM idempotency_key WHERE idempotency_key = ?", key))[0]?.p
const quantities = async (cartId: string) =>
  (await db.all<{ quantity: number }>("SELECT quantity FROM line_item WHERE cart_id = ? ORDER BY created_at", cartId)).map((r) => r.quantity)
const addMug = (cartId: string, key: string) =>
  api.post(`/store/carts/${cartId}/line-items`, { variant_id: v.mug, quantity: 1 }, { headers: { "Idempotency-Key": key } })

/**
 * Restarts the cart's object: `ctx.abort()` resets the instance (its queue, in-flight commands and memory go) as a
 * deploy or an eviction does; the next request gets a fresh instance. Only this cart's object: aborting every object
 * in the runtime (abortAllDurableObjects) also aborts the test pool's own and once hung the run after the tests.
 */
async function restartCartObject(cartId: string) {
  const stub = env.CART.get(env.CART.idFromName(cartId))
  const aborted = await runInDurableObject(stub, (_instance, state) => {
    state.abort("restart (test)")
    return "not aborted"
  }).catch((err: unknown) => err)
  expect(aborted).toBeInstanceOf(Error)
}

/** A response the restart may cause: the command's result, or a clean 5xx/409 in Medusa's shape (retry it). */
function expectAnsweredOrClean(res: ApiResponse) {
  if (res.status === 200) return
  expect([500, 409]).toContain(res.status)
  expect(res.body).toMatchObject({ type: expect.any(String), message: expect.any(String) })
  expect(JSON.stringify(res.body)).not.toMatch(/at \w+ \(/)
}

describe("the cart's object restarted", () => {
  it("between requests: the next command starts from D1, nothing lost or doubled", async () => {
    const created = await api.post("/store/carts", { region_id: store.regionId, items: [{ variant_id: v.mug, quantity: 1 }] })
    const cartId: string = created.body.cart.id
    const lineId: string = created.body.cart.items[0].id
    expect((await api.post(`/store/carts/${cartId}/line-items/${lineId}`, { quantity: 4 })).status).toBe(200)
    await restartCartObject(cartId)
    const added = await addMug(cartId, fixtureId("k"))
    expect(added.status).toBe(200)
    expect(added.body.cart.items.map((i: { quantity: number }) => i.quantity)).toEqual([5])
    await restartCartObject(cartId)
    const updated = await api.post(`/store/carts/${cartId}`, { email: "restart@example.com" })
    expect(updated.body.cart).toMatchObject({ email: "restart@example.com", items: [expect.objectContaining({ quantity: 5 })] })
    expect(await quantities(cartId)).toEqual([5])
  })

  it("in the middle of a queued burst: retried with their keys, 12 adds make exactly 12", async () => {
    const created = await api.post("/store/carts", { region_id: store.regionId })
    const cartId: string = created.body.cart.id
    const keys = Array.from({ length: 12 }, () => fixtureId("burst"))
    const burst = keys.map((key) => addMug(cartId, key))
    // Let part of the queue run, then kill the object under the rest.
    await new Promise((resolve) => setTimeout(resolve, 30))
    await restartCartObject(cartId)
    const first = await Promise.all(burst)
    for (const res of first) expectAnsweredOrClean(res)
    // A client retries whatever did not answer 200, with the same key (medusa-js does on 409/5xx).
    for (const [i, res] of first.entries()) {
      if (res.status === 200) continue
      const retried = await addMug(cartId, keys[i]!)
      expect(retried.status).toBe(200)
    }
    expect(await quantities(cartId)).toEqual([12])
    // Every key replays (nothing applies twice), and answers the cart as that add left it.
    for (const key of keys.slice(0, 3)) expect((await addMug(cartId, key)).status).toBe(200)
    expect(await quantities(cartId)).toEqual([12])
  })

  it("after authorizing, before placing the order: the restarted object resumes at payment_authorized, one order, one charge", async () => {
    // The completion is stopped right after its authorization batch (a D1 fault at the next one), then the object dies.
    for (let batch = 1; batch <= 6; batch++) {
      const notify = `${HOLD_PREFIX}charge/${fixtureId("c")}`
      const cartId = await cartReadyToComplete(store, [{ variant_id: v.mug, quantity: 2 }], { provider: "test-pay", data: { notify_url: notify } })
      const stockBefore = await stock()
      const key = fixtureId("complete")
      const interrupted = await api.post(`/store/carts/${cartId}/complete`, undefined, { headers: { "Idempotency-Key": key, ...fault(`d1-batch=${batch}`).headers } })
      if ((await recoveryPoint(key)) !== "payment_authorized") continue
      expect(interrupted.body).toEqual(D1_FAULT_BODY)
      await restartCartObject(cartId)
      const retried = await api.post(`/store/carts/${cartId}/complete`, undefined, { headers: { "Idempotency-Key": key } })
      expect(retried.status).toBe(200)
      expect(retried.body.type).toBe("order")
      const orders = await db.all<{ id: string }>(`SELECT id FROM "order" WHERE cart_id = ?`, cartId)
      expect(orders.map((o) => o.id)).toEqual([retried.body.data.id])
      expect((await db.all<{ n: number }>("SELECT COUNT(*) AS n FROM payment WHERE cart_id = ? AND canceled_at IS NULL", cartId))[0]!.n).toBe(1)
      expect(await stock()).toBe(stockBefore - 2)
      // Authorized once, and the resumed completion did not even ask the provider again.
      expect(charges.get(notify)?.size).toBe(1)
      expect(calls.get(notify)).toBe(1)
      return
    }
    throw new Error("no fault left a completion at payment_authorized")
  })
})
