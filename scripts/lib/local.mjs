// Where the local tools point: the port `npm start` / `npm run dev` serve on, and the D1 state each tool works on.
// No file system, no process globals: scripts pass process.env in, and test/e2e/local-tooling.test.ts checks the rules.
import path from "node:path"

export const DEFAULT_PORT = 8787

/** `PORT` from the environment (default 8787); anything but a whole number 1–65535 is refused, not guessed at. */
export function resolvePort(env) {
  const raw = env.PORT
  if (raw === undefined || raw.trim() === "") return DEFAULT_PORT
  const port = Number(raw)
  if (!/^\d+$/.test(raw.trim()) || port < 1 || port > 65535) throw new Error(`PORT must be a whole number from 1 to 65535, not '${raw}'`)
  return port
}

/** The URL of the server `npm start` runs with this environment. */
export const localUrl = (env) => `http://127.0.0.1:${resolvePort(env)}`

/**
 * `wrangler dev`'s arguments under `npm start` / `npm run dev`: its private loopback port behind the front
 * (scripts/lib/dev-front.mjs serves PORT), and `--persist-to` when D1_PERSIST_TO is set.
 */
export function devArgs(env, wranglerPort) {
  const args = ["dev", "--ip", "127.0.0.1", "--port", String(wranglerPort)]
  if (env.D1_PERSIST_TO) args.push("--persist-to", env.D1_PERSIST_TO)
  return args
}

/**
 * The bench's and the soak's own state: a wrangler state directory under .wrangler/<tool> (wrangler's `--persist-to`
 * layout), never `.wrangler/state`, which is the database `npm start` and `npm run seed` keep for the developer.
 * Under .wrangler, which `wrangler dev` does not watch: writing there never reloads a running `npm start`.
 */
export function toolStateDir(root, tool) {
  if (!/^[a-z][a-z0-9-]*$/.test(tool) || tool === "state" || tool === "tmp") throw new Error(`not a tool name: '${tool}'`)
  return path.join(root, ".wrangler", tool)
}

/** The environment for a child script (seed.mjs, start.mjs) that must use `stateDir` instead of the developer's D1. */
export const withState = (env, stateDir) => ({ ...env, D1_PERSIST_TO: stateDir })
