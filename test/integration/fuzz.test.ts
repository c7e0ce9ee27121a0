import { beforeAll, describe, expect, it } from "vitest"
import { env } from "cloudflare:workers"
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test"
import worker from "../../src/index"
import { api } from "../helpers/api"
import { seedGoldenStore } from "../helpers/seed"
import { ADMIN_TOKEN, adminApi } from "../helpers/admin"
import { registerCustomer } from "../helpers/auth"

/**
 * "Bad input never crashes": a deterministic, bounded fuzz over every Store route mounted in src/app.ts (customers,
 * auth, returns, swaps, order edits, payment collections and the admin slice included), on the
 * golden store with real carts (one with items and a discount, one ready for payment, one empty, one completed, and
 * one whose lines carry ~900 KB of metadata each) so requests reach deep code, not just 404s.
 * Each route gets a few hundred requests from a seeded PRNG: valid ones, type-preserving mutations (hostile strings
 * and numbers where strings and numbers belong, which pass validation and reach services and SQL), structural ones
 * (wrong types, extra and prototype keys, raw JSON text) and hostile query strings and path params. Every response
 * must be < 500 and JSON, an error body must be {type, message} (or {errors, message}) leaking nothing from the
 * runtime, a read of an unknown id must be 404 not_found, and the fuzz's valid reads must answer 200.
 */

// ---------------------------------------------------------------------------------------------------------------
// Seeded randomness (mulberry32): the same seed gives the same requests on every run.

function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

class Rng {
  readonly #next: () => number
  constructor(seed: number) {
    this.#next = mulberry32(seed)
  }
  float(): number {
    return this.#next()
  }
  int(n: number): number {
    return Math.floor(this.#next() * n)
  }
  chance(p: number): boolean {
    return this.#next() < p
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!
  }
}

// ---------------------------------------------------------------------------------------------------------------
// JSON values with raw-text escapes (1e309, -0, big integers cannot be produced by JSON.stringify).

class Raw {
  constructor(readonly text: string) {}
}
type J = null | boolean | number | string | Raw | J[] | { [key: string]: J }

function toJson(value: J): string {
  if (value instanceof Raw) return value.text
  if (Array.isArray(value)) return `[${value.map(toJson).join(",")}]`
  if (value !== null && typeof value === "object") {
    return `{${Object.keys(value).map((k) => `${JSON.stringify(k)}:${toJson(value[k]!)}`).join(",")}}`
  }
  return JSON.stringify(value)
}

/** Sets an own key, even "__proto__" (an object literal or plain assignment would set the prototype instead). */
function setKey(target: { [key: string]: J }, key: string, value: J): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true })
}

function clone(value: J): J {
  if (value instanceof Raw || value === null || typeof value !== "object") return value
  if (Array.isArray(value)) return value.map(clone)
  const out: { [key: string]: J } = {}
  for (const key of Object.keys(value)) setKey(out, key, clone(value[key]!))
  return out
}

const isObject = (value: J): value is { [key: string]: J } =>
  value !== null && typeof value === "object" && !Array.isArray(value) && !(value instanceof Raw)

const deepObject = (depth: number): J => (depth === 0 ? "bottom" : { a: deepObject(depth - 1) })
const deepArray = (depth: number): J => (depth === 0 ? 1 : [deepArray(depth - 1)])

// No value may contain the leak markers asserted below (SQLITE, TypeError, file paths), or echoes would be flagged.
const HOSTILE_STRINGS: readonly string[] = [
  "", " ", "0", "-1", "1.5", "1e309", "NaN", "Infinity", "true", "null", "undefined", "[]", "{}",
  "x".repeat(5_000), "y".repeat(70_000), "\u0000", "a\u0000b", "😀🛒", "\ud800", "Ω≈ç√ü", "\u202eevil", "\r\n",
  "' OR 1=1 --", "\"; DROP TABLE cart; --", "1; SELECT * FROM customer", "%00", "%s%n", "${7*7}", "<script>x</script>",
  "../../etc/passwd", "__proto__", "constructor", "cart_00000000000000000000000000",
  // Around D1's limits: 50-byte LIKE patterns (ASCII, 2- and 4-byte UTF-8, wildcards)
  "x".repeat(48), "x".repeat(49), "é".repeat(25), "😀".repeat(13), "%".repeat(30), "_".repeat(60), "\\".repeat(30),
  // Real ids and codes of other kinds, in the wrong places (cross-entity confusion reaches the services)
  "reg_na", "reg_eu", "variant_mug_one", "variant_giftcard_25", "variant_draft_hoodie_m", "prod_draft_hoodie",
  "so_01M8E6RHT4N4V1RWXT4CDHQ6BN", "so_01M8E6RHSCZRSAX03Z874K95GR", "TEST10", "test10", "EXPIRED", "FREESHIP",
  "FIVEOFF", "GIFT-100", "GIFT-EU-50", "manual", "stripe", "us", "US", "dk", "zz", "a@b.co", "A+b@EXAMPLE.com",
  `${"m".repeat(64)}@example.com`, "pcat_internal", "pk_01M8E6RJHST04KA2DVQ554F5MK",
]

const HOSTILE_VALUES: readonly J[] = [
  ...HOSTILE_STRINGS,
  null, true, false, 0, -1, 1.5, 0.1, 1e9, 10 ** 9 + 0.5, 999_999_999_999, Number.MAX_SAFE_INTEGER, 2 ** 53 + 2,
  -(2 ** 31), 1e308, -1e308, 5e-324,
  new Raw("-0"), new Raw("1e309"), new Raw("-1e309"), new Raw("1E400"), new Raw("123456789012345678901234567890"),
  new Raw("0.00000000000000000000001"), new Raw("1.0"), new Raw("-0.0"),
  {}, [], [null], [1, 2, 3], ["a", "b"], [{}], { a: 1 }, { $gt: "" }, { code: { $ne: null } },
  deepObject(40), deepArray(40), Array.from({ length: 600 }, (_, i) => i),
  Array.from({ length: 600 }, () => ({ variant_id: "variant_mug_one", quantity: 1 })),
  new Raw('{"__proto__":{"polluted":1}}'), new Raw('{"constructor":{"prototype":{"polluted":1}}}'),
  // ~600 KB: with the body limit at 1 MB, two of these in a cart outgrow a 2 MB D1 row (see idempotency.ts)
  new Raw(`{"big":"${"h".repeat(600_000)}"}`),
]

const EXTRA_KEYS = ["__proto__", "constructor", "prototype", "extra", "", "id", "toString", "hasOwnProperty", "a.b", "😀", "valueOf"]

/** Raw bodies that are not (valid) JSON objects at all. */
const RAW_BODIES: readonly string[] = [
  "", "   ", "{", "}", "[", "{\"a\":", "{'a':1}", "{\"a\":1,}", "[1,2,]", "NaN", "{\"a\":NaN}", "{\"a\":Infinity}",
  "{\"a\":undefined}", "// c\n{}", "\ufeff{}", "{\"a\":1}garbage", "null", "true", "0", "-0", "1e309", "\"str\"", "[]",
  "[{}]", "{}{}", "\u0000", "[".repeat(5_000) + "]".repeat(5_000), "{\"a\":".repeat(3_000) + "1" + "}".repeat(3_000),
  "{\"__proto__\":{\"polluted\":1}}", "{\"constructor\":{\"prototype\":{\"polluted\":1}}}",
]

const HOSTILE_NUMBERS: readonly J[] = [
  0, 1, -1, 2, 1.5, 0.5, 999_999, 1_000_000, 1_000_001, 1e9, 10 ** 9 + 1, 2 ** 31, 2 ** 53 - 1, -(2 ** 53), 1e308, 5e-324,
  new Raw("-0"), new Raw("1e309"), new Raw("-1e309"), new Raw("1.0"), new Raw("100000000000000000000000"), new Raw("1E2"),
]

