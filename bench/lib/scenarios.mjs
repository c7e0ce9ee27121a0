// The scenarios, run the same way against this Worker and the original Medusa v1: same client (autocannon),
// same connections, warm-up, fixed duration. Each scenario also gets one probe request whose
// x-d1-round-trips / x-cache headers say what a request costs (Medusa sends neither: "—").
import autocannon from "autocannon"

const JSON_HEADERS = { "content-type": "application/json" }

/**
 * A new client address per request, as a storefront's shoppers arrive: the per-address limits (new carts, logins)
 * guard against abuse from one address and are not what the bench measures.
 */
let clients = 0
const nextClient = () => {
  const i = clients++
  return `10.250.${(i >> 8) & 255}.${i & 255}`
}

export async function call(base, method, p, body) {
  const headers = { ...(body ? JSON_HEADERS : {}), "cf-connecting-ip": nextClient() }
  const res = await fetch(base + p, { method, headers, body: body ? JSON.stringify(body) : undefined })
  const text = await res.text()
  if (!res.ok) throw new Error(`${method} ${p} → ${res.status} ${text.slice(0, 300)}`)
  return { body: JSON.parse(text), trips: res.headers.get("x-d1-round-trips"), cache: res.headers.get("x-cache") }
}

function autocannonRun(opts) {
  return new Promise((resolve, reject) => {
    autocannon(opts, (err, result) => (err ? reject(err) : resolve(result)))
  })
}

/** Warm-up (discarded), then the measured run. */
async function measure(base, requests, cfg) {
  const common = { url: base, connections: cfg.connections, requests }
  if (cfg.warmup > 0) await autocannonRun({ ...common, duration: cfg.warmup })
  const r = await autocannonRun({ ...common, duration: cfg.duration })
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, failed: r.non2xx + r.errors, total: r.requests.total, failures: failureCodes(r) }
}

/** Non-2xx answers by status code plus transport errors, e.g. "429×1838, errors×2": why a scenario failed, not only how often. */
function failureCodes(r) {
  const parts = Object.entries(r.statusCodeStats ?? {})
    .filter(([code]) => !code.startsWith("2"))
    .map(([code, stat]) => `${code}×${stat.count}`)
  if (r.errors) parts.push(`errors×${r.errors}`)
  return parts.join(", ")
}

const get = (path) => [{ method: "GET", path }]
const rotating = (method, paths, body) => {
  let n = 0
  return [{
    method,
    setupRequest: (req) => ({
      ...req,
      path: paths[n++ % paths.length],
      headers: { ...(body ? JSON_HEADERS : {}), "cf-connecting-ip": nextClient() },
      body: body ? JSON.stringify(body) : undefined,
    }),
  }]
}

async function probe(base, method, path, body) {
  try {
    const r = await call(base, method, path, body)
    return { trips: r.trips, cache: r.cache }
  } catch {
    return { trips: null, cache: null }
  }
}

/** What the store offers: a priced region, products, variants that can be bought without a stock limit. */
async function discover(base) {
  const { body } = await call(base, "GET", "/store/regions")
  const region = body.regions.find((r) => r.currency_code === "usd") ?? body.regions[0]
  const list = []
  for (let offset = 0; offset < 300; offset += 100) {
    const page = (await call(base, "GET", `/store/products?limit=100&offset=${offset}&region_id=${region.id}`)).body.products
    list.push(...page)
    if (page.length < 100) break
  }
  const unlimited = list.flatMap((p) => p.variants).filter((v) => v.manage_inventory === false || v.allow_backorder === true)
  return { region, products: list, variants: unlimited.map((v) => v.id), word: (list[0]?.title ?? "shirt").split(" ")[0] }
}

/**
 * Shoppers to log in: each email may log in 10 times per 10 minutes, so the pool bounds what the login scenario can
 * measure without 429s (LOGIN_POOL × 10 logins over warm-up + duration; a slow KDF keeps logins far below that).
 */
const LOGIN_POOL = 128

/** Registers `count` customers (8 at a time: each hashes a password) and returns their credentials and cookies. */
async function registerShoppers(base, count) {
  const tag = Date.now().toString(36)
  const out = []
  for (let start = 0; start < count; start += 8) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(8, count - start) }, async (_, k) => {
        const email = `bench.${tag}.${start + k}@example.com`
        const password = "bench-secret-123"
        const res = await fetch(`${base}/store/customers`, {
          method: "POST",
          headers: { ...JSON_HEADERS, "cf-connecting-ip": `10.9.${(start + k) >> 8}.${(start + k) & 255}` },
          body: JSON.stringify({ first_name: "Bench", last_name: "Shopper", email, password }),
        })
        await res.text()
        if (!res.ok) {
          console.log(`  POST /store/customers → ${res.status}`)
          return undefined
        }
        return { email, password, cookie: (res.headers.get("set-cookie") ?? "").split(";")[0] }
      }),
    )
    out.push(...batch.filter(Boolean))
  }
  return out
}

