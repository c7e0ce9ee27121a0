// Runs wrangler non-interactively (CI=true skips every confirmation prompt) from the project root.
import { spawn, spawnSync } from "node:child_process"
import { mkdirSync, rmSync, writeFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import path from "node:path"

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..")
const NPX = process.platform === "win32" ? "npx.cmd" : "npx"
// Read per call: a script may select an environment (CLOUDFLARE_ENV, wrangler's equivalent of --env) after import.
const wranglerEnv = () => ({ ...process.env, CI: "true", WRANGLER_SEND_METRICS: "false" })

export class WranglerError extends Error {
  constructor(args, result) {
    super(`wrangler ${args.join(" ")} failed (exit ${result.status})\n${result.stdout ?? ""}${result.stderr ?? ""}`.trim())
  }
}

/**
 * D1_PERSIST_TO=<dir> points every local D1 command at another state directory than `.wrangler/state` (the e2e
 * suite seeds a throwaway database this way; `wrangler dev --persist-to <dir>` serves it).
 */
const withPersistTo = (args) =>
  process.env.D1_PERSIST_TO && args.includes("--local") ? [...args, "--persist-to", process.env.D1_PERSIST_TO] : args

/** Runs `npx wrangler …args`, capturing output; throws WranglerError on a non-zero exit. */
export function wrangler(rawArgs) {
  const args = withPersistTo(rawArgs)
  const result = spawnSync(NPX, ["wrangler", ...args], { cwd: ROOT, env: wranglerEnv(), encoding: "utf8", maxBuffer: 512 * 1024 * 1024 })
  if (result.error) throw result.error
  if (result.status !== 0) throw new WranglerError(args, result)
  return result.stdout
}

/** Runs `npx wrangler …args` with the terminal attached; resolves with its exit code. */
export function wranglerInteractive(rawArgs) {
  const args = withPersistTo(rawArgs)
  return new Promise((resolve, reject) => {
    const child = spawn(NPX, ["wrangler", ...args], { cwd: ROOT, env: wranglerEnv(), stdio: "inherit" })
    child.on("error", reject)
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)))
  })
}

/** `--local` or `--remote`. */
export const target = (remote) => (remote ? "--remote" : "--local")

/** Applies pending migrations (no prompt: wrangler skips confirmation when CI is set). */
export function applyMigrations(remote) {
  return wrangler(["d1", "migrations", "apply", "DB", target(remote)])
}

/**
 * Executes read-only SQL through `wrangler d1 execute --json`; returns each statement's rows.
 * Locally one `--file` run answers everything; remotely `--file` goes through D1's import API, which returns no
 * rows, so the statements are sent with `--command` in batches.
 */
export function query(statements, remote) {
  if (!statements.length) return []
  if (!remote) {
    mkdirSync(path.join(ROOT, ".tmp"), { recursive: true })
    const file = path.join(ROOT, ".tmp", `seed-lookup-${process.pid}.sql`)
    writeFileSync(file, statements.map((s) => `${s};\n`).join(""))
    try {
      const stdout = wrangler(["d1", "execute", "DB", "--local", "--json", "--file", file])
      return JSON.parse(stdout.slice(stdout.indexOf("["))).map((result) => result.results ?? [])
    } finally {
      rmSync(file, { force: true })
    }
  }
  const out = []
  // One invocation per ~90 KB of SQL: a single argv string may not exceed 128 KB on Linux.
  let batch = []
  let size = 0
  const flush = () => {
    if (!batch.length) return
    const stdout = wrangler(["d1", "execute", "DB", target(remote), "--json", "--command", batch.join(";\n")])
    const json = JSON.parse(stdout.slice(stdout.indexOf("[")))
    for (const result of json) out.push(result.results ?? [])
    batch = []
    size = 0
  }
  for (const sql of statements) {
    const bytes = Buffer.byteLength(sql) + 2
    if (batch.length && size + bytes > 90_000) flush()
    batch.push(sql)
    size += bytes
  }
  flush()
  return out
}
