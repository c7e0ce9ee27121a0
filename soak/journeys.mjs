// Simulated shoppers for the soak (`npm run soak`) and its small version in tests (test/integration/soak.test.ts).
// Plain JS over a `send(method, path, body, headers)` function, so the same journeys drive this Worker (over HTTP or
// through the test pool's SELF.fetch) and the original Medusa v1.
//
// Every shopper buys from the same few scarce variants, half of them try the shared limited discount, some pay with
// one of the shared gift cards; the payment session is chosen twice at once (a duplicate submission) and Pay is
// clicked three times at once, each click retried with its own Idempotency-Key on 409, as medusa-js does.

/** The golden store's ids (the same in test/fixtures/golden-seed.json and in ../shared/tools/medusa-v1). */
export const SOAK_STORE = {
  region: "reg_na",
  shippingOption: "so_01M8E6RHQE4VJF5R098S1H1BVR",
  variants: ["variant_tshirt_s_black", "variant_tshirt_m_black", "variant_tshirt_l_white"],
}

const ADDRESS = { first_name: "Soak", last_name: "Shopper", address_1: "1 Main St", city: "New York", country_code: "us", province: "NY", postal_code: "10001" }

/** A Medusa error body: `{type, message}` (or v1's `{errors: [{type, message}]}` of a stock refusal at completion). */
export function isMedusaErrorBody(body) {
  if (!body || typeof body !== "object") return false
  if (typeof body.type === "string" && typeof body.message === "string") return true
  return Array.isArray(body.errors) && body.errors.length > 0 && body.errors.every((e) => typeof e?.message === "string" && typeof e?.type === "string")
}

/** Records every answer: status classes, and any 5xx or malformed error body (with the request that got it). */
export class ResponseLog {
  constructor() {
    this.total = 0
    this.byClass = { "2xx": 0, "4xx": 0, "5xx": 0, other: 0 }
    this.bad = []
  }
  record(method, path, status, body) {
    this.total++
    const cls = status >= 200 && status < 300 ? "2xx" : status >= 400 && status < 500 ? "4xx" : status >= 500 ? "5xx" : "other"
    this.byClass[cls]++
    if (cls === "5xx" || cls === "other" || (cls === "4xx" && !isMedusaErrorBody(body))) {
      if (this.bad.length < 20) this.bad.push({ method, path, status, body: JSON.stringify(body)?.slice(0, 300) })
      else this.bad.length++
    }
  }
}

/**
 * One shopper's journey; resolves with the cart id and every order id its completions answered (all must be one).
 * `fixtures`: { discountCode, giftCardCodes }. `random`: a () => [0, 1) source (seeded in tests).
 */
export async function shopperJourney(send, log, fixtures, random, n) {
  const call = async (method, path, body, headers) => {
    const res = await send(method, path, body, headers)
    log.record(method, path, res.status, res.body)
    return res
  }
  const pick = (list) => list[Math.floor(random() * list.length)]
  // Each shopper from its own address, as real shoppers arrive (new carts are limited per client address).
  const created = await call("POST", "/store/carts", { region_id: SOAK_STORE.region }, { "cf-connecting-ip": `10.251.${(n >> 8) & 255}.${n & 255}` })
  if (created.status !== 200) return { cartId: null, orderIds: [] }
  const cartId = created.body.cart.id
  const lines = 1 + Math.floor(random() * 2)
  let added = 0
  for (let i = 0; i < lines; i++) {
    const res = await call("POST", `/store/carts/${cartId}/line-items`, { variant_id: pick(SOAK_STORE.variants), quantity: 1 + Math.floor(random() * 2) })
    if (res.status === 200) added++
  }
  if (added === 0) return { cartId, orderIds: [] }
  await call("POST", `/store/carts/${cartId}`, { email: `soak-${n}@example.com`, shipping_address: ADDRESS })
  if (random() < 0.5) await call("POST", `/store/carts/${cartId}`, { discounts: [{ code: fixtures.discountCode }] })
  if (random() < 0.6) await call("POST", `/store/carts/${cartId}`, { gift_cards: [{ code: pick(fixtures.giftCardCodes) }] })
  await call("POST", `/store/carts/${cartId}/shipping-methods`, { option_id: SOAK_STORE.shippingOption })
  await call("POST", `/store/carts/${cartId}/payment-sessions`)
  // A duplicate submission of the payment choice.
  await Promise.all([1, 2].map(() => call("POST", `/store/carts/${cartId}/payment-session`, { provider_id: "manual" })))

  // Pay, triple-clicked; each click retried with its own key while it meets another in flight (409).
  const click = async (k) => {
    const key = `soak-${n}-${k}-${Math.floor(random() * 1e9)}`
    for (let attempt = 0; attempt < 8; attempt++) {
      const res = await call("POST", `/store/carts/${cartId}/complete`, undefined, { "Idempotency-Key": key })
      if (res.status !== 409 || res.body?.type !== "conflict") return res
      await new Promise((r) => setTimeout(r, 20 * (attempt + 1)))
    }
    return undefined
  }
  const answers = await Promise.all([0, 1, 2].map(click))
  const orderIds = answers.filter((a) => a?.status === 200 && a.body?.type === "order").map((a) => a.body.data.id)
  return { cartId, orderIds }
}