/** Same JSON type, hostile content: these pass the type checks and reach services and SQL. */
function typedValue(rng: Rng, value: J): J {
  if (typeof value === "string") {
    return rng.chance(0.7)
      ? rng.pick(HOSTILE_STRINGS)
      : rng.pick([value.toUpperCase(), ` ${value}`, `${value}\u0000`, value.repeat(200), `${value}'--`, value.slice(0, -1), `${value}😀`])
  }
  if (typeof value === "number") return rng.pick(HOSTILE_NUMBERS)
  if (typeof value === "boolean") return !value
  if (Array.isArray(value)) {
    const roll = rng.int(4)
    if (roll === 0) return []
    if (roll === 1) return Array.from({ length: 1 + rng.int(120) }, () => clone(value[0] ?? null))
    if (value.length === 0) return [rng.pick(HOSTILE_STRINGS)]
    const out = clone(value) as J[]
    const i = rng.int(out.length)
    out[i] = typedValue(rng, out[i]!)
    return out
  }
  if (isObject(value)) {
    const out = clone(value) as { [key: string]: J }
    const keys = Object.keys(out)
    if (keys.length === 0 || rng.chance(0.2)) setKey(out, rng.pick(HOSTILE_STRINGS.filter((k) => k.length < 100)), rng.pick(HOSTILE_VALUES))
    else {
      const key = rng.pick(keys)
      setKey(out, key, typedValue(rng, out[key]!))
    }
    return out
  }
  return value
}

/** Keeps each optional key of a valid template with probability ½ (required keys always). */
function subset(rng: Rng, template: J, required: readonly string[]): J {
  if (!isObject(template)) return template
  const out: { [key: string]: J } = {}
  for (const key of Object.keys(template)) if (required.includes(key) || rng.chance(0.5)) setKey(out, key, template[key]!)
  return out
}

function mutateValue(rng: Rng, value: J, depth = 0): J {
  if (depth < 3 && rng.chance(0.4)) {
    if (Array.isArray(value) && value.length > 0) {
      const out = clone(value) as J[]
      const i = rng.int(out.length)
      out[i] = mutateValue(rng, out[i]!, depth + 1)
      return out
    }
    if (isObject(value) && Object.keys(value).length > 0) return mutateObject(rng, value, depth + 1)
  }
  return rng.pick(HOSTILE_VALUES)
}

function mutateObject(rng: Rng, template: { [key: string]: J }, depth = 0): J {
  const out = clone(template) as { [key: string]: J }
  const keys = Object.keys(out)
  const edits = 1 + rng.int(3)
  for (let n = 0; n < edits; n++) {
    const roll = rng.int(10)
    if (roll < 6 && keys.length > 0) {
      const key = rng.pick(keys)
      setKey(out, key, mutateValue(rng, out[key]!, depth))
    } else if (roll < 8 && keys.length > 0) {
      delete out[rng.pick(keys)]
    } else {
      setKey(out, rng.pick(EXTRA_KEYS), rng.pick(HOSTILE_VALUES))
    }
  }
  return out
}

/** A mutated request body as JSON text (or raw text), from a valid template. */
function mutateBody(rng: Rng, template: J): string {
  if (rng.chance(0.45)) return toJson(typedValue(rng, template))
  const roll = rng.int(20)
  if (roll === 0) return rng.pick(RAW_BODIES)
  if (roll === 1) return toJson(rng.pick(HOSTILE_VALUES)) // scalar / array / deep value at the top level
  if (roll === 2) return "{}"
  if (roll === 3 && isObject(template)) {
    // Duplicate keys in the raw text: the last one wins in JSON.parse.
    const keys = Object.keys(template)
    const key = keys.length ? rng.pick(keys) : "extra"
    const text = toJson(template)
    const dup = `${JSON.stringify(key)}:${toJson(rng.pick(HOSTILE_VALUES))}`
    return text === "{}" ? `{${dup},${dup}}` : `${text.slice(0, -1)},${dup}}`
  }
  if (roll === 4) return toJson(template)
  return toJson(isObject(template) ? mutateObject(rng, template) : mutateValue(rng, template))
}

// ---------------------------------------------------------------------------------------------------------------
// Query strings and path params.

const enc = encodeURIComponent

const QUERY_VALUES: readonly string[] = [
  ...HOSTILE_STRINGS.filter((s) => s.length < 10_000 && !s.includes("\ud800")),
  "items,,foo", "*", ",", ",,,", "items.variant.product.variants.prices.region.countries", "a".repeat(300),
  "id,,", "+", "-", "-id", "+metadata,-id", "password_hash", "items.id", "-created_at", "--id", "created_at,",
  "rank; DROP TABLE x", "-title", "nonexistent", "id,title", "1e309", "-0", "99999999999999999999", "0x10", " 5",
  "2024-13-45", "2024-01-01", "0000-00-00T00:00:00Z", "+275760-09-13T00:00:00.000Z", "9007199254740991",
  "9007199254740993", "1000", "1001", "999999999", "1e3", "1.0", "0.5", "-5", "%", "_", "\\", "variants.prices,images,,",
]

/** Raw (already encoded, sometimes malformed) query fragments. */
const RAW_QUERY_VALUES: readonly string[] = ["%00", "a%00b", "%", "%E0%A4%A", "%ZZ", "%C0%AF", "%2F..%2F", "%25", "+%2B+"]

function mutateQuery(rng: Rng, known: Readonly<Record<string, readonly string[]>>, required: readonly string[]): string {
  const keys = Object.keys(known)
  const value = () => (rng.chance(0.15) ? rng.pick(RAW_QUERY_VALUES) : enc(rng.pick(QUERY_VALUES)))
  const chosen = keys.filter((key) => required.includes(key) || rng.chance(0.3))
  if (rng.chance(0.5) && keys.length > 0) {
    // Well-formed query, hostile content in one known key: passes the shape checks and reaches the service.
    const target = rng.pick(keys)
    const parts = chosen.filter((key) => key !== target).map((key) => `${enc(key)}=${enc(rng.pick(known[key]!))}`)
    parts.push(`${enc(target)}=${value()}`)
    return parts.join("&")
  }
  const parts = chosen.map((key) => `${enc(key)}=${enc(rng.pick(known[key]!))}`)
  const key = () => (keys.length && rng.chance(0.85) ? rng.pick(keys) : rng.pick(["junk", "__proto__", "constructor", "a.b", "", "%00", "😀", "q"]))
  const edits = 1 + rng.int(3)
  for (let n = 0; n < edits; n++) {
    const k = enc(key())
    switch (rng.int(11)) {
      case 0:
        parts.push(`${k}[]=${value()}&${k}[]=${value()}`)
        break
      case 1:
        parts.push(`${k}[${rng.pick(["gt", "lt", "gte", "lte", "contains", "postal_code", "0", "99", "x"])}]=${value()}`)
        break
      case 2:
        parts.push(`${k}${"[a]".repeat(1 + rng.int(8))}=${value()}`)
        break
      case 3:
        parts.push(`${k}=${value()}&${k}=${value()}`)
        break
      case 4:
        parts.push(`${rng.pick(["__proto__[polluted]", "constructor[prototype][polluted]", "a[__proto__][b]", "[]", "[x]", "a]", "a[", "a[[b]]"])}=${value()}`)
        break
      case 5:
        parts.push(`${k}=${"v".repeat(4_000)}`)
        break
      case 6:
        parts.push(`${k}`)
        break
      case 7:
        parts.push(`${rng.pick(["expand", "fields", "order", "limit", "offset"])}=${value()}`)
        break
      default:
        parts.push(`${k}=${value()}`)
    }
  }
  return parts.join("&")
}

/** Path segments, already URL-encoded. */
const HOSTILE_IDS: readonly string[] = [
  "does_not_exist", "a%2Fb", "%2F", "..%2F..%2Fregions", "x".repeat(3_000), enc("' OR 1=1 --"), "'%20OR%201%3D1%20--",
  enc("😀"), "%00", "a%00b", "%E0%A4%A", "%25", enc("Ω≈ç"), "null", "undefined", "0", "-1", "%20", "__proto__",
  "constructor", enc('a"b'), "*", "%2525", "reg_na", "prod_tshirt", "variant_mug_one", "GIFT-100", "TEST10", "manual",
  "cart_00000000000000000000000000", "order_00000000000000000000000000", enc("\\"), "%5C..%5C", "%3Cscript%3E", enc(";"),
]

