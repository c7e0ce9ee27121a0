import { describe, expect, it } from "vitest"
import { env } from "cloudflare:workers"
import { signJwt } from "../../src/domain/jwt"
import { api } from "../helpers/api"
import { registerCustomer, sessionCookie, tokenFor, uniqueEmail, withBearer, withCookie } from "../helpers/auth"

const CUSTOMER_KEYS = [
  "id", "created_at", "updated_at", "deleted_at", "email", "first_name", "last_name", "billing_address_id", "phone", "has_account", "metadata",
]

describe("POST /store/customers (register)", () => {
  it("creates a registered customer, logs it in with an HttpOnly session cookie and never shows the hash", async () => {
    const email = uniqueEmail()
    const res = await api.post("/store/customers", { first_name: "Cust", last_name: "Omer", email: email.toUpperCase(), password: "secret123", phone: "+15555550111" })
    expect(res.status).toBe(200)
    expect(Object.keys(res.body.customer)).toEqual([...CUSTOMER_KEYS, "billing_address", "shipping_addresses"])
    expect(res.body.customer).toMatchObject({
      email, first_name: "Cust", last_name: "Omer", phone: "+15555550111", has_account: true, metadata: null,
      billing_address: null, shipping_addresses: [], deleted_at: null,
    })
    expect(res.body.customer.id).toMatch(/^cus_[0-9A-Z]{26}$/)
    expect(JSON.stringify(res.body)).not.toContain("password")
    const cookie = res.headers.get("set-cookie") ?? ""
    expect(cookie).toMatch(/^connect\.sid=[A-Za-z0-9_-]{43}; Max-Age=36000; Path=\/; HttpOnly; SameSite=Lax$/)
    const me = await api.get("/store/customers/me", withCookie(sessionCookie(res)))
    expect(me.status).toBe(200)
    expect(me.body.customer.id).toBe(res.body.customer.id)
  })

  it("answers 422 duplicate_error with Medusa's message for an email that has an account", async () => {
    const { email } = await registerCustomer()
    const res = await api.post("/store/customers", { first_name: "A", last_name: "B", email, password: "other" })
    expect(res.status).toBe(422)
    expect(res.body).toEqual({
      code: "invalid_request_error", type: "duplicate_error", message: "A customer with the given email already has an account. Log in instead",
    })
  })

  it("registers over a guest customer of the same email: a new registered row next to the guest (v1, golden 143)", async () => {
    const email = uniqueEmail("guest")
    // A guest row, as a guest checkout leaves it.
    await env.DB.prepare(
      "INSERT INTO customer (id, email, has_account, created_at, updated_at) VALUES ('cus_guest_row', ?, 0, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')",
    ).bind(email).run()
    const res = await api.post("/store/customers", { first_name: "Guest", last_name: "Now", email, password: "secret123" })
    expect(res.status).toBe(200)
    expect(res.body.customer.id).not.toBe("cus_guest_row")
    const rows = await env.DB.prepare("SELECT id, has_account FROM customer WHERE email = ? ORDER BY has_account").bind(email).all()
    expect(rows.results).toEqual([{ id: "cus_guest_row", has_account: 0 }, { id: res.body.customer.id, has_account: 1 }])
  })

  it("five simultaneous registrations of one email create one account; the rest get 422", async () => {
    const email = uniqueEmail("race")
    const results = await Promise.all(
      Array.from({ length: 5 }, () => api.post("/store/customers", { first_name: "R", last_name: "C", email, password: "secret123" })),
    )
    expect(results.map((r) => r.status).sort()).toEqual([200, 422, 422, 422, 422])
    for (const r of results.filter((r) => r.status === 422)) expect(r.body.type).toBe("duplicate_error")
    const rows = await env.DB.prepare("SELECT COUNT(*) AS n FROM customer WHERE email = ?").bind(email).first<{ n: number }>()
    expect(rows!.n).toBe(1)
  })

  it("refuses bad input with v1's messages", async () => {
    expect(await api.post("/store/customers", { email: "x@example.com" })).toMatchObject({
      status: 400, body: { type: "invalid_data", message: "password must be a string" },
    })
    expect(await api.post("/store/customers", { email: "nope", password: "x" })).toMatchObject({
      status: 400, body: { type: "invalid_data", message: "email must be an email" },
    })
    expect(await api.post("/store/customers", { email: "a@example.com", password: "x", is_admin: true })).toMatchObject({
      status: 400, body: { type: "invalid_data", message: "property is_admin should not exist" },
    })
  })
})

