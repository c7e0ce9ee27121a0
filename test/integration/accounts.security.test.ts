import { env } from "cloudflare:workers"
import { beforeAll, describe, expect, it } from "vitest"
import { api } from "../helpers/api"
import { latestEvent, registerCustomer, sessionCookie, tokenFor, uniqueEmail, withBearer, withCookie } from "../helpers/auth"
import { fixtureId } from "../helpers/cart-fixtures"
import { arrangeCheckoutStore, type CheckoutStore } from "../helpers/checkout-fixtures"
import { signJwt } from "../../src/domain/jwt"
import { passwordDerivations } from "../../src/domain/password"
import { AUTH_LIMITS } from "../../src/services/rate-limits"
import { newLoginSession } from "../../src/services/sessions"
import { createDb } from "../../src/db/client"

const from = (ip: string, extra: Record<string, string> = {}) => ({ headers: { "cf-connecting-ip": ip, ...extra } })
const TEST_JWT_SECRET = "dev-only-test-jwt-secret-0123456789abcdef"
const ADDRESS = { first_name: "Ada", last_name: "L", address_1: "1 Main St", city: "Springfield", country_code: "us", postal_code: "49007" }

const cartRow = (id: string) =>
  env.DB.prepare("SELECT customer_id, email, completed_at FROM cart WHERE id = ?").bind(id).first<{ customer_id: string | null; email: string | null; completed_at: string | null }>()
const lineQuantities = async (cartId: string) =>
  (await env.DB.prepare("SELECT variant_id, quantity FROM line_item WHERE cart_id = ? ORDER BY variant_id").bind(cartId).all<{ variant_id: string; quantity: number }>()).results

describe("carts of a registered customer: another logged-in customer cannot take them over", () => {
  const v = { mug: fixtureId("variant"), cap: fixtureId("variant") }
  let store: CheckoutStore
  beforeAll(async () => {
    store = await arrangeCheckoutStore({
      region: { currency_code: "usd", tax_rate: 0, countries: ["us"] },
      products: [
        { title: "Mug", variants: [{ id: v.mug, manage_inventory: false, prices: [{ currency_code: "usd", amount: 1950 }] }] },
        { title: "Cap", variants: [{ id: v.cap, manage_inventory: false, prices: [{ currency_code: "usd", amount: 1000 }] }] },
      ],
    })
  })

  /** A cart the owner started while logged in, with a shipping address, a method and payment sessions: ready to complete. */
  async function ownerCart(cookie: string) {
    const created = await api.post("/store/carts", { region_id: store.regionId, items: [{ variant_id: v.mug, quantity: 2 }] }, withCookie(cookie))
    expect(created.status).toBe(200)
    const id: string = created.body.cart.id
    expect((await api.post(`/store/carts/${id}`, { shipping_address: ADDRESS }, withCookie(cookie))).status).toBe(200)
    expect((await api.post(`/store/carts/${id}/shipping-methods`, { option_id: store.shippingOptionId }, withCookie(cookie))).status).toBe(200)
    expect((await api.post(`/store/carts/${id}/payment-sessions`, {}, withCookie(cookie))).status).toBe(200)
    return id
  }

  it("POST /store/carts/:id {} by another customer (cookie or JWT) → 404; the cart keeps its owner and email", async () => {
    const owner = await registerCustomer()
    const attacker = await registerCustomer()
    const token = await tokenFor(attacker.email, attacker.password)
    const cartId = await ownerCart(owner.cookie)
    for (const init of [withCookie(attacker.cookie), withBearer(token)]) {
      const res = await api.post(`/store/carts/${cartId}`, {}, init)
      expect(res.status).toBe(404)
      expect(res.body).toEqual({ type: "not_found", message: `Cart with ${cartId} was not found` })
    }
    expect(await cartRow(cartId)).toEqual({ customer_id: owner.id, email: owner.email, completed_at: null })
    // The owner still edits it; anonymously (v1's by-id model for guests) it changes too, but keeps its owner.
    expect((await api.post(`/store/carts/${cartId}`, { context: { note: "mine" } }, withCookie(owner.cookie))).status).toBe(200)
    expect((await api.post(`/store/carts/${cartId}`, { context: { note: "anon" } })).status).toBe(200)
    expect(await cartRow(cartId)).toEqual({ customer_id: owner.id, email: owner.email, completed_at: null })
  })

  it("adding a line item by another customer → 404 and the lines are unchanged", async () => {
    const owner = await registerCustomer()
    const attacker = await registerCustomer()
    const cartId = await ownerCart(owner.cookie)
    const res = await api.post(`/store/carts/${cartId}/line-items`, { variant_id: v.cap, quantity: 5 }, withCookie(attacker.cookie))
    expect(res.status).toBe(404)
    expect(await lineQuantities(cartId)).toEqual([{ variant_id: v.mug, quantity: 2 }])
    expect(await cartRow(cartId)).toEqual({ customer_id: owner.id, email: owner.email, completed_at: null })
  })

  it("completing by another customer → 404, nothing placed; the owner then completes it as theirs", async () => {
    const owner = await registerCustomer()
    const attacker = await registerCustomer()
    const cartId = await ownerCart(owner.cookie)
    const res = await api.post(`/store/carts/${cartId}/complete`, {}, withCookie(attacker.cookie))
    expect(res.status).toBe(404)
    expect(await cartRow(cartId)).toEqual({ customer_id: owner.id, email: owner.email, completed_at: null })
    const orders = await env.DB.prepare("SELECT COUNT(*) AS n FROM \"order\" WHERE cart_id = ?").bind(cartId).first<{ n: number }>()
    expect(orders!.n).toBe(0)
    const done = await api.post(`/store/carts/${cartId}/complete`, {}, withCookie(owner.cookie))
    expect(done.status).toBe(200)
    expect(done.body.data).toMatchObject({ customer_id: owner.id, email: owner.email })
    // The placed order stays hidden from the other customer too (its completed cart answers 404, not the order).
    expect((await api.post(`/store/carts/${cartId}/complete`, {}, withCookie(attacker.cookie))).status).toBe(404)
  })

  it("a guest cart is still attached to the customer who logs in and edits it", async () => {
    const customer = await registerCustomer()
    const created = await api.post("/store/carts", { region_id: store.regionId, items: [{ variant_id: v.mug, quantity: 1 }] })
    const cartId: string = created.body.cart.id
    expect((await api.post(`/store/carts/${cartId}`, { email: uniqueEmail("guest") })).status).toBe(200)
    const attached = await api.post(`/store/carts/${cartId}`, {}, withCookie(customer.cookie))
    expect(attached.status).toBe(200)
    expect(await cartRow(cartId)).toEqual({ customer_id: customer.id, email: customer.email, completed_at: null })
  })
})

