import { sql, type SQL } from "drizzle-orm"
import { isConstraintFailure } from "./errors"

/**
 * D1 has no interactive transactions, but a `db.batch()` is one transaction: if any statement fails, none applies.
 * A guarded update turns a condition into such a failure: it writes NULL into a NOT NULL column when the condition
 * does not hold, SQLite raises "NOT NULL constraint failed", and the whole batch rolls back.
 *
 * @example set({ version: guardedValue(sql`version = ${v}`, sql`version + 1`) }) // optimistic version check
 */
export function guardedValue(condition: SQL, value: SQL): SQL {
  return sql`CASE WHEN ${condition} THEN ${value} ELSE NULL END`
}

/** True when a batch failed because a guarded update's condition did not hold (on the given table.column). */
export function isGuardFailure(err: unknown, column?: string): boolean {
  return isConstraintFailure(err, "NOT NULL", column)
}
