#!/usr/bin/env node
// npm run deploy -- --env staging|production [--skip-tests] [--dry-run]
//
// The safe path to a deployed environment (README "Deploying"): refuse a placeholder database id, typecheck, run the
// test suite, check that the required secrets are set, apply pending D1 migrations to the environment's remote
// database (forward-only and additive, so the running version keeps working with the new schema), deploy, then ask
// the new deployment's /health. Each step stops the run on failure; nothing after it happens.
import { spawnSync } from "node:child_process"
import { unstable_readConfig } from "wrangler"
import path from "node:path"
import { ROOT, wrangler } from "./lib/wrangler.mjs"

const USAGE = "usage: npm run deploy -- --env staging|production [--skip-tests] [--dry-run]"
const PLACEHOLDER_ID = "00000000-0000-0000-0000-000000000000"
// Secrets the Worker refuses to run well without in a deployed environment (add yours here).
const REQUIRED_SECRETS = ["JWT_SECRET"]

function parseArgs(argv) {
  const opts = { env: undefined, skipTests: false, dryRun: false }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (arg === "--env" || arg === "-e") opts.env = argv[++i]
    else if (arg === "--skip-tests") opts.skipTests = true
    else if (arg === "--dry-run") opts.dryRun = true
    else throw new Error(`unexpected argument '${arg}'\n${USAGE}`)
  }
  if (!opts.env) throw new Error(`choose an environment; the top level of wrangler.toml is for local development\n${USAGE}`)
  return opts
}

function step(title, command, args) {
  console.log(`• ${title}`)
  const result = spawnSync(command, args, { cwd: ROOT, stdio: "inherit", env: process.env })
  if (result.status !== 0) throw new Error(`${title} failed (exit ${result.status})`)
}

async function main() {
  const opts = parseArgs(process.argv.slice(2))
  process.env.CLOUDFLARE_ENV = opts.env // every wrangler call below targets this environment
  const config = unstable_readConfig({ config: path.join(ROOT, "wrangler.toml"), env: opts.env })
  const db = config.d1_databases.find((d) => d.binding === "DB")
  if (!db) throw new Error(`[env.${opts.env}] has no D1 binding "DB"`)
  if (db.database_id === PLACEHOLDER_ID) {
    throw new Error(`[env.${opts.env}] still has the placeholder database_id: run \`npx wrangler d1 create ${db.database_name}\` and paste its id`)
  }
  step("typecheck", "npm", ["run", "typecheck"])
  if (!opts.skipTests) step("test suite", "npm", ["test"])
  if (opts.dryRun) {
    step("build (dry run, nothing uploaded)", "npx", ["wrangler", "deploy", "--dry-run", "--outdir", ".tmp/deploy-dry-run"])
    return
  }
  console.log("• required secrets")
  const secrets = JSON.parse(wrangler(["secret", "list", "--format", "json"])).map((s) => s.name)
  const missing = REQUIRED_SECRETS.filter((name) => !secrets.includes(name))
  if (missing.length) throw new Error(`missing secrets in ${opts.env}: ${missing.map((n) => `npx wrangler secret put ${n} --env ${opts.env}`).join("; ")}`)
  step(`D1 migrations (${db.database_name}, remote)`, "npx", ["wrangler", "d1", "migrations", "apply", "DB", "--remote"])
  console.log("• deploy")
  const out = wrangler(["deploy"])
  process.stdout.write(out)
  const url = out.match(/https:\/\/\S+\.workers\.dev/)?.[0]
  if (!url) return console.log("• no workers.dev URL in the output (custom domain only?): check /health yourself")
  const res = await fetch(`${url}/health`)
  console.log(`• ${url}/health → ${res.status} ${await res.text()}`)
  if (!res.ok) throw new Error(`the new deployment is unhealthy; roll back with: npx wrangler rollback --env ${opts.env}`)
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(`✘ ${err.message ?? err}`)
    process.exit(1)
  },
)
