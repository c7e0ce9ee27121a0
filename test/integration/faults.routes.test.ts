import { beforeAll, describe, expect, it } from "vitest"
import { api, type ApiResponse } from "../helpers/api"
import { adminApi } from "../helpers/admin"
import { db } from "../helpers/db"
import { fixtureId } from "../helpers/cart-fixtures"
import { registerCustomer, withCookie } from "../helpers/auth"
import {
  arrangeCheckoutStore, arrangeDiscount, arrangeGiftCard, cartReadyForPayment, cartReadyToComplete, complete, type CheckoutStore,
} from "../helpers/checkout-fixtures"
import { arrangeShippingOption } from "../helpers/shipping-fixtures"
import { changes, expectCleanD1Failure, fault, snapshotDb } from "../helpers/faults"

/**
 * Issue 11 §2, table-driven: every mutation route, failed by an injected D1 fault at each of its round trips in turn
 * (x-fault: d1-trip=1, 2, … — the Worker's and the cart/collection object's connections each count their own),
 * answers a clean 500 in Medusa's error shape, persists nothing (every table equal before and after), and the first
 * attempt whose fault lies past the request's last round trip succeeds with the expected result.
 */
const v = { mug: fixtureId("variant"), cap: fixtureId("variant") }
const ADDRESS = { first_name: "Cust", last_name: "Doe", address_1: "1 Main St", city: "Berlin", country_code: "DE", postal_code: "10115" }
let store: CheckoutStore
let returnOptionId: string

type Send = (init?: { headers?: Record<string, string> }) => Promise<ApiResponse>
interface Arranged {
  send: Send
  /** What the successful attempt must have done. */
  check: (res: ApiResponse) => Promise<void> | void
}
interface FaultCase {
  route: string
  arrange: () => Promise<Arranged>
  /**
   * Routes that write, then read their response in a second round trip: a fault in that read answers 500 after the
   * write batch has landed whole. "repeats": a retry applies the request again, so a landed fault must have written
   * exactly what the successful attempt writes. "converges": the retry finds the work done (an Idempotency-Key, or a
   * state the request moved forward), and `check` proves it happened exactly once. Unset: no fault may write anything.
   */
  afterWrite?: "repeats" | "converges"
  /** What a retry of a request whose write landed answers when the request cannot apply twice (a delete: v1's 404). */
  landedRetry?: { status: number; body: unknown }
}

const cartWithMug = async (quantity = 1) => {
  const created = await api.post("/store/carts", { region_id: store.regionId, items: [{ variant_id: v.mug, quantity }] })
  expect(created.status).toBe(200)
  return created.body.cart as { id: string; items: { id: string }[] }
}

async function placeOrder(): Promise<{ id: string; items: { id: string }[] }> {
  const cartId = await cartReadyToComplete(store, [{ variant_id: v.mug, quantity: 2 }], { provider: "manual" })
  const res = await complete(cartId)
  expect(res.status).toBe(200)
  return res.body.data
}

/** An order edit the merchant requested: adding a cap (1000 + 10% tax) makes a payment collection of 1100. */
async function requestedEdit(withPayment: boolean) {
  const order = await placeOrder()
  const edit = (await adminApi.post("/admin/order-edits", { order_id: order.id })).body.order_edit
  if (withPayment) await adminApi.post(`/admin/order-edits/${edit.id}/items`, { variant_id: v.cap, quantity: 1 })
  else await adminApi.post(`/admin/order-edits/${edit.id}/items/${edit.items[0].id}`, { quantity: 1 })
  const requested = (await adminApi.post(`/admin/order-edits/${edit.id}/request`)).body.order_edit
  expect(requested.status).toBe("requested")
  return requested as { id: string; payment_collection: { id: string } | null }
}

