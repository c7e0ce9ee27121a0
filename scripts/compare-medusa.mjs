#!/usr/bin/env node
// npm run compare:medusa -- --medusa http://127.0.0.1:9000 --worker http://127.0.0.1:8787 [--email E --password P]
//                           [--sample 5] [--publishable-key pk_…]
//
// The end-to-end check of a move from Medusa v1 (README "Checking the move side by side"): after
// `npm run import:medusa`, asks the Store API of the old Medusa and of this Worker the same questions and compares the
// answers by id — regions, products with their variants' prices per region, variants, collections, categories,
// shipping options per region, return reasons — then fills one cart per region with the same items on both sides and
// compares the totals, and (with --email/--password) logs in as the same customer on both and compares their orders.
// Prints `resource id field: medusa=… worker=…` per difference. Exit 0 when every difference is one of EXPECTED
// below (each with its reason), 1 otherwise. Plain Node: fetch only, nothing is written to either side but carts.

const USAGE =
  "usage: npm run compare:medusa -- --medusa http://127.0.0.1:9000 --worker http://127.0.0.1:8787 [--email E --password P] [--sample n] [--publishable-key pk]"

/**
 * Differences that are known and accepted, each with why. `resource`/`field` match exactly; `when` (optional) narrows
 * the entry to the values it accepts, so an unrelated change in the same field still fails the run.
 */
const older = (medusa, worker) => typeof medusa === "string" && typeof worker === "string" && worker < medusa
const newer = (medusa, worker) => typeof medusa === "string" && typeof worker === "string" && worker > medusa
const UPDATED_AT =
  "updated_at is not carried over (a row starts with its created_at); Medusa moves a variant's updated_at when an order changes its stock"
const REHASHED = "the first login here re-hashes v1's scrypt password to PBKDF2 and so writes the customer row"
const EXPECTED = [
  {
    resource: "order",
    field: /^\.(cart_id|items\[\]\.cart_id|payments\[\]\.cart_id|shipping_methods\[\]\.cart_id)$/,
    when: (_m, w) => w === null,
    reason: "carts are not imported (a completed cart is Medusa's internal record, open ones are counted): the order keeps no link to a cart that does not exist here",
  },
  {
    resource: "order",
    field: /^\.(items|shipping_methods)\[\]\.tax_lines\[\]$/,
    reason: "order tax lines are recomputed at the region's rate with new ids (README, seed format); their amounts are compared through tax_total and total",
  },
  {
    resource: "order",
    field: /^\.(items\[\]\.created_at|payments\[\]\.created_at|shipping_address\.(created|updated)_at)$/,
    reason: "the seed format keeps one timestamp per order: its lines, payment and address are dated at the order's created_at",
  },
  {
    resource: "product",
    field: ".variants[].updated_at",
    when: older,
    reason: UPDATED_AT,
  },
  { resource: "product.variant", field: ".updated_at", when: older, reason: UPDATED_AT },
  { resource: "variant", field: ".updated_at", when: older, reason: UPDATED_AT },
  { resource: "order", field: ".items[].variant.updated_at", when: older, reason: UPDATED_AT },
  {
    resource: "customer",
    field: ".updated_at",
    when: newer,
    reason: REHASHED,
  },
  { resource: "order", field: ".customer.updated_at", when: newer, reason: REHASHED },
]

function parseArgs(argv) {
  const opts = { medusa: undefined, worker: undefined, email: undefined, password: undefined, sample: 5, key: undefined }
  const value = (i, name) => {
    if (!argv[i + 1]) throw new Error(`${name} needs a value\n${USAGE}`)
    return argv[i + 1]
  }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (arg === "--medusa") opts.medusa = value(i++, arg).replace(/\/+$/, "")
    else if (arg === "--worker") opts.worker = value(i++, arg).replace(/\/+$/, "")
    else if (arg === "--email") opts.email = value(i++, arg)
    else if (arg === "--password") opts.password = value(i++, arg)
    else if (arg === "--sample") opts.sample = Number(value(i++, arg))
    else if (arg === "--publishable-key") opts.key = value(i++, arg)
    else if (arg === "-h" || arg === "--help") return null
    else throw new Error(`unexpected argument '${arg}'\n${USAGE}`)
  }
  if (!opts.medusa || !opts.worker) throw new Error(`--medusa and --worker are required\n${USAGE}`)
  if (Boolean(opts.email) !== Boolean(opts.password)) throw new Error(`--email and --password go together\n${USAGE}`)
  if (!Number.isInteger(opts.sample) || opts.sample < 1) throw new Error(`--sample must be a positive integer\n${USAGE}`)
  return opts
}

