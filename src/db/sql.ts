import { sql, type SQL, type SQLWrapper } from "drizzle-orm"
import type { SQLiteColumn } from "drizzle-orm/sqlite-core"

/**
 * `column IN (…ids)` bound as ONE parameter (a JSON array read by json_each). D1 allows at most 100 bound
 * parameters per statement, so a page of 100 products must never expand into 100 placeholders.
 */
export function inList(column: SQLiteColumn | SQL, values: readonly (string | number)[]): SQL {
  return sql`${column} IN (SELECT value FROM json_each(${JSON.stringify(values)}))`
}

/** Which rows a statement is about: a list of ids, or a subquery selecting them (so it can share a batch). */
export type IdSet = readonly string[] | SQLWrapper

/** `column IN ids`: the list bound as one parameter (inList), or the subquery inlined. */
export function isIn(column: SQLiteColumn | SQL, ids: IdSet): SQL {
  return Array.isArray(ids) ? inList(column, ids as readonly string[]) : sql`${column} IN (${ids as SQLWrapper})`
}

/** D1 refuses LIKE/GLOB patterns longer than 50 bytes ("LIKE or GLOB pattern too complex: SQLITE_ERROR"). */
export const D1_MAX_LIKE_PATTERN_BYTES = 50

const utf8 = new TextEncoder()

/**
 * v1's ILIKE on SQLite: `column LIKE pattern` built from a client's `term` (SQLite's LIKE folds ASCII case, as the
 * ILIKE v1 runs does for ids, values and titles). With `escape`, `%`, `_` and `\` in the term match literally;
 * without, they stay wildcards (v1 does not escape tag, type or category `q`).
 * A pattern longer than D1 allows is matched as a literal substring / prefix / suffix of lower() (the same ASCII
 * case folding) with instr/substr, so a long term is a search like any other, never a 500.
 */
export function likeTerm(
  column: SQLiteColumn | SQL,
  term: string,
  position: "contains" | "starts_with" | "ends_with",
  opts: { escape?: boolean } = {},
): SQL {
  const body = opts.escape ? term.replace(/[\\%_]/g, (ch) => `\\${ch}`) : term
  const pattern = `${position === "starts_with" ? "" : "%"}${body}${position === "ends_with" ? "" : "%"}`
  if (utf8.encode(pattern).length <= D1_MAX_LIKE_PATTERN_BYTES) {
    return opts.escape ? sql`${column} LIKE ${pattern} ESCAPE '\\'` : sql`${column} LIKE ${pattern}`
  }
  switch (position) {
    case "contains":
      return sql`instr(lower(${column}), lower(${term})) > 0`
    case "starts_with":
      return sql`lower(substr(${column}, 1, length(${term}))) = lower(${term})`
    case "ends_with":
      return sql`lower(substr(${column}, -length(${term}))) = lower(${term})`
  }
}