/** Runs `shoppers` concurrent shoppers until `deadline` (ms since epoch); each starts a new journey when one ends. */
export async function runShoppers(send, fixtures, { shoppers, deadline, random = Math.random, maxJourneys = Infinity }) {
  const log = new ResponseLog()
  const journeys = []
  let n = 0
  const worker = async () => {
    while (Date.now() < deadline && n < maxJourneys) {
      const id = n++
      try {
        journeys.push(await shopperJourney(send, log, fixtures, random, id))
      } catch (err) {
        log.bad.push({ method: "-", path: "journey", status: 0, body: String(err).slice(0, 300) })
      }
    }
  }
  await Promise.all(Array.from({ length: shoppers }, worker))
  return { log, journeys }
}

/**
 * The invariant table from the shop's state (`state`, see below) and what the shoppers saw. Each row:
 * { invariant, holds, detail }.
 *
 * state: { initialStock: {variantId: n}, stock: {variantId: n}, orderedByVariant: {variantId: n},
 *          ordersPerCart: {cartId: n}, orderIds: Set, discount: {usage_count, usage_limit, orders},
 *          giftCards: [{code, value, balance, used}], cartsWithTwoSelected: n }
 */
export function invariantTable(state, run) {
  const rows = []
  const stockRows = Object.keys(state.initialStock).map((id) => {
    const initial = state.initialStock[id]
    const remaining = state.stock[id]
    const ordered = state.orderedByVariant[id] ?? 0
    return { id, initial, remaining, ordered, ok: initial === remaining + ordered && remaining >= 0 }
  })
  rows.push({
    invariant: "initial stock = remaining + ordered, remaining ≥ 0 (managed variants)",
    holds: stockRows.every((r) => r.ok),
    detail: stockRows.map((r) => `${r.id.replace("variant_", "")}: ${r.initial} = ${r.remaining} + ${r.ordered}`).join("; "),
  })
  const completed = run.journeys.filter((j) => j.orderIds.length > 0)
  const disagreeing = completed.filter((j) => new Set(j.orderIds).size > 1)
  const multi = Object.entries(state.ordersPerCart).filter(([, count]) => count > 1)
  const missing = completed.filter((j) => j.orderIds.some((id) => !state.orderIds.has(id)))
  rows.push({
    invariant: "exactly one order per completed cart (every click answered the same, existing order)",
    holds: disagreeing.length === 0 && multi.length === 0 && missing.length === 0,
    detail: `${completed.length} carts completed, ${Object.keys(state.ordersPerCart).length} with orders; ${multi.length} with >1 order, ${disagreeing.length} answered different orders, ${missing.length} answered a missing order`,
  })
  const badCards = state.giftCards.filter((g) => g.balance !== g.value - g.used || g.balance < 0)
  rows.push({
    invariant: "gift card balance = value − used ≥ 0",
    holds: badCards.length === 0,
    detail: state.giftCards.map((g) => `${g.code}: ${g.balance} = ${g.value} − ${g.used}`).join("; "),
  })
  const d = state.discount
  rows.push({
    invariant: "discount usage ≤ limit, = orders using it",
    holds: d.usage_count <= d.usage_limit && d.usage_count === d.orders,
    detail: `usage ${d.usage_count}, limit ${d.usage_limit}, orders with it ${d.orders}`,
  })
  rows.push({
    invariant: "no cart with two selected payment sessions",
    holds: state.cartsWithTwoSelected === 0,
    detail: `${state.cartsWithTwoSelected} carts`,
  })
  rows.push({
    invariant: "every response 2xx/4xx with Medusa's error shape",
    holds: run.log.bad.length === 0,
    detail: `${run.log.total} responses: ${run.log.byClass["2xx"]} 2xx, ${run.log.byClass["4xx"]} 4xx, ${run.log.byClass["5xx"]} 5xx; ${run.log.bad.length} bad`,
  })
  return rows
}
