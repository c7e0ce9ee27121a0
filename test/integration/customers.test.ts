import { beforeAll, describe, expect, it } from "vitest"
import { api } from "../helpers/api"
import { fixtureId } from "../helpers/cart-fixtures"
import { arrangeCheckoutStore, type CheckoutStore } from "../helpers/checkout-fixtures"
import { registerCustomer, sessionCookie, tokenFor, withBearer, withCookie } from "../helpers/auth"

const ADDRESS = {
  first_name: "Cust", last_name: "Doe", address_1: "1 Main St", city: "Berlin", country_code: "DE", postal_code: "10115",
  province: "", phone: "+15555550100",
}

describe("GET/POST /store/customers/me", () => {
  it("updates names, phone and metadata (merged; \"\" removes a key) and keeps the session", async () => {
    const { cookie } = await registerCustomer()
    const first = await api.post("/store/customers/me", { first_name: "Custy", metadata: { vip: true, tier: "gold" } }, withCookie(cookie))
    expect(first.status).toBe(200)
    expect(first.body.customer).toMatchObject({ first_name: "Custy", last_name: "Omer", metadata: { vip: true, tier: "gold" } })
    const second = await api.post("/store/customers/me", { phone: "+4930123", metadata: { tier: "", note: "x" } }, withCookie(cookie))
    expect(second.body.customer).toMatchObject({ first_name: "Custy", phone: "+4930123", metadata: { vip: true, note: "x" } })
    const me = await api.get("/store/customers/me", withCookie(cookie))
    expect(me.body.customer.metadata).toEqual({ vip: true, note: "x" })
  })

  it("changes the password: the old one stops working, the new one logs in", async () => {
    const { email, password, cookie } = await registerCustomer()
    expect((await api.post("/store/customers/me", { password: "n3w-secret" }, withCookie(cookie))).status).toBe(200)
    expect((await api.post("/store/auth", { email, password })).status).toBe(401)
    expect((await api.post("/store/auth", { email, password: "n3w-secret" })).status).toBe(200)
  })

  it("changing the email to another account's → 422 duplicate_error; to a free one works and logs in with it", async () => {
    const a = await registerCustomer()
    const b = await registerCustomer()
    const taken = await api.post("/store/customers/me", { email: a.email }, withCookie(b.cookie))
    expect(taken.status).toBe(422)
    expect(taken.body.type).toBe("duplicate_error")
    const fresh = `moved.${b.email}`
    const moved = await api.post("/store/customers/me", { email: fresh.toUpperCase() }, withCookie(b.cookie))
    expect(moved.body.customer.email).toBe(fresh)
    expect((await api.post("/store/auth", { email: fresh, password: b.password })).status).toBe(200)
  })

  it("sets a billing address from an object, edits it in place, and links one of the customer's own addresses by id", async () => {
    const { cookie } = await registerCustomer()
    const set = await api.post("/store/customers/me", { billing_address: ADDRESS }, withCookie(cookie))
    expect(set.status).toBe(200)
    const billing = set.body.customer.billing_address
    expect(billing).toMatchObject({ ...ADDRESS, country_code: "de", customer_id: null })
    expect(set.body.customer.billing_address_id).toBe(billing.id)
    const edited = await api.post("/store/customers/me", { billing_address: { city: "Hamburg" } }, withCookie(cookie))
    expect(edited.body.customer.billing_address).toMatchObject({ id: billing.id, city: "Hamburg", first_name: "Cust" })
    const added = await api.post("/store/customers/me/addresses", { address: ADDRESS }, withCookie(cookie))
    const own = added.body.customer.shipping_addresses[0].id
    const linked = await api.post("/store/customers/me", { billing_address: own }, withCookie(cookie))
    expect(linked.body.customer.billing_address_id).toBe(own)
  })

  it("refuses unknown keys, and never changes has_account or another customer's id", async () => {
    const { cookie } = await registerCustomer()
    const res = await api.post("/store/customers/me", { has_account: false, id: "cus_x" }, withCookie(cookie))
    expect(res).toMatchObject({ status: 400, body: { type: "invalid_data", message: "property has_account should not exist, property id should not exist" } })
  })
})

