import { env } from "cloudflare:workers"
import { describe, expect, it } from "vitest"
import { buildApp } from "../../src/app"
import { seedStore } from "../helpers/seed"
import { api } from "../helpers/api"
import { registerCustomer, uniqueEmail, withCookie } from "../helpers/auth"
import { MEDUSA_HASH } from "../fixtures/medusa-password-hash"

const from = (ip: string) => ({ headers: { "cf-connecting-ip": ip } })

describe("rate limits (per client address and per email or customer, 429 with a Medusa-shaped body)", () => {
  // Login limits (per address and per (email, address), never per email alone): accounts.security.test.ts.

  it("email-exists: the 31st lookup from one address → 429", async () => {
    for (let i = 0; i < 30; i++) expect((await api.get(`/store/auth/${uniqueEmail()}`, from("10.0.2.1"))).status).toBe(200)
    expect((await api.get(`/store/auth/${uniqueEmail()}`, from("10.0.2.1"))).status).toBe(429)
    expect((await api.get(`/store/auth/${uniqueEmail()}`, from("10.0.2.2"))).status).toBe(200)
  })

  it("password-token: the 4th request for one email → 429 (and still no enumeration before that)", async () => {
    const email = uniqueEmail("flood")
    for (let i = 0; i < 3; i++) expect((await api.post("/store/customers/password-token", { email }, from(`10.0.3.${i}`))).status).toBe(204)
    expect((await api.post("/store/customers/password-token", { email }, from("10.0.3.9"))).status).toBe(429)
  })

  it("order claims: the 11th claim request of one customer → 429; confirm is limited per address", async () => {
    const { cookie } = await registerCustomer()
    for (let i = 0; i < 10; i++) {
      expect((await api.post("/store/orders/batch/customer/token", { order_ids: ["order_x"] }, { headers: { cookie, "cf-connecting-ip": `10.0.4.${i}` } })).status).toBe(200)
    }
    expect((await api.post("/store/orders/batch/customer/token", { order_ids: ["order_x"] }, { headers: { cookie, "cf-connecting-ip": "10.0.4.99" } })).status).toBe(429)
    for (let i = 0; i < 10; i++) expect((await api.post("/store/orders/customer/confirm", { token: "x" }, from("10.0.5.1"))).status).toBe(401)
    expect((await api.post("/store/orders/customer/confirm", { token: "x" }, from("10.0.5.1"))).status).toBe(429)
  })
})

describe("customers imported from a Medusa database (scrypt-kdf hashes)", () => {
  it("the seed importer takes the hash; the first login verifies it and re-hashes to PBKDF2", async () => {
    const email = uniqueEmail("imported")
    await seedStore({ customers: [{ email, password_hash: MEDUSA_HASH, first_name: "Old", last_name: "Timer" }] })
    const before = await env.DB.prepare("SELECT id, password_hash, has_account FROM customer WHERE email = ?").bind(email).first<{ id: string; password_hash: string; has_account: number }>()
    expect(before).toMatchObject({ password_hash: MEDUSA_HASH, has_account: 1 })

    expect((await api.post("/store/auth", { email, password: "wrong" })).status).toBe(401)
    expect((await env.DB.prepare("SELECT password_hash FROM customer WHERE email = ?").bind(email).first())!.password_hash).toBe(MEDUSA_HASH)

    const login = await api.post("/store/auth", { email, password: "legacy-secret" })
    expect(login.status).toBe(200)
    expect(login.body.customer).toMatchObject({ id: before!.id, first_name: "Old" })
    const after = await env.DB.prepare("SELECT password_hash FROM customer WHERE email = ?").bind(email).first<{ password_hash: string }>()
    expect(after!.password_hash).toMatch(/^pbkdf2\$100000\$/)
    expect((await api.post("/store/auth/token", { email, password: "legacy-secret" })).status).toBe(200)

    // Re-importing the same file keeps the re-hashed password.
    await seedStore({ customers: [{ email, password_hash: MEDUSA_HASH, first_name: "Old", last_name: "Timer" }] })
    expect((await env.DB.prepare("SELECT password_hash FROM customer WHERE email = ?").bind(email).first())!.password_hash).toBe(after!.password_hash)
  })

  it("the importer refuses a malformed hash and a customer with both password and hash", async () => {
    await expect(seedStore({ customers: [{ email: uniqueEmail(), password_hash: "md5:abc" }] })).rejects.toThrow(/password_hash/)
    await expect(seedStore({ customers: [{ email: uniqueEmail(), password: "x", password_hash: MEDUSA_HASH }] })).rejects.toThrow(/password_hash/)
  })
})

describe("secrets and cookies in production", () => {
  const prodApp = buildApp()
  const call = (path: string, init: RequestInit, overrides: Partial<typeof env>) =>
    prodApp.fetch(new Request(`https://shop.test${path}`, init), { ...env, ENVIRONMENT: "production", ...overrides })

  it("refuses the dev JWT secret (500) and a missing one (v1's 404 message); a real secret works", async () => {
    const { email, password } = await registerCustomer()
    const body = JSON.stringify({ email, password })
    const init = { method: "POST", headers: { "content-type": "application/json" }, body }
    const dev = await call("/store/auth/token", init, {})
    expect(dev.status).toBe(500)
    expect(await dev.json()).toEqual({ type: "unexpected_state", message: "JWT_SECRET must be set with `wrangler secret put` in production" })
    const missing = await call("/store/auth/token", init, { JWT_SECRET: undefined })
    expect(missing.status).toBe(404)
    expect(await missing.json()).toEqual({ type: "not_found", message: "Please configure jwt_secret in your environment" })
    const real = await call("/store/auth/token", init, { JWT_SECRET: "a-real-production-secret-of-sufficient-length-42" })
    expect(real.status).toBe(200)
  })

  it("sets Secure; SameSite=None session cookies", async () => {
    const email = uniqueEmail("prod")
    const res = await call("/store/customers", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email, password: "secret123" }) }, {})
    expect(res.status).toBe(200)
    expect(res.headers.get("set-cookie")).toMatch(/; Path=\/; HttpOnly; Secure; SameSite=None$/)
  })
})

describe("responses never carry a password hash", () => {
  it("register, login, me, update, addresses, session", async () => {
    const { email, password, cookie } = await registerCustomer()
    const responses = [
      await api.post("/store/auth", { email, password }),
      await api.get("/store/auth", withCookie(cookie)),
      await api.get("/store/customers/me", withCookie(cookie)),
      await api.post("/store/customers/me", { last_name: "X" }, withCookie(cookie)),
      await api.post("/store/customers/me/addresses", { address: { first_name: "a", last_name: "b", address_1: "c", city: "d", country_code: "de", postal_code: "1" } }, withCookie(cookie)),
    ]
    for (const res of responses) {
      expect(res.status).toBe(200)
      expect(JSON.stringify(res.body)).not.toMatch(/password|pbkdf2/)
    }
  })
})
