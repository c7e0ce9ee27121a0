import { afterEach, beforeAll, describe, expect, it, vi } from "vitest"
import { env } from "cloudflare:workers"
import { createExecutionContext, SELF, waitOnExecutionContext } from "cloudflare:test"
import { api, type ApiResponse } from "../helpers/api"
import { ADMIN_TOKEN, adminApi } from "../helpers/admin"
import { registerCustomer, sessionCookie, tokenFor, withBearer, withCookie } from "../helpers/auth"
import { fixtureId } from "../helpers/cart-fixtures"
import { arrangeCheckoutStore, cartReadyForPayment, type CheckoutStore } from "../helpers/checkout-fixtures"
import { buildApp } from "../../src/app"
import worker from "../../src/index"
import { cartCreationLimit } from "../../src/services/rate-limits"
import { db } from "../helpers/db"
import { fakeStripe } from "../helpers/fake-stripe"

/**
 * Issue 11 §4 at the edge: the request body limit answers 413 with Medusa's error body, CORS grants only STORE_CORS
 * origins, and no answer — error or not — carries a password hash, a session id, a secret of the Worker's config or
 * a stack trace.
 */

const LIMIT = Number(env.MAX_BODY_BYTES) // wrangler.toml: 1 MiB
const TOO_LARGE = { type: "invalid_data", message: "Request body is too large" }

/** A JSON body of exactly `bytes` bytes. */
const jsonOfSize = (bytes: number) => `{"metadata":{"pad":"${"p".repeat(bytes - 23)}"}}`

describe("request body limit (MAX_BODY_BYTES)", () => {
  it("answers 413 with Medusa's invalid_data body to a body one byte over the limit, on store and admin routes", async () => {
    expect(jsonOfSize(LIMIT + 1)).toHaveLength(LIMIT + 1)
    const store = await api.post("/store/carts", jsonOfSize(LIMIT + 1))
    expect(store.status).toBe(413)
    expect(store.body).toEqual(TOO_LARGE)
    expect(store.headers.get("content-type")).toContain("application/json")
    const admin = await api.post("/admin/order-edits", jsonOfSize(LIMIT + 1), { headers: { "x-medusa-access-token": ADMIN_TOKEN } })
    expect(admin.status).toBe(413)
    expect(admin.body).toEqual(TOO_LARGE)
  })

  it("counts a streamed body without Content-Length too", async () => {
    const chunk = new TextEncoder().encode("p".repeat(64 * 1024))
    let sent = 0
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent > LIMIT) return controller.close()
        sent += chunk.byteLength
        controller.enqueue(chunk)
      },
    })
    // Straight to the app: through SELF the abandoned upload stream surfaces as an uncaught "connection lost".
    const req = new Request("http://store.test/store/carts", { method: "POST", headers: { "content-type": "application/json" }, body })
    expect(req.headers.get("content-length")).toBeNull()
    const res = await buildApp().fetch(req, env)
    expect(res.status).toBe(413)
    expect(await res.json()).toEqual(TOO_LARGE)
  })

  it("takes a body exactly at the limit (it is refused for what it says, not for its size)", async () => {
    const res = await api.post("/store/carts", jsonOfSize(LIMIT))
    expect(res.status).toBe(400)
    expect(res.body.type).toBe("invalid_data")
    expect(res.body.message).not.toBe(TOO_LARGE.message)
  })
})

