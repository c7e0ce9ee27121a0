import { env, listDurableObjectIds } from "cloudflare:test"
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test"
import { beforeAll, describe, expect, it } from "vitest"
import worker from "../../src/index"
import { faultPlan } from "../../src/faults/plan"
import { api } from "../helpers/api"
import { fixtureId } from "../helpers/cart-fixtures"
import { uniqueEmail } from "../helpers/auth"
import { arrangeCheckoutStore, type CheckoutStore } from "../helpers/checkout-fixtures"
import { expectCleanD1Failure, fault, snapshotDb } from "../helpers/faults"

/**
 * The test-only fault switch (src/faults/plan.ts) and the edge's 404 for unknown cart ids (issue 11 §2, §4).
 */
const v = { mug: fixtureId("variant") }
let store: CheckoutStore

beforeAll(async () => {
  store = await arrangeCheckoutStore({
    region: { currency_code: "eur", tax_rate: 0, countries: ["de"] },
    products: [{ title: "Mug", variants: [{ id: v.mug, prices: [{ currency_code: "eur", amount: 850 }] }] }],
  })
})

/** Sends a request to the Worker with FAULTS unset, as every wrangler.toml environment deploys it. */
async function productionFetch(method: string, path: string, body: unknown, headers: Record<string, string>) {
  const ctx = createExecutionContext()
  const res = await worker.fetch(
    new Request(`http://store.test${path}`, { method, headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) }),
    { ...env, FAULTS: undefined },
    ctx,
  )
  await waitOnExecutionContext(ctx)
  return { status: res.status, body: (await res.json()) as any }
}

describe("fault plan parsing", () => {
  it("is honoured only when FAULTS is exactly 'on'", () => {
    expect(faultPlan("on", "d1-batch=2")).toEqual({ d1: { on: "batch", at: 2 } })
    expect(faultPlan("on", "d1-trip=1, payment=timeout")).toEqual({ d1: { on: "trip", at: 1 }, payment: "timeout" })
    expect(faultPlan(undefined, "d1-batch=1")).toBeUndefined()
    expect(faultPlan("true", "d1-batch=1")).toBeUndefined()
    expect(faultPlan("on", "d1-batch=0, payment=slow, nonsense")).toBeUndefined()
  })

  it("no wrangler.toml environment sets FAULTS", async () => {
    // The deployed config's vars, as the test Worker sees the top-level ones: FAULTS comes from vitest.config.ts only.
    const toml: string = (await import("../../wrangler.toml?raw")).default
    expect(toml).toContain("[env.production.vars]")
    expect(toml).not.toMatch(/FAULTS/)
    expect(env.FAULTS).toBe("on")
  })
})

describe("the x-fault header", () => {
  it("with FAULTS=on, fails the chosen D1 call with a clean 500 and persists nothing", async () => {
    const email = uniqueEmail("fault")
    const before = await snapshotDb()
    const res = await api.post("/store/customers", { email, password: "secret-pass-1", first_name: "F", last_name: "A" }, fault("d1-batch=1"))
    expectCleanD1Failure(res)
    expect(await snapshotDb()).toEqual(before)
  })

  it("without FAULTS (production) does nothing: the same request succeeds, in the Worker and in the cart's object", async () => {
    const email = uniqueEmail("prod")
    const registered = await productionFetch("POST", "/store/customers", { email, password: "secret-pass-1", first_name: "P", last_name: "R" }, { "x-fault": "d1-batch=1" })
    expect(registered.status).toBe(200)
    expect(registered.body.customer.email).toBe(email)

    const created = await api.post("/store/carts", { region_id: store.regionId })
    const cartId: string = created.body.cart.id
    const added = await productionFetch("POST", `/store/carts/${cartId}/line-items`, { variant_id: v.mug, quantity: 2 }, { "x-fault": "d1-trip=1" })
    expect(added.status).toBe(200)
    expect(added.body.cart.items.map((i: { quantity: number }) => i.quantity)).toEqual([2])
    // The same request through the test Worker (FAULTS=on) fails: the header is what production ignores.
    expectCleanD1Failure(await api.post(`/store/carts/${cartId}/line-items`, { variant_id: v.mug, quantity: 1 }, fault("d1-trip=1")))
  })
})

describe("unknown cart ids", () => {
  const writes = (id: string) => [
    () => api.post(`/store/carts/${id}`, { email: "spray@example.com" }),
    () => api.post(`/store/carts/${id}/line-items`, { variant_id: v.mug, quantity: 1 }),
    () => api.post(`/store/carts/${id}/payment-sessions`),
    () => api.post(`/store/carts/${id}/complete`),
    () => api.delete(`/store/carts/${id}/line-items/item_x`),
  ]

  it("50 sprayed ids are answered v1's 404 and create no Durable Object", async () => {
    const objectsBefore = (await listDurableObjectIds(env.CART)).length
    for (let i = 0; i < 50; i++) {
      const id = i % 10 === 9 ? `not a cart ${i}` : `cart_01SPRAY${String(i).padStart(17, "0")}`
      const send = writes(id)[i % 5]!
      const res = await send()
      expect(res.status).toBe(404)
      expect(res.body).toEqual({ type: "not_found", message: `Cart with ${id} was not found` })
    }
    expect((await listDurableObjectIds(env.CART)).length).toBe(objectsBefore)
  })

  it("a real cart still reaches its object (one new object), and the count proves the probe works", async () => {
    const objectsBefore = (await listDurableObjectIds(env.CART)).length
    const created = await api.post("/store/carts", { region_id: store.regionId })
    const added = await api.post(`/store/carts/${created.body.cart.id}/line-items`, { variant_id: v.mug, quantity: 3 })
    expect(added.status).toBe(200)
    expect(added.body.cart.items[0].quantity).toBe(3)
    expect((await listDurableObjectIds(env.CART)).length).toBe(objectsBefore + 1)
  })
})
