import { sql, type SQL } from "drizzle-orm"
import type { SQLiteColumn } from "drizzle-orm/sqlite-core"

/**
 * `column IN (…ids)` bound as ONE parameter (a JSON array read by json_each). D1 allows at most 100 bound
 * parameters per statement, so a page of 100 products must never expand into 100 placeholders.
 */
export function inList(column: SQLiteColumn | SQL, values: readonly (string | number)[]): SQL {
  return sql`${column} IN (SELECT value FROM json_each(${JSON.stringify(values)}))`
}