describe("/store/customers/me/addresses", () => {
  it("adds ({address:{…}}), updates (flat) and deletes, answering the whole customer each time", async () => {
    const { cookie, id } = await registerCustomer()
    const added = await api.post("/store/customers/me/addresses", { address: { ...ADDRESS, company: "", address_2: "" } }, withCookie(cookie))
    expect(added.status).toBe(200)
    const [address] = added.body.customer.shipping_addresses
    expect(Object.keys(address)).toEqual([
      "id", "created_at", "updated_at", "deleted_at", "customer_id", "company", "first_name", "last_name", "address_1", "address_2",
      "city", "country_code", "province", "postal_code", "phone", "metadata",
    ])
    expect(address).toMatchObject({ ...ADDRESS, country_code: "de", customer_id: id, company: "", address_2: "", metadata: null })
    expect(address.id).toMatch(/^addr_/)

    const updated = await api.post(`/store/customers/me/addresses/${address.id}`, { city: "Potsdam", address_2: "" }, withCookie(cookie))
    expect(updated.status).toBe(200)
    expect(updated.body.customer.shipping_addresses).toEqual([expect.objectContaining({ id: address.id, city: "Potsdam", address_1: "1 Main St" })])

    const deleted = await api.delete(`/store/customers/me/addresses/${address.id}`, withCookie(cookie))
    expect(deleted.status).toBe(200)
    expect(deleted.body.customer.shipping_addresses).toEqual([])
  })

  it("reports missing nested fields the way v1 does (golden 159)", async () => {
    const { cookie } = await registerCustomer()
    const res = await api.post("/store/customers/me/addresses", { address: { first_name: "x" } }, withCookie(cookie))
    expect(res.status).toBe(400)
    expect(res.body).toEqual({
      type: "invalid_data",
      message: "last_name must be a string, address_1 must be a string, city must be a string, country_code must be a string, postal_code must be a string",
    })
  })

  it("unknown address: update → v1's 400, delete → 404", async () => {
    const { cookie } = await registerCustomer()
    expect(await api.post("/store/customers/me/addresses/addr_nope", { city: "X" }, withCookie(cookie))).toMatchObject({
      status: 400, body: { type: "invalid_data", message: "Could not find address for customer" },
    })
    expect(await api.delete("/store/customers/me/addresses/addr_nope", withCookie(cookie))).toMatchObject({
      status: 404, body: { type: "not_found", message: "Address with id addr_nope was not found" },
    })
  })
})

describe("security: a customer reaches only their own record, addresses and orders", () => {
  it("B can neither update nor delete nor bill to A's address, and A's address book is untouched", async () => {
    const a = await registerCustomer()
    const b = await registerCustomer()
    const added = await api.post("/store/customers/me/addresses", { address: ADDRESS }, withCookie(a.cookie))
    const addressId: string = added.body.customer.shipping_addresses[0].id
    expect((await api.post(`/store/customers/me/addresses/${addressId}`, { city: "Stolen" }, withCookie(b.cookie))).status).toBe(400)
    expect((await api.delete(`/store/customers/me/addresses/${addressId}`, withCookie(b.cookie))).status).toBe(404)
    expect((await api.post("/store/customers/me", { billing_address: addressId }, withCookie(b.cookie))).status).toBe(404)
    const mine = await api.get("/store/customers/me", withCookie(a.cookie))
    expect(mine.body.customer.shipping_addresses).toEqual([expect.objectContaining({ id: addressId, city: "Berlin" })])
    const theirs = await api.get("/store/customers/me", withCookie(b.cookie))
    expect(theirs.body.customer.shipping_addresses).toEqual([])
  })
})