/** A cart with one line per variant, created with its items in one request (v1 accepts `items` on create). */
async function cartWith(base, regionId, variantIds) {
  const items = variantIds.map((variant_id) => ({ variant_id, quantity: 1 }))
  const { body } = await call(base, "POST", "/store/carts", { region_id: regionId, items })
  return body.cart.id
}

/** create → 2 items → email → shipping → payment sessions → (select manual) → complete. Returns D1 round trips. */
async function checkout(base, regionId, variants) {
  let trips = 0
  const step = async (method, p, body) => {
    const r = await call(base, method, p, body)
    trips += Number(r.trips ?? 0)
    return r.body
  }
  const { cart } = await step("POST", "/store/carts", { region_id: regionId })
  await step("POST", `/store/carts/${cart.id}/line-items`, { variant_id: variants[0], quantity: 1 })
  await step("POST", `/store/carts/${cart.id}/line-items`, { variant_id: variants[1 % variants.length], quantity: 1 })
  await step("POST", `/store/carts/${cart.id}`, { email: "bench@example.com" })
  const { shipping_options } = await step("GET", `/store/shipping-options/${cart.id}`)
  await step("POST", `/store/carts/${cart.id}/shipping-methods`, { option_id: shipping_options[0].id })
  const sessions = await step("POST", `/store/carts/${cart.id}/payment-sessions`)
  if (!sessions.cart.payment_session) await step("POST", `/store/carts/${cart.id}/payment-session`, { provider_id: "manual" })
  const done = await step("POST", `/store/carts/${cart.id}/complete`)
  if (done.type !== "order") throw new Error(`checkout ended with ${done.type}`)
  return trips
}

/** `connections` shoppers checking out in a loop for the duration: checkouts per second and per-checkout latency. */
async function checkoutLoop(base, regionId, variants, cfg) {
  const run = async (seconds) => {
    const end = Date.now() + seconds * 1000
    const latencies = []
    let failed = 0
    let trips = null
    const reasons = new Map()
    await Promise.all(
      Array.from({ length: cfg.connections }, async () => {
        while (Date.now() < end) {
          const start = performance.now()
          try {
            trips = await checkout(base, regionId, variants)
            latencies.push(performance.now() - start)
          } catch (err) {
            failed++
            // call() throws "METHOD path → status body": keep the status and the step, so failures say which step broke.
            const m = /^(\w+) (\S+?)(?:\?\S*)? → (\d+)/.exec(err instanceof Error ? err.message : "")
            const key = m ? `${m[1]} ${m[2].replace(/\/(cart|ps|item|so)_[A-Za-z0-9]+/g, "/:id")} ${m[3]}` : "error"
            reasons.set(key, (reasons.get(key) ?? 0) + 1)
          }
        }
      }),
    )
    latencies.sort((a, b) => a - b)
    const pct = (p) => (latencies.length ? Math.round(latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]) : null)
    const failures = [...reasons].map(([k, n]) => `${k}×${n}`).join(", ")
    return { rps: latencies.length / seconds, p50: pct(0.5), p99: pct(0.99), failed, total: latencies.length, trips, failures }
  }
  if (cfg.warmup > 0) await run(cfg.warmup)
  return run(cfg.duration)
}

/**
 * Every scenario for one system. `full` adds what only this Worker's catalog can serve (100 / 200 distinct lines,
 * deep offsets); Medusa's seed has 4 variants without a stock limit.
 */
