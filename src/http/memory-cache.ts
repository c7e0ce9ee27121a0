/**
 * A small per-isolate cache in front of the Cache API. It makes a hit a Map lookup instead of a call into the data
 * center's cache, and it is what caches on *.workers.dev, where the Cache API stores nothing. Keys carry the
 * catalog version, so an entry never outlives a bump. Bounded whatever URLs clients send (an isolate has 128 MB):
 * - at most MAX_ENTRIES entries and MAX_BYTES counted over keys and bodies (plus a per-entry overhead); the oldest
 *   go first;
 * - a key longer than MAX_KEY_LENGTH is not kept (the answer is still served, and stored in the Cache API);
 * - expired entries are swept on a put at most every SWEEP_EVERY_MS, not only when their own key is read again.
 */
export interface MemoryEntry {
  body: string
  etag: string
  contentType: string | null
  expiresAtMs: number
}

const MAX_BYTES = 8 * 1024 * 1024
const MAX_ENTRIES = 2000
const MAX_KEY_LENGTH = 2048
/** The Map slot, the entry object and its etag/content type: what an entry costs beyond its key and body. */
const ENTRY_OVERHEAD_BYTES = 200
const SWEEP_EVERY_MS = 1000

export const MEMORY_LIMITS = {
  maxBytes: MAX_BYTES,
  maxEntries: MAX_ENTRIES,
  maxKeyLength: MAX_KEY_LENGTH,
  entryOverheadBytes: ENTRY_OVERHEAD_BYTES,
  sweepEveryMs: SWEEP_EVERY_MS,
} as const

const entries = new Map<string, MemoryEntry>()
let bytes = 0
let lastSweepMs = 0

const sizeOf = (key: string, entry: MemoryEntry) => key.length + entry.body.length + ENTRY_OVERHEAD_BYTES

export function memoryGet(key: string, nowMs: number): MemoryEntry | undefined {
  const entry = entries.get(key)
  if (!entry) return undefined
  if (entry.expiresAtMs <= nowMs) {
    memoryDelete(key)
    return undefined
  }
  return entry
}

export function memoryPut(key: string, entry: MemoryEntry, nowMs: number): void {
  if (nowMs - lastSweepMs >= SWEEP_EVERY_MS) sweep(nowMs)
  memoryDelete(key)
  // One huge page or URL must not flush everything else.
  if (key.length > MAX_KEY_LENGTH || sizeOf(key, entry) > MAX_BYTES / 8 || entry.expiresAtMs <= nowMs) return
  entries.set(key, entry)
  bytes += sizeOf(key, entry)
  // Map iteration is insertion order: the first keys are the oldest.
  for (const [old] of entries) {
    if (bytes <= MAX_BYTES && entries.size <= MAX_ENTRIES) break
    memoryDelete(old)
  }
}

function sweep(nowMs: number): void {
  lastSweepMs = nowMs
  for (const [key, entry] of entries) if (entry.expiresAtMs <= nowMs) memoryDelete(key)
}

function memoryDelete(key: string): void {
  const entry = entries.get(key)
  if (!entry) return
  entries.delete(key)
  bytes -= sizeOf(key, entry)
}

/** What the tier holds (unit tests assert the bounds). */
export function memoryStats(): { entries: number; bytes: number } {
  return { entries: entries.size, bytes }
}

/** Empties this isolate's tier (tests use it to reach the Cache API tier behind it). */
export function memoryClear(): void {
  entries.clear()
  bytes = 0
  lastSweepMs = 0
}