describe("carts and orders of a logged-in customer", () => {
  const variant = fixtureId("variant")
  let store: CheckoutStore
  beforeAll(async () => {
    store = await arrangeCheckoutStore({
      region: { currency_code: "eur", tax_rate: 0, countries: ["de"] },
      products: [{ title: "Mug", variants: [{ id: variant, prices: [{ currency_code: "eur", amount: 850 }], inventory_quantity: 100 }] }],
    })
  })

  async function checkout(auth: { headers: Record<string, string> }, addressId?: string) {
    const created = await api.post("/store/carts", { region_id: store.regionId, items: [{ variant_id: variant, quantity: 2 }] }, auth)
    expect(created.status).toBe(200)
    const cartId: string = created.body.cart.id
    if (addressId) {
      const updated = await api.post(`/store/carts/${cartId}`, { shipping_address: addressId }, auth)
      expect(updated.status).toBe(200)
    }
    expect((await api.post(`/store/carts/${cartId}/shipping-methods`, { option_id: store.shippingOptionId }, auth)).status).toBe(200)
    expect((await api.post(`/store/carts/${cartId}/payment-sessions`, undefined, auth)).status).toBe(200)
    const done = await api.post(`/store/carts/${cartId}/complete`, undefined, auth)
    expect(done.status).toBe(200)
    expect(done.body.type).toBe("order")
    return { cartId, order: done.body.data }
  }

  it("a Bearer cart gets customer_id and email; the order belongs to the customer and shows in /me/orders", async () => {
    const a = await registerCustomer()
    const token = await tokenFor(a.email, a.password)
    const created = await api.post("/store/carts", { region_id: store.regionId }, withBearer(token))
    expect(created.body.cart).toMatchObject({ customer_id: a.id, email: a.email })

    const added = await api.post("/store/customers/me/addresses", { address: ADDRESS }, withBearer(token))
    const { order } = await checkout(withBearer(token), added.body.customer.shipping_addresses[0].id)
    expect(order).toMatchObject({ customer_id: a.id, email: a.email })
    expect(order.shipping_address).toMatchObject({ address_1: "1 Main St", country_code: "de" })

    const list = await api.get("/store/customers/me/orders", withBearer(token))
    expect(list.status).toBe(200)
    expect(list.body).toMatchObject({ count: 1, offset: 0, limit: 10 })
    expect(list.body.orders.map((o: { id: string }) => o.id)).toEqual([order.id])
    expect(list.body.orders[0]).toMatchObject({ object: "order", customer_id: a.id, total: 2700, subtotal: 1700, shipping_total: 1000 })
    expect(list.body.orders[0]).not.toHaveProperty("updated_at")

    const session = await api.get("/store/auth", withBearer(token))
    expect(session.body.customer.orders.map((o: { id: string }) => o.id)).toEqual([order.id])
    expect(session.body.customer.orders[0].items).toHaveLength(1)
  })

  it("pages, shapes and filters /me/orders; B never sees A's orders", async () => {
    // q also matches email substrings (v1), so these emails hold no digit a display id could match.
    const a = await registerCustomer({ email: "orders-alpha@example.com" })
    const b = await registerCustomer({ email: "orders-bravo@example.com" })
    const first = await checkout(withCookie(a.cookie))
    const second = await checkout(withCookie(a.cookie))
    const paged = await api.get("/store/customers/me/orders?limit=1&offset=0&fields=id,display_id", withCookie(a.cookie))
    expect(paged.body).toMatchObject({ count: 2, offset: 0, limit: 1 })
    expect(paged.body.orders).toHaveLength(1)
    expect(paged.body.orders[0].id).toBe(second.order.id)
    expect(paged.body.orders[0]).not.toHaveProperty("email")
    const byDisplay = await api.get(`/store/customers/me/orders?q=${first.order.display_id}`, withCookie(a.cookie))
    expect(byDisplay.body.orders.map((o: { id: string }) => o.id)).toEqual([first.order.id])
    const pending = await api.get("/store/customers/me/orders?status[]=completed", withCookie(a.cookie))
    expect(pending.body.count).toBe(0)
    const bad = await api.get("/store/customers/me/orders?status[]=lost", withCookie(a.cookie))
    expect(bad.status).toBe(400)
    const other = await api.get("/store/customers/me/orders", withCookie(b.cookie))
    expect(other.body).toMatchObject({ orders: [], count: 0 })
    const byId = await api.get(`/store/customers/me/orders?id=${first.order.id}`, withCookie(b.cookie))
    expect(byId.body.count).toBe(0)
  })

  it("GET /store/carts/{id} attaches a guest cart to the logged-in customer; another customer's POST → 404; customer_id is the token's only", async () => {
    const a = await registerCustomer()
    const b = await registerCustomer()
    const anonymous = await api.post("/store/carts", { region_id: store.regionId })
    const cartId: string = anonymous.body.cart.id
    expect(anonymous.body.cart.customer_id).toBeNull()
    const fetched = await api.get(`/store/carts/${cartId}`, withCookie(a.cookie))
    expect(fetched.status).toBe(200)
    expect(fetched.body.cart).toMatchObject({ customer_id: a.id, email: a.email })
    // A cart owned by a registered customer is not handed over by another customer's fetch.
    const byB = await api.get(`/store/carts/${cartId}`, withCookie(b.cookie))
    expect(byB.body.cart.customer_id).toBe(a.id)
    // Nor by another customer's change (v1 hands it over): 404, as if there were no such cart.
    const steal = await api.post(`/store/carts/${cartId}`, {}, withCookie(b.cookie))
    expect(steal.status).toBe(404)
    expect((await api.get(`/store/carts/${cartId}`, withCookie(a.cookie))).body.cart).toMatchObject({ customer_id: a.id, email: a.email })
    // On one's own cart, customer_id may name only oneself.
    const own = (await api.post("/store/carts", { region_id: store.regionId }, withCookie(b.cookie))).body.cart.id
    const other = await api.post(`/store/carts/${own}`, { customer_id: a.id }, withCookie(b.cookie))
    expect(other.status).toBe(400)
    const mine = await api.post(`/store/carts/${own}`, { customer_id: b.id }, withCookie(b.cookie))
    expect(mine.body.cart).toMatchObject({ customer_id: b.id, email: b.email })
  })

  it("GET /store/customers/me/payment-methods answers an empty list", async () => {
    const { cookie } = await registerCustomer()
    expect(await api.get("/store/customers/me/payment-methods", withCookie(cookie))).toMatchObject({ status: 200, body: { payment_methods: [] } })
  })

  it("a login cookie and a register cookie are distinct sessions", async () => {
    const a = await registerCustomer()
    const login = await api.post("/store/auth", { email: a.email, password: a.password })
    expect(sessionCookie(login)).not.toBe(a.cookie)
    expect((await api.get("/store/customers/me", withCookie(a.cookie))).status).toBe(200)
  })
})
