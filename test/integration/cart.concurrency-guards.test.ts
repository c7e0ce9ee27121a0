import { afterEach, beforeAll, describe, expect, it } from "vitest"
import { api, type ApiResponse } from "../helpers/api"
import { fixtureId } from "../helpers/cart-fixtures"
import { arrangeCheckoutStore, cartReadyToComplete, complete, type CheckoutStore } from "../helpers/checkout-fixtures"
import { db } from "../helpers/db"
import { holdPayment } from "../helpers/hold-payment"
import { env } from "cloudflare:workers"

/**
 * The cart Durable Object's ordering guarantees, proven deterministically: a payment command is held open inside the
 * object (test-pay's `hold_url`, answered by a fetch the test releases; the object runs in the tests' isolate, so
 * patching globalThis.fetch reaches it) while the test sends the colliding requests.
 */
const CONFLICT = {
  type: "conflict",
  code: "invalid_state_error",
  message: "The request conflicted with another request. You may retry the request with the provided Idempotency-Key.",
}

let current: ReturnType<typeof holdPayment> | undefined
afterEach(() => {
  current?.restore() // a failed test must not leave its cart's object waiting
  current = undefined
})

/** Whether a request has answered yet. A queued command cannot answer while the held one runs, however long we wait. */
const settledYet = (p: Promise<unknown>) =>
  Promise.race([p.then(() => "answered"), new Promise((resolve) => setTimeout(() => resolve("still waiting"), 300))])

/** A request that must be answered at once while the held command runs (a 409), not queued behind it. */
async function answeredWhileHeld(request: Promise<ApiResponse>): Promise<ApiResponse> {
  const outcome = await Promise.race([request, new Promise<"queued">((resolve) => setTimeout(() => resolve("queued"), 2000))])
  if (outcome === "queued") throw new Error("the request was queued behind the held command instead of being refused")
  return outcome
}

const sessionData = async (cartId: string) => {
  const [row] = await db.all<{ data: string }>(`SELECT data FROM payment_session WHERE cart_id = ? AND provider_id = 'test-pay'`, cartId)
  return JSON.parse(row!.data) as Record<string, unknown>
}
const lineQuantities = async (cartId: string) =>
  db.all<{ variant_id: string; quantity: number }>(`SELECT variant_id, quantity FROM line_item WHERE cart_id = ? ORDER BY variant_id`, cartId)

