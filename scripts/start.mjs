#!/usr/bin/env node
// npm start: apply local migrations, load seed/demo.json into an empty local database (one without regions),
// then serve http://127.0.0.1:$PORT (default 8787) in the foreground: `wrangler dev` on a private port behind a small
// front (scripts/lib/dev-front.mjs) that resends the requests wrangler's proxy drops.
// npm run dev (--serve-only): only `wrangler dev`, no migrations, no seeding, no .dev.vars.
// D1_PERSIST_TO=<dir> serves (and migrates, seeds) that wrangler state directory instead of .wrangler/state.
import { spawn, spawnSync } from "node:child_process"
import { copyFileSync, existsSync } from "node:fs"
import path from "node:path"
import { freePort, reloadCounter, startFront } from "./lib/dev-front.mjs"
import { devArgs, resolvePort } from "./lib/local.mjs"
import { ROOT, WranglerError, applyMigrations, wrangler } from "./lib/wrangler.mjs"

function regionCount() {
  const out = wrangler(["d1", "execute", "DB", "--local", "--command", "SELECT COUNT(*) AS n FROM region", "--json"])
  const [result] = JSON.parse(out.slice(out.indexOf("[")))
  return Number(result?.results?.[0]?.n ?? 0)
}

function prepare() {
  // Local secrets (JWT_SECRET): .dev.vars is gitignored; start from the committed dev-only example.
  if (!existsSync(path.join(ROOT, ".dev.vars"))) {
    copyFileSync(path.join(ROOT, ".dev.vars.example"), path.join(ROOT, ".dev.vars"))
    console.log("• created .dev.vars from .dev.vars.example (dev-only secrets)")
  }
  console.log("• applying pending migrations (local)")
  applyMigrations(false)
  if (regionCount() === 0) {
    console.log("• empty database: loading seed/demo.json")
    const seeded = spawnSync(process.execPath, [path.join(ROOT, "scripts/seed.mjs"), path.join(ROOT, "seed/demo.json"), "--skip-migrations"], {
      cwd: ROOT, // D1_PERSIST_TO passes on with the environment
      stdio: "inherit",
    })
    if (seeded.status !== 0) process.exit(seeded.status ?? 1)
  } else {
    console.log("• database already has regions: skipping the demo seed")
  }
}

async function main() {
  const port = resolvePort(process.env) // before anything runs: a bad PORT stops here
  if (!process.argv.includes("--serve-only")) prepare()

  // wrangler's bin wrapper does not forward SIGTERM to the real CLI, so `kill <npm start pid>` would leave the dev
  // server (and workerd) running. Start the CLI itself and pass signals on; it shuts workerd down.
  const cli = path.join(ROOT, "node_modules/wrangler/wrangler-dist/cli.js")
  const wranglerPort = await freePort()
  // The front first: a PORT in use stops here, before wrangler starts.
  const reloads = reloadCounter()
  await startFront({
    port,
    upstreamPort: wranglerPort,
    reloads,
    onResend: (method, url, attempt) => console.log(`• resent ${method} ${url} (attempt ${attempt + 1}): wrangler's proxy dropped it before the Worker saw it`),
    onPassOn: (method, url, why) => console.log(`• ${method} ${url}: wrangler's 503 passed on (${why})`),
  })
  console.log(`• serving http://127.0.0.1:${port} (wrangler dev behind it on :${wranglerPort})`)
  const dev = spawn(process.execPath, ["--no-warnings", "--experimental-vm-modules", cli, ...devArgs(process.env, wranglerPort)], {
    cwd: ROOT,
    stdio: ["inherit", "pipe", "pipe"],
  })
  // wrangler's output passes through; the front counts the reloads in it.
  dev.stdout.on("data", (chunk) => {
    reloads.feed(chunk.toString("utf8"))
    process.stdout.write(chunk)
  })
  dev.stderr.on("data", (chunk) => {
    reloads.feed(chunk.toString("utf8"), "stderr")
    process.stderr.write(chunk)
  })
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
    process.on(signal, () => dev.kill(signal))
  }
  // `npm start` killed by pid does not always pass the signal on; stop with the parent instead of lingering.
  const parent = process.ppid
  const watchdog = setInterval(() => {
    if (process.ppid !== parent) dev.kill("SIGTERM")
  }, 1000)
  dev.on("exit", (code, signal) => {
    clearInterval(watchdog)
    process.exit(code ?? (signal ? 1 : 0))
  })
}

main().catch((err) => {
  console.error(err instanceof WranglerError ? err.message : `✘ ${err.message ?? err}`)
  process.exit(1)
})
