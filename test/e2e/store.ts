import { cpSync, mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import path from "node:path"
import Medusa from "@medusajs/medusa-js"
import { unstable_startWorker } from "wrangler"

const ROOT = path.resolve(import.meta.dirname, "../..")

export interface RunningStore {
  /** e.g. http://127.0.0.1:41234 */
  baseUrl: string
  stop: () => Promise<void>
}

/** Starts the Worker (wrangler.toml, real workerd, D1 and Durable Objects) on a free port over a copy of `seeded`. */
export async function startStore(seeded: string): Promise<RunningStore> {
  const state = mkdtempSync(path.join(tmpdir(), "edge-medusa-e2e-run-"))
  cpSync(seeded, state, { recursive: true })
  const worker = await unstable_startWorker({
    config: path.join(ROOT, "wrangler.toml"),
    // The committed dev-only secrets (JWT_SECRET, ADMIN_API_TOKEN), as `npm start` uses them through .dev.vars.
    envFiles: [path.join(ROOT, ".dev.vars.example")],
    dev: {
      persist: state,
      server: { hostname: "127.0.0.1", port: 0 },
      inspector: false,
      watch: false,
      logLevel: "warn",
    },
  })
  await worker.ready
  const url = await worker.url
  return {
    baseUrl: url.origin,
    stop: async () => {
      await worker.dispose()
      rmSync(state, { recursive: true, force: true })
    },
  }
}

/** One request attempt as the client sent it (retries included). */
export interface Attempt {
  method: string
  url: string
  idempotencyKey: string | undefined
  /** 0 for the first attempt, n for the n-th retry. */
  retry: number
}

interface RaxConfig {
  currentRetryAttempt?: number
}
interface RequestConfig {
  method?: string
  url?: string
  headers?: Record<string, string | undefined>
  raxConfig?: RaxConfig
}
/** The part of medusa-js's Client this suite looks at: its axios instance (to record attempts). */
interface ClientInternals {
  axiosClient: { interceptors: { request: { use: (onRequest: (config: RequestConfig) => RequestConfig) => void } } }
}

/**
 * The official client as a storefront configures it: `maxRetries` makes it send an `Idempotency-Key` with every POST
 * and retry 409s and 5xx with the same key. Every attempt is recorded in `attempts`.
 */
export function storefrontClient(baseUrl: string, opts: { publishableApiKey?: string } = {}) {
  const medusa = new Medusa({ baseUrl, maxRetries: 3, ...(opts.publishableApiKey ? { publishableApiKey: opts.publishableApiKey } : {}) })
  const attempts: Attempt[] = []
  ;(medusa.client as unknown as ClientInternals).axiosClient.interceptors.request.use((config) => {
    attempts.push({
      method: (config.method ?? "get").toUpperCase(),
      url: config.url ?? "",
      idempotencyKey: config.headers?.["Idempotency-Key"],
      retry: config.raxConfig?.currentRetryAttempt ?? 0,
    })
    return config
  })
  return { medusa, attempts }
}
