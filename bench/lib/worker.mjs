// The built Worker in workerd through Miniflare's API: what production runs (the bundle `wrangler deploy` uploads,
// the same bindings), with the local D1 that `npm start` uses and no `wrangler dev` proxy in front.
import { execFileSync } from "node:child_process"
import { readFileSync, readdirSync, rmSync, statSync } from "node:fs"
import { gzipSync } from "node:zlib"
import path from "node:path"
import { Miniflare } from "miniflare"

const NPX = process.platform === "win32" ? "npx.cmd" : "npx"

/** `wrangler deploy --dry-run --outdir`: the upload bundle, and its gzipped size (what counts against the limit). */
export function buildWorker(root) {
  const outdir = path.join(root, ".tmp", "bench-build")
  rmSync(outdir, { recursive: true, force: true })
  execFileSync(NPX, ["wrangler", "deploy", "--dry-run", "--outdir", outdir], {
    cwd: root,
    env: { ...process.env, CI: "true", WRANGLER_SEND_METRICS: "false" },
    stdio: "pipe",
  })
  const files = readdirSync(outdir).filter((f) => !f.endsWith(".map"))
  const bytes = files.map((f) => readFileSync(path.join(outdir, f)))
  return {
    entry: path.join(outdir, "index.js"),
    rawBytes: bytes.reduce((n, b) => n + b.length, 0),
    gzipBytes: bytes.reduce((n, b) => n + gzipSync(b, { level: 9 }).length, 0),
    files: files.map((f) => `${f} ${statSync(path.join(outdir, f)).size} B`),
  }
}

/** wrangler.toml's few settings the bench needs (parsed by hand: the file is flat and ours). */
function wranglerSettings(root) {
  const toml = readFileSync(path.join(root, "wrangler.toml"), "utf8")
  const str = (key) => toml.match(new RegExp(`^${key}\\s*=\\s*"([^"]*)"`, "m"))?.[1]
  return {
    compatibilityDate: str("compatibility_date"),
    compatibilityFlags: [...(toml.match(/^compatibility_flags\s*=\s*\[([^\]]*)\]/m)?.[1].matchAll(/"([^"]+)"/g) ?? [])].map((m) => m[1]),
    databaseId: str("database_id"),
  }
}

/**
 * Starts the bundle in workerd on 127.0.0.1:`port`; resolves with the Miniflare instance and its URL. `stateDir` is the
 * wrangler state directory whose local D1 it uses (default: `npm start`'s `.wrangler/state`).
 */
export async function startWorker(root, build, port, stateDir = path.join(root, ".wrangler", "state")) {
  const settings = wranglerSettings(root)
  const mf = new Miniflare({
    host: "127.0.0.1",
    port,
    modules: true,
    modulesRoot: path.dirname(build.entry),
    scriptPath: build.entry,
    compatibilityDate: settings.compatibilityDate,
    compatibilityFlags: settings.compatibilityFlags,
    // The same local database as `npm start` / `npm run seed` (wrangler keeps it under .wrangler/state/v3).
    d1Databases: { DB: settings.databaseId },
    d1Persist: path.join(stateDir, "v3", "d1"),
    durableObjects: { CART: { className: "CartCoordinator", useSQLite: true } },
    bindings: { EXPOSE_D1_COUNT: "true", MAX_BODY_BYTES: "1048576", STORE_CORS: "http://localhost:8000", JWT_SECRET: "bench-only-jwt-secret-0123456789abcdef" },
    // One JSON log line per request would cost the measured process its console; errors still show.
    handleRuntimeStdio(stdout, stderr) {
      stdout.resume()
      stderr.pipe(process.stderr)
    },
  })
  const url = await mf.ready
  return { mf, url: url.toString().replace(/\/$/, "") }
}