// ---------------------------------------------------------------------------------------------------------------
// Requests and the invariants every response must satisfy.

interface Sent {
  method: string
  path: string
  body?: string
  headers: Record<string, string>
  /** Only a path param was made hostile (the rest of the request is valid). */
  badId: boolean
  /** Nothing was made hostile. */
  valid: boolean
}
interface Received {
  status: number
  text: string
  json: unknown
  jsonOk: boolean
  contentType: string
}

/**
 * Calls the Worker's fetch handler directly (same app, bindings and Durable Objects as SELF). SELF.fetch is avoided
 * here: vitest-pool-workers 0.15.1 wraps the entrypoint's prototype in one more Proxy on every request
 * (cloudflare/workers-sdk#15092), so thousands of requests through it grow slower and end in a RangeError.
 */
async function send(req: Sent): Promise<Received> {
  const ctx = createExecutionContext()
  const res = await worker.fetch(
    new Request(`http://store.test${req.path}`, { method: req.method, headers: req.headers, body: req.body }),
    env,
    ctx,
  )
  await waitOnExecutionContext(ctx)
  const text = await res.text()
  let json: unknown
  let jsonOk = true
  try {
    json = JSON.parse(text)
  } catch {
    jsonOk = false
  }
  return { status: res.status, text, json, jsonOk, contentType: res.headers.get("content-type") ?? "" }
}

