// The write half of `npm run seed`, shared with `npm run import:medusa`: validate a seed document, apply migrations,
// plan against what the database holds, write the SQL to .tmp/ and run it with wrangler (or stop there on --dry-run).
import { build } from "esbuild"
import { mkdirSync, rmSync, writeFileSync } from "node:fs"
import path from "node:path"
import { pathToFileURL } from "node:url"
import { ROOT, applyMigrations, query, target, wrangler } from "./wrangler.mjs"

/** Bundles a runtime-neutral TypeScript entry (src/seed/…) for Node and loads it. */
export async function loadBundle(entry, name) {
  const outfile = path.join(ROOT, ".tmp", `${name}.mjs`)
  await build({
    entryPoints: [path.join(ROOT, entry)],
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node20",
    outfile,
    logLevel: "error",
  })
  return import(`${pathToFileURL(outfile).href}?t=${Date.now()}`)
}

export const loadPlanner = () => loadBundle("src/seed/index.ts", "seed-planner")

/**
 * Seeds `seed` (already parsed JSON). `printProblems(problems)` reports a SeedValidationError; returns the exit code.
 * opts: { label, remote, dryRun, skipMigrations }
 */
export async function runSeed(planner, seed, opts, printProblems) {
  const where = opts.remote ? "remote" : "local"
  try {
    planner.parseSeed(seed)
  } catch (err) {
    if (err instanceof planner.SeedValidationError) {
      printProblems(err.problems)
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
      printProblems(err.problems)
      return 1
    }
    throw err
  }

  mkdirSync(path.join(ROOT, ".tmp"), { recursive: true })
  const sqlFile = path.join(ROOT, ".tmp", `seed-${opts.label}-${Date.now()}.sql`)
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
  return 0
}
