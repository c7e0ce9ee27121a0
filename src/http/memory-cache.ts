/**
 * A small per-isolate cache in front of the Cache API. It makes a hit a Map lookup instead of a call into the data
 * center's cache, and it is what caches on *.workers.dev, where the Cache API stores nothing. Keys carry the
 * catalog version, so an entry never outlives a bump; entries also expire with their TTL, and the oldest are
 * dropped once the bodies exceed MAX_BYTES (an isolate has 128 MB).
 */
export interface MemoryEntry {
  body: string
  etag: string
  contentType: string | null
  expiresAtMs: number
}

const MAX_BYTES = 8 * 1024 * 1024
const entries = new Map<string, MemoryEntry>()
let bytes = 0

export function memoryGet(key: string, nowMs: number): MemoryEntry | undefined {
  const entry = entries.get(key)
  if (!entry) return undefined
  if (entry.expiresAtMs <= nowMs) {
    memoryDelete(key)
    return undefined
  }
  return entry
}

export function memoryPut(key: string, entry: MemoryEntry): void {
  if (entry.body.length > MAX_BYTES / 8) return // one huge page must not flush everything else
  memoryDelete(key)
  entries.set(key, entry)
  bytes += entry.body.length
  // Map iteration is insertion order: the first keys are the oldest.
  for (const [old] of entries) {
    if (bytes <= MAX_BYTES) break
    memoryDelete(old)
  }
}

function memoryDelete(key: string): void {
  const entry = entries.get(key)
  if (!entry) return
  entries.delete(key)
  bytes -= entry.body.length
}

/** Empties this isolate's tier (tests use it to reach the Cache API tier behind it). */
export function memoryClear(): void {
  entries.clear()
  bytes = 0
}