const LEAKS: readonly [string, RegExp][] = [
  ["SQLite error", /SQLITE/i],
  ["D1 error", /D1_ERROR|D1_/],
  ["JS error class", /\b(?:TypeError|ReferenceError|RangeError|SyntaxError|ZodError)\b/],
  ["stack trace", /\bat [\w.<>$]+ \(|\\n\s+at |\n\s+at /],
  ["file path", /[/\\](?:src|node_modules|work|tmp|\.wrangler)[/\\]|\.(?:ts|js|mjs):\d+/],
  ["undefined/object leak", /\[object Object\]/],
]

/** Problems with one response, as short strings (empty when it is fine). */
function violations(req: Sent, res: Received, allow: readonly number[], texts: readonly string[] = []): string[] {
  const out: string[] = []
  // Keeps the fuzz honest: its valid reads must succeed, or it is only testing validation.
  if (req.method === "GET" && req.valid && res.status !== 200 && !allow.includes(res.status)) out.push(`valid read answered ${res.status}`)
  // A read of an unknown id is a 404 not_found (the hostile ids include real ids of this and other kinds, hence 200).
  if (req.method === "GET" && req.badId && res.status !== 200 && !(res.status === 404 && (res.json as { type?: unknown })?.type === "not_found")) {
    out.push(`unknown id answered ${res.status}, not 404 not_found`)
  }
  if (res.status >= 500) out.push(`status ${res.status}`)
  if (res.status >= 300 && res.status < 400) out.push(`redirect ${res.status}`)
  if (!res.jsonOk && res.status < 500 && texts.includes(res.text)) return out // v1's plain-text answers ("OK", "Unauthorized", 204)
  if (!res.jsonOk) out.push("body is not JSON")
  else if (!res.contentType.includes("application/json")) out.push(`content-type ${res.contentType}`)
  if (res.status >= 400 && res.jsonOk && !allow.includes(res.status)) {
    const body = res.json as Record<string, unknown> | null
    const single = body !== null && typeof body === "object" && typeof body.type === "string" && typeof body.message === "string"
    const multiple = body !== null && typeof body === "object" && Array.isArray(body.errors) && typeof body.message === "string"
    if (!single && !multiple) out.push("error body lacks string type/message")
  }
  for (const [name, re] of LEAKS) if (re.test(res.text)) out.push(`leaks ${name}`)
  return out
}

const clip = (s: string | undefined, n = 200) => (s === undefined ? "∅" : s.length > n ? `${s.slice(0, n)}…(${s.length})` : s)

// ---------------------------------------------------------------------------------------------------------------
// The routes (src/routes/*.ts) and how to make a valid request to each.

type Method = "GET" | "POST" | "DELETE"
interface RouteSpec {
  method: Method
  path: string
  /** Valid values for each :param, read after the store is arranged. */
  params?: () => Record<string, readonly string[]>
  query?: Record<string, readonly string[]>
  body?: () => J
  /** Body / query keys always sent (the rest of a template is sent at random). */
  required?: readonly string[]
  count: number
  /** Run before every 20th request: puts back state the fuzz used up (e.g. line items removed by quantity 0). */
  prepare?: () => Promise<void>
  /** Statuses allowed beyond < 500 with an error body (429 for the rate-limited lookup). */
  allow?: readonly number[]
  headers?: (rng: Rng) => Record<string, string>
  /** v1's plain-text answers this route gives (res.sendStatus): the exact bodies accepted instead of JSON. */
  texts?: readonly string[]
}

const arranged = {
  /** heavy: two lines with ~900 KB metadata each, so its responses outgrow a D1 row (2 MB). */
  carts: { items: "", payment: "", empty: "", completed: "", heavy: "" },
  lines: [] as string[],
  order: { id: "", display_id: 0, email: "" },
  /** A logged-in customer for /store/customers/me*, and one whose session DELETE /store/auth may end. */
  customer: { cookie: "", email: "", addresses: [] as string[] },
  logoutCookie: "",
  /** After the sale, on the placed order: a return, a requested edit with its collection and a manual session. */
  afterSale: { itemId: "", returnId: "", editId: "", collectionId: "", sessionId: "", amount: 0 },
  /** A captured, fulfilled order (v1 swaps only those) and the cart of a swap made on it. */
  swap: { orderId: "", itemId: "", cartId: "" },
}

const allCarts = () => Object.values(arranged.carts)

/** Gives the items cart a line again (quantity 0 and DELETE remove them) and re-reads its line ids. */
async function restockLines(): Promise<void> {
  const res = await send({
    method: "POST", path: `/store/carts/${arranged.carts.items}/line-items`, headers: { "content-type": "application/json" },
    body: JSON.stringify({ variant_id: "variant_sweatpants_m", quantity: 1 }), badId: false, valid: true,
  })
  expect(res.status).toBe(200)
  arranged.lines = (res.json as { cart: { items: { id: string }[] } }).cart.items.map((item) => item.id)
}
const SC = "sc_01M8E6RGXAS05FEP5YV56828ZZ"
const FIND = { expand: [""], fields: ["id"] }
const DATE = { "created_at[gt]": ["2020-01-01"], "updated_at[lt]": ["2030-01-01T00:00:00Z"] }
const PAGING = { limit: ["1", "10", "0"], offset: ["0", "1", "5"] }
const PRICING = { cart_id: ["$cart"], region_id: ["reg_na", "reg_eu"], currency_code: ["usd", "eur"] }

const address = (): J => ({
  first_name: "Ada", last_name: "Lovelace", address_1: "1 Main St", city: "Boston", country_code: "us",
  postal_code: "02110", phone: "555", company: "AE", province: "MA", address_2: "", metadata: { a: 1 },
})

const asCustomer = (): Record<string, string> => ({ cookie: arranged.customer.cookie })
const asAdmin = (): Record<string, string> => ({ "x-medusa-access-token": ADMIN_TOKEN })
const PASSWORD = "fuzz-secret-1"

/** Puts an address back for the address routes (DELETE removes them) and re-reads the customer's address ids. */
async function restockAddresses(): Promise<void> {
  const res = await send({
    method: "POST", path: "/store/customers/me/addresses", headers: { "content-type": "application/json", ...asCustomer() },
    body: JSON.stringify({ address: address() }), badId: false, valid: true,
  })
  expect(res.status).toBe(200)
  arranged.customer.addresses = (res.json as { customer: { shipping_addresses: { id: string }[] } }).customer.shipping_addresses.map((a) => a.id)
}

/** Customers and auth (login, token, session, logout, exists), as the logged-in fuzz customer where v1 needs one. */
const CUSTOMER_ROUTES = (): RouteSpec[] => [
  { method: "POST", path: "/store/customers", body: () => ({ first_name: "Fu", last_name: "Zz", email: "fuzz.new@example.com", password: PASSWORD, phone: "555" }), required: ["email", "password"], count: 50, allow: [429] },
  { method: "GET", path: "/store/customers/me", headers: asCustomer, query: FIND, count: 60 },
  {
    method: "POST", path: "/store/customers/me", headers: asCustomer, count: 100,
    // No password in the template: a valid change would end the fuzz customer's sessions.
    body: () => ({ first_name: "Ada", last_name: "L", phone: "555", email: arranged.customer.email, billing_address: address(), metadata: { a: 1 } }),
  },
  { method: "POST", path: "/store/customers/me/addresses", headers: asCustomer, body: () => ({ address: address() }), required: ["address"], count: 80 },
  {
    method: "POST", path: "/store/customers/me/addresses/:address_id", headers: asCustomer, params: () => ({ address_id: arranged.customer.addresses }),
    prepare: restockAddresses, body: address, count: 100,
  },
  { method: "DELETE", path: "/store/customers/me/addresses/:address_id", headers: asCustomer, params: () => ({ address_id: arranged.customer.addresses }), prepare: restockAddresses, count: 60 },
  {
    method: "GET", path: "/store/customers/me/orders", headers: asCustomer, count: 100,
    query: { ...PAGING, ...FIND, q: ["mug", "1"], status: ["pending", "completed"], "fulfillment_status[]": ["not_fulfilled"], "payment_status[]": ["awaiting"], display_id: ["1"], email: ["a@b.co"] },
  },
  { method: "GET", path: "/store/customers/me/payment-methods", headers: asCustomer, count: 20 },
  { method: "POST", path: "/store/customers/password-token", body: () => ({ email: arranged.customer.email }), required: ["email"], count: 50, allow: [429], texts: [""] },
  {
    method: "POST", path: "/store/customers/password-reset", count: 60, allow: [429], required: ["email", "password", "token"],
    body: () => ({ email: arranged.customer.email, password: "new-secret-2", token: "eyJhbGciOiJIUzI1NiJ9.eyJjdXN0b21lcl9pZCI6ImN1c194In0.x" }),
  },
  // Logins carry no cookie: a successful one replaces the session it came with.
  { method: "POST", path: "/store/auth", body: () => ({ email: arranged.customer.email, password: PASSWORD }), required: ["email", "password"], count: 50, allow: [429], texts: ["Unauthorized"] },
  { method: "POST", path: "/store/auth/token", body: () => ({ email: arranged.customer.email, password: PASSWORD }), required: ["email", "password"], count: 50, allow: [429], texts: ["Unauthorized"] },
  { method: "GET", path: "/store/auth", headers: asCustomer, count: 40 },
  { method: "DELETE", path: "/store/auth", headers: (): Record<string, string> => ({ cookie: arranged.logoutCookie }), count: 40, texts: ["OK"] },
  // From many addresses (the check is limited per address); an unknown email is {exists: false}, not a 404.
  {
    method: "GET", path: "/store/auth/:email", params: () => ({ email: [arranged.customer.email, "nobody@example.com"] }), count: 60,
    headers: (rng) => ({ "cf-connecting-ip": `203.0.113.${rng.int(250)}` }),
  },
]

/** Returns, order edits and payment collections on the placed order (collections first: a decline closes them). */
const AFTER_SALE_ROUTES = (): RouteSpec[] => [
  {
    method: "POST", path: "/store/returns", count: 100, required: ["order_id", "items"],
    body: () => ({
      order_id: arranged.order.id, items: [{ item_id: arranged.afterSale.itemId, quantity: 1, reason_id: "rr_missing", note: "n" }],
      return_shipping: { option_id: "so_01M8E6RHQE4VJF5R098S1H1BVR" },
    }),
    headers: (rng): Record<string, string> => (rng.chance(0.15) ? { "Idempotency-Key": rng.pick(["fuzz-return", "", "x".repeat(500)]) } : {}),
  },
  { method: "GET", path: "/store/payment-collections/:id", params: () => ({ id: [arranged.afterSale.collectionId] }), query: FIND, count: 60 },
  { method: "POST", path: "/store/payment-collections/:id/sessions", params: () => ({ id: [arranged.afterSale.collectionId] }), body: () => ({ provider_id: "manual" }), required: ["provider_id"], count: 60 },
  {
    method: "POST", path: "/store/payment-collections/:id/sessions/batch", params: () => ({ id: [arranged.afterSale.collectionId] }), count: 60, required: ["sessions"],
    body: () => ({ sessions: [{ provider_id: "manual", amount: arranged.afterSale.amount, session_id: arranged.afterSale.sessionId }] }),
  },
  { method: "POST", path: "/store/payment-collections/:id/sessions/:session_id", params: () => ({ id: [arranged.afterSale.collectionId], session_id: [arranged.afterSale.sessionId] }), body: () => ({}), count: 60 },
  {
    method: "POST", path: "/store/payment-collections/:id/sessions/batch/authorize", params: () => ({ id: [arranged.afterSale.collectionId] }), count: 60,
    body: () => ({ session_ids: [arranged.afterSale.sessionId] }), required: ["session_ids"],
  },
  { method: "POST", path: "/store/payment-collections/:id/sessions/:session_id/authorize", params: () => ({ id: [arranged.afterSale.collectionId], session_id: [arranged.afterSale.sessionId] }), body: () => ({}), count: 60 },
  { method: "GET", path: "/store/order-edits/:id", params: () => ({ id: [arranged.afterSale.editId] }), count: 60 },
  { method: "POST", path: "/store/order-edits/:id/complete", params: () => ({ id: [arranged.afterSale.editId] }), body: () => ({}), count: 60 },
  { method: "POST", path: "/store/order-edits/:id/decline", params: () => ({ id: [arranged.afterSale.editId] }), body: () => ({ declined_reason: "too pricey" }), count: 60 },
  {
    method: "POST", path: "/store/swaps", count: 100, required: ["order_id", "return_items", "additional_items"],
    body: () => ({
      order_id: arranged.swap.orderId, return_items: [{ item_id: arranged.swap.itemId, quantity: 1, reason_id: "rr_missing", note: "n" }],
      additional_items: [{ variant_id: "variant_mug_one", quantity: 1 }], return_shipping_option: "so_01M8E6RHQE4VJF5R098S1H1BVR",
    }),
    headers: (rng): Record<string, string> => (rng.chance(0.15) ? { "Idempotency-Key": rng.pick(["fuzz-swap", "", "x".repeat(500)]) } : {}),
  },
  { method: "GET", path: "/store/swaps/:cart_id", params: () => ({ cart_id: [arranged.swap.cartId] }), count: 60 },
]

/** The admin slice, with the merchant's token (every route answers 401 without it: access-control.test.ts). */
const ADMIN_ROUTES = (): RouteSpec[] => [
  { method: "GET", path: "/admin/orders", headers: asAdmin, query: PAGING, count: 50 },
  { method: "GET", path: "/admin/orders/:id", headers: asAdmin, params: () => ({ id: [arranged.order.id] }), count: 50 },
  { method: "POST", path: "/admin/orders/:id/capture", headers: asAdmin, params: () => ({ id: [arranged.order.id] }), body: () => ({}), count: 50 },
  {
    method: "POST", path: "/admin/orders/:id/fulfillment", headers: asAdmin, params: () => ({ id: [arranged.order.id] }), count: 60, required: ["items"],
    body: () => ({ items: [{ item_id: arranged.afterSale.itemId, quantity: 1 }], no_notification: true, metadata: { a: 1 }, location_id: "sloc_1" }),
  },
  {
    method: "POST", path: "/admin/returns/:id/receive", headers: asAdmin, params: () => ({ id: [arranged.afterSale.returnId] }), count: 60, required: ["items"],
    body: () => ({ items: [{ item_id: arranged.afterSale.itemId, quantity: 1 }], refund: 100 }),
  },
  { method: "POST", path: "/admin/order-edits", headers: asAdmin, body: () => ({ order_id: arranged.order.id, internal_note: "n" }), required: ["order_id"], count: 50 },
  { method: "GET", path: "/admin/order-edits/:id", headers: asAdmin, params: () => ({ id: [arranged.afterSale.editId] }), count: 40 },
  {
    method: "POST", path: "/admin/order-edits/:id/items", headers: asAdmin, params: () => ({ id: [arranged.afterSale.editId] }), count: 50, required: ["variant_id", "quantity"],
    body: () => ({ variant_id: "variant_mug_one", quantity: 1, metadata: { a: 1 } }),
  },
  {
    method: "POST", path: "/admin/order-edits/:id/items/:item_id", headers: asAdmin, params: () => ({ id: [arranged.afterSale.editId], item_id: [arranged.afterSale.itemId] }), count: 50,
    body: () => ({ quantity: 2 }), required: ["quantity"],
  },
  { method: "DELETE", path: "/admin/order-edits/:id/changes/:change_id", headers: asAdmin, params: () => ({ id: [arranged.afterSale.editId], change_id: ["oic_missing"] }), count: 40 },
  { method: "POST", path: "/admin/order-edits/:id/request", headers: asAdmin, params: () => ({ id: [arranged.afterSale.editId] }), body: () => ({}), count: 40 },
]

const ROUTES: RouteSpec[] = [
  { method: "GET", path: "/store/regions", query: { ...PAGING, ...DATE, expand: ["countries", "payment_providers,countries"], fields: ["id,name", "+metadata"] }, count: 240 },
  { method: "GET", path: "/store/regions/:id", params: () => ({ id: ["reg_na", "reg_eu"] }), query: { expand: ["countries", ""], fields: ["id,name", "+metadata"] }, count: 200 },
  {
    method: "GET", path: "/store/products", count: 400,
    query: {
      ...PAGING, ...FIND, ...PRICING, ...DATE, order: ["title", "-created_at"], q: ["shirt", "mug"], id: ["prod_tshirt"],
      "collection_id[]": ["pcol_summer"], "tags[]": ["ptag_01M8E6RHZHVNTYTE7QK4Y5FPAW"], title: ["Mug"], description: ["x"],
      handle: ["t-shirt"], is_giftcard: ["true", "false"], "type_id[]": ["ptyp_01M8E6RHZM98AH1TAEY4EVP9RJ"],
      "sales_channel_id[]": [SC], "category_id[]": ["pcat_apparel"], include_category_children: ["true"],
    },
    headers: (rng): Record<string, string> => (rng.chance(0.1) ? { "x-publishable-api-key": rng.pick(["pk_01M8E6RJHST04KA2DVQ554F5MK", "pk_nope", "' OR 1=1 --", "x".repeat(2_000)]) } : {}),
  },
  {
    method: "POST", path: "/store/products/search", count: 400,
    body: () => ({ q: "shirt", offset: 0, limit: 10, filter: { id: ["prod_tshirt"], collection_id: "pcol_summer", type_id: [], tags: "cotton", category_id: ["pcat_shirts"], is_giftcard: false } }),
  },
  {
    method: "GET", path: "/store/products/:id", params: () => ({ id: ["prod_tshirt", "prod_mug"] }), count: 300,
    query: { ...FIND, ...PRICING, sales_channel_id: [SC], expand: ["variants", "variants.prices", "images,tags"] },
  },
  {
    method: "GET", path: "/store/variants", count: 300,
    query: {
      ...FIND, ...PRICING, ...PAGING, ids: ["variant_mug_one,variant_tshirt_s_black"], id: ["variant_mug_one"],
      sales_channel_id: [SC], title: ["Mug"], inventory_quantity: ["5"], "inventory_quantity[gt]": ["1"],
    },
  },
  { method: "GET", path: "/store/variants/:id", params: () => ({ id: ["variant_mug_one", "variant_tshirt_s_black"] }), query: { ...FIND, ...PRICING, sales_channel_id: [SC] }, count: 200 },
  {
    method: "GET", path: "/store/product-tags", count: 240,
    query: { ...PAGING, ...FIND, ...DATE, order: ["value", "-created_at"], discount_condition_id: ["dc_x"], value: ["cotton"], "value[contains]": ["ott"], id: ["ptag_x"], q: ["co"] },
  },
  {
    method: "GET", path: "/store/product-types", count: 240,
    query: { ...PAGING, ...FIND, ...DATE, order: ["value"], value: ["Shirt"], "id[]": ["ptyp_x"], q: ["sh"] },
  },
  {
    method: "GET", path: "/store/product-categories", count: 240,
    query: { ...PAGING, ...FIND, order: ["rank"], q: ["app"], handle: ["apparel"], parent_category_id: ["null", "pcat_apparel"], include_descendants_tree: ["true", "1"], expand: ["category_children", "parent_category"] },
  },
  { method: "GET", path: "/store/product-categories/:id", params: () => ({ id: ["pcat_apparel", "pcat_shirts", "pcat_merch"] }), query: { expand: ["category_children", "parent_category"], fields: ["id,name,handle", "+metadata"] }, count: 200 },
  { method: "GET", path: "/store/collections", query: { ...PAGING, ...FIND, ...DATE, "handle[]": ["summer"], expand: ["products"] }, count: 240 },
  { method: "GET", path: "/store/collections/:id", params: () => ({ id: ["pcol_summer", "pcol_essentials"] }), query: { ...FIND, expand: ["products"] }, count: 200 },
  { method: "GET", path: "/store/shipping-options", query: { product_ids: ["prod_tshirt,prod_mug"], region_id: ["reg_na"], is_return: ["true", "0"] }, count: 240 },
  { method: "GET", path: "/store/shipping-options/:cart_id", params: () => ({ cart_id: allCarts() }), query: {}, count: 240 },
  { method: "GET", path: "/store/return-reasons", query: { expand: ["parent_return_reason", "return_reason_children"], fields: ["value,label", "+metadata"] }, count: 200 },
  { method: "GET", path: "/store/return-reasons/:id", params: () => ({ id: ["rr_01M8E6SPZD2GDXZWV5FPK0GENM"] }), query: { expand: ["parent_return_reason", ""], fields: ["value,label", "+metadata"] }, count: 200 },
  // From many addresses (lookups are limited per address).
  {
    method: "GET", path: "/store/gift-cards/:code", params: () => ({ code: ["GIFT-100", "GIFT-EU-50"] }), query: { ...FIND, fields: ["balance", "+ends_at"] }, count: 200,
    headers: (rng) => ({ "cf-connecting-ip": `203.0.113.${rng.int(250)}` }),
  },
  {
    method: "POST", path: "/store/carts", count: 400,
    body: () => ({ region_id: "reg_na", sales_channel_id: SC, country_code: "us", items: [{ variant_id: "variant_mug_one", quantity: 1 }], context: { ip: "1.2.3.4" } }),
    headers: (rng): Record<string, string> => (rng.chance(0.1) ? { "x-publishable-api-key": rng.pick(["pk_01M8E6RJHST04KA2DVQ554F5MK", "pk_nope", "%00"]) } : {}),
  },
  { method: "GET", path: "/store/carts/:id", params: () => ({ id: allCarts() }), query: { ...FIND, expand: ["items", "region", "shipping_methods", "payment_sessions"] }, count: 300 },
  {
    method: "POST", path: "/store/carts/:id", params: () => ({ id: [arranged.carts.items, arranged.carts.empty, arranged.carts.completed] }), count: 500,
    body: () => ({
      region_id: "reg_na", country_code: "us", email: "fuzz@example.com", billing_address: address(), shipping_address: address(),
      gift_cards: [{ code: "GIFT-100" }], discounts: [{ code: "TEST10" }], context: { a: 1 }, sales_channel_id: SC,
    }),
  },
  {
    method: "POST", path: "/store/carts/:id/line-items", params: () => ({ id: [arranged.carts.items, arranged.carts.empty, arranged.carts.completed, arranged.carts.heavy] }), count: 400,
    body: () => ({ variant_id: "variant_mug_one", quantity: 1, metadata: { gift: true } }), required: ["variant_id", "quantity"],
    headers: (rng): Record<string, string> => (rng.chance(0.15) ? { "Idempotency-Key": rng.pick(["fuzz-key", "", "x".repeat(500), "%00", "' OR 1=1 --"]) } : {}),
  },
  {
    method: "POST", path: "/store/carts/:id/line-items/:line_id", count: 400,
    params: () => ({ id: [arranged.carts.items], line_id: arranged.lines }), prepare: restockLines,
    body: () => ({ quantity: 2, metadata: { note: "x" } }), required: ["quantity"],
  },
  {
    method: "POST", path: "/store/carts/:id/shipping-methods", params: () => ({ id: allCarts() }), count: 300,
    body: () => ({ option_id: "so_01M8E6RHQE4VJF5R098S1H1BVR", data: { a: 1 } }), required: ["option_id"],
  },
  { method: "POST", path: "/store/carts/:id/taxes", params: () => ({ id: allCarts() }), body: () => ({}), count: 200 },
  { method: "POST", path: "/store/carts/:id/payment-sessions", params: () => ({ id: [arranged.carts.items, arranged.carts.payment, arranged.carts.heavy] }), body: () => ({}), count: 200 },
  {
    method: "POST", path: "/store/carts/:id/payment-session", params: () => ({ id: [arranged.carts.payment, arranged.carts.items] }), count: 300,
    body: () => ({ provider_id: "manual" }), required: ["provider_id"],
  },
  {
    method: "POST", path: "/store/carts/:id/payment-sessions/:provider_id", params: () => ({ id: [arranged.carts.payment], provider_id: ["manual"] }), count: 300,
    body: () => ({ data: { a: 1, nested: { b: [1, 2] } } }), required: ["data"],
  },
  { method: "POST", path: "/store/carts/:id/payment-sessions/:provider_id/refresh", params: () => ({ id: [arranged.carts.payment], provider_id: ["manual"] }), body: () => ({}), count: 200 },
  { method: "DELETE", path: "/store/carts/:id/discounts/:code", params: () => ({ id: [arranged.carts.items], code: ["TEST10", "FIVEOFF"] }), count: 200 },
  { method: "DELETE", path: "/store/carts/:id/payment-sessions/:provider_id", params: () => ({ id: [arranged.carts.items], provider_id: ["manual"] }), count: 200 },
  { method: "DELETE", path: "/store/carts/:id/line-items/:line_id", params: () => ({ id: [arranged.carts.items], line_id: arranged.lines }), prepare: restockLines, count: 200 },
  { method: "POST", path: "/store/carts/:id/complete", params: () => ({ id: [arranged.carts.payment, arranged.carts.completed, arranged.carts.empty] }), body: () => ({}), count: 200 },
  { method: "POST", path: "/store/carts/:id/complete-cart", params: () => ({ id: [arranged.carts.payment, arranged.carts.completed, arranged.carts.items, arranged.carts.heavy] }), body: () => ({}), count: 200 },
  {
    method: "GET", path: "/store/orders", count: 300, allow: [429], required: ["display_id", "email"],
    query: { display_id: ["$display_id"], email: ["$email"], "shipping_address[postal_code]": ["02110"], ...FIND },
    headers: (rng) => ({ "cf-connecting-ip": rng.chance(0.9) ? `198.51.100.${rng.int(250)}` : rng.pick(["", "x".repeat(3_000), "' OR 1=1 --", "::1"]) }),
  },
  { method: "GET", path: "/store/orders/cart/:cart_id", params: () => ({ cart_id: [arranged.carts.completed] }), query: { expand: ["items", "region"], fields: ["id,display_id", "+total"] }, count: 200 },
  { method: "GET", path: "/store/orders/:id", params: () => ({ id: [arranged.order.id] }), query: { expand: ["items", "region", "shipping_methods"], fields: ["id,display_id,email"] }, count: 200 },
  { method: "POST", path: "/store/orders/batch/customer/token", headers: asCustomer, body: () => ({ order_ids: [arranged.order.id] }), required: ["order_ids"], count: 40, allow: [429], texts: ["OK", "Unauthorized"] },
  { method: "POST", path: "/store/orders/customer/confirm", body: () => ({ token: "eyJhbGciOiJIUzI1NiJ9.e30.x" }), required: ["token"], count: 40, allow: [429], texts: ["OK"] },
  ...CUSTOMER_ROUTES(),
  ...AFTER_SALE_ROUTES(),
  ...ADMIN_ROUTES(),
]

const CONTENT_TYPES = ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/json; charset=utf-16", "application/json-patch+json", "", "application/JSON"]

/** Substitutes arranged values ($cart, $display_id, $email) into valid query samples. */
function resolveSample(value: string, rng: Rng): string {
  if (value === "$cart") return rng.pick(allCarts())
  if (value === "$display_id") return String(arranged.order.display_id)
  if (value === "$email") return arranged.order.email
  return value
}

function generate(spec: RouteSpec, rng: Rng): Sent {
  const params = spec.params?.() ?? {}
  const required = spec.required ?? []
  const roll = rng.float()
  // 8% valid requests: they keep the arranged state moving (and the fuzz honest about what "valid" answers).
  const valid = roll < 0.08
  const mutatePath = !valid && Object.keys(params).length > 0 && (roll < 0.25 || (!spec.body && !spec.query))
  const mutateQ = !valid && !mutatePath && spec.query !== undefined && (roll < 0.55 || !spec.body)

  let path = spec.path
  const paramNames = Object.keys(params)
  const hostileParam = mutatePath ? rng.pick(paramNames) : undefined
  for (const name of paramNames) {
    const value = name === hostileParam ? rng.pick(HOSTILE_IDS) : enc(rng.pick(params[name]!))
    path = path.replace(`:${name}`, value)
  }

  const known: Record<string, string[]> = {}
  for (const [key, samples] of Object.entries(spec.query ?? {})) known[key] = samples.map((s) => resolveSample(s, rng))
  if (mutateQ) path += `?${mutateQuery(rng, known, required)}`
  else if (spec.query) {
    // A valid query alongside a mutated body or path.
    const parts = Object.keys(known).filter((key) => required.includes(key) || rng.chance(0.15))
    if (parts.length) path += `?${parts.map((key) => `${enc(key)}=${enc(rng.pick(known[key]!))}`).join("&")}`
  }

  const headers: Record<string, string> = { ...spec.headers?.(rng) }
  if (rng.chance(0.04)) headers["x-publishable-api-key"] = rng.pick(["pk_01M8E6RJHST04KA2DVQ554F5MK", "pk_nope", "", "x".repeat(3_000), "' OR 1=1 --"])
  if (rng.chance(0.04)) headers["idempotency-key"] = rng.pick(["fuzz-key-1", "fuzz-key-2", "", " ", "k".repeat(300)])
  let body: string | undefined
  if (spec.method === "POST") {
    const template = subset(rng, spec.body?.() ?? {}, required)
    body = !valid && !mutatePath && !mutateQ ? mutateBody(rng, template) : toJson(template)
    headers["content-type"] = rng.chance(0.08) ? rng.pick(CONTENT_TYPES) : "application/json"
    if (headers["content-type"] === "") delete headers["content-type"]
  } else if (spec.method === "DELETE" && rng.chance(0.1)) {
    body = rng.pick(RAW_BODIES)
    headers["content-type"] = "application/json"
  }
  // With a publishable key, v1 answers 400 for a product outside the key's channels before looking it up.
  const plain = Object.keys(headers).every((h) => ["cf-connecting-ip", "content-type", "cookie", "x-medusa-access-token"].includes(h))
  return { method: spec.method, path, body, headers, badId: mutatePath && plain, valid: valid && plain }
}

// ---------------------------------------------------------------------------------------------------------------

async function createCart(body: Record<string, unknown>): Promise<{ id: string; lines: string[] }> {
  const res = await api.post("/store/carts", body)
  expect(res.status).toBe(200)
  return { id: res.body.cart.id, lines: res.body.cart.items.map((i: { id: string }) => i.id) }
}

async function makeReadyForPayment(cartId: string, email: string): Promise<void> {
  expect((await api.post(`/store/carts/${cartId}`, { email, shipping_address: address() })).status).toBe(200)
  expect((await api.post(`/store/carts/${cartId}/shipping-methods`, { option_id: "so_01M8E6RHQE4VJF5R098S1H1BVR" })).status).toBe(200)
  expect((await api.post(`/store/carts/${cartId}/payment-sessions`)).status).toBe(200)
  expect((await api.post(`/store/carts/${cartId}/payment-session`, { provider_id: "manual" })).status).toBe(200)
}

beforeAll(async () => {
  await seedGoldenStore()
  const items = await createCart({ region_id: "reg_na", items: [{ variant_id: "variant_tshirt_s_black", quantity: 2 }, { variant_id: "variant_mug_one", quantity: 1 }] })
  arranged.carts.items = items.id
  arranged.lines = items.lines
  expect((await api.post(`/store/carts/${items.id}`, { discounts: [{ code: "TEST10" }] })).status).toBe(200)

  const payment = await createCart({ region_id: "reg_na", items: [{ variant_id: "variant_mug_one", quantity: 3 }] })
  arranged.carts.payment = payment.id
  await makeReadyForPayment(payment.id, "payer@example.com")

  arranged.carts.empty = (await createCart({})).id

  // The API caps metadata at 16 KiB; rows written before the cap (or by an import) can be this large.
  const heavy = await createCart({ region_id: "reg_na", items: [{ variant_id: "variant_sticker_pack", quantity: 1 }, { variant_id: "variant_giftcard_25", quantity: 1 }] })
  arranged.carts.heavy = heavy.id
  await env.DB.prepare("UPDATE line_item SET metadata = ? WHERE cart_id = ?").bind(JSON.stringify({ note: "n".repeat(900_000) }), heavy.id).run()
  await makeReadyForPayment(heavy.id, "heavy@example.com")

  const completed = await createCart({ region_id: "reg_na", items: [{ variant_id: "variant_mug_one", quantity: 1 }] })
  arranged.carts.completed = completed.id
  await makeReadyForPayment(completed.id, "orderer@example.com")
  const done = await api.post(`/store/carts/${completed.id}/complete`)
  expect(done.status).toBe(200)
  expect(done.body.type).toBe("order")
  arranged.order = { id: done.body.data.id, display_id: done.body.data.display_id, email: "orderer@example.com" }

  const customer = await registerCustomer({ email: "fuzz.customer@example.com", password: PASSWORD })
  arranged.customer = { cookie: customer.cookie, email: customer.email, addresses: [] }
  await restockAddresses()
  arranged.logoutCookie = (await registerCustomer({ password: PASSWORD })).cookie

  const itemId: string = done.body.data.items[0].id
  const returned = await api.post("/store/returns", { order_id: arranged.order.id, items: [{ item_id: itemId, quantity: 1 }] })
  expect(returned.status).toBe(200)
  const edit = await adminApi.post("/admin/order-edits", { order_id: arranged.order.id })
  expect(edit.status).toBe(200)
  const editId: string = edit.body.order_edit.id
  expect((await adminApi.post(`/admin/order-edits/${editId}/items`, { variant_id: "variant_mug_one", quantity: 1 })).status).toBe(200)
  const collection = (await adminApi.post(`/admin/order-edits/${editId}/request`)).body.order_edit.payment_collection
  const withSession = await api.post(`/store/payment-collections/${collection.id}/sessions`, { provider_id: "manual" })
  expect(withSession.status).toBe(200)
  const swappable = await createCart({ region_id: "reg_na", items: [{ variant_id: "variant_mug_one", quantity: 2 }] })
  await makeReadyForPayment(swappable.id, "swapper@example.com")
  const swapOrder = (await api.post(`/store/carts/${swappable.id}/complete`)).body.data
  expect((await adminApi.post(`/admin/orders/${swapOrder.id}/capture`)).status).toBe(200)
  expect((await adminApi.post(`/admin/orders/${swapOrder.id}/fulfillment`, { items: [{ item_id: swapOrder.items[0].id, quantity: 2 }] })).status).toBe(200)
  const swap = await api.post("/store/swaps", { order_id: swapOrder.id, return_items: [{ item_id: swapOrder.items[0].id, quantity: 1 }], additional_items: [] })
  expect(swap.status).toBe(200)
  arranged.swap = { orderId: swapOrder.id, itemId: swapOrder.items[0].id, cartId: swap.body.swap.cart_id }

  arranged.afterSale = {
    itemId, returnId: returned.body.return.id, editId, collectionId: collection.id,
    sessionId: withSession.body.payment_collection.payment_sessions[0].id, amount: collection.amount,
  }
})

describe("fuzz: no input a client can send makes a route answer 500, non-JSON or leak internals", () => {
  for (const [index, spec] of ROUTES.entries()) {
    it(`${spec.method} ${spec.path} (${spec.count} requests)`, async () => {
      const rng = new Rng(0x5eed + index * 7919)
      const failures: string[] = []
      const statuses = new Map<number, number>()
      for (let n = 0; n < spec.count; n++) {
        if (spec.prepare && n % 20 === 0) await spec.prepare()
        const req = generate(spec, rng)
        const res = await send(req)
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1)
        const problems = violations(req, res, spec.allow ?? [], spec.texts ?? [])
        if (problems.length) {
          failures.push(`#${n} ${problems.join("; ")} ← ${req.method} ${clip(req.path, 160)} body=${clip(req.body, 160)} ct=${req.headers["content-type"] ?? "∅"} → ${res.status} ${clip(res.text, 300)}`)
        }
      }
      expect(failures.slice(0, 15)).toEqual([])
      // The fuzz must reach past validation somewhere: at least one non-400 answer per route.
      expect([...statuses.keys()].some((status) => status !== 400)).toBe(true)
    })
  }
})

