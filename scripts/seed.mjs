#!/usr/bin/env node
// npm run seed -- <file.json> [--remote] [--dry-run]
//
// Loads a Medusa v1 seed file (plus this project's extensions, README "Loading data") into the local D1 database
// (default) or the remote one. The whole file is validated first — every problem is printed with its JSON path
// and nothing is written. Re-running the same file changes nothing.
import { readFileSync } from "node:fs"
import path from "node:path"
import { loadPlanner, runSeed } from "./lib/seed-run.mjs"
import { WranglerError } from "./lib/wrangler.mjs"

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

function printProblems(file, planner, problems) {
  console.error(`✘ ${file} has ${problems.length} problem${problems.length === 1 ? "" : "s"}; nothing was written:`)
  console.error(planner.formatProblems(problems))
}

async function main() {
  const opts = parseArgs(process.argv.slice(2))
  if (!opts) return console.log(USAGE)
  const seed = readSeed(opts.file)
  const planner = await loadPlanner()
  const label = path.basename(opts.file, ".json")
  const code = await runSeed(planner, seed, { ...opts, label }, (problems) => printProblems(opts.file, planner, problems))
  // D1_PERSIST_TO (the e2e suite, the bench, the soak): say which local database, not the developer's.
  const state = !opts.remote && process.env.D1_PERSIST_TO ? ` in ${path.relative(process.cwd(), process.env.D1_PERSIST_TO) || "."}` : ""
  if (code === 0 && !opts.dryRun) console.log(`✔ seeded ${opts.file} into the ${opts.remote ? "remote" : "local"} database${state}`)
  return code
}

main().then(
  (code) => process.exit(code ?? 0),
  (err) => {
    console.error(err instanceof WranglerError ? err.message : `✘ ${err.message ?? err}`)
    process.exit(1)
  },
)