describe("login throttling: per (email, address) and per address, so nobody can lock the owner out", () => {
  it("12 wrong passwords from 12 addresses; the owner's password from a fresh address → 200 on /store/auth and /store/auth/token", async () => {
    const { email, password, id } = await registerCustomer()
    for (let i = 0; i < 12; i++) {
      const path = i % 2 ? "/store/auth/token" : "/store/auth"
      expect((await api.post(path, { email, password: `wrong-${i}` }, from(`10.7.1.${i}`))).status).toBe(401)
    }
    const login = await api.post("/store/auth", { email, password }, from("10.7.1.200"))
    expect(login.status).toBe(200)
    expect(login.body.customer.id).toBe(id)
    const token = await api.post("/store/auth/token", { email, password }, from("10.7.1.201"))
    expect(token.status).toBe(200)
    expect(typeof token.body.access_token).toBe("string")
  })

  it("one address guessing one email's password is throttled after the per-pair limit (429 + Retry-After), also for the right password", async () => {
    const { email, password } = await registerCustomer()
    const limit = AUTH_LIMITS.login.perEmail
    for (let i = 0; i < limit; i++) expect((await api.post("/store/auth", { email, password: `wrong-${i}` }, from("10.7.2.1"))).status).toBe(401)
    for (const path of ["/store/auth", "/store/auth/token"]) {
      const limited = await api.post(path, { email, password }, from("10.7.2.1"))
      expect(limited.status).toBe(429)
      expect(limited.body).toEqual({ type: "too_many_requests", message: expect.stringMatching(/^Too many attempts\. Try again in \d+ seconds\.$/) })
      expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0)
    }
    // The owner, from their own address, is unaffected.
    expect((await api.post("/store/auth", { email, password }, from("10.7.2.2"))).status).toBe(200)
  })

  it("one address guessing across many emails is throttled by the per-address limit", async () => {
    const limit = AUTH_LIMITS.login.perClient
    for (let i = 0; i < limit; i++) expect((await api.post("/store/auth", { email: uniqueEmail("spray"), password: "x" }, from("10.7.3.1"))).status).toBe(401)
    const limited = await api.post("/store/auth/token", { email: uniqueEmail("spray"), password: "x" }, from("10.7.3.1"))
    expect(limited.status).toBe(429)
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0)
  })
})

