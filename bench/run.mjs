#!/usr/bin/env node
// npm run bench -- [--dev] [--url [URL]] [--medusa [URL]] [--duration 10] [--warmup 2] [--connections 8]
//                  [--catalog 10k] [--only regex] [--hop-ms 80] [--no-seed] [--port 8803 (--dev: 8804)]
//
// Default: builds the Worker as `wrangler deploy` would (--dry-run --outdir; the gzipped size is reported) and runs
// that bundle in workerd through Miniflare's API. --dev measures `npm start` itself (wrangler dev behind its front,
// started and stopped by the bench on --port). Both run on the bench's own local D1 in .wrangler/bench, never the
// developer's .wrangler/state: the demo store and the bench catalog (250 products, or 10,000 with --catalog 10k;
// single variant, no stock limit) are loaded into it first with `npm run seed` (idempotent; --no-seed skips it).
// --url URL measures a server that is already running, on whatever data it serves (nothing is seeded); --url alone
// means http://127.0.0.1:$PORT (default 8787), the developer's `npm start`.
// --medusa runs the same scenarios against the original Medusa v1 (default http://127.0.0.1:9000) in the same run,
// for the ratio columns.
// Prints the table and the latency budget, and writes bench/results/<timestamp>.json.
import { execFileSync } from "node:child_process"
import { mkdirSync, writeFileSync } from "node:fs"
import os from "node:os"
import path from "node:path"
import { buildWorker, startLocalServer, startWorker } from "./lib/worker.mjs"
import { localUrl, toolStateDir, withState } from "../scripts/lib/local.mjs"
import { runScenarios } from "./lib/scenarios.mjs"
import { latencyBudgetTable, resultsTable } from "./lib/report.mjs"

const ROOT = path.resolve(import.meta.dirname, "..")
const args = process.argv.slice(2)
const flag = (name) => args.includes(`--${name}`)
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`)
  const next = i >= 0 ? args[i + 1] : undefined
  return next !== undefined && !next.startsWith("--") ? next : fallback
}

const catalogSize = opt("catalog", "250") === "10k" ? 10_000 : Number(opt("catalog", "250"))
const cfg = {
  duration: Number(opt("duration", "10")),
  warmup: Number(opt("warmup", "2")),
  connections: Number(opt("connections", "8")),
  deepOffset: catalogSize >= 10_000 ? catalogSize - 20 : undefined,
}
const only = opt("only") ? new RegExp(opt("only")) : undefined
const medusaUrl = flag("medusa") ? opt("medusa", "http://127.0.0.1:9000") : undefined
const hopMs = Number(opt("hop-ms", "80"))
// The bench's own database (wrangler's --persist-to layout), whatever the developer's local D1 holds.
const stateDir = toolStateDir(ROOT, "bench")

function benchCatalog(n) {
  const products = Array.from({ length: n }, (_, i) => ({
    id: `prod_bench_${i}`,
    title: `Bench product ${i}`,
    handle: `bench-product-${i}`,
    description: `A generated product number ${i} for the benchmark`,
    options: [{ title: "Size" }],
    variants: [
      {
        id: `variant_bench_${i}`,
        title: "One size",
        sku: `BENCH-${i}`,
        manage_inventory: false,
        inventory_quantity: 0,
        prices: [{ currency_code: "usd", amount: 1000 + (i % 500) }, { currency_code: "eur", amount: 900 + (i % 500) }],
        options: [{ value: "One size" }],
      },
    ],
  }))
  return { products }
}

function seed() {
  const file = path.join(ROOT, ".tmp", `bench-catalog-${catalogSize}.json`)
  mkdirSync(path.dirname(file), { recursive: true })
  writeFileSync(file, JSON.stringify(benchCatalog(catalogSize)))
  const run = (f) => execFileSync(process.execPath, [path.join(ROOT, "scripts/seed.mjs"), f], { cwd: ROOT, stdio: "inherit", env: withState(process.env, stateDir) })
  run(path.join(ROOT, "seed/demo.json"))
  run(file)
}

function machine() {
  const cpus = os.cpus()
  return `${cpus.length} × ${cpus[0]?.model ?? "cpu"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.platform()} ${os.release()}, Node ${process.version}`
}

async function main() {
  let base = flag("url") ? opt("url", localUrl(process.env)) : undefined
  if (!base) {
    // Pending migrations always (the bench's Worker may be newer than its database); seeding is optional.
    mkdirSync(stateDir, { recursive: true })
    execFileSync("npx", ["wrangler", "d1", "migrations", "apply", "DB", "--local", "--persist-to", stateDir], { cwd: ROOT, stdio: "ignore", env: { ...process.env, CI: "true" } })
    if (!flag("no-seed")) seed()
  }
  let worker
  let server
  console.log("• building the Worker (wrangler deploy --dry-run --outdir .tmp/bench-build)")
  const build = buildWorker(ROOT)
  console.log(`  bundle ${(build.rawBytes / 1024).toFixed(0)} KiB, gzipped ${(build.gzipBytes / 1024).toFixed(1)} KiB`)
  if (base) console.log(`• measuring the running server at ${base}`)
  else if (flag("dev")) {
    const logFile = path.join(stateDir, "npm-start.log")
    server = await startLocalServer(ROOT, { stateDir, port: Number(opt("port", "8804")), logFile })
    base = server.url
    console.log(`• npm start at ${base} on ${path.relative(ROOT, stateDir)} (its output: ${path.relative(ROOT, logFile)})`)
  } else {
    worker = await startWorker(ROOT, build, Number(opt("port", "8803")), stateDir)
    base = worker.url
    console.log(`• the bundle in workerd (Miniflare) at ${base} on ${path.relative(ROOT, stateDir)}`)
  }
  console.log(`• ${cfg.connections} connections, ${cfg.warmup} s warm-up + ${cfg.duration} s per scenario; catalog ${catalogSize}; ${machine()}`)

  try {
    console.log("edge:")
    const edge = await runScenarios(base, cfg, { full: true, only })
    let medusa
    if (medusaUrl) {
      console.log(`medusa v1 (${medusaUrl}):`)
      medusa = await runScenarios(medusaUrl, { ...cfg, deepOffset: undefined }, { full: false, only })
    }
    const table = resultsTable(edge, medusa)
    const budget = latencyBudgetTable(edge, hopMs)
    const mode = worker ? "built Worker in workerd (Miniflare API)" : server ? `npm start (wrangler dev) at ${base}` : `server at ${base}`
    console.log(`\n${mode}; gzipped bundle ${(build.gzipBytes / 1024).toFixed(1)} KiB\n\n${table}\n\nLatency budget (D1 only, ${hopMs} ms per round trip to a distant primary):\n\n${budget}\n`)
    const dir = path.join(ROOT, "bench", "results")
    mkdirSync(dir, { recursive: true })
    const file = path.join(dir, `${new Date().toISOString().replace(/[:.]/g, "-")}.json`)
    writeFileSync(file, JSON.stringify({ mode, machine: machine(), cfg, catalogSize, bundle: build, edge, medusa: medusa ?? null }, null, 2))
    console.log(`written to ${path.relative(ROOT, file)}`)
  } finally {
    await worker?.mf.dispose()
    await server?.stop()
  }
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
