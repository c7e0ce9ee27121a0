/**
 * The current catalog version (migrations/0015_catalog_version.sql), as an isolate learns it without a D1 read per
 * request: the last value read is reused for `maxAgeMs`. After a bump, an isolate keeps serving entries of the old
 * version for at most that long (CATALOG_VERSION_TTL); every isolate reads the primary once per window.
 *
 * The read goes to the primary and returns its bookmark: a catalog miss then reads through a session anchored at
 * that bookmark, so a replica that has not yet seen the bump cannot store pre-bump data under the new version.
 *
 * The same read returns the stock version (migrations/0027_stock_version.sql), which keys the answers that show
 * stock: learned the same way, and re-read at once when the data center reports a sale the memo predates.
 */

export interface CatalogVersion {
  version: number
  stock: number
  /** D1 bookmark of the read (null where the runtime has no replication, e.g. locally). */
  bookmark: string | null
  readAtMs: number
}

// Per isolate. Promises are not shared between requests (workerd forbids cross-request I/O), only the value.
let memo: CatalogVersion | undefined

export async function readCatalogVersion(db: D1Database, nowMs: number): Promise<CatalogVersion> {
  const session = db.withSession("first-primary")
  const row = await session
    .prepare("SELECT version, stock_version FROM catalog_version WHERE id = 1")
    .first<{ version: number; stock_version: number }>()
  // No row only on a database without migration 0015's insert: treat it as version 0 (still a consistent key).
  return { version: row?.version ?? 0, stock: row?.stock_version ?? 0, bookmark: session.getBookmark(), readAtMs: nowMs }
}

/**
 * The memoized version when it is younger than `maxAgeMs` and was read after `notBeforeMs` (a stock change this
 * data center reported), else a fresh read (`fresh: true` — it cost a round trip).
 */
export async function currentCatalogVersion(
  db: D1Database,
  maxAgeMs: number,
  nowMs: number,
  notBeforeMs = 0,
): Promise<CatalogVersion & { fresh: boolean }> {
  const known = memo
  if (known && nowMs - known.readAtMs < maxAgeMs && nowMs >= known.readAtMs && known.readAtMs > notBeforeMs) {
    return { ...known, fresh: false }
  }
  const read = await readCatalogVersion(db, nowMs)
  // A read that started earlier (and so may be older) must not overwrite a later one.
  if (!memo || read.readAtMs >= memo.readAtMs) memo = read
  return { ...read, fresh: true }
}

/** Ends this isolate's version window: the next catalog request re-reads both versions (tests use it). */
export function forgetCatalogVersion(): void {
  memo = undefined
}