export async function runScenarios(base, cfg, { full, only }) {
  const store = await discover(base)
  const { region, products, variants } = store
  const priced = `region_id=${region.id}`
  const out = []
  const want = (key) => !only || only.test(key)
  const add = async (key, name, requests, probeReq) => {
    if (!want(key)) return
    // Probed twice: the steady state is the second request; the first's cost is kept when it differs (a cache miss,
    // or a cold isolate reading what it then remembers).
    const first = probeReq ? await probe(base, ...probeReq) : { trips: null, cache: null }
    const probed = probeReq ? await probe(base, ...probeReq) : first
    const m = await measure(base, requests, cfg)
    const missTrips = first.cache === "MISS" ? first.trips : null
    const coldTrips = !missTrips && first.trips !== probed.trips ? first.trips : null
    out.push({ key, name, ...m, trips: probed.trips, cache: probed.cache, missTrips, coldTrips })
    console.log(`  ${name}: ${m.rps.toFixed(1)} req/s p50 ${m.p50} p99 ${m.p99} trips ${probed.trips ?? "—"} ${probed.cache ?? ""}${m.failed ? ` (${m.failed} failed: ${m.failures})` : ""}`)
  }

  await add("floor", "floor GET /health", get("/health"))
  const listPath = `/store/products?limit=20&${priced}`
  await add("list", "product list (20, priced)", get(listPath), ["GET", listPath])
  const handlePath = `/store/products?handle=${products[0].handle}&${priced}`
  await add("handle", "product by handle", get(handlePath), ["GET", handlePath])
  const idPath = `/store/products/${products[0].id}?${priced}`
  await add("by-id", "product by id", get(idPath), ["GET", idPath])
  if (full && cfg.deepOffset) {
    const deep = `/store/products?limit=20&offset=${cfg.deepOffset}&${priced}`
    await add("deep", `product list at offset ${cfg.deepOffset}`, get(deep), ["GET", deep])
  }
  const searchBody = { q: store.word, limit: 20 }
  await add("search", `search "${store.word}"`, rotating("POST", ["/store/products/search"], searchBody), ["POST", "/store/products/search", searchBody])
  const tree = "/store/product-categories?parent_category_id=null&include_descendants_tree=true"
  await add("categories", "categories tree", get(tree), ["GET", tree])

  if (want("create-cart")) await add("create-cart", "create cart", rotating("POST", ["/store/carts"], { region_id: region.id }), ["POST", "/store/carts", { region_id: region.id }])
  const carts = []
  if (want("add-item") || want("update-cart") || want("cart-1")) for (let i = 0; i < 20; i++) carts.push(await cartWith(base, region.id, variants.slice(0, 1)))
  const cartPaths = (suffix) => carts.map((id) => `/store/carts/${id}${suffix}`)
  if (carts.length) {
    const item = { variant_id: variants[0], quantity: 1 }
    await add("add-item", "add line item", rotating("POST", cartPaths("/line-items"), item), ["POST", cartPaths("/line-items")[0], item])
    const update = { email: "bench@example.com" }
    await add("update-cart", "update cart", rotating("POST", cartPaths(""), update), ["POST", cartPaths("")[0], update])
    await add("cart-1", "get cart (1 item)", rotating("GET", cartPaths("")), ["GET", cartPaths("")[0]])
  }
  for (const size of full ? [10, 100, 200] : []) {
    const key = `cart-${size}`
    if (!want(key) || variants.length < size) continue
    const sized = []
    for (let i = 0; i < 5; i++) sized.push(await cartWith(base, region.id, variants.slice(0, size)))
    const paths = sized.map((id) => `/store/carts/${id}`)
    await add(key, `get cart (${size} items)`, rotating("GET", paths), ["GET", paths[0]])
  }
  if (want("login") || want("orders")) {
    const shoppers = await registerShoppers(base, LOGIN_POOL)
    if (shoppers.length) {
      // Many shoppers from many addresses, as a storefront sees them: the login limits (10 per email, 30 per
      // address per 10 minutes) guard against guessing, and are not what this scenario measures.
      let n = 0
      const run = Math.floor(Math.random() * 200) + 20
      const login = [{
        method: "POST",
        setupRequest: (req) => {
          const i = n++
          const { email, password } = shoppers[i % shoppers.length]
          const headers = { ...JSON_HEADERS, "cf-connecting-ip": `10.${run}.${(i >> 8) & 255}.${i & 255}` }
          return { ...req, path: "/store/auth", headers, body: JSON.stringify({ email, password }) }
        },
      }]
      const first = { email: shoppers[0].email, password: shoppers[0].password }
      await add("login", "customer login", login, ["POST", "/store/auth", first])
      const orders = [{ method: "GET", path: "/store/customers/me/orders", headers: { cookie: shoppers[0].cookie } }]
      await add("orders", "order history", orders)
    } else console.log("  customer login / order history skipped: no customer could be registered")
  }
  if (want("checkout")) {
    const m = await checkoutLoop(base, region.id, variants, cfg)
    out.push({ key: "checkout", name: "full checkout (per checkout)", ...m, cache: null })
    console.log(`  full checkout: ${m.rps.toFixed(2)}/s p50 ${m.p50} p99 ${m.p99} trips ${m.trips ?? "—"}${m.failed ? ` (${m.failed} failed: ${m.failures})` : ""}`)
  }
  return out
}
