import { afterAll, beforeAll, describe, expect, inject, it } from "vitest"
import { startStore, storefrontClient, type RunningStore } from "./store"

// Account pages through the official client: register (session cookie), shop logged in, order history, logout.
let store: RunningStore
beforeAll(async () => {
  store = await startStore(inject("seededState"))
})
afterAll(() => store?.stop())

/** The session cookie from a response (Node's axios keeps no cookie jar; a browser would send it by itself). */
function sessionCookie(response: { headers: Record<string, string | string[] | undefined> }): string {
  const raw = response.headers["set-cookie"]
  const first = (Array.isArray(raw) ? raw[0] : raw) ?? ""
  return first.split(";")[0]!
}

describe("customer accounts with @medusajs/medusa-js", () => {
  it("registers, shops logged in by cookie, and sees the order in the account's history", async () => {
    const { medusa } = storefrontClient(store.baseUrl, { publishableApiKey: "pk_demo_storefront" })
    const email = `e2e-${Date.now()}@example.com`
    const registered = await medusa.customers.create({ email, password: "correct-horse-battery", first_name: "Ada", last_name: "Lovelace" })
    expect(registered.customer).toMatchObject({ email, first_name: "Ada", has_account: true })
    const cookie = sessionCookie(registered.response)
    expect(cookie).toMatch(/^connect\.sid=/)
    const asCustomer = { Cookie: cookie }

    const { cart } = await medusa.carts.create({ region_id: "reg_na", country_code: "us" }, asCustomer)
    expect(cart).toMatchObject({ email, customer_id: registered.customer.id })
    const { products } = await medusa.products.list({ handle: "enamel-mug", region_id: "reg_na" })
    await medusa.carts.lineItems.create(cart.id, { variant_id: products[0].variants[0].id, quantity: 1 }, asCustomer)
    await medusa.carts.update(cart.id, {
      shipping_address: { first_name: "Ada", last_name: "Lovelace", address_1: "1 Main St", city: "Boston", country_code: "us", postal_code: "02110" },
    }, asCustomer)
    const { shipping_options } = await medusa.shippingOptions.listCartOptions(cart.id, asCustomer)
    await medusa.carts.addShippingMethod(cart.id, { option_id: shipping_options.find((o: { name: string }) => o.name === "Standard Shipping").id }, asCustomer)
    await medusa.carts.createPaymentSessions(cart.id, asCustomer)
    const completed = await medusa.carts.complete(cart.id, asCustomer)
    // 1400 mug + 800 shipping, no tax in North America
    expect(completed).toMatchObject({ type: "order", data: { customer_id: registered.customer.id, total: 2200 } })

    const history = await medusa.customers.listOrders({ limit: 10, offset: 0 }, asCustomer)
    expect(history.count).toBe(1)
    expect(history.orders.map((o: { id: string }) => o.id)).toEqual([completed.data.id])

    await medusa.auth.deleteSession(asCustomer)
    await expect(medusa.customers.retrieve(asCustomer)).rejects.toMatchObject({ response: { status: 401 } })
  })

  it("logs the demo customer in with a JWT that the client then sends as Bearer on every call", async () => {
    const { medusa } = storefrontClient(store.baseUrl, { publishableApiKey: "pk_demo_storefront" })
    await expect(medusa.auth.getToken({ email: "demo@example.com", password: "wrong-password" })).rejects.toMatchObject({ response: { status: 401 } })
    const { access_token } = await medusa.auth.getToken({ email: "demo@example.com", password: "demo-password" })
    // HS256 JWT {customer_id, domain: "store"}
    const payload = JSON.parse(Buffer.from(access_token.split(".")[1], "base64url").toString("utf8"))
    expect(payload).toMatchObject({ domain: "store" })
    const { customer } = await medusa.customers.retrieve({ Authorization: `Bearer ${access_token}` })
    expect(customer).toMatchObject({ id: payload.customer_id, email: "demo@example.com" })
    const { cart } = await medusa.carts.create({ region_id: "reg_na" }, { Authorization: `Bearer ${access_token}` })
    expect(cart).toMatchObject({ customer_id: payload.customer_id, email: "demo@example.com" })
    const history = await medusa.customers.listOrders({ limit: 5 }, { Authorization: `Bearer ${access_token}` })
    expect(history).toMatchObject({ count: 0, offset: 0, limit: 5, orders: [] })
  })
})