/** Object and array nesting `depth` levels deep, as raw JSON text (too deep to build and stringify as a value). */
const nestedText = (depth: number, open = '{"a":', close = "}") => open.repeat(depth) + "1" + close.repeat(depth)
/** An object nested exactly `depth` levels deep (the object itself is level 1). */
const nested = (depth: number): J => (depth === 1 ? { leaf: 1 } : { a: nested(depth - 1) })

/**
 * Every place a client hands the API a free-form object (cart `context`, `metadata` of carts' addresses, line items,
 * customers and their addresses, shipping-method and payment-session `data`, the admin's metadata) is capped at
 * 16 KiB of JSON and 8 levels of nesting; what is over is refused with 400 invalid_data and stored nowhere. A
 * 3,000-level object (a stack overflow further in) and a 1,100-level one (D1's JSON functions refuse it) are
 * refused by the same check, and a body nested 100,000 levels deep is still a 400, never a 500.
 */
describe("deep and oversized free-form objects", () => {
  interface Target {
    label: string
    path: () => string
    /** The request body with `value` (raw JSON text) where the free-form object goes. */
    body: (value: string) => string
    /** The field path the message names. */
    field: string
    headers?: () => Record<string, string>
  }
  const targets: Target[] = [
    { label: "POST /store/carts context", path: () => "/store/carts", body: (v) => `{"region_id":"reg_na","context":${v}}`, field: "context" },
    { label: "POST /store/carts/:id context", path: () => `/store/carts/${arranged.carts.items}`, body: (v) => `{"context":${v}}`, field: "context" },
    {
      label: "POST /store/carts/:id shipping_address.metadata", path: () => `/store/carts/${arranged.carts.items}`,
      body: (v) => `{"shipping_address":{"city":"Boston","metadata":${v}}}`, field: "shipping_address.metadata",
    },
    {
      label: "POST /store/carts/:id billing_address.metadata", path: () => `/store/carts/${arranged.carts.items}`,
      body: (v) => `{"billing_address":{"city":"Boston","metadata":${v}}}`, field: "billing_address.metadata",
    },
    {
      label: "POST /store/carts/:id/line-items metadata", path: () => `/store/carts/${arranged.carts.items}/line-items`,
      body: (v) => `{"variant_id":"variant_mug_one","quantity":1,"metadata":${v}}`, field: "metadata",
    },
    {
      label: "POST /store/carts/:id/line-items/:line_id metadata", path: () => `/store/carts/${arranged.carts.items}/line-items/${arranged.lines[0]}`,
      body: (v) => `{"quantity":1,"metadata":${v}}`, field: "metadata",
    },
    {
      label: "POST /store/carts/:id/shipping-methods data", path: () => `/store/carts/${arranged.carts.items}/shipping-methods`,
      body: (v) => `{"option_id":"so_01M8E6RHQE4VJF5R098S1H1BVR","data":${v}}`, field: "data",
    },
    {
      label: "POST /store/carts/:id/payment-sessions/:provider_id data", path: () => `/store/carts/${arranged.carts.payment}/payment-sessions/manual`,
      body: (v) => `{"data":${v}}`, field: "data",
    },
    { label: "POST /store/customers/me metadata", path: () => "/store/customers/me", body: (v) => `{"metadata":${v}}`, field: "metadata", headers: asCustomer },
    {
      label: "POST /store/customers/me billing_address.metadata", path: () => "/store/customers/me",
      body: (v) => `{"billing_address":{"city":"Boston","metadata":${v}}}`, field: "billing_address.metadata", headers: asCustomer,
    },
    {
      label: "POST /store/customers/me/addresses address.metadata", path: () => "/store/customers/me/addresses",
      body: (v) => `{"address":${toJson(address()).replace('"metadata":{"a":1}', `"metadata":${v}`)}}`, field: "metadata", headers: asCustomer,
    },
    {
      label: "POST /store/customers/me/addresses/:address_id metadata", path: () => `/store/customers/me/addresses/${arranged.customer.addresses[0]}`,
      body: (v) => `{"city":"Boston","metadata":${v}}`, field: "metadata", headers: asCustomer,
    },
    {
      label: "POST /admin/orders/:id/fulfillment metadata", path: () => `/admin/orders/${arranged.order.id}/fulfillment`,
      body: (v) => `{"items":[{"item_id":"${arranged.afterSale.itemId}","quantity":1}],"metadata":${v}}`, field: "metadata", headers: asAdmin,
    },
    {
      label: "POST /admin/order-edits/:id/items metadata", path: () => `/admin/order-edits/${arranged.afterSale.editId}/items`,
      body: (v) => `{"variant_id":"variant_mug_one","quantity":1,"metadata":${v}}`, field: "metadata", headers: asAdmin,
    },
  ]
  const post = (target: Target, value: string) =>
    send({
      method: "POST", path: target.path(), body: target.body(value), badId: false, valid: false,
      headers: { "content-type": "application/json", ...target.headers?.() },
    })
  const TOO_BIG = "must not be larger than 16384 bytes as JSON"
  const TOO_DEEP = "must not be nested more than 8 levels deep"

  for (const target of targets) {
    it(`${target.label}: over 16 KiB, 9 levels, 1,100 and 3,000 levels → 400 invalid_data`, async () => {
      const cases: [string, string][] = [
        [toJson({ note: "x".repeat(16_400) }), TOO_BIG],
        [toJson(nested(9)), TOO_DEEP],
        [nestedText(1_100), TOO_DEEP],
        [nestedText(3_000), TOO_DEEP],
        [nestedText(3_000, '{"a":[', "]}"), TOO_DEEP],
      ]
      for (const [value, message] of cases) {
        const res = await post(target, value)
        expect({ status: res.status, body: res.json }, `${target.label} ${clip(value, 40)}`).toEqual({
          status: 400,
          body: { type: "invalid_data", message: `${target.field} ${message}` },
        })
      }
    })
  }

  it("a body nested 100,000 levels deep is a 400, never a 500, on a route that takes free-form objects", async () => {
    for (const text of [`{"context":${nestedText(100_000)}}`, `{"context":{"a":${nestedText(100_000, "[", "]")}}}`, nestedText(100_000, "[", "]")]) {
      const res = await send({ method: "POST", path: "/store/carts", body: text, badId: false, valid: false, headers: { "content-type": "application/json" } })
      expect(res.status).toBe(400)
      expect((res.json as { type: string }).type).toBe("invalid_data")
    }
  })

  it("takes an object of exactly 16 KiB and 8 levels (the limits are inclusive)", async () => {
    const deepest = toJson(nested(8))
    // {"note":"…"} is 11 bytes of JSON around the string.
    const largest = toJson({ note: "x".repeat(16_384 - 11) })
    for (const value of [deepest, largest]) {
      const res = await post(targets[0]!, value)
      expect(res.status, clip(res.text)).toBe(200)
      expect((res.json as { cart: { context: Record<string, unknown> } }).cart.context).toMatchObject(JSON.parse(value))
    }
  })
})

