import { sql, type SQL } from "drizzle-orm"
import type { Database } from "../env"

/** The message SQLite raises when a guard fires; the batch it was in is rolled back entirely. */
export const GUARD_FAILED = "NOT NULL constraint failed: write_guard.ok"

/**
 * A statement for a `db.batch()` that aborts the whole batch when `failWhen` is true (D1 has no interactive
 * transactions; a batch is one transaction, and this turns a condition into a rollback).
 */
export function abortBatchIf(db: Database, failWhen: SQL) {
  return db.run(sql`INSERT INTO write_guard (ok) SELECT NULL WHERE ${failWhen}`)
}

export function isGuardFailure(err: unknown): boolean {
  const message = err instanceof Error ? `${err.message} ${String((err as { cause?: unknown }).cause ?? "")}` : String(err)
  return message.includes(GUARD_FAILED)
}