class HttpError extends Error {}

/** One side of the comparison: a base URL and the headers every request carries. */
function client(base, key) {
  const call = async (method, path, body, token) => {
    const headers = { accept: "application/json" }
    if (body !== undefined) headers["content-type"] = "application/json"
    if (key) headers["x-publishable-api-key"] = key
    if (token) headers.authorization = `Bearer ${token}`
    const res = await fetch(base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) })
    const text = await res.text()
    if (!res.ok) throw new HttpError(`${method} ${base}${path} → ${res.status} ${text.slice(0, 300)}`)
    return JSON.parse(text)
  }
  return {
    base,
    get: (path, token) => call("GET", path, undefined, token),
    post: (path, body, token) => call("POST", path, body ?? {}, token),
    /** Every page of a list (offset/limit), or the one answer of a list without `count`. */
    async all(path, key, limit = 100) {
      const out = []
      for (let offset = 0; ; offset += limit) {
        const sep = path.includes("?") ? "&" : "?"
        const page = await call("GET", `${path}${sep}offset=${offset}&limit=${limit}`)
        const rows = page[key] ?? []
        out.push(...rows)
        if (typeof page.count !== "number" || rows.length === 0 || out.length >= page.count) return out
      }
    },
  }
}

// ---- shaping: the fields compared per resource (sorted lists, null for absent) -------------------------------------

const ids = (rows) => (rows ?? []).map((r) => r.id).sort()
const sorted = (values) => [...(values ?? [])].sort()
const nul = (v) => (v === undefined ? null : v)
const price = (p) => `${p.currency_code}${p.region_id ? `@${p.region_id}` : ""}:${p.amount}${p.min_quantity || p.max_quantity ? ` [${nul(p.min_quantity)}..${nul(p.max_quantity)}]` : ""}`
// Price-list prices only come over as the variant's calculated price, so compare the base prices (no price list).
const basePrices = (prices) => sorted((prices ?? []).filter((p) => !p.price_list_id).map(price))