describe("POST/GET/DELETE /store/auth (cookie session)", () => {
  it("logs in, reads the session with orders and shipping_addresses, and logs out", async () => {
    const { email, password, id } = await registerCustomer()
    const login = await api.post("/store/auth", { email, password })
    expect(login.status).toBe(200)
    expect(Object.keys(login.body.customer)).toEqual([...CUSTOMER_KEYS, "orders", "shipping_addresses"])
    expect(login.body.customer).toMatchObject({ id, email, orders: [], shipping_addresses: [] })
    const cookie = sessionCookie(login)
    const session = await api.get("/store/auth", withCookie(cookie))
    expect(session.status).toBe(200)
    expect(session.body.customer.id).toBe(id)

    const logout = await api.delete("/store/auth", withCookie(cookie))
    expect(logout.status).toBe(200)
    expect(logout.body).toBe("OK")
    expect(logout.headers.get("set-cookie")).toMatch(/^connect\.sid=; Max-Age=0; Path=\/; HttpOnly; SameSite=Lax$/)
    const after = await api.get("/store/customers/me", withCookie(cookie))
    expect(after.status).toBe(401)
    expect(after.body).toBe("Unauthorized")
  })

  it("answers the plain-text 401 for a wrong password or an unknown email, and 400 for a missing password", async () => {
    const { email } = await registerCustomer()
    const wrong = await api.post("/store/auth", { email, password: "wrong" })
    expect(wrong.status).toBe(401)
    expect(wrong.body).toBe("Unauthorized")
    expect(wrong.headers.get("content-type")).toMatch(/^text\/plain/)
    expect(wrong.headers.get("set-cookie")).toBeNull()
    expect((await api.post("/store/auth", { email: uniqueEmail(), password: "x" })).status).toBe(401)
    expect(await api.post("/store/auth", { email })).toMatchObject({
      status: 400, body: { type: "invalid_data", message: "password should not be empty" },
    })
  })

  it("never logs a guest (no password) in", async () => {
    const email = uniqueEmail("guestonly")
    await env.DB.prepare(
      "INSERT INTO customer (id, email, has_account, created_at, updated_at) VALUES ('cus_guest_login', ?, 0, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')",
    ).bind(email).run()
    expect((await api.post("/store/auth", { email, password: "" + "anything" })).status).toBe(401)
  })

  it("anonymous GET /store/auth and /store/customers/me → 401 text", async () => {
    for (const path of ["/store/auth", "/store/customers/me", "/store/customers/me/orders", "/store/customers/me/payment-methods"]) {
      const res = await api.get(path)
      expect(res.status).toBe(401)
      expect(res.body).toBe("Unauthorized")
    }
  })

  it("an unknown, expired-by-logout or forged session cookie is anonymous, never a 500", async () => {
    for (const cookie of ["connect.sid=nope", "connect.sid=", `connect.sid=${"A".repeat(43)}`, `connect.sid=${"x".repeat(5000)}`]) {
      const res = await api.get("/store/customers/me", withCookie(cookie))
      expect(res.status).toBe(401)
    }
  })
})

