import { beforeEach, describe, expect, it } from "vitest"
import { MEMORY_LIMITS, memoryClear, memoryGet, memoryPut, memoryStats, type MemoryEntry } from "../../src/http/memory-cache"

const entry = (body: string, expiresAtMs: number): MemoryEntry => ({ body, etag: '"e"', contentType: "application/json", expiresAtMs })
const T0 = 1_000_000

beforeEach(() => memoryClear())

describe("the per-isolate memory tier", () => {
  it("counts the key toward the byte cap, not only the body", () => {
    const key = `/__catalog/v1/_/store/products?q=${"x".repeat(1500)}`
    memoryPut(key, entry("{}", T0 + 60_000), T0)
    expect(memoryStats()).toEqual({ entries: 1, bytes: key.length + 2 + MEMORY_LIMITS.entryOverheadBytes })
  })

  it("does not keep a key longer than the key cap (a 15 KB URL is answered, not remembered)", () => {
    const key = `/__catalog/v1/_/store/products?q=${"x".repeat(15_000)}`
    memoryPut(key, entry("{}", T0 + 60_000), T0)
    expect(memoryGet(key, T0)).toBeUndefined()
    expect(memoryStats()).toEqual({ entries: 0, bytes: 0 })
  })

  it("keeps at most maxEntries entries, dropping the oldest first", () => {
    const n = MEMORY_LIMITS.maxEntries + 25
    for (let i = 0; i < n; i++) memoryPut(`/k/${i}`, entry("{}", T0 + 60_000), T0)
    expect(memoryStats().entries).toBe(MEMORY_LIMITS.maxEntries)
    expect(memoryGet("/k/0", T0)).toBeUndefined()
    expect(memoryGet("/k/24", T0)).toBeUndefined()
    expect(memoryGet("/k/25", T0)?.body).toBe("{}")
    expect(memoryGet(`/k/${n - 1}`, T0)?.body).toBe("{}")
  })

  it("stays within the byte cap whatever mix of long keys and bodies is put", () => {
    const body = "b".repeat(4000)
    for (let i = 0; i < 5000; i++) memoryPut(`/k/${i}?${"q".repeat(1000)}`, entry(body, T0 + 60_000), T0)
    const { bytes, entries } = memoryStats()
    expect(bytes).toBeLessThanOrEqual(MEMORY_LIMITS.maxBytes)
    expect(entries).toBe(Math.floor(MEMORY_LIMITS.maxBytes / (`/k/4999?`.length + 1000 + 4000 + MEMORY_LIMITS.entryOverheadBytes)))
  })

  it("sweeps expired entries on a later put, not only when their own key is read again", () => {
    for (let i = 0; i < 100; i++) memoryPut(`/short/${i}`, entry("{}", T0 + 10_000), T0)
    memoryPut("/long", entry("{}", T0 + 3_600_000), T0)
    expect(memoryStats().entries).toBe(101)
    memoryPut("/later", entry("{}", T0 + 3_600_000), T0 + 10_000 + MEMORY_LIMITS.sweepEveryMs)
    expect(memoryStats().entries).toBe(2)
    expect(memoryGet("/long", T0 + 20_000)?.body).toBe("{}")
  })

  it("replaces an entry under the same key without counting it twice", () => {
    memoryPut("/k", entry("aaaa", T0 + 60_000), T0)
    memoryPut("/k", entry("bb", T0 + 60_000), T0)
    expect(memoryStats()).toEqual({ entries: 1, bytes: 2 + 2 + MEMORY_LIMITS.entryOverheadBytes })
    expect(memoryGet("/k", T0)?.body).toBe("bb")
  })
})