describe("a password change ends the other sessions and the tokens issued before it", () => {
  it("POST /store/customers/me {password}: other cookies and all earlier JWTs → 401; the changing cookie stays; new logins work", async () => {
    const { email, password, cookie } = await registerCustomer()
    const other = sessionCookie(await api.post("/store/auth", { email, password }))
    const earlier = await tokenFor(email, password)
    expect((await api.get("/store/customers/me", withCookie(other))).status).toBe(200)
    expect((await api.get("/store/customers/me", withBearer(earlier))).status).toBe(200)

    expect((await api.post("/store/customers/me", { password: "n3w-secret-1" }, withCookie(cookie))).status).toBe(200)

    expect((await api.get("/store/customers/me", withCookie(other))).status).toBe(401)
    expect((await api.get("/store/customers/me", withBearer(earlier))).status).toBe(401)
    expect((await api.get("/store/customers/me", withCookie(cookie))).status).toBe(200)
    const sessions = await env.DB.prepare("SELECT COUNT(*) AS n FROM customer_session WHERE customer_id = (SELECT id FROM customer WHERE email = ?)").bind(email).first<{ n: number }>()
    expect(sessions!.n).toBe(1)
    const fresh = await tokenFor(email, "n3w-secret-1")
    expect((await api.get("/store/customers/me", withBearer(fresh))).status).toBe(200)
  })

  it("a login that verified the old password just before a change stores no session (the insert is guarded by the password version)", async () => {
    const { id, cookie } = await registerCustomer()
    const { db } = createDb(env.DB)
    const sessionsOf = async () =>
      (await env.DB.prepare("SELECT COUNT(*) AS n FROM customer_session WHERE customer_id = ?").bind(id).first<{ n: number }>())!.n
    // The login verified the password at version 0 …
    const beforeChange = await newLoginSession(db, id, 0, Date.now(), 3600)
    expect((await db.batch([beforeChange.statement, beforeChange.stored]))[1]).toHaveLength(1)
    expect(await sessionsOf()).toBe(2) // registration's and this one
    // … the password changes (version 1), and a login that verified the old one writes its session only now.
    expect((await api.post("/store/customers/me", { password: "n3w-secret-3" }, withCookie(cookie))).status).toBe(200)
    expect(await sessionsOf()).toBe(1) // the changing device's
    const raced = await newLoginSession(db, id, 0, Date.now(), 3600)
    expect((await db.batch([raced.statement, raced.stored]))[1]).toEqual([])
    expect(await sessionsOf()).toBe(1)
    const current = await newLoginSession(db, id, 1, Date.now(), 3600)
    expect((await db.batch([current.statement, current.stored]))[1]).toHaveLength(1)
  })

  it("a change made with a JWT ends that token too (and every cookie session)", async () => {
    const { email, password, cookie } = await registerCustomer()
    const token = await tokenFor(email, password)
    expect((await api.post("/store/customers/me", { password: "n3w-secret-2" }, withBearer(token))).status).toBe(200)
    expect((await api.get("/store/customers/me", withBearer(token))).status).toBe(401)
    expect((await api.get("/store/customers/me", withCookie(cookie))).status).toBe(401)
  })

  it("a password reset ends every cookie session and every JWT issued before it", async () => {
    const { email, password, cookie } = await registerCustomer()
    const earlier = await tokenFor(email, password)
    expect((await api.post("/store/customers/password-token", { email })).status).toBe(204)
    const token = String((await latestEvent("customer.password_reset"))?.payload.token)
    const reset = await api.post("/store/customers/password-reset", { email, token, password: "n3w-secret-3" })
    expect(reset.status).toBe(200)
    expect((await api.get("/store/customers/me", withCookie(cookie))).status).toBe(401)
    expect((await api.get("/store/customers/me", withBearer(earlier))).status).toBe(401)
    expect((await api.get("/store/customers/me", withBearer(await tokenFor(email, "n3w-secret-3")))).status).toBe(200)
  })

  it("a profile change without a password keeps every session and token", async () => {
    const { email, password, cookie } = await registerCustomer()
    const other = sessionCookie(await api.post("/store/auth", { email, password }))
    const token = await tokenFor(email, password)
    expect((await api.post("/store/customers/me", { first_name: "Renamed" }, withCookie(cookie))).status).toBe(200)
    expect((await api.get("/store/customers/me", withCookie(other))).status).toBe(200)
    expect((await api.get("/store/customers/me", withBearer(token))).status).toBe(200)
  })
})

