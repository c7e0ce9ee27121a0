import { env } from "cloudflare:workers"
import { expect } from "vitest"
import type { ApiResponse } from "./api"
import { HOLD_PREFIX } from "../../src/providers/payment/test-pay"

/** Headers that ask the test Worker (FAULTS=on in vitest.config.ts) for a fault: see src/faults/plan.ts. */
export const fault = (spec: string, headers: Record<string, string> = {}) => ({ headers: { ...headers, "x-fault": spec } })

/** What a request failed by an injected D1 fault answers: v1's opaque 500 in Medusa's error shape, no stack. */
export const D1_FAULT_BODY = { code: "unknown_error", type: "unknown_error", message: "An unknown error occurred." }

export function expectCleanD1Failure(res: ApiResponse): void {
  expect(res.status).toBe(500)
  expect(res.body).toEqual(D1_FAULT_BODY)
  expect(JSON.stringify(res.body)).not.toMatch(/D1_ERROR|injected|at \w+ \(/)
}

// Tables whose rows a failed request may legitimately leave: none of the store's data (see each use).
const INTERNAL = /^(_cf_|d1_|sqlite_)/

/** Every row of every table, to prove a failed request persisted nothing (before/after equal). */
export async function snapshotDb(except: readonly string[] = []): Promise<Record<string, string[]>> {
  const { results: tables } = await env.DB.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all<{ name: string }>()
  const names = tables.map((t) => t.name).filter((name) => !INTERNAL.test(name) && !except.includes(name))
  const reads = await env.DB.batch(names.map((name) => env.DB.prepare(`SELECT * FROM "${name}"`)))
  // Sorted by content: some tables have no rowid (WITHOUT ROWID, full-text search shadows).
  return Object.fromEntries(names.map((name, i) => [name, (reads[i]?.results ?? []).map((row) => JSON.stringify(row)).sort()]))
}

/** The rows each table gained or lost between two snapshots ({} when nothing changed), for readable failures. */
export function changes(before: Record<string, string[]>, after: Record<string, string[]>) {
  const out: Record<string, { added: string[]; removed: string[] }> = {}
  for (const table of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const was = new Set(before[table] ?? [])
    const now = new Set(after[table] ?? [])
    const added = [...now].filter((row) => !was.has(row))
    const removed = [...was].filter((row) => !now.has(row))
    if (added.length || removed.length) out[table] = { added, removed }
  }
  return out
}

/**
 * A fake payment provider's own ledger, at fetch: test-pay's `notify_url` (under HOLD_PREFIX) is called on every
 * authorization with the request's Idempotency-Key. Like a real provider it charges once per key, however often it
 * is asked — `charges` per URL holds the distinct keys, `calls` counts the calls. `install()` in beforeAll,
 * `restore()` in afterAll.
 */
export function providerLedger() {
  const originalFetch = globalThis.fetch
  const charges = new Map<string, Set<string>>()
  const calls = new Map<string, number>()
  return {
    charges,
    calls,
    install() {
      globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
        const url = input instanceof Request ? input.url : String(input)
        if (!url.startsWith(HOLD_PREFIX)) return originalFetch(input, init)
        calls.set(url, (calls.get(url) ?? 0) + 1)
        const key = new Headers(init?.headers).get("idempotency-key") ?? crypto.randomUUID()
        charges.set(url, new Set([...(charges.get(url) ?? []), key]))
        return new Response("ok")
      }) as typeof fetch
    },
    restore() {
      globalThis.fetch = originalFetch
    },
  }
}