const SHAPES = {
  region: (r) => ({
    name: r.name,
    currency_code: r.currency_code,
    tax_rate: r.tax_rate,
    tax_code: nul(r.tax_code),
    automatic_taxes: r.automatic_taxes,
    gift_cards_taxable: r.gift_cards_taxable,
    includes_tax: nul(r.includes_tax),
    countries: sorted(r.countries?.map((c) => c.iso_2)),
    payment_providers: ids(r.payment_providers),
    fulfillment_providers: ids(r.fulfillment_providers),
  }),
  product: (p) => ({
    handle: p.handle,
    title: p.title,
    subtitle: nul(p.subtitle),
    description: nul(p.description),
    status: p.status,
    is_giftcard: p.is_giftcard,
    discountable: p.discountable,
    thumbnail: nul(p.thumbnail),
    collection_id: nul(p.collection_id),
    type_id: nul(p.type_id),
    tags: sorted(p.tags?.map((t) => t.value)),
    images: sorted(p.images?.map((i) => i.url)),
    options: sorted(p.options?.map((o) => `${o.title}: ${sorted(o.values?.map((v) => v.value)).join("|")}`)),
    variants: ids(p.variants),
  }),
  // A variant as a product answers it for one region: its prices calculated for that region.
  "product.variant": (v) => ({
    title: v.title,
    sku: nul(v.sku),
    inventory_quantity: v.inventory_quantity,
    allow_backorder: v.allow_backorder,
    manage_inventory: v.manage_inventory,
    options: sorted(v.options?.map((o) => `${o.option_id}=${o.value}`)),
    prices: basePrices(v.prices),
    calculated_price: nul(v.calculated_price),
    original_price: nul(v.original_price),
    calculated_price_incl_tax: nul(v.calculated_price_incl_tax),
    original_price_incl_tax: nul(v.original_price_incl_tax),
    calculated_tax: nul(v.calculated_tax),
  }),
  variant: (v) => ({
    title: v.title,
    product_id: v.product_id,
    sku: nul(v.sku),
    inventory_quantity: v.inventory_quantity,
    allow_backorder: v.allow_backorder,
    manage_inventory: v.manage_inventory,
    prices: basePrices(v.prices),
  }),
  collection: (c) => ({ handle: c.handle, title: c.title }),
  category: (c) => ({
    name: c.name,
    handle: c.handle,
    description: nul(c.description),
    parent_category_id: nul(c.parent_category_id),
    rank: c.rank,
    category_children: ids(c.category_children),
  }),
  shipping_option: (s) => ({
    name: s.name,
    region_id: s.region_id,
    profile_id: s.profile_id,
    provider_id: s.provider_id,
    price_type: s.price_type,
    amount: nul(s.amount),
    price_incl_tax: nul(s.price_incl_tax),
    is_return: s.is_return,
    admin_only: s.admin_only,
    requirements: sorted(s.requirements?.map((r) => `${r.type}:${r.amount}`)),
  }),
  tag: (t) => ({ value: t.value }),
  type: (t) => ({ value: t.value }),
  return_reason: (r) => ({
    value: r.value,
    label: r.label,
    description: nul(r.description),
    parent_return_reason_id: nul(r.parent_return_reason_id),
    return_reason_children: ids(r.return_reason_children),
  }),
  cart: (c) => ({
    items: sorted(c.items?.map((i) => `${i.variant_id}×${i.quantity}@${i.unit_price}`)),
    subtotal: c.subtotal,
    discount_total: c.discount_total,
    shipping_total: c.shipping_total,
    tax_total: c.tax_total,
    item_tax_total: c.item_tax_total,
    shipping_tax_total: c.shipping_tax_total,
    total: c.total,
    shipping_methods: sorted(c.shipping_methods?.map((m) => `${m.shipping_option_id}:${m.price}`)),
  }),
  shipping_options_for_cart: (list) => ({ ids: ids(list), amounts: sorted(list.map((s) => `${s.id}:${s.amount}`)) }),
  customer: (c) => ({ email: c.email, first_name: nul(c.first_name), last_name: nul(c.last_name), has_account: c.has_account, phone: nul(c.phone) }),
  order: (o) => ({
    display_id: o.display_id,
    email: o.email,
    currency_code: o.currency_code,
    region_id: o.region_id,
    status: o.status,
    payment_status: o.payment_status,
    fulfillment_status: o.fulfillment_status,
    items: sorted(o.items?.map((i) => `${i.variant_id}×${i.quantity}@${i.unit_price}`)),
    shipping_methods: sorted(o.shipping_methods?.map((m) => `${m.shipping_option_id}:${m.price}`)),
    subtotal: o.subtotal,
    shipping_total: o.shipping_total,
    tax_total: o.tax_total,
    discount_total: o.discount_total,
    total: o.total,
  }),
}

/**
 * Every other difference between two answers, key by key in both directions: `path` names it with ids
 * (`items[item_1].tax_lines[litl_2].rate`); array elements that carry ids are matched by id, others by position.
 */
function deepDiff(a, b, path, out) {
  const isObj = (x) => x !== null && typeof x === "object" && !Array.isArray(x)
  if (isObj(a) && isObj(b)) {
    for (const k of Object.keys(a)) {
      if (!(k in b)) out.push({ path: `${path}.${k}`, medusa: a[k], worker: undefined })
      else deepDiff(a[k], b[k], `${path}.${k}`, out)
    }
    for (const k of Object.keys(b)) if (!(k in a)) out.push({ path: `${path}.${k}`, medusa: undefined, worker: b[k] })
    return
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    const keyed = [...a, ...b].every((x) => isObj(x) && (typeof x.id === "string" || typeof x.id === "number"))
    if (!keyed) {
      if (a.length !== b.length) out.push({ path, medusa: a, worker: b })
      else a.forEach((x, i) => deepDiff(x, b[i], `${path}[${i}]`, out))
      return
    }
    const byId = new Map(b.map((x) => [x.id, x]))
    for (const x of a) {
      if (byId.has(x.id)) deepDiff(x, byId.get(x.id), `${path}[${x.id}]`, out)
      else out.push({ path: `${path}[${x.id}]`, medusa: "present", worker: undefined })
    }
    const inA = new Set(a.map((x) => x.id))
    for (const x of b) if (!inA.has(x.id)) out.push({ path: `${path}[${x.id}]`, medusa: undefined, worker: "present" })
    return
  }
  if (JSON.stringify(a) !== JSON.stringify(b)) out.push({ path, medusa: a, worker: b })
}

// Deep comparison: the answers of these resources are compared whole, not only in the chosen fields. Carts are not
// (their ids and timestamps are made by each side).
const DEEP = new Set(["region", "product", "product.variant", "variant", "collection", "category", "tag", "type", "shipping_option", "return_reason", "customer", "order"])