const CASES: FaultCase[] = [
  {
    route: "POST /store/carts",
    afterWrite: "repeats",
    arrange: async () => ({
      send: (init) => api.post("/store/carts", { region_id: store.regionId, items: [{ variant_id: v.mug, quantity: 2 }] }, init),
      check: (res) => expect(res.body.cart.items.map((i: { quantity: number }) => i.quantity)).toEqual([2]),
    }),
  },
  {
    route: "POST /store/carts/:id",
    arrange: async () => {
      const cart = await cartWithMug()
      return {
        send: (init) => api.post(`/store/carts/${cart.id}`, { email: "faulty@example.com" }, init),
        check: (res) => expect(res.body.cart.email).toBe("faulty@example.com"),
      }
    },
  },
  {
    route: "POST /store/carts/:id/line-items",
    arrange: async () => {
      const cart = await cartWithMug()
      return {
        send: (init) => api.post(`/store/carts/${cart.id}/line-items`, { variant_id: v.mug, quantity: 2 }, init),
        // Merged into the existing line exactly once: 1 + 2.
        check: (res) => expect(res.body.cart.items.map((i: { quantity: number }) => i.quantity)).toEqual([3]),
      }
    },
  },
  {
    route: "POST /store/carts/:id/line-items/:line_id",
    arrange: async () => {
      const cart = await cartWithMug()
      return {
        send: (init) => api.post(`/store/carts/${cart.id}/line-items/${cart.items[0]!.id}`, { quantity: 5 }, init),
        check: (res) => expect(res.body.cart.items.map((i: { quantity: number }) => i.quantity)).toEqual([5]),
      }
    },
  },
  {
    route: "DELETE /store/carts/:id/line-items/:line_id",
    arrange: async () => {
      const cart = await cartWithMug()
      return {
        send: (init) => api.delete(`/store/carts/${cart.id}/line-items/${cart.items[0]!.id}`, init),
        check: (res) => expect(res.body.cart.items).toEqual([]),
      }
    },
  },
  {
    route: "POST /store/carts/:id/shipping-methods",
    arrange: async () => {
      const cart = await cartWithMug()
      return {
        send: (init) => api.post(`/store/carts/${cart.id}/shipping-methods`, { option_id: store.shippingOptionId }, init),
        check: (res) => expect(res.body.cart.shipping_methods.map((m: { shipping_option_id: string }) => m.shipping_option_id)).toEqual([store.shippingOptionId]),
      }
    },
  },
  {
    route: "POST /store/carts/:id (discount)",
    arrange: async () => {
      const cart = await cartWithMug()
      const discount = await arrangeDiscount({ regionId: store.regionId, value: 10, usage_limit: 5 })
      return {
        send: (init) => api.post(`/store/carts/${cart.id}`, { discounts: [{ code: discount.code }] }, init),
        check: (res) => expect(res.body.cart.discounts.map((d: { code: string }) => d.code)).toEqual([discount.code]),
      }
    },
  },
  {
    route: "DELETE /store/carts/:id/discounts/:code",
    arrange: async () => {
      const cart = await cartWithMug()
      const discount = await arrangeDiscount({ regionId: store.regionId, value: 10 })
      expect((await api.post(`/store/carts/${cart.id}`, { discounts: [{ code: discount.code }] })).status).toBe(200)
      return {
        send: (init) => api.delete(`/store/carts/${cart.id}/discounts/${discount.code}`, init),
        check: (res) => expect(res.body.cart.discounts).toEqual([]),
      }
    },
  },
  {
    route: "POST /store/carts/:id (gift card)",
    arrange: async () => {
      const cart = await cartWithMug()
      const card = await arrangeGiftCard({ regionId: store.regionId, balance: 500 })
      return {
        send: (init) => api.post(`/store/carts/${cart.id}`, { gift_cards: [{ code: card.code }] }, init),
        check: (res) => {
          expect(res.body.cart.gift_cards.map((g: { code: string }) => g.code)).toEqual([card.code])
          expect(res.body.cart.gift_card_total).toBe(500)
        },
      }
    },
  },
  {
    route: "POST /store/carts/:id/payment-sessions",
    arrange: async () => {
      const cartId = await cartReadyForPayment(store, [{ variant_id: v.mug, quantity: 1 }])
      return {
        send: (init) => api.post(`/store/carts/${cartId}/payment-sessions`, undefined, init),
        check: (res) => expect(res.body.cart.payment_sessions.map((s: { provider_id: string }) => s.provider_id).sort()).toEqual(["manual", "test-pay"]),
      }
    },
  },
  {
    route: "POST /store/carts/:id/payment-session",
    arrange: async () => {
      const cartId = await cartReadyToComplete(store, [{ variant_id: v.mug, quantity: 1 }])
      return {
        send: (init) => api.post(`/store/carts/${cartId}/payment-session`, { provider_id: "test-pay" }, init),
        check: (res) => expect(res.body.cart.payment_session.provider_id).toBe("test-pay"),
      }
    },
  },
  {
    route: "POST /store/carts/:id/payment-sessions/:provider_id",
    arrange: async () => {
      const cartId = await cartReadyToComplete(store, [{ variant_id: v.mug, quantity: 1 }], { provider: "test-pay" })
      return {
        send: (init) => api.post(`/store/carts/${cartId}/payment-sessions/test-pay`, { data: { note: "faulty" } }, init),
        check: (res) => expect(res.body.cart.payment_session.data).toMatchObject({ note: "faulty" }),
      }
    },
  },
  {
    route: "POST /store/carts/:id/payment-sessions/:provider_id/refresh",
    arrange: async () => {
      const cartId = await cartReadyToComplete(store, [{ variant_id: v.mug, quantity: 1 }], { provider: "test-pay" })
      return {
        send: (init) => api.post(`/store/carts/${cartId}/payment-sessions/test-pay/refresh`, undefined, init),
        check: (res) => expect(res.body.cart.payment_sessions.filter((s: { provider_id: string }) => s.provider_id === "test-pay")).toHaveLength(1),
      }
    },
  },
  {
    route: "DELETE /store/carts/:id/payment-sessions/:provider_id",
    arrange: async () => {
      const cartId = await cartReadyToComplete(store, [{ variant_id: v.mug, quantity: 1 }])
      return {
        send: (init) => api.delete(`/store/carts/${cartId}/payment-sessions/test-pay`, init),
        check: (res) => expect(res.body.cart.payment_sessions.map((s: { provider_id: string }) => s.provider_id)).toEqual(["manual"]),
      }
    },
  },
  {
    route: "POST /store/customers",
    arrange: async () => {
      const email = `fault.register.${fixtureId("e")}@example.com`
      return {
        send: (init) => api.post("/store/customers", { email, password: "secret-pass-1", first_name: "F", last_name: "R" }, init),
        check: (res) => expect(res.body.customer.email).toBe(email),
      }
    },
  },
  {
    route: "POST /store/customers/me",
    arrange: async () => {
      const { cookie } = await registerCustomer()
      return {
        send: (init) => api.post("/store/customers/me", { first_name: "Renamed" }, { headers: { ...init?.headers, cookie } }),
        check: (res) => expect(res.body.customer.first_name).toBe("Renamed"),
      }
    },
  },
  {
    route: "POST /store/customers/me/addresses",
    arrange: async () => {
      const { cookie } = await registerCustomer()
      return {
        send: (init) => api.post("/store/customers/me/addresses", { address: ADDRESS }, { headers: { ...init?.headers, cookie } }),
        check: (res) => expect(res.body.customer.shipping_addresses.map((a: { city: string }) => a.city)).toEqual(["Berlin"]),
      }
    },
  },
  {
    route: "POST /store/customers/me/addresses/:address_id",
    afterWrite: "repeats",
    arrange: async () => {
      const { cookie } = await registerCustomer()
      const added = await api.post("/store/customers/me/addresses", { address: ADDRESS }, withCookie(cookie))
      const addressId: string = added.body.customer.shipping_addresses[0].id
      return {
        send: (init) => api.post(`/store/customers/me/addresses/${addressId}`, { city: "Hamburg" }, { headers: { ...init?.headers, cookie } }),
        check: (res) => expect(res.body.customer.shipping_addresses.map((a: { city: string }) => a.city)).toEqual(["Hamburg"]),
      }
    },
  },
  {
    route: "DELETE /store/customers/me/addresses/:address_id",
    afterWrite: "converges",
    landedRetry: { status: 404, body: { type: "not_found", message: expect.stringMatching(/^Address with id addr_\w+ was not found$/) } },
    arrange: async () => {
      const { cookie } = await registerCustomer()
      const added = await api.post("/store/customers/me/addresses", { address: ADDRESS }, withCookie(cookie))
      const addressId: string = added.body.customer.shipping_addresses[0].id
      return {
        send: (init) => api.delete(`/store/customers/me/addresses/${addressId}`, { headers: { ...init?.headers, cookie } }),
        // The body is the customer (200), or v1's 404 for a retry of a delete that landed: the address is gone either way.
        check: async () => expect((await api.get("/store/customers/me", withCookie(cookie))).body.customer.shipping_addresses).toEqual([]),
      }
    },
  },
  {
    route: "POST /store/returns (one Idempotency-Key throughout)",
    afterWrite: "converges",
    arrange: async () => {
      const order = await placeOrder()
      const key = fixtureId("ret-key")
      return {
        send: (init) => api.post("/store/returns", { order_id: order.id, items: [{ item_id: order.items[0]!.id, quantity: 1 }], return_shipping: { option_id: returnOptionId } }, { headers: { ...init?.headers, "Idempotency-Key": key } }),
        check: async (res) => {
          expect(res.body.return).toMatchObject({ order_id: order.id, status: "requested", idempotency_key: key })
          expect(await db.all(`SELECT id FROM "return" WHERE order_id = ?`, order.id)).toHaveLength(1)
        },
      }
    },
  },
  {
    route: "POST /store/order-edits/:id/complete",
    afterWrite: "converges",
    arrange: async () => {
      const edit = await requestedEdit(false)
      return {
        send: (init) => api.post(`/store/order-edits/${edit.id}/complete`, undefined, init),
        check: (res) => expect(res.body.order_edit.status).toBe("confirmed"),
      }
    },
  },
  {
    route: "POST /store/order-edits/:id/decline",
    afterWrite: "converges",
    arrange: async () => {
      const edit = await requestedEdit(false)
      return {
        send: (init) => api.post(`/store/order-edits/${edit.id}/decline`, { declined_reason: "too expensive" }, init),
        check: (res) => expect(res.body.order_edit).toMatchObject({ status: "declined", declined_reason: "too expensive" }),
      }
    },
  },
  {
    route: "POST /store/payment-collections/:id/sessions",
    afterWrite: "converges",
    arrange: async () => {
      const id = (await requestedEdit(true)).payment_collection!.id
      return {
        send: (init) => api.post(`/store/payment-collections/${id}/sessions`, { provider_id: "manual" }, init),
        check: (res) => expect(res.body.payment_collection.payment_sessions.map((s: { provider_id: string; amount: number }) => [s.provider_id, s.amount])).toEqual([["manual", 1100]]),
      }
    },
  },
  {
    route: "POST /store/payment-collections/:id/sessions/batch",
    afterWrite: "converges",
    arrange: async () => {
      const id = (await requestedEdit(true)).payment_collection!.id
      return {
        send: (init) => api.post(`/store/payment-collections/${id}/sessions/batch`, { sessions: [{ provider_id: "manual", amount: 600 }, { provider_id: "test-pay", amount: 500 }] }, init),
        check: (res) => expect(res.body.payment_collection.payment_sessions.map((s: { amount: number }) => s.amount).sort()).toEqual([500, 600]),
      }
    },
  },
  {
    route: "POST /store/payment-collections/:id/sessions/:session_id/authorize",
    afterWrite: "converges",
    arrange: async () => {
      const id = (await requestedEdit(true)).payment_collection!.id
      const created = await api.post(`/store/payment-collections/${id}/sessions`, { provider_id: "manual" })
      const sessionId: string = created.body.payment_collection.payment_sessions[0].id
      return {
        send: (init) => api.post(`/store/payment-collections/${id}/sessions/${sessionId}/authorize`, undefined, init),
        check: (res) => expect(res.body.payment_session).toMatchObject({ id: sessionId, status: "authorized" }),
      }
    },
  },
  {
    route: "POST /store/payment-collections/:id/sessions/batch/authorize",
    afterWrite: "converges",
    arrange: async () => {
      const id = (await requestedEdit(true)).payment_collection!.id
      const created = await api.post(`/store/payment-collections/${id}/sessions`, { provider_id: "manual" })
      const sessionId: string = created.body.payment_collection.payment_sessions[0].id
      return {
        send: (init) => api.post(`/store/payment-collections/${id}/sessions/batch/authorize`, { session_ids: [sessionId] }, init),
        check: (res) => expect(res.body.payment_collection.status).toBe("authorized"),
      }
    },
  },
]

