#!/usr/bin/env node
// npm run soak -- [--seconds 30] [--shoppers 16] [--target worker|medusa] [--stock 20] [--discount-limit 10]
//                 [--gift-cards 3] [--port 8813] [--medusa-url http://127.0.0.1:9000]
//
// Simulated shoppers (soak/journeys.mjs) run full checkouts in parallel for --seconds against scarce stock, a shared
// limited discount and shared gift cards, with duplicate submissions and triple-clicked Pay. Then the invariant table
// is printed; the exit code is 1 when any invariant fails.
//
// --target worker (default): the built Worker in workerd through Miniflare (bench/lib/worker.mjs) on a fresh local D1
// in .tmp/soak-state, migrated and loaded with the golden store (test/fixtures/golden-seed.json).
// --target medusa: the original Medusa v1 (../shared/tools/medusa-v1/start.sh), which serves the same golden store;
// fixtures are made through its admin API.
import { execFileSync } from "node:child_process"
import { mkdirSync, rmSync, writeFileSync } from "node:fs"
import os from "node:os"
import path from "node:path"
import { buildWorker, startWorker } from "../bench/lib/worker.mjs"
import { invariantTable, runShoppers } from "./journeys.mjs"
import { arrangeD1Fixtures, readD1State } from "./d1-state.mjs"
import { arrangeMedusaFixtures, medusaAdmin, readMedusaState } from "./medusa-state.mjs"

const ROOT = path.resolve(import.meta.dirname, "..")
const args = process.argv.slice(2)
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`)
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback
}
const seconds = Number(opt("seconds", "30"))
const shoppers = Number(opt("shoppers", "16"))
const target = opt("target", "worker")
const options = {
  runId: Date.now().toString(36),
  stock: Number(opt("stock", "20")),
  discountLimit: Number(opt("discount-limit", "10")),
  giftCards: Number(opt("gift-cards", "3")),
  giftCardValue: 2500,
}

/** HTTP as a storefront sends it; a network failure counts as an answer with status 0. */
const sender = (baseUrl) => async (method, p, body, headers = {}) => {
  try {
    const res = await fetch(`${baseUrl}${p}`, {
      method,
      headers: { ...(body !== undefined ? { "content-type": "application/json" } : {}), ...headers },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    })
    const text = await res.text()
    let parsed = text
    try {
      parsed = text ? JSON.parse(text) : undefined
    } catch {
      // HTML error pages stay text (and count as malformed)
    }
    return { status: res.status, body: parsed }
  } catch (err) {
    return { status: 0, body: String(err) }
  }
}

async function soakWorker() {
  const stateDir = path.join(ROOT, ".tmp", "soak-state")
  rmSync(stateDir, { recursive: true, force: true })
  mkdirSync(stateDir, { recursive: true })
  console.log("• seeding a fresh local D1 with the golden store")
  execFileSync(process.execPath, [path.join(ROOT, "scripts/seed.mjs"), path.join(ROOT, "test/fixtures/golden-seed.json")], {
    cwd: ROOT, stdio: "inherit", env: { ...process.env, D1_PERSIST_TO: stateDir },
  })
  console.log("• building the Worker (wrangler deploy --dry-run)")
  const build = buildWorker(ROOT)
  const worker = await startWorker(ROOT, build, Number(opt("port", "8813")), stateDir)
  try {
    const db = await worker.mf.getD1Database("DB")
    const fixtures = await arrangeD1Fixtures(db, options)
    const run = await runShoppers(sender(worker.url), fixtures, { shoppers, deadline: Date.now() + seconds * 1000 })
    const cartIds = run.journeys.flatMap((j) => (j.cartId ? [j.cartId] : []))
    return { run, state: await readD1State(db, fixtures, cartIds) }
  } finally {
    await worker.mf.dispose()
  }
}

async function soakMedusa() {
  const baseUrl = opt("medusa-url", "http://127.0.0.1:9000")
  const admin = await medusaAdmin(baseUrl)
  const fixtures = await arrangeMedusaFixtures(admin, options)
  const run = await runShoppers(sender(baseUrl), fixtures, { shoppers, deadline: Date.now() + seconds * 1000 })
  const cartIds = run.journeys.flatMap((j) => (j.cartId ? [j.cartId] : []))
  return { run, state: await readMedusaState(admin, baseUrl, fixtures, cartIds) }
}

const started = Date.now()
const { run, state } = target === "medusa" ? await soakMedusa() : await soakWorker()
const rows = invariantTable(state, run)
const completed = run.journeys.filter((j) => j.orderIds.length > 0).length
console.log(`\nsoak: target ${target}, ${shoppers} shoppers, ${seconds} s, ${run.journeys.length} journeys, ${completed} orders, ` +
  `${run.log.total} requests (${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, ${new Date(started).toISOString()})\n`)
console.log("| invariant | holds | detail |\n|---|---|---|")
for (const r of rows) console.log(`| ${r.invariant} | ${r.holds ? "yes" : "**NO**"} | ${r.detail} |`)
if (run.log.bad.length) console.log("\nbad answers (first 20):", JSON.stringify(run.log.bad.slice(0, 20), null, 1))
mkdirSync(path.join(ROOT, "bench", "results"), { recursive: true })
writeFileSync(
  path.join(ROOT, "bench", "results", `soak-${target}-${new Date(started).toISOString().replace(/[:.]/g, "-")}.json`),
  JSON.stringify({ target, shoppers, seconds, options, rows, journeys: run.journeys.length, completed, log: run.log }, null, 1),
)
process.exit(rows.every((r) => r.holds) ? 0 : 1)
