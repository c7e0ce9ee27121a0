#!/usr/bin/env node
// npm run soak -- [--seconds 30] [--shoppers 16] [--target worker|dev|medusa] [--stock 20] [--discount-limit 10]
//                 [--gift-cards 3] [--port 8813 (dev: 8814)] [--medusa-url http://127.0.0.1:9000]
//
// Simulated shoppers (soak/journeys.mjs) run full checkouts in parallel for --seconds against scarce stock, a shared
// limited discount and shared gift cards, with duplicate submissions and triple-clicked Pay. Then the invariant table
// is printed; the exit code is 1 when any invariant fails.
//
// --target worker (default): the built Worker in workerd through Miniflare (bench/lib/worker.mjs) on a fresh local D1
// in .wrangler/soak, migrated and loaded with the golden store (test/fixtures/golden-seed.json).
// --target dev: the same fresh state served by `npm start` itself (scripts/start.mjs: wrangler dev with its proxy and
// file watchers) on --port; the soak starts it and stops it. Neither touches the developer's .wrangler/state.
// --target medusa: the original Medusa v1 (../shared/tools/medusa-v1/start.sh), which serves the same golden store;
// fixtures are made through its admin API.
import { execFileSync } from "node:child_process"
import { mkdirSync, rmSync, writeFileSync } from "node:fs"
import os from "node:os"
import path from "node:path"
import { buildWorker, openD1, startLocalServer, startWorker } from "../bench/lib/worker.mjs"
import { toolStateDir, withState } from "../scripts/lib/local.mjs"
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

/** A fresh wrangler state directory of the soak's own, migrated and loaded with the golden store. */
function freshGoldenState() {
  const stateDir = toolStateDir(ROOT, "soak")
  rmSync(stateDir, { recursive: true, force: true })
  mkdirSync(stateDir, { recursive: true })
  console.log(`• seeding a fresh local D1 in ${path.relative(ROOT, stateDir)} with the golden store`)
  execFileSync(process.execPath, [path.join(ROOT, "scripts/seed.mjs"), path.join(ROOT, "test/fixtures/golden-seed.json")], {
    cwd: ROOT, stdio: "inherit", env: withState(process.env, stateDir),
  })
  return stateDir
}

async function soakWorker() {
  const stateDir = freshGoldenState()
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

async function soakDev() {
  const stateDir = freshGoldenState()
  // Fixtures before the server starts and state after it stopped: one workerd at a time on the SQLite file.
  const before = await openD1(ROOT, stateDir)
  const fixtures = await arrangeD1Fixtures(before.db, options).finally(() => before.mf.dispose())
  const port = Number(opt("port", "8814"))
  const logFile = path.join(stateDir, "npm-start.log")
  console.log(`• npm start on :${port} (its output: ${path.relative(ROOT, logFile)})`)
  const server = await startLocalServer(ROOT, { stateDir, port, logFile })
  let run
  try {
    run = await runShoppers(sender(server.url), fixtures, { shoppers, deadline: Date.now() + seconds * 1000 })
  } finally {
    await server.stop()
  }
  const after = await openD1(ROOT, stateDir)
  try {
    const cartIds = run.journeys.flatMap((j) => (j.cartId ? [j.cartId] : []))
    return { run, state: await readD1State(after.db, fixtures, cartIds) }
  } finally {
    await after.mf.dispose()
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
const soak = { worker: soakWorker, dev: soakDev, medusa: soakMedusa }[target]
if (!soak) throw new Error(`--target must be worker, dev or medusa, not '${target}'`)
const { run, state } = await soak()
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