describe("login costs the same whether the email exists; registration is throttled per address", () => {
  it("an unknown email, a guest email and a wrong password each run the password KDF exactly once", async () => {
    const { email } = await registerCustomer()
    const guest = uniqueEmail("guest-kdf")
    await env.DB.prepare("INSERT INTO customer (id, email, has_account, created_at, updated_at) VALUES (?, ?, 0, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')")
      .bind(fixtureId("cus"), guest).run()
    for (const [path, who] of [["/store/auth", uniqueEmail("nobody")], ["/store/auth/token", uniqueEmail("nobody")], ["/store/auth", guest], ["/store/auth", email]] as const) {
      const before = passwordDerivations()
      expect((await api.post(path, { email: who, password: "not-the-password" }, from(`10.7.4.${Math.floor(Math.random() * 250)}`))).status).toBe(401)
      expect(passwordDerivations() - before, `${path} ${who}`).toBe(1)
    }
  })

  it(`the ${AUTH_LIMITS.register.perClient + 1}th registration from one address → 429 with Retry-After; another address → 200`, async () => {
    const limit = AUTH_LIMITS.register.perClient
    for (let i = 0; i < limit; i++) {
      const res = await api.post("/store/customers", { email: uniqueEmail("reg"), password: "secret123" }, from("10.7.5.1"))
      expect(res.status).toBe(200)
    }
    const limited = await api.post("/store/customers", { email: uniqueEmail("reg"), password: "secret123" }, from("10.7.5.1"))
    expect(limited.status).toBe(429)
    expect(limited.body).toEqual({ type: "too_many_requests", message: expect.stringMatching(/^Too many attempts\. Try again in \d+ seconds\.$/) })
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0)
    const email = uniqueEmail("reg-other")
    expect((await api.post("/store/customers", { email, password: "secret123" }, from("10.7.5.2"))).status).toBe(200)
    const rows = await env.DB.prepare("SELECT COUNT(*) AS n FROM customer WHERE email LIKE 'reg.%'").first<{ n: number }>()
    expect(rows!.n).toBe(limit)
  })
})

describe("a JWT for a customer that does not exist writes nothing", () => {
  it("every /store/customers/me write → 401 and no address row", async () => {
    const ghost = "cus_ghost_" + fixtureId("x")
    const token = await signJwt({ customer_id: ghost, domain: "store" }, TEST_JWT_SECRET, Math.floor(Date.now() / 1000), 3600)
    const addresses = () => env.DB.prepare("SELECT COUNT(*) AS n FROM address").first<{ n: number }>().then((r) => r!.n)
    const before = await addresses()
    const writes = [
      await api.post("/store/customers/me/addresses", { address: ADDRESS }, withBearer(token)),
      await api.post("/store/customers/me", { billing_address: ADDRESS, first_name: "G" }, withBearer(token)),
      await api.post("/store/customers/me/addresses/addr_missing", { city: "X" }, withBearer(token)),
      await api.delete("/store/customers/me/addresses/addr_missing", withBearer(token)),
    ]
    expect(writes.map((r) => r.status)).toEqual([401, 401, 401, 401])
    expect(await api.get("/store/customers/me", withBearer(token))).toMatchObject({ status: 401, body: "Unauthorized" })
    const rows = await env.DB.prepare("SELECT COUNT(*) AS n FROM address WHERE customer_id = ?").bind(ghost).first<{ n: number }>()
    expect(rows!.n).toBe(0)
    expect(await addresses()).toBe(before)
  })
})