describe("cart Durable Object: ordering guards, proven by holding a payment command open", () => {
  let store: CheckoutStore
  const mug = fixtureId("var_mug")
  const cup = fixtureId("var_cup")
  beforeAll(async () => {
    store = await arrangeCheckoutStore({
      providers: ["manual", "test-pay"],
      region: { currency_code: "eur", countries: ["de"] },
      products: [
        { title: "Mug", variants: [{ id: mug, prices: [{ currency_code: "eur", amount: 800 }], inventory_quantity: 50 }] },
        { title: "Cup", variants: [{ id: cup, prices: [{ currency_code: "eur", amount: 300 }], inventory_quantity: 50 }] },
      ],
    })
  })
  const cartWithTestPay = () => cartReadyToComplete(store, [{ variant_id: mug, quantity: 1 }], { provider: "test-pay" })
  const heldUpdate = (cartId: string, url: string, note: string) =>
    api.post(`/store/carts/${cartId}/payment-sessions/test-pay`, { data: { hold_url: url, note } })

  it("a colliding payment command or completion is answered 409 with Medusa's conflict body, and changes nothing", async () => {
    const cartId = await cartWithTestPay()
    const hold = (current = holdPayment())
    const held = heldUpdate(cartId, hold.url, "first")
    await hold.reached

    const refresh = await answeredWhileHeld(api.post(`/store/carts/${cartId}/payment-sessions`))
    expect(refresh.status).toBe(409)
    expect(refresh.body).toEqual(CONFLICT)
    const completion = await answeredWhileHeld(complete(cartId, `guard-complete-${cartId}`))
    expect(completion.status).toBe(409)
    expect(completion.body).toEqual(CONFLICT)
    const select = await answeredWhileHeld(api.post(`/store/carts/${cartId}/payment-session`, { provider_id: "manual" }))
    expect(select.status).toBe(409)
    expect(select.body).toEqual(CONFLICT)

    hold.release()
    expect((await held).status).toBe(200)
    // The refused commands left no trace: no order, test-pay still selected, its data is the held update's.
    expect(await db.all(`SELECT id FROM "order" WHERE cart_id = ?`, cartId)).toEqual([])
    const [selected] = await db.all<{ provider_id: string }>(`SELECT provider_id FROM payment_session WHERE cart_id = ? AND is_selected = 1`, cartId)
    expect(selected!.provider_id).toBe("test-pay")
    expect(await sessionData(cartId)).toMatchObject({ note: "first" })
    expect(await sessionData(cartId)).not.toHaveProperty("hold_url")
    // The refused completion's key was never written: retrying it now completes the cart.
    const retried = await complete(cartId, `guard-complete-${cartId}`)
    expect(retried.status).toBe(200)
    expect(retried.body.type).toBe("order")
  })

  it("an edit that arrives meanwhile waits its turn, then runs on the held command's result: both apply", async () => {
    const cartId = await cartWithTestPay()
    const hold = (current = holdPayment())
    const held = heldUpdate(cartId, hold.url, "held")
    await hold.reached

    const edit = api.post(`/store/carts/${cartId}/line-items`, { variant_id: cup, quantity: 3 })
    expect(await settledYet(edit)).toBe("still waiting")
    expect(await lineQuantities(cartId)).toEqual([{ variant_id: mug, quantity: 1 }])

    hold.release()
    const [payment, added] = await Promise.all([held, edit])
    expect(payment.status).toBe(200)
    expect(added.status).toBe(200)
    expect(added.body.cart.items.map((i: { variant_id: string; quantity: number }) => [i.variant_id, i.quantity]).sort()).toEqual(
      [[cup, 3], [mug, 1]].sort(),
    )
    expect(await lineQuantities(cartId)).toEqual([{ variant_id: cup, quantity: 3 }, { variant_id: mug, quantity: 1 }].sort((a, b) => a.variant_id.localeCompare(b.variant_id)))
    expect(await sessionData(cartId)).toMatchObject({ note: "held" })
  })

  it("a cart read waits for no command: GET answers at once with the last committed cart, then the held result", async () => {
    const cartId = await cartWithTestPay()
    const before = await api.get(`/store/carts/${cartId}`)
    const hold = (current = holdPayment())
    const held = heldUpdate(cartId, hold.url, "held")
    await hold.reached
    const edit = api.post(`/store/carts/${cartId}/line-items`, { variant_id: cup, quantity: 2 })

    const during = await answeredWhileHeld(api.get(`/store/carts/${cartId}`))
    expect(during.status).toBe(200)
    expect(during.body.cart).toEqual(before.body.cart)
    expect(during.body.cart.items.map((i: { quantity: number }) => i.quantity)).toEqual([1])

    hold.release()
    expect((await held).status).toBe(200)
    expect((await edit).status).toBe(200)
    const after = await api.get(`/store/carts/${cartId}`)
    expect(after.body.cart.items.map((i: { variant_id: string; quantity: number }) => [i.variant_id, i.quantity]).sort()).toEqual([[cup, 2], [mug, 1]].sort())
    expect(after.body.cart.subtotal).toBe(800 + 2 * 300)
  })

  it("a provider that never answers fails its command after PAYMENT_PROVIDER_TIMEOUT_MS and frees the cart's queue", async () => {
    const cartId = await cartWithTestPay()
    const hold = (current = holdPayment()) // never released: the provider hangs
    const started = Date.now()
    const held = heldUpdate(cartId, hold.url, "never")
    await hold.reached
    const edit = api.post(`/store/carts/${cartId}/line-items`, { variant_id: cup, quantity: 1 })
    expect(await settledYet(edit)).toBe("still waiting")

    const timedOut = await held
    expect(Date.now() - started).toBeGreaterThanOrEqual(6000)
    expect(timedOut.status).toBe(400)
    expect(timedOut.body).toEqual({ type: "invalid_data", code: "provider_timeout", message: "Payment provider test-pay did not answer within 6000 ms" })
    // The queued edit runs as soon as the timed-out command gives the cart back; the update was not applied.
    const added = await edit
    expect(added.status).toBe(200)
    expect(added.body.cart.items.map((i: { variant_id: string; quantity: number }) => [i.variant_id, i.quantity]).sort()).toEqual([[cup, 1], [mug, 1]].sort())
    expect(await sessionData(cartId)).not.toHaveProperty("note")
  })

  it("a retry whose Idempotency-Key is still queued is answered 409; the key's first request applies once", async () => {
    const cartId = await cartWithTestPay()
    const hold = (current = holdPayment())
    const held = heldUpdate(cartId, hold.url, "held")
    await hold.reached

    const key = `guard-add-${cartId}`
    const add = () => api.post(`/store/carts/${cartId}/line-items`, { variant_id: cup, quantity: 2 }, { headers: { "Idempotency-Key": key } })
    const first = add()
    expect(await settledYet(first)).toBe("still waiting")
    const retry = await answeredWhileHeld(add())
    expect(retry.status).toBe(409)
    expect(retry.body).toEqual(CONFLICT)

    hold.release()
    expect((await held).status).toBe(200)
    expect((await first).status).toBe(200)
    expect((await add()).status).toBe(200) // after it finished, the key replays its stored answer
    expect(await lineQuantities(cartId)).toEqual([{ variant_id: cup, quantity: 2 }, { variant_id: mug, quantity: 1 }].sort((a, b) => a.variant_id.localeCompare(b.variant_id)))
  })

  it("a write planned on a stale cart version is rejected (409) and changes nothing; the other writer's change stays", async () => {
    const cartId = await cartWithTestPay()
    const hold = (current = holdPayment())
    const held = heldUpdate(cartId, hold.url, "stale")
    await hold.reached

    // A write that bypasses the object (an admin script) while the payment command holds the cart it read.
    const [{ version: before }] = await db.all<{ version: number }>(`SELECT version FROM cart WHERE id = ?`, cartId) as [{ version: number }]
    await env.DB.prepare(`UPDATE cart SET metadata = '{"by":"script"}' WHERE id = ?`).bind(cartId).run()
    const [{ version: after }] = await db.all<{ version: number }>(`SELECT version FROM cart WHERE id = ?`, cartId) as [{ version: number }]
    expect(after).toBe(before + 1) // migration 0014's trigger

    hold.release()
    const stale = await held
    expect(stale.status).toBe(409)
    expect(stale.body).toEqual(CONFLICT)
    expect(await sessionData(cartId)).not.toHaveProperty("note")
    const [cart] = await db.all<{ metadata: string; version: number }>(`SELECT metadata, version FROM cart WHERE id = ?`, cartId)
    expect(JSON.parse(cart!.metadata)).toEqual({ by: "script" })
    expect(cart!.version).toBe(after)

    // Retried on fresh rows, the same update applies and keeps the script's change.
    const retried = await api.post(`/store/carts/${cartId}/payment-sessions/test-pay`, { data: { note: "fresh" } })
    expect(retried.status).toBe(200)
    expect(await sessionData(cartId)).toMatchObject({ note: "fresh" })
    expect(retried.body.cart.metadata).toEqual({ by: "script" })
  })
})