describe("the response checks themselves", () => {
  const received = (status: number, text: string): Received => {
    let json: unknown
    try {
      json = JSON.parse(text)
    } catch {
      return { status, text, json: undefined, jsonOk: false, contentType: "text/plain" }
    }
    return { status, text, json, jsonOk: true, contentType: "application/json" }
  }
  const get = (badId = false, valid = false): Sent => ({ method: "GET", path: "/x", headers: {}, badId, valid })

  it.each([
    [received(500, '{"type":"unknown_error","message":"An unknown error occurred."}'), ["status 500"]],
    [received(400, "Bad Request"), ["body is not JSON"]],
    [received(400, '{"message":"no type"}'), ["error body lacks string type/message"]],
    [received(400, '{"type":"invalid_data","message":"D1_ERROR: no such column: x: SQLITE_ERROR"}'), ["leaks SQLite error", "leaks D1 error"]],
    [received(400, '{"type":"invalid_data","message":"TypeError: x is undefined\\n    at f (src/services/carts.ts:12:3)"}'), ["leaks JS error class", "leaks stack trace", "leaks file path"]],
    [received(400, '{"errors":["a","b"],"message":"Provided request body contains errors."}'), []],
    [received(404, '{"type":"not_found","message":"Cart with x was not found"}'), []],
  ] as const)("flags %j as %j", (res, expected) => {
    expect(violations(get(), res, [])).toEqual(expected)
  })

  it("accepts a plain-text body only where the route declares v1's exact text", () => {
    expect(violations(get(), received(401, "Unauthorized"), [], ["Unauthorized"])).toEqual([])
    expect(violations(get(), received(401, "Unauthorized"), [], ["OK"])).toEqual(["body is not JSON"])
    expect(violations(get(), received(500, "OK"), [], ["OK"])).toEqual(["status 500", "body is not JSON"])
  })

  it("wants a 404 not_found for an unknown id, and a 200 for a valid read", () => {
    expect(violations(get(true), received(400, '{"type":"invalid_data","message":"x"}'), [])).toEqual(["unknown id answered 400, not 404 not_found"])
    expect(violations(get(false, true), received(404, '{"type":"not_found","message":"x"}'), [])).toEqual(["valid read answered 404"])
    expect(violations(get(false, true), received(429, '{"type":"too_many_requests","message":"x"}'), [429])).toEqual([])
  })
})