// vitest.config.ts: STORE_CORS = "http://localhost:8000,/\.example\.com$/"
describe("CORS (STORE_CORS)", () => {
  const preflight = (origin: string) =>
    SELF.fetch("http://store.test/store/customers/me", {
      method: "OPTIONS",
      headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "content-type,authorization" },
    })

  it("grants a listed origin, with credentials, on preflights, answers and error answers", async () => {
    for (const origin of ["http://localhost:8000", "https://shop.example.com"]) {
      const pre = await preflight(origin)
      expect(pre.status).toBe(204)
      expect(pre.headers.get("access-control-allow-origin")).toBe(origin)
      expect(pre.headers.get("access-control-allow-credentials")).toBe("true")
      expect(pre.headers.get("access-control-allow-methods")).toBe("GET,POST,DELETE,OPTIONS")
      const refused = await api.get("/store/customers/me", { headers: { origin } })
      expect(refused.status).toBe(401)
      expect(refused.headers.get("access-control-allow-origin")).toBe(origin) // so the storefront can read the 401
      expect(refused.headers.get("vary")?.toLowerCase()).toContain("origin")
    }
  })

  it("gives an unlisted origin no grant at all: not on preflights, answers, errors or with credentials", async () => {
    const unlisted = ["http://evil.test", "https://shop.example.com.evil.test", "https://example.com", "http://localhost:8001", "null", "http://localhost:8000.evil.test"]
    for (const origin of unlisted) {
      const pre = await preflight(origin)
      expect(pre.headers.get("access-control-allow-origin"), origin).toBeNull()
      expect(pre.headers.get("access-control-allow-credentials"), origin).toBeNull()
      const { cookie } = await registerCustomer()
      const answer = await api.get("/store/customers/me", { headers: { origin, cookie } })
      expect(answer.status).toBe(200) // CORS is the browser's guard; the server still answers, without a grant
      expect(answer.headers.get("access-control-allow-origin"), origin).toBeNull()
      expect(answer.headers.get("access-control-allow-credentials"), origin).toBeNull()
      const error = await api.post("/store/carts", "{", { headers: { origin } })
      expect(error.headers.get("access-control-allow-origin"), origin).toBeNull()
    }
  })
})

/** The Worker's fetch handler with some config changed (the test pool's bindings are fixed for SELF). */
async function fetchWith(overrides: Partial<typeof env>, path: string, init: RequestInit = {}): Promise<ApiResponse> {
  const ctx = createExecutionContext()
  const res = await worker.fetch(new Request(`http://store.test${path}`, init), { ...env, ...overrides }, ctx)
  await waitOnExecutionContext(ctx)
  const text = await res.text()
  let body: unknown = text
  try {
    body = text ? JSON.parse(text) : undefined
  } catch {
    // keep text
  }
  return { status: res.status, body, headers: res.headers, roundTrips: Number(res.headers.get("x-d1-round-trips") ?? -1) }
}

describe('STORE_CORS="*"', () => {
  const preflightWith = (config: string, origin: string) =>
    fetchWith({ STORE_CORS: config }, "/store/customers/me", {
      method: "OPTIONS",
      headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "content-type" },
    })

  it("answers any origin (also null) with `*` and never with credentials, on preflights, answers and errors", async () => {
    const { cookie } = await registerCustomer()
    for (const origin of ["http://evil.test", "null", "https://shop.example.com"]) {
      const pre = await preflightWith("*", origin)
      expect(pre.status).toBe(204)
      expect(pre.headers.get("access-control-allow-origin"), origin).toBe("*")
      expect(pre.headers.get("access-control-allow-credentials"), origin).toBeNull()
      const answer = await fetchWith({ STORE_CORS: "*" }, "/store/customers/me", { headers: { origin, cookie } })
      expect(answer.status).toBe(200)
      expect(answer.headers.get("access-control-allow-origin"), origin).toBe("*")
      expect(answer.headers.get("access-control-allow-credentials"), origin).toBeNull()
      const error = await fetchWith({ STORE_CORS: "*" }, "/store/carts", { method: "POST", headers: { origin, "content-type": "application/json" }, body: "{" })
      expect(error.status).toBe(400)
      expect(error.headers.get("access-control-allow-origin"), origin).toBe("*")
      expect(error.headers.get("access-control-allow-credentials"), origin).toBeNull()
    }
  })

  it("beside `*`, a listed origin still gets its own grant with credentials; the rest get `*` without", async () => {
    const listed = await preflightWith("http://localhost:8000,*", "http://localhost:8000")
    expect(listed.headers.get("access-control-allow-origin")).toBe("http://localhost:8000")
    expect(listed.headers.get("access-control-allow-credentials")).toBe("true")
    const other = await preflightWith("http://localhost:8000,*", "http://evil.test")
    expect(other.headers.get("access-control-allow-origin")).toBe("*")
    expect(other.headers.get("access-control-allow-credentials")).toBeNull()
  })
})