// ---- the report ----------------------------------------------------------------------------------------------------

const show = (v) => (v === undefined ? "(absent)" : JSON.stringify(v))

function createReport() {
  const stats = new Map() // resource → { matched, differing, onlyMedusa, onlyWorker }
  const diffs = [] // { resource, id, field, medusa, worker, expected? }
  const stat = (resource) => {
    if (!stats.has(resource)) stats.set(resource, { matched: 0, deviating: 0, differing: 0, onlyMedusa: 0, onlyWorker: 0 })
    return stats.get(resource)
  }
  const note = (d) => {
    // Expected entries name a field or a deep path with its ids left out: `.items[].tax_lines[]`.
    const generic = d.field.replace(/\[[^\]]*\]/g, "[]")
    d.expected = EXPECTED.find(
      (e) => e.resource === d.resource.split(" ")[0] && (e.field instanceof RegExp ? e.field.test(generic) : e.field === generic) && (!e.when || e.when(d.medusa, d.worker, d)),
    )
    diffs.push(d)
    return d
  }
  return {
    stats,
    diffs,
    /** Compare two records of one resource field by field; returns whether they matched. */
    pair(resource, id, medusa, worker, context = "") {
      const shape = SHAPES[resource.split(" ")[0]]
      const a = shape(medusa)
      const b = shape(worker)
      const where = context ? `${id} ${context}` : id
      const found = []
      for (const field of Object.keys(a)) {
        if (JSON.stringify(a[field]) === JSON.stringify(b[field])) continue
        found.push(note({ resource, id: where, field, medusa: a[field], worker: b[field] }))
      }
      if (DEEP.has(resource.split(" ")[0])) {
        const rest = []
        deepDiff(medusa, worker, "", rest)
        // A chosen field that differs is reported once, under its own name.
        const told = new Set(found.map((d) => `.${d.field}`))
        for (const d of rest) {
          if (!told.has(d.path)) found.push(note({ resource, id: where, field: d.path, medusa: d.medusa, worker: d.worker }))
        }
      }
      const s = stat(resource)
      if (!found.length) s.matched++
      else if (found.every((d) => d.expected)) s.deviating++
      else s.differing++
      return !found.length
    },
    /** Match two lists by id and compare each pair. */
    lists(resource, medusaRows, workerRows, context = "") {
      const byId = new Map(workerRows.map((r) => [r.id, r]))
      const seen = new Set()
      for (const m of medusaRows) {
        const w = byId.get(m.id)
        if (!w) {
          stat(resource).onlyMedusa++
          note({ resource, id: context ? `${m.id} ${context}` : m.id, field: "(record)", medusa: "present", worker: "missing" })
          continue
        }
        seen.add(m.id)
        this.pair(resource, m.id, m, w, context)
      }
      for (const w of workerRows) {
        if (seen.has(w.id)) continue
        stat(resource).onlyWorker++
        note({ resource, id: context ? `${w.id} ${context}` : w.id, field: "(record)", medusa: "missing", worker: "present" })
      }
    },
    failure(resource, id, field) {
      stat(resource).differing++
      note({ resource, id, field, medusa: undefined, worker: undefined })
    },
  }
}

// ---- the checks ----------------------------------------------------------------------------------------------------

async function both(medusa, worker, fn) {
  return Promise.all([fn(medusa), fn(worker)])
}

