// The built Worker in workerd through Miniflare's API: what production runs (the bundle `wrangler deploy` uploads,
// the same bindings), on a local D1 of the caller's and no `wrangler dev` proxy in front.
import { execFileSync, spawn } from "node:child_process"
import { once } from "node:events"
import { createWriteStream, readFileSync, readdirSync, rmSync, statSync } from "node:fs"
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
 * wrangler state directory whose local D1 it uses (the bench's or the soak's own, never `npm start`'s).
 */
export async function startWorker(root, build, port, stateDir) {
  const settings = wranglerSettings(root)
  const mf = new Miniflare({
    host: "127.0.0.1",
    port,
    modules: true,
    modulesRoot: path.dirname(build.entry),
    scriptPath: build.entry,
    compatibilityDate: settings.compatibilityDate,
    compatibilityFlags: settings.compatibilityFlags,
    // wrangler's --persist-to layout: <stateDir>/v3/d1.
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

/**
 * The local D1 of a wrangler state directory, without a Worker: a Miniflare instance with only the DB binding.
 * For fixtures and reads around a server that runs elsewhere (`npm run soak -- --target dev`); open it only while
 * that server is stopped, so two workerd processes never share the SQLite file.
 */
export async function openD1(root, stateDir) {
  const mf = new Miniflare({
    modules: true,
    script: "export default { fetch: () => new Response(null, { status: 404 }) }",
    compatibilityDate: wranglerSettings(root).compatibilityDate,
    d1Databases: { DB: wranglerSettings(root).databaseId },
    d1Persist: path.join(stateDir, "v3", "d1"),
  })
  await mf.ready
  return { mf, db: await mf.getD1Database("DB") }
}

/**
 * `npm start` itself (scripts/start.mjs: wrangler dev behind its front) on `stateDir` and `port`, its output in
 * `logFile`; resolves once GET /health answers 200, with the URL and a stop() that ends it and waits for the exit.
 */
export async function startLocalServer(root, { stateDir, port, logFile }) {
  const log = createWriteStream(logFile)
  const child = spawn(process.execPath, [path.join(root, "scripts/start.mjs")], {
    cwd: root,
    env: { ...process.env, D1_PERSIST_TO: stateDir, PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe"],
  })
  child.stdout.pipe(log)
  child.stderr.pipe(log)
  const exited = once(child, "exit")
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM")
      await exited
    }
  }
  const url = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 180_000
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode} before serving (see ${logFile})`)
      if (Date.now() > deadline) throw new Error(`npm start did not answer ${url}/health within 180 s (see ${logFile})`)
      const ok = await fetch(`${url}/health`).then((r) => r.status === 200, () => false)
      if (ok) return { url, stop }
      await new Promise((r) => setTimeout(r, 250))
    }
  } catch (err) {
    await stop()
    throw err
  }
}
