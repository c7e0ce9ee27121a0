#!/usr/bin/env node
// npm run seed -- <file.json> [--remote] [--dry-run]
//
// Loads a Medusa v1 seed file (plus this project's extensions, README "Loading data") into the local D1 database
// (default) or the remote one. The whole file is validated first — every problem is printed with its JSON path
// and nothing is written. Re-running the same file changes nothing.
import { build } from "esbuild"
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import path from "node:path"
import { pathToFileURL } from "node:url"
import { ROOT, WranglerError, applyMigrations, query, target, wrangler } from "./lib/wrangler.mjs"

const USAGE = "usage: npm run seed -- <file.json> [--remote] [--env staging|production] [--dry-run]"

function parseArgs(argv) {
  const opts = { file: undefined, remote: false, dryRun: false, skipMigrations: false }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (arg === "--env" || arg === "-e") {
      // wrangler reads CLOUDFLARE_ENV like --env: every command below targets that environment's D1.
      if (!argv[i + 1]) throw new Error(`--env needs a name\n${USAGE}`)
      process.env.CLOUDFLARE_ENV = argv[++i]
    } else if (arg === "--remote") opts.remote = true
    else if (arg === "--local") opts.remote = false
    else if (arg === "--dry-run") opts.dryRun = true
    else if (arg === "--skip-migrations") opts.skipMigrations = true
    else if (arg === "-h" || arg === "--help") return null
    else if (arg.startsWith("-") || opts.file) throw new Error(`unexpected argument '${arg}'\n${USAGE}`)
    else opts.file = arg
  }
  if (!opts.file) throw new Error(USAGE)
  return opts
}

/** Bundles the runtime-neutral planner (src/seed) for Node and loads it. */
async function loadPlanner() {
  const outfile = path.join(ROOT, ".tmp", "seed-planner.mjs")
  await build({
    entryPoints: [path.join(ROOT, "src/seed/index.ts")],
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node20",
    outfile,
    logLevel: "error",
  })
  return import(`${pathToFileURL(outfile).href}?t=${Date.now()}`)
}

function readSeed(file) {
  let text
  try {
    text = readFileSync(path.resolve(process.cwd(), file), "utf8")
  } catch (err) {
    throw new Error(`cannot read ${file}: ${err.message}`)
  }
  try {
    return JSON.parse(text)
  } catch (err) {
    throw new Error(`${file} is not valid JSON: ${err.message}`)
  }
}

function printProblems(file, planner, err) {
  console.error(`✘ ${file} has ${err.problems.length} problem${err.problems.length === 1 ? "" : "s"}; nothing was written:`)
  console.error(planner.formatProblems(err.problems))
}

async function main() {
  const opts = parseArgs(process.argv.slice(2))
  if (!opts) return console.log(USAGE)
  const seed = readSeed(opts.file)
  const planner = await loadPlanner()
  const where = opts.remote ? "remote" : "local"
  // D1_PERSIST_TO (the e2e suite, the bench, the soak): say which local database, not the developer's.
  const state = !opts.remote && process.env.D1_PERSIST_TO ? ` in ${path.relative(process.cwd(), process.env.D1_PERSIST_TO) || "."}` : ""

  try {
    planner.parseSeed(seed)
  } catch (err) {
    if (err instanceof planner.SeedValidationError) {
      printProblems(opts.file, planner, err)
      return 1
    }
    throw err
  }

  if (!opts.skipMigrations) {
    console.log(`• applying pending migrations (${where})`)
    applyMigrations(opts.remote)
  }

  let plan
  try {
    plan = await planner.prepareSeedImport(seed, {
      now: new Date().toISOString(),
      query: async (statements) => query(statements, opts.remote),
    })
  } catch (err) {
    if (err instanceof planner.SeedValidationError) {
      printProblems(opts.file, planner, err)
      return 1
    }
    throw err
  }

  mkdirSync(path.join(ROOT, ".tmp"), { recursive: true })
  const sqlFile = path.join(ROOT, ".tmp", `seed-${path.basename(opts.file, ".json")}-${Date.now()}.sql`)
  writeFileSync(sqlFile, plan.statements.map((s) => `${s};\n`).join(""))
  const summary = Object.entries(plan.counts).map(([table, n]) => `${table} ${n}`).join(", ")
  console.log(`• planned ${plan.statements.length} statements: ${summary}`)
  if (opts.dryRun) {
    console.log(`• dry run: SQL written to ${path.relative(process.cwd(), sqlFile)}, nothing executed`)
    return 0
  }

  if (opts.remote) {
    // The import API runs the file while the database is blocked; Time Travel can restore the state before it.
    try {
      const info = JSON.parse(wrangler(["d1", "time-travel", "info", "DB", "--json"]))
      if (info.bookmark) console.log(`• to undo this import: npx wrangler d1 time-travel restore DB --bookmark=${info.bookmark}`)
    } catch {
      console.log("• (could not read a Time Travel bookmark)")
    }
  }
  console.log(`• executing ${path.relative(process.cwd(), sqlFile)} (${where})`)
  // Local: one atomic batch. Remote: D1's import API (see README "Loading data" for its failure behaviour).
  try {
    wrangler(["d1", "execute", "DB", target(opts.remote), "--file", sqlFile, "-y", "--json"])
  } catch (err) {
    console.error(`✘ executing the import failed; the SQL is kept at ${path.relative(process.cwd(), sqlFile)}`)
    throw err
  }
  rmSync(sqlFile, { force: true }) // kept only when execution fails, for inspection
  console.log(`✔ seeded ${opts.file} into the ${where} database${state}`)
  return 0
}

main().then(
  (code) => process.exit(code ?? 0),
  (err) => {
    console.error(err instanceof WranglerError ? err.message : `✘ ${err.message ?? err}`)
    process.exit(1)
  },
)
