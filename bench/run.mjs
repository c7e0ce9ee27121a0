#!/usr/bin/env node
// npm run bench -- [--url http://127.0.0.1:8787] [--medusa http://127.0.0.1:9000] [--duration 10] [--connections 10]
//
// Load benchmarks against a running server (start it with `npm start` in another terminal). Measures:
//   floor      GET /health — the Worker runtime with no D1 work (the platform floor on this machine)
//   catalog    GET /store/products?limit=20, GET /store/products/:id, GET /store/regions
//   cart read  GET /store/carts/:id for carts with 1, 10 and 100 line items
//   cart write POST /store/carts/:id/line-items (+1 to an existing line) on carts with 1, 10 and 100 items,
//              spread over 20 carts so the per-cart Durable Object queue is not the only thing measured
// With --medusa URL the catalog and 1-item cart scenarios also run against the original Medusa v1 (same client,
// same machine) for a side-by-side table. The bench catalog (150 single-variant products without inventory limits)
// is loaded into the local D1 with `npm run seed` first (idempotent; pass --no-seed to skip).
// Results are printed as a table and written to bench/results/<timestamp>.json.
import autocannon from "autocannon"
import { execFileSync } from "node:child_process"
import { mkdirSync, writeFileSync } from "node:fs"
import path from "node:path"

const ROOT = path.resolve(import.meta.dirname, "..")
const args = process.argv.slice(2)
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`)
  return i >= 0 ? args[i + 1] : fallback
}
const BASE = opt("url", "http://127.0.0.1:8787")
const MEDUSA = opt("medusa", undefined)
const DURATION = Number(opt("duration", "10"))
const CONNECTIONS = Number(opt("connections", "10"))
const BENCH_PRODUCTS = 150

async function json(base, method, p, body) {
  const res = await fetch(base + p, {
    method,
    headers: body ? { "content-type": "application/json" } : {},
    body: body ? JSON.stringify(body) : undefined,
  })
  const text = await res.text()
  if (!res.ok) throw new Error(`${method} ${p} → ${res.status} ${text.slice(0, 300)}`)
  return JSON.parse(text)
}

function benchSeed() {
  const products = Array.from({ length: BENCH_PRODUCTS }, (_, i) => ({
    id: `prod_bench_${i}`,
    title: `Bench product ${i}`,
    handle: `bench-product-${i}`,
    options: [{ title: "Size" }],
    variants: [
      {
        id: `variant_bench_${i}`,
        title: "One size",
        sku: `BENCH-${i}`,
        manage_inventory: false,
        inventory_quantity: 0,
        prices: [{ currency_code: "usd", amount: 1000 + i }, { currency_code: "eur", amount: 900 + i }],
        options: [{ value: "One size" }],
      },
    ],
  }))
  return { products }
}

function loadBenchCatalog() {
  const dir = path.join(ROOT, ".tmp")
  mkdirSync(dir, { recursive: true })
  const file = path.join(dir, "bench-catalog.json")
  writeFileSync(file, JSON.stringify(benchSeed()))
  execFileSync("node", [path.join(ROOT, "scripts/seed.mjs"), file], { stdio: "inherit", cwd: ROOT })
}

async function cartWithItems(base, regionId, variantIds) {
  const items = variantIds.map((variant_id) => ({ variant_id, quantity: 1 }))
  const { cart } = await json(base, "POST", "/store/carts", { region_id: regionId, items })
  return cart
}

function run(name, opts) {
  return new Promise((resolve, reject) => {
    autocannon({ duration: DURATION, connections: CONNECTIONS, ...opts }, (err, result) => {
      if (err) return reject(err)
      const non2xx = result.non2xx + result.errors
      resolve({
        name,
        rps: Math.round(result.requests.average),
        p50: result.latency.p50,
        p99: result.latency.p99,
        requests: result.requests.total,
        failed: non2xx,
      })
    })
  })
}

async function scenarios(base, label, { full }) {
  const results = []
  const { regions } = await json(base, "GET", "/store/regions")
  const region = regions.find((r) => r.currency_code === "usd") ?? regions[0]
  const { products } = await json(base, "GET", "/store/products?limit=20")
  const productId = products[0].id
  if (full) results.push(await run(`${label} floor GET /health`, { url: `${base}/health` }))
  results.push(await run(`${label} GET /store/regions`, { url: `${base}/store/regions` }))
  results.push(await run(`${label} GET /store/products?limit=20`, { url: `${base}/store/products?limit=20` }))
  results.push(await run(`${label} GET /store/products/:id`, { url: `${base}/store/products/${productId}` }))

  const sizes = full ? [1, 10, 100] : [1]
  let variants
  if (full) {
    variants = Array.from({ length: 100 }, (_, i) => `variant_bench_${i}`)
  } else {
    const withPrice = products.flatMap((p) => p.variants).filter((v) => v.inventory_quantity > 1000 || !v.manage_inventory)
    variants = withPrice.length ? [withPrice[0].id] : [products[0].variants[0].id]
  }
  for (const size of sizes) {
    const carts = []
    for (let i = 0; i < 20; i++) carts.push(await cartWithItems(base, region.id, variants.slice(0, size)))
    let n = 0
    results.push(
      await run(`${label} GET cart (${size} items)`, {
        url: base,
        requests: [{ method: "GET", setupRequest: (req) => ({ ...req, path: `/store/carts/${carts[n++ % carts.length].id}` }) }],
      }),
    )
    let m = 0
    results.push(
      await run(`${label} add to cart (${size} items)`, {
        url: base,
        requests: [
          {
            method: "POST",
            headers: { "content-type": "application/json" },
            setupRequest: (req) => {
              const cart = carts[m++ % carts.length]
              return { ...req, path: `/store/carts/${cart.id}/line-items`, body: JSON.stringify({ variant_id: variants[0], quantity: 1 }) }
            },
          },
        ],
      }),
    )
  }
  return results
}

function table(results) {
  const rows = results.map((r) => `| ${r.name} | ${r.rps} | ${r.p50} | ${r.p99} | ${r.failed} |`)
  return ["| scenario | req/s | p50 ms | p99 ms | non-2xx |", "|---|---|---|---|---|", ...rows].join("\n")
}

async function main() {
  if (!args.includes("--no-seed")) loadBenchCatalog()
  console.log(`benchmarking ${BASE} for ${DURATION}s per scenario with ${CONNECTIONS} connections`)
  const results = await scenarios(BASE, "edge", { full: true })
  if (MEDUSA) results.push(...(await scenarios(MEDUSA, "medusa-v1", { full: false })))
  const out = table(results)
  console.log(`\n${out}\n`)
  const dir = path.join(ROOT, "bench", "results")
  mkdirSync(dir, { recursive: true })
  const file = path.join(dir, `${new Date().toISOString().replace(/[:.]/g, "-")}.json`)
  writeFileSync(file, JSON.stringify({ base: BASE, medusa: MEDUSA ?? null, duration: DURATION, connections: CONNECTIONS, results }, null, 2))
  console.log(`written to ${path.relative(ROOT, file)}`)
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
