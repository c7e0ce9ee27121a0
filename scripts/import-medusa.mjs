#!/usr/bin/env node
// npm run import:medusa -- --database-url postgres://user:pass@host:5432/medusa [--remote] [--out shop.json] [--dry-run]
//
// Moves a running Medusa 1.20 shop over: reads its Postgres read-only in one consistent snapshot (a REPEATABLE READ
// read-only transaction, table by table with keyset pagination and a progress line per table), maps the rows to the
// seed format (src/seed/medusa) and hands the document to the same validator, planner and writer `npm run seed` uses.
// Re-runnable for the cut-over: see README "Moving from Medusa v1" for which side wins for each field.
import { writeFileSync } from "node:fs"
import path from "node:path"
import { loadBundle, loadPlanner, runSeed } from "./lib/seed-run.mjs"
import { WranglerError, applyMigrations, query } from "./lib/wrangler.mjs"

const USAGE =
  "usage: npm run import:medusa -- --database-url postgres://user:pass@host:5432/medusa [--remote] [--env name] [--out file.json] [--dry-run] [--page-size n]"

function parseArgs(argv) {
  const opts = { databaseUrl: process.env.MEDUSA_DATABASE_URL, remote: false, dryRun: false, out: undefined, pageSize: 1000, skipMigrations: false }
  const value = (i, name) => {
    if (!argv[i + 1]) throw new Error(`${name} needs a value\n${USAGE}`)
    return argv[i + 1]
  }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (arg === "--database-url") opts.databaseUrl = value(i++, arg)
    else if (arg === "--out") opts.out = value(i++, arg)
    else if (arg === "--page-size") opts.pageSize = Number(value(i++, arg))
    else if (arg === "--env" || arg === "-e") process.env.CLOUDFLARE_ENV = value(i++, arg)
    else if (arg === "--remote") opts.remote = true
    else if (arg === "--local") opts.remote = false
    else if (arg === "--dry-run") opts.dryRun = true
    else if (arg === "--skip-migrations") opts.skipMigrations = true
    else if (arg === "-h" || arg === "--help") return null
    else throw new Error(`unexpected argument '${arg}'\n${USAGE}`)
  }
  if (!opts.databaseUrl) throw new Error(`--database-url is required\n${USAGE}`)
  if (!Number.isInteger(opts.pageSize) || opts.pageSize < 1) throw new Error(`--page-size must be a positive integer\n${USAGE}`)
  return opts
}

/** `product  1,000/12,345  (4,210 rows/s)` — one line per table, rewritten in place on a terminal. */
function progressLine(p) {
  const rate = p.ms > 0 ? Math.round((p.done * 1000) / p.ms) : p.done
  const line = `  ${p.table.padEnd(38)} ${p.done.toLocaleString("en")}/${p.total.toLocaleString("en")}  (${rate.toLocaleString("en")} rows/s)`
  const finished = p.done >= p.total
  if (process.stdout.isTTY) process.stdout.write(`\r${line}${finished ? "\n" : ""}`)
  else if (finished) console.log(line)
}

async function readShop(medusa, databaseUrl, pageSize) {
  const { default: pg } = await import("pg")
  const client = new pg.Client({ connectionString: databaseUrl, application_name: "edge-medusa import" })
  await client.connect()
  try {
    console.log("• reading Medusa (one REPEATABLE READ, READ ONLY snapshot)")
    return await medusa.readMedusa(async (sql, params) => (await client.query(sql, params)).rows, { pageSize, onProgress: progressLine })
  } finally {
    await client.end()
  }
}

async function main() {
  const opts = parseArgs(process.argv.slice(2))
  if (!opts) return console.log(USAGE)
  const [medusa, planner] = await Promise.all([loadBundle("src/seed/medusa/index.ts", "medusa-import"), loadPlanner()])
  const rows = await readShop(medusa, opts.databaseUrl, opts.pageSize)
  const { seed: mapped, unsupported } = medusa.medusaToSeed(rows)

  const left = Object.entries(unsupported)
  if (left.length) {
    console.log("• not imported (the seed format cannot hold them yet):")
    for (const [label, n] of left) console.log(`  ${label}: ${n}`)
  }

  const printProblems = (problems) => {
    console.error(`✘ the Medusa data has ${problems.length} problem${problems.length === 1 ? "" : "s"}; nothing was written:`)
    console.error(medusa.formatMedusaProblems(mapped, problems))
  }
  if (opts.out) {
    writeFileSync(path.resolve(process.cwd(), opts.out), `${JSON.stringify(mapped, null, 2)}\n`)
    console.log(`• seed file written to ${opts.out}`)
  }
  if (opts.dryRun && opts.out) {
    // --out --dry-run: the seed file only; still validated so a bad row is reported now rather than at seed time.
    try {
      planner.parseSeed(mapped)
    } catch (err) {
      if (err instanceof planner.SeedValidationError) return printProblems(err.problems), 1
      throw err
    }
    console.log("✔ valid; nothing written to D1 (dry run)")
    return 0
  }

  const where = opts.remote ? "remote" : "local"
  if (!opts.skipMigrations) {
    console.log(`• applying pending migrations (${where})`)
    applyMigrations(opts.remote)
  }
  // Runtime state this side already owns (stock, gift-card balances) is left out for rows that exist here.
  const seed = medusa.keepRuntimeState(mapped, medusa.existingRows(query([...medusa.EXISTING_ROWS_QUERIES], opts.remote)))
  const code = await runSeed(planner, seed, { remote: opts.remote, dryRun: opts.dryRun, skipMigrations: true, label: "medusa" }, printProblems)
  if (code === 0 && !opts.dryRun) console.log(`✔ imported the Medusa shop into the ${where} database`)
  return code
}

main().then(
  (code) => process.exit(code ?? 0),
  (err) => {
    console.error(err instanceof WranglerError ? err.message : `✘ ${err.message ?? err}`)
    process.exit(1)
  },
)