describe("POST /store/auth/token (JWT)", () => {
  it("answers an HS256 JWT {customer_id, domain: store} valid 30 days that authenticates every route", async () => {
    const { email, password, id } = await registerCustomer()
    const token = await tokenFor(email, password)
    const [header, payload] = token.split(".").slice(0, 2).map((p) => JSON.parse(atob(p.replace(/-/g, "+").replace(/_/g, "/"))))
    expect(header).toEqual({ alg: "HS256", typ: "JWT" })
    expect(payload.customer_id).toBe(id)
    expect(payload.domain).toBe("store")
    expect(payload.exp - payload.iat).toBe(30 * 24 * 60 * 60)
    const me = await api.get("/store/customers/me", withBearer(token))
    expect(me.status).toBe(200)
    expect(me.body.customer.id).toBe(id)
    const session = await api.get("/store/auth", withBearer(token))
    expect(session.body.customer.id).toBe(id)
  })

  it("authenticates from the body alone: another customer's valid Bearer neither logs in nor rescues a wrong password", async () => {
    const a = await registerCustomer()
    const b = await registerCustomer()
    const tokenA = await tokenFor(a.email, a.password)
    const wrong = await api.post("/store/auth/token", { email: b.email, password: "wrong" }, withBearer(tokenA))
    expect(wrong.status).toBe(401)
    expect(wrong.body).toBe("Unauthorized")
    const right = await api.post("/store/auth/token", { email: b.email, password: b.password }, withBearer(tokenA))
    expect(right.status).toBe(200)
    const me = await api.get("/store/customers/me", withBearer(right.body.access_token))
    expect(me.body.customer.id).toBe(b.id)
    const sessionLogin = await api.post("/store/auth", { email: b.email, password: "wrong" }, withBearer(tokenA))
    expect(sessionLogin.status).toBe(401)
  })

  it("tampered, garbage, alg:none and wrong-domain tokens are anonymous (401 on protected routes, 200 elsewhere)", async () => {
    const { email, password } = await registerCustomer()
    const token = await tokenFor(email, password)
    const [h, p, s] = token.split(".") as [string, string, string]
    const b64 = (o: unknown) => btoa(JSON.stringify(o)).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_")
    const claims = JSON.parse(atob(p.replace(/-/g, "+").replace(/_/g, "/")))
    const forged = [
      `${h}.${b64({ ...claims, customer_id: "cus_someone_else" })}.${s}`,
      `${b64({ alg: "none", typ: "JWT" })}.${p}.`,
      `${b64({ alg: "none", typ: "JWT" })}.${p}.${s}`,
      `${h}.${p}.${s.slice(0, -2)}xx`,
      "garbage",
      "a.b.c",
      `${h}.${b64({ ...claims, domain: "admin" })}.${s}`,
      // Correctly signed with the Worker's secret, but expired a second ago.
      await signJwt({ customer_id: claims.customer_id, domain: "store" }, env.JWT_SECRET!, Math.floor(Date.now() / 1000) - 31, 30),
    ]
    for (const bad of forged) {
      const res = await api.get("/store/customers/me", withBearer(bad))
      expect(res.status).toBe(401)
      expect(res.body).toBe("Unauthorized")
    }
    const regions = await api.get("/store/regions", withBearer("garbage"))
    expect(regions.status).toBe(200)
    const empty = await api.get("/store/regions", { headers: { authorization: "" } })
    expect(empty.status).toBe(200)
  })

  it("a wrong password → 401 text", async () => {
    const { email } = await registerCustomer()
    const res = await api.post("/store/auth/token", { email, password: "nope" })
    expect(res.status).toBe(401)
    expect(res.body).toBe("Unauthorized")
  })
})

describe("GET /store/auth/{email}", () => {
  it("answers {exists} for registered customers only", async () => {
    const { email } = await registerCustomer()
    expect((await api.get(`/store/auth/${encodeURIComponent(email.toUpperCase())}`)).body).toEqual({ exists: true })
    expect((await api.get(`/store/auth/${encodeURIComponent(uniqueEmail())}`)).body).toEqual({ exists: false })
  })
})
