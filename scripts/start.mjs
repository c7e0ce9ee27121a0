#!/usr/bin/env node
// npm start: apply local migrations, load seed/demo.json into an empty local database (one without regions),
// then run `wrangler dev --port 8787` in the foreground.
import { spawn, spawnSync } from "node:child_process"
import { copyFileSync, existsSync } from "node:fs"
import path from "node:path"
import { ROOT, WranglerError, applyMigrations, wrangler } from "./lib/wrangler.mjs"

function regionCount() {
  const out = wrangler(["d1", "execute", "DB", "--local", "--command", "SELECT COUNT(*) AS n FROM region", "--json"])
  const [result] = JSON.parse(out.slice(out.indexOf("[")))
  return Number(result?.results?.[0]?.n ?? 0)
}

function main() {
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
      cwd: ROOT,
      stdio: "inherit",
    })
    if (seeded.status !== 0) process.exit(seeded.status ?? 1)
  } else {
    console.log("• database already has regions: skipping the demo seed")
  }

  // wrangler's bin wrapper does not forward SIGTERM to the real CLI, so `kill <npm start pid>` would leave the dev
  // server (and workerd) running. Start the CLI itself and pass signals on; it shuts workerd down.
  const cli = path.join(ROOT, "node_modules/wrangler/wrangler-dist/cli.js")
  const dev = spawn(process.execPath, ["--no-warnings", "--experimental-vm-modules", cli, "dev", "--port", "8787"], {
    cwd: ROOT,
    stdio: "inherit",
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

try {
  main()
} catch (err) {
  console.error(err instanceof WranglerError ? err.message : `✘ ${err.message ?? err}`)
  process.exit(1)
}