describe("anonymous storage: cart context and the cart creation limit", () => {
  const createFrom = (ip: string, overrides: Partial<typeof env>, body: unknown = {}) =>
    fetchWith(overrides, "/store/carts", { method: "POST", headers: { "content-type": "application/json", "cf-connecting-ip": ip }, body: JSON.stringify(body) })
  const cartsFrom = async (ip: string) =>
    (await db.all<{ n: number }>("SELECT COUNT(*) AS n FROM cart WHERE json_extract(context, '$.ip') = ?", ip))[0]!.n

  it("five carts with a 1 MB context are refused (400 invalid_data) and store nothing", async () => {
    const [before] = await db.all<{ n: number; bytes: number | null }>("SELECT COUNT(*) AS n, SUM(LENGTH(context)) AS bytes FROM cart")
    for (let i = 0; i < 5; i++) {
      const res = await createFrom("203.0.113.40", {}, { context: { k: "x".repeat(1_000_000) } })
      expect(res.status).toBe(400)
      expect(res.body).toEqual({ type: "invalid_data", message: "context must not be larger than 16384 bytes as JSON" })
    }
    expect(await db.all("SELECT COUNT(*) AS n, SUM(LENGTH(context)) AS bytes FROM cart")).toEqual([before])
  })

  it("address lines (cart and address book) take at most 255 characters, a cart's email 254: a 1 MB line is refused and stores nothing", async () => {
    const cartId = (await createFrom("203.0.113.43", {})).body.cart.id as string
    const [before] = await db.all<{ bytes: number | null }>("SELECT SUM(LENGTH(address_1) + LENGTH(first_name)) AS bytes FROM address")
    const big = "x".repeat(1_000_000)
    const cases: [Record<string, unknown>, string][] = [
      [{ shipping_address: { address_1: big } }, "shipping_address.address_1 must be shorter than or equal to 255 characters"],
      [{ billing_address: { first_name: big } }, "billing_address.first_name must be shorter than or equal to 255 characters"],
      [{ email: `${big}@example.com` }, "email must be shorter than or equal to 254 characters"],
    ]
    for (const [body, message] of cases) {
      const res = await api.post(`/store/carts/${cartId}`, body)
      expect(res.status).toBe(400)
      expect(res.body).toEqual({ type: "invalid_data", message })
    }
    expect(await db.all("SELECT SUM(LENGTH(address_1) + LENGTH(first_name)) AS bytes FROM address")).toEqual([before])
    // A customer's address book too.
    const { cookie } = await registerCustomer()
    const address = { first_name: "A", last_name: "B", address_1: big, city: "C", country_code: "us", postal_code: "1" }
    const book = await api.post("/store/customers/me/addresses", { address }, { headers: { cookie } })
    expect(book.status).toBe(400)
    expect(book.body).toEqual({ type: "invalid_data", message: "address_1 must be shorter than or equal to 255 characters" })
    expect(await db.all("SELECT SUM(LENGTH(address_1) + LENGTH(first_name)) AS bytes FROM address")).toEqual([before])
    const fits = await api.post(`/store/carts/${cartId}`, { shipping_address: { address_1: "a".repeat(255) } })
    expect(fits.status).toBe(200)
    expect(fits.body.cart.shipping_address.address_1).toBe("a".repeat(255))
  })

  it("each client address may create CART_CREATE_LIMIT carts per 10 minutes; then 429 with Retry-After; another address is unaffected", async () => {
    const limited = { CART_CREATE_LIMIT: "3" }
    for (let i = 0; i < 3; i++) expect((await createFrom("203.0.113.41", limited)).status).toBe(200)
    const refused = await createFrom("203.0.113.41", limited)
    expect(refused.status).toBe(429)
    const retryAfter = Number(refused.headers.get("retry-after"))
    expect(retryAfter).toBeGreaterThan(0)
    expect(retryAfter).toBeLessThanOrEqual(600)
    expect(refused.body).toEqual({ type: "too_many_requests", message: `Too many attempts. Try again in ${retryAfter} seconds.` })
    // Counted inside the creation's own write batch: no extra round trip, and the refused cart left no row.
    expect(refused.roundTrips).toBe(1)
    expect(await cartsFrom("203.0.113.41")).toBe(3)
    expect((await createFrom("203.0.113.42", limited)).status).toBe(200)
    expect(await cartsFrom("203.0.113.42")).toBe(1)
  })

  it("counts an IPv6 client by its /64 (one host's addresses share a counter)", async () => {
    const limited = { CART_CREATE_LIMIT: "2" }
    expect((await createFrom("2001:db8:aa:bb::1", limited)).status).toBe(200)
    expect((await createFrom("2001:DB8:AA:BB:0:0:0:2", limited)).status).toBe(200)
    expect((await createFrom("2001:db8:aa:bb:ffff:1:2:3", limited)).status).toBe(429)
    expect((await createFrom("2001:db8:aa:cc::1", limited)).status).toBe(200)
  })

  it("defaults to 1,000 carts per address per 10 minutes; 0 turns the limit off", () => {
    expect(cartCreationLimit(undefined)).toBe(1000)
    expect(cartCreationLimit("")).toBe(1000)
    expect(cartCreationLimit("250")).toBe(250)
    expect(cartCreationLimit("0")).toBeUndefined()
    expect(cartCreationLimit("lots")).toBe(1000)
  })
})

