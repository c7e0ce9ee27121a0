import { describe, expect, it } from "vitest"
import { api, type ApiResponse } from "../helpers/api"
import { contractErrors } from "../helpers/openapi"
import { registerCustomer, tokenFor, withBearer, withCookie } from "../helpers/auth"

/** Account responses validated against the Medusa v1.20.10 Store OpenAPI spec (StoreCustomersRes, StoreAuthRes, …). */
const conforms = (method: string, path: string, res: ApiResponse) => expect(contractErrors(method, path, res.status, res.body)).toEqual([])

const ADDRESS = { first_name: "A", last_name: "B", address_1: "1 St", city: "Berlin", country_code: "de", postal_code: "10115" }

describe("customer and auth operations conform to the spec", () => {
  it("register, session, token, exists, me, update, addresses, orders, payment methods", async () => {
    const email = `contract.${Date.now()}@example.com`
    const registered = await api.post("/store/customers", { first_name: "C", last_name: "T", email, password: "secret123" })
    expect(registered.status).toBe(200)
    conforms("POST", "/store/customers", registered)
    const { cookie } = await registerCustomer()
    const login = await api.post("/store/auth", { email, password: "secret123" })
    conforms("POST", "/store/auth", login)
    conforms("GET", "/store/auth", await api.get("/store/auth", withCookie(cookie)))
    const token = await tokenFor(email, "secret123")
    conforms("POST", "/store/auth/token", await api.post("/store/auth/token", { email, password: "secret123" }))
    conforms("GET", "/store/auth/{email}", await api.get(`/store/auth/${email}`))
    conforms("GET", "/store/customers/me", await api.get("/store/customers/me", withBearer(token)))
    conforms("POST", "/store/customers/me", await api.post("/store/customers/me", { last_name: "X", metadata: { a: 1 } }, withBearer(token)))
    const added = await api.post("/store/customers/me/addresses", { address: ADDRESS }, withBearer(token))
    conforms("POST", "/store/customers/me/addresses", added)
    const addressId = added.body.customer.shipping_addresses[0].id
    conforms("POST", "/store/customers/me/addresses/{address_id}", await api.post(`/store/customers/me/addresses/${addressId}`, { city: "X" }, withBearer(token)))
    conforms("DELETE", "/store/customers/me/addresses/{address_id}", await api.delete(`/store/customers/me/addresses/${addressId}`, withBearer(token)))
    conforms("GET", "/store/customers/me/orders", await api.get("/store/customers/me/orders", withBearer(token)))
    conforms("GET", "/store/customers/me/payment-methods", await api.get("/store/customers/me/payment-methods", withBearer(token)))
    const duplicate = await api.post("/store/customers", { first_name: "C", last_name: "T", email, password: "x" })
    expect(duplicate.status).toBe(422)
    conforms("POST", "/store/customers", duplicate)
    const invalid = await api.post("/store/customers/me/addresses", { address: {} }, withBearer(token))
    expect(invalid.status).toBe(400)
    conforms("POST", "/store/customers/me/addresses", invalid)
  })
})