describe("after the fuzz", () => {
  it("every arranged cart still reads back with integer totals", async () => {
    for (const id of allCarts()) {
      const res = await api.get(`/store/carts/${id}`)
      expect(res.status).toBe(200)
      const cart = res.body.cart
      expect(cart.id).toBe(id)
      for (const key of ["subtotal", "discount_total", "shipping_total", "tax_total", "gift_card_total", "gift_card_tax_total", "total"]) {
        expect(Number.isInteger(cart[key]), `${id} ${key}=${cart[key]}`).toBe(true)
      }
      for (const item of cart.items) {
        expect(Number.isInteger(item.quantity) && item.quantity >= 1, `${item.id} quantity=${item.quantity}`).toBe(true)
        for (const key of ["unit_price", "subtotal", "total", "tax_total", "discount_total"]) {
          expect(Number.isInteger(item[key]), `${item.id} ${key}=${item[key]}`).toBe(true)
        }
      }
      // v1: total = subtotal + shipping + tax − discount − gift card (− gift card tax)
      expect(cart.total).toBe(cart.subtotal + cart.shipping_total + cart.tax_total - cart.discount_total - cart.gift_card_total - cart.gift_card_tax_total)
      const again = await api.get(`/store/carts/${id}`)
      expect(again.body).toEqual(res.body)
    }
  })

  it("the placed order still reads back, and no prototype was polluted", async () => {
    const res = await api.get(`/store/orders/${arranged.order.id}`)
    expect(res.status).toBe(200)
    expect(res.body.order).toMatchObject({ id: arranged.order.id, display_id: arranged.order.display_id, email: arranged.order.email })
    expect(Number.isInteger(res.body.order.total)).toBe(true)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })
})