// ---------------------------------------------------------------------------------------------------------------

/** Values of the test config (vitest.config.ts) that must never appear in a body. */
const SECRETS: readonly [string, string][] = [
  ["ADMIN_API_TOKEN", env.ADMIN_API_TOKEN as string],
  ["JWT_SECRET", env.JWT_SECRET as string],
  ["STRIPE_API_KEY", env.STRIPE_API_KEY as string],
  ["STRIPE_WEBHOOK_SECRET", env.STRIPE_WEBHOOK_SECRET as string],
  ["EVENTS_WEBHOOK_SECRET", env.EVENTS_WEBHOOK_SECRET as string],
]
const PATTERNS: readonly [string, RegExp][] = [
  ["password hash", /\$scrypt|scrypt\$|pbkdf2\$|password_hash/i],
  ["stack trace", /\bat [^\s"]+ \(|\n\s+at |\\n\s+at |\.(?:ts|js|mjs):\d+/],
  ["runtime error", /\b(?:TypeError|ReferenceError|SyntaxError|D1_ERROR|SQLITE_)/],
]

interface Seen {
  label: string
  status: number
  text: string
}

/** What in a body is a leak (empty when none). */
function leaks(seen: Seen, sessions: readonly string[]): string[] {
  const out: string[] = []
  for (const [name, value] of SECRETS) if (value && seen.text.includes(value)) out.push(name)
  for (const [name, re] of PATTERNS) if (re.test(seen.text)) out.push(name)
  for (const session of sessions) if (seen.text.includes(session)) out.push("session id")
  return out
}

const v = { mug: fixtureId("variant"), cup: fixtureId("variant") }
let stripeStore: CheckoutStore
let testPayStore: CheckoutStore
beforeAll(async () => {
  const region = { currency_code: "usd", tax_rate: 0, countries: ["us"] }
  stripeStore = await arrangeCheckoutStore({ providers: ["stripe"], region, products: [{ title: "Mug", variants: [{ id: v.mug, prices: [{ currency_code: "usd", amount: 1000 }] }] }] })
  testPayStore = await arrangeCheckoutStore({ providers: ["test-pay"], region, products: [{ title: "Cup", variants: [{ id: v.cup, prices: [{ currency_code: "usd", amount: 1000 }] }] }] })
})
afterEach(() => vi.restoreAllMocks())

const seen = async (label: string, res: ApiResponse | Promise<ApiResponse>): Promise<Seen> => {
  const r = await res
  return { label, status: r.status, text: typeof r.body === "string" ? r.body : JSON.stringify(r.body ?? "") }
}

describe("no secrets, hashes, session ids or stack traces in any body", () => {
  it("the leak check finds each kind of leak (it is not vacuous)", () => {
    const flagged = (text: string) => leaks({ label: "x", status: 500, text }, ["sess-abc"])
    expect(flagged('{"password_hash":"pbkdf2$100000$x"}')).toEqual(["password hash"])
    expect(flagged("$scrypt$ln=15")).toEqual(["password hash"])
    expect(flagged(`{"message":"${env.JWT_SECRET}"}`)).toEqual(["JWT_SECRET"])
    expect(flagged(`token ${ADMIN_TOKEN}`)).toEqual(["ADMIN_API_TOKEN"])
    expect(flagged("Error: x\n    at run (src/services/carts.ts:12:3)")).toEqual(["stack trace"])
    expect(flagged("TypeError: x")).toEqual(["runtime error"])
    expect(flagged("connect.sid=sess-abc")).toEqual(["session id"])
    expect(flagged('{"type":"not_found","message":"Cart with id cart_1 was not found"}')).toEqual([])
  })

  it("holds over accounts, logins, error paths and failing payment providers", async () => {
    const customer = await registerCustomer()
    const token = await tokenFor(customer.email, customer.password)
    const login = await api.post("/store/auth", { email: customer.email, password: customer.password })
    const sessions = [customer.cookie.split("=")[1]!, sessionCookie(login).split("=")[1]!]
    const all: Seen[] = [
      await seen("login", login),
      await seen("me (cookie)", api.get("/store/customers/me", withCookie(customer.cookie))),
      await seen("me (jwt)", api.get("/store/customers/me", withBearer(token))),
      await seen("session", api.get("/store/auth", withCookie(customer.cookie))),
      await seen("register again", api.post("/store/customers", { first_name: "A", last_name: "B", email: customer.email, password: "x12345678" })),
      await seen("wrong password", api.post("/store/auth", { email: customer.email, password: "nope" })),
      await seen("token, wrong password", api.post("/store/auth/token", { email: customer.email, password: "nope" })),
      await seen("reset, forged token", api.post("/store/customers/password-reset", { email: customer.email, password: "x12345678", token: "eyJhbGciOiJIUzI1NiJ9.e30.x" })),
      await seen("anonymous me", api.get("/store/customers/me")),
      await seen("malformed JSON", api.post("/store/carts", '{"region_id": ')),
      await seen("deep JSON", api.post("/store/carts", `${"[".repeat(3000)}${"]".repeat(3000)}`)),
      await seen("wrong types", api.post("/store/carts", { region_id: 5, items: "x" })),
      await seen("unknown cart", api.get("/store/carts/cart_00000000000000000000000000")),
      await seen("unknown route", api.get("/store/nothing-here")),
      await seen("unknown method", api.request("PUT", "/store/carts/x", {})),
      await seen("unknown order", api.get("/store/orders/order_missing")),
      await seen("order lookup miss", api.get(`/store/orders?display_id=99999&email=${encodeURIComponent(customer.email)}`)),
      await seen("too large", api.post("/store/carts", jsonOfSize(LIMIT + 10))),
      await seen("admin, no token", api.get("/admin/orders")),
      await seen("admin, customer's jwt", api.get("/admin/orders", withBearer(token))),
      await seen("admin, bad body", adminApi.post("/admin/order-edits", { order_id: 1 })),
      await seen("stripe webhook, bad signature", api.post("/hooks/payment/stripe", { type: "payment_intent.succeeded" }, { headers: { "stripe-signature": "t=1,v1=00" } })),
      await seen("stripe webhook (v1 path), no signature", api.post("/stripe/hooks", { type: "payment_intent.succeeded" })),
    ]

    // Stripe sessions exist (fake Stripe), then Stripe becomes unreachable: fetch itself throws, naming the key.
    const cartId = await cartReadyForPayment(stripeStore, [{ variant_id: v.mug, quantity: 1 }])
    const stripe = fakeStripe()
    expect((await api.post(`/store/carts/${cartId}/payment-sessions`)).status).toBe(200)
    stripe.restore()
    vi.spyOn(globalThis, "fetch").mockImplementation(async () => {
      throw new TypeError(`fetch failed (Authorization: Bearer ${env.STRIPE_API_KEY})`)
    })
    const unreachable = await api.post(`/store/carts/${cartId}/payment-sessions/stripe/refresh`)
    all.push(await seen("stripe unreachable", unreachable))
    vi.restoreAllMocks()
    // Stripe answers an error that echoes the request's key (as Stripe does for an invalid key).
    vi.spyOn(globalThis, "fetch").mockImplementation(async () =>
      new Response(JSON.stringify({ error: { type: "invalid_request_error", message: `Invalid API Key provided: ${env.STRIPE_API_KEY}` } }), { status: 401 }),
    )
    all.push(await seen("stripe refuses the key", api.post(`/store/carts/${cartId}/payment-sessions/stripe/refresh`)))
    vi.restoreAllMocks()

    // A provider that fails authorization at completion (test-pay's outage switch).
    const failing = await cartReadyForPayment(testPayStore, [{ variant_id: v.cup, quantity: 1 }])
    expect((await api.post(`/store/carts/${failing}/payment-sessions`)).status).toBe(200)
    expect((await api.post(`/store/carts/${failing}/payment-sessions/test-pay`, { data: { fail_authorizations: 5 } })).status).toBe(200)
    all.push(await seen("authorization fails", api.post(`/store/carts/${failing}/complete`)))

    // D1 itself fails with a driver error that carries SQL and a stack.
    const broken = {
      prepare: () => {
        const err = new Error("D1_ERROR: no such table: customer_session: SQLITE_ERROR")
        err.stack = `${err.message}\n    at query (src/db/client.ts:10:5)`
        throw err
      },
      batch: () => Promise.reject(new Error("D1_ERROR: SQLITE_BUSY")),
    }
    vi.spyOn(console, "error").mockImplementation(() => undefined) // the Worker logs the failure (with its stack) — in logs, not bodies
    const res = await buildApp().fetch(new Request("http://store.test/store/customers/me", { headers: { cookie: customer.cookie } }), { ...env, DB: broken as unknown as D1Database })
    all.push({ label: "D1 down", status: res.status, text: await res.text() })

    const found = all.map((s) => [s.label, leaks(s, sessions)] as const).filter(([, l]) => l.length > 0)
    expect(found).toEqual([])
    // The error paths really were errors, each with Medusa's JSON error body or v1's plain "Unauthorized" text.
    const errors = all.filter((s) => s.status >= 400)
    expect(errors.map((s) => s.label)).toEqual(all.filter((s) => !["login", "me (cookie)", "me (jwt)", "session"].includes(s.label)).map((s) => s.label))
    for (const s of errors) {
      if (s.text === "Unauthorized") continue // v1's plain-text 401 (passport)
      const body = JSON.parse(s.text) as { type?: unknown; message?: unknown; errors?: unknown }
      expect(typeof body.message, s.label).toBe("string")
      expect(typeof body.type === "string" || Array.isArray(body.errors), s.label).toBe(true)
    }
    expect(all.find((s) => s.label === "D1 down")).toMatchObject({ status: 500, text: '{"code":"unknown_error","type":"unknown_error","message":"An unknown error occurred."}' })
    expect(unreachable.status).toBe(400)
    expect(unreachable.body).toEqual({ type: "invalid_data", code: "stripe_unreachable", message: "Stripe could not be reached:\nfetch failed (Authorization: Bearer [redacted])" })
  })
})
