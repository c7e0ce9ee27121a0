import { spawnSync } from "node:child_process"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import path from "node:path"
import type { TestProject } from "vitest/node"

const ROOT = path.resolve(import.meta.dirname, "../..")

declare module "vitest" {
  export interface ProvidedContext {
    /** A local D1 state directory (wrangler's --persist-to layout), migrated and seeded with seed/demo.json. */
    seededState: string
  }
}

/**
 * Migrates and seeds one throwaway local D1 with the project's own script (`npm run seed -- seed/demo.json`),
 * pointed at a temporary directory instead of .wrangler/state. Each test file copies it and starts its own Worker.
 */
export default function setup(project: TestProject) {
  const dir = mkdtempSync(path.join(tmpdir(), "edge-medusa-e2e-"))
  const seeded = spawnSync(process.execPath, [path.join(ROOT, "scripts/seed.mjs"), path.join(ROOT, "seed/demo.json")], {
    cwd: ROOT,
    env: { ...process.env, D1_PERSIST_TO: dir },
    encoding: "utf8",
  })
  if (seeded.status !== 0) {
    rmSync(dir, { recursive: true, force: true })
    throw new Error(`seeding the e2e database failed:\n${seeded.stdout}\n${seeded.stderr}`)
  }
  project.provide("seededState", dir)
  return () => rmSync(dir, { recursive: true, force: true })
}
