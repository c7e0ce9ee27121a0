/**
 * Catalog reference rows a request needs but no shopper owns — a new cart's region (with its countries, currency,
 * providers and tax rates) and its sales channel — remembered per isolate under the catalog version they were read
 * at. A version bump (migration 0015's triggers fire on every table these rows come from) retires all of them; an
 * isolate learns of a bump within CATALOG_VERSION_TTL seconds, as the catalog cache does. Values are handed out as
 * copies, so a request that edits what it got cannot change what the next one gets.
 */
const MAX_ENTRIES = 256
const entries = new Map<string, unknown>()
let entriesVersion: number | undefined

export interface ReferenceMemo {
  get<T>(key: string): T | undefined
  set<T>(key: string, value: T): void
}

/** The memo for `version` (entries of another version are dropped first). */
export function referenceMemo(version: number): ReferenceMemo {
  if (entriesVersion !== version) {
    entries.clear()
    entriesVersion = version
  }
  return {
    get: <T>(key: string) => {
      const value = entries.get(key) as T | undefined
      return value === undefined ? undefined : structuredClone(value)
    },
    set: <T>(key: string, value: T) => {
      // The version may have moved on while this request read: store only under the version still current here.
      if (entriesVersion !== version) return
      if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value as string)
      entries.set(key, structuredClone(value))
    },
  }
}