beforeAll(async () => {
  store = await arrangeCheckoutStore({
    providers: ["manual", "test-pay"],
    region: { currency_code: "usd", tax_rate: 10, countries: ["us"] },
    products: [
      { title: "Mug", variants: [{ id: v.mug, prices: [{ currency_code: "usd", amount: 1950 }] }] },
      { title: "Cap", variants: [{ id: v.cap, prices: [{ currency_code: "usd", amount: 1000 }] }] },
    ],
  })
  returnOptionId = await arrangeShippingOption({ regionId: store.regionId, profileId: store.profileId, name: "Return", amount: 500, is_return: true })
})

/** More round trips than any of these routes makes: a route still failing here has a fault it never recovers from. */
const MAX_TRIPS = 12

/** How many rows each table gained and lost: what one application of a request's write batch looks like. */
const shape = (diff: ReturnType<typeof changes>) =>
  Object.fromEntries(Object.entries(diff).map(([table, d]) => [table, [d.added.length, d.removed.length]]))

describe("a D1 fault at each round trip of every mutation route", () => {
  it.each(CASES.map((c) => [c.route, c] as const))("%s: clean 500, nothing partial persisted, then succeeds", async (_route, testCase) => {
    const { send, check } = await testCase.arrange()
    let faulted = 0
    // Faults after the write batch (in the read that builds the response) leave the whole batch applied, never part.
    const landed: { trip: number; shape: Record<string, number[]> }[] = []
    for (let trip = 1; trip <= MAX_TRIPS; trip++) {
      // Rate-limit counters are attempts, counted before the work and kept when it fails (by design).
      const before = await snapshotDb(["rate_limit"])
      const res = await send(fault(`d1-trip=${trip}`))
      const diff = changes(before, await snapshotDb(["rate_limit"]))
      if (landed.length > 0 && testCase.landedRetry && res.status === testCase.landedRetry.status) {
        expect(res.body).toEqual(testCase.landedRetry.body)
        await check(res)
        return
      }
      if (res.status === 200) {
        // The fault lay past the request's last round trip: this attempt is the clean retry.
        expect(faulted).toBeGreaterThan(0)
        await check(res)
        if (testCase.afterWrite === "repeats") {
          for (const l of landed) expect(l.shape, `fault at round trip ${l.trip} left part of the write`).toEqual(shape(diff))
        }
        return
      }
      expectCleanD1Failure(res)
      if (Object.keys(diff).length > 0) {
        expect(testCase.afterWrite, `fault at round trip ${trip} persisted ${JSON.stringify(shape(diff))}`).toBeDefined()
        landed.push({ trip, shape: shape(diff) })
      }
      faulted++
    }
    throw new Error(`${testCase.route} still failed with a fault at round trip ${MAX_TRIPS}`)
  })
})