async function compareCatalog(report, medusa, worker) {
  const [mRegions, wRegions] = await both(medusa, worker, (s) => s.all("/store/regions", "regions"))
  report.lists("region", mRegions, wRegions)
  const regions = mRegions.filter((r) => wRegions.some((w) => w.id === r.id))

  const productsByRegion = new Map()
  for (const region of regions) {
    const path = `/store/products?region_id=${region.id}&currency_code=${region.currency_code}`
    const [mProducts, wProducts] = await both(medusa, worker, (s) => s.all(path, "products", 50))
    productsByRegion.set(region.id, mProducts)
    // Product fields do not depend on the region: compare them once (first region), the variants in every region.
    if (region === regions[0]) report.lists("product", mProducts, wProducts)
    const wById = new Map(wProducts.map((p) => [p.id, p]))
    for (const p of mProducts) {
      const w = wById.get(p.id)
      if (w) report.lists("product.variant", p.variants ?? [], w.variants ?? [], `in ${region.id}`)
    }
  }

  const [mVariants, wVariants] = await both(medusa, worker, (s) => s.all("/store/variants", "variants"))
  report.lists("variant", mVariants, wVariants)
  const [mCollections, wCollections] = await both(medusa, worker, (s) => s.all("/store/collections", "collections"))
  report.lists("collection", mCollections, wCollections)
  const [mCategories, wCategories] = await both(medusa, worker, (s) => s.all("/store/product-categories", "product_categories"))
  report.lists("category", mCategories, wCategories)
  for (const region of regions) {
    const [mOptions, wOptions] = await both(medusa, worker, (s) => s.get(`/store/shipping-options?region_id=${region.id}`))
    report.lists("shipping_option", mOptions.shipping_options, wOptions.shipping_options, `in ${region.id}`)
  }
  const [mTags, wTags] = await both(medusa, worker, (s) => s.all("/store/product-tags", "product_tags"))
  report.lists("tag", mTags, wTags)
  const [mTypes, wTypes] = await both(medusa, worker, (s) => s.all("/store/product-types", "product_types"))
  report.lists("type", mTypes, wTypes)
  const [mReasons, wReasons] = await both(medusa, worker, (s) => s.get("/store/return-reasons"))
  report.lists("return_reason", mReasons.return_reasons, wReasons.return_reasons)

  // Each record again through its own route (products with the first region's prices): same answer as in the list.
  const region = regions[0]
  const retrieve = [
    ["region", "regions", mRegions, "region"],
    ["product", "products", productsByRegion.get(region?.id) ?? [], "product", region ? `?region_id=${region.id}` : ""],
    ["variant", "variants", mVariants, "variant"],
    ["collection", "collections", mCollections, "collection"],
    ["category", "product-categories", mCategories, "product_category"],
    ["return_reason", "return-reasons", mReasons.return_reasons, "return_reason"],
  ]
  for (const [resource, route, rows, key, query = ""] of retrieve) {
    for (const row of rows) {
      try {
        const [m, w] = await both(medusa, worker, async (s) => (await s.get(`/store/${route}/${row.id}${query}`))[key])
        report.pair(`${resource} (by id)`, row.id, m, w)
      } catch (error) {
        if (!(error instanceof HttpError)) throw error
        report.failure(`${resource} (by id)`, row.id, `(request failed: ${error.message})`)
      }
    }
  }
  return { regions, productsByRegion }
}

/** One cart per region on each side, the same sample of priced, sellable variants (quantity 1, 2, …). */
async function compareCarts(report, medusa, worker, { regions, productsByRegion }, sample) {
  for (const region of regions) {
    const sellable = (productsByRegion.get(region.id) ?? [])
      .flatMap((p) => p.variants ?? [])
      .filter((v) => v.calculated_price != null && (!v.manage_inventory || v.allow_backorder || v.inventory_quantity >= sample))
      .slice(0, sample)
    if (sellable.length === 0) continue
    const items = sellable.map((v, i) => ({ variant_id: v.id, quantity: i + 1 }))
    try {
      await compareCart(report, medusa, worker, region, items)
    } catch (error) {
      // A request one side refused (the message names the side by its URL) is a difference, not the end of the run.
      if (!(error instanceof HttpError)) throw error
      report.failure("cart", region.id, `(request failed: ${error.message})`)
    }
  }
}

async function compareCart(report, medusa, worker, region, items) {
  const [mCart, wCart] = await both(medusa, worker, async (s) => {
    let { cart } = await s.post("/store/carts", { region_id: region.id })
    for (const item of items) ({ cart } = await s.post(`/store/carts/${cart.id}/line-items`, item))
    return cart
  })
  report.pair("cart", `${region.id} (items only)`, mCart, wCart)
  // The options each side offers this cart: the same ids at the same prices.
  const [mOptions, wOptions] = await both(medusa, worker, async (s) => (await s.get(`/store/shipping-options/${s === medusa ? mCart.id : wCart.id}`)).shipping_options)
  report.pair("shipping_options_for_cart", region.id, mOptions, wOptions)
  // Each option Medusa offers this cart, cheapest first, added on both sides (a method replaces the one of its profile).
  for (const option of [...mOptions].sort((a, b) => a.amount - b.amount || a.id.localeCompare(b.id))) {
    const [mShipped, wShipped] = await both(medusa, worker, async (s) => {
      const id = s === medusa ? mCart.id : wCart.id
      await s.post(`/store/carts/${id}/shipping-methods`, { option_id: option.id })
      return (await s.get(`/store/carts/${id}`)).cart
    })
    report.pair("cart", `${region.id} (+ ${option.name})`, mShipped, wShipped)
    const sums = (c) => `subtotal ${c.subtotal}, tax ${c.tax_total}, shipping ${c.shipping_total}, total ${c.total}`
    console.log(`  cart in ${region.id}, ${items.length} lines + ${option.name}: Medusa ${sums(mShipped)} | Worker ${sums(wShipped)}`)
  }
}

async function compareCustomer(report, medusa, worker, email, password) {
  const tokens = await both(medusa, worker, async (s) => (await s.post("/store/auth/token", { email, password })).access_token)
  const [mToken, wToken] = tokens
  const [mMe, wMe] = await both(medusa, worker, async (s) => (await s.get("/store/customers/me", s === medusa ? mToken : wToken)).customer)
  report.pair("customer", mMe.id, mMe, wMe)
  if (mMe.id !== wMe.id) report.failure("customer", email, `id: medusa=${mMe.id} worker=${wMe.id}`)
  const [mOrders, wOrders] = await both(medusa, worker, async (s) => {
    const token = s === medusa ? mToken : wToken
    const out = []
    for (let offset = 0; ; offset += 50) {
      const page = await s.get(`/store/customers/me/orders?offset=${offset}&limit=50`, token)
      out.push(...page.orders)
      if (page.orders.length === 0 || out.length >= page.count) return out
    }
  })
  report.lists("order", mOrders, wOrders)
  for (const order of mOrders.filter((o) => wOrders.some((w) => w.id === o.id))) {
    const [m, w] = await both(medusa, worker, async (s) => (await s.get(`/store/orders/${order.id}`)).order)
    report.pair("order (by id)", order.id, m, w)
  }
  return { orders: mOrders.length }
}

function print(report, customer) {
  const unexpected = report.diffs.filter((d) => !d.expected)
  const expected = report.diffs.filter((d) => d.expected)
  // matched: equal in every field; expected: differing only by the EXPECTED deviations; differing: anything else.
  console.log("\nresource                    matched  expected  differing  only-medusa  only-worker")
  for (const [resource, s] of report.stats) {
    const cols = [s.matched, s.deviating, s.differing, s.onlyMedusa, s.onlyWorker].map((n, i) => String(n).padStart([7, 8, 9, 11, 11][i]))
    console.log(`${resource.padEnd(27)} ${cols.join("  ")}`)
  }
  if (customer) console.log(`customer login: both sides accepted the password; ${customer.orders} order(s) on Medusa`)
  if (expected.length) {
    console.log(`\nexpected deviations (${expected.length}):`)
    const byReason = new Map()
    for (const d of expected) byReason.set(d.expected, [...(byReason.get(d.expected) ?? []), d])
    for (const [entry, list] of byReason) {
      console.log(`  ${entry.resource} ${entry.field} ×${list.length} — ${entry.reason}`)
      for (const d of list) console.log(`    ${d.resource} ${d.id} ${d.field}: medusa=${show(d.medusa)} worker=${show(d.worker)}`)
    }
  }
  if (unexpected.length) {
    console.log(`\nDIFFERENCES (${unexpected.length}):`)
    for (const d of unexpected) console.log(`  ${d.resource} ${d.id} ${d.field}: medusa=${show(d.medusa)} worker=${show(d.worker)}`)
  }
  console.log(unexpected.length ? `\n✘ ${unexpected.length} unexpected difference(s)` : "\n✔ the Worker answers as Medusa does (beyond the expected deviations listed)")
  return unexpected.length ? 1 : 0
}

async function main() {
  const opts = parseArgs(process.argv.slice(2))
  if (!opts) {
    console.log(USAGE)
    return 0
  }
  const medusa = client(opts.medusa, opts.key)
  const worker = client(opts.worker, opts.key)
  const report = createReport()
  console.log(`• comparing ${opts.medusa} (Medusa) with ${opts.worker} (Worker)`)
  const catalog = await compareCatalog(report, medusa, worker)
  await compareCarts(report, medusa, worker, catalog, opts.sample)
  const customer = opts.email ? await compareCustomer(report, medusa, worker, opts.email, opts.password) : undefined
  return print(report, customer)
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`✘ ${error instanceof HttpError ? error.message : (error?.stack ?? error)}`)
    process.exit(2)
  },
)
