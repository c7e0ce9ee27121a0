/**
 * Literal SQL for the seed importer. `wrangler d1 execute --file` cannot bind parameters, so values are rendered
 * as SQL literals here — and only here. Every statement stays under MAX_STATEMENT_BYTES (D1 rejects statements
 * over 100 KB).
 */

export const MAX_STATEMENT_BYTES = 90_000

export type SqlValue = string | number | boolean | null | undefined | { json: unknown }

/** Control characters other than TAB, LF and CR: a raw NUL would end the statement early, so they become char(n). */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g
/** wrangler's SQL-file splitter strips `BEGIN TRANSACTION;` even inside string literals, so it is never emitted whole. */
const WRANGLER_MARKER = "BEGIN TRANSACTION"

/**
 * A SQL string literal for `value`: quotes doubled, backslashes literal (SQLite has no backslash escapes),
 * control characters as `char(n)`, unpaired UTF-16 surrogates as U+FFFD (what UTF-8 encoding would produce anyway).
 *
 * @example sqlString("it's") === "'it''s'"
 * @example sqlString("a\u0000b") === "('a' || char(0) || 'b')"
 */
export function sqlString(value: string): string {
  const clean = value.replace(LONE_SURROGATE, "\uFFFD")
  const parts: string[] = []
  clean.split(WRANGLER_MARKER).forEach((segment, i) => {
    if (i > 0) parts.push("'BEGIN'", "' TRANSACTION'")
    parts.push(...literalParts(segment))
  })
  if (!parts.length) return "''"
  return parts.length === 1 ? (parts[0] as string) : `(${parts.join(" || ")})`
}

function quote(s: string): string {
  return `'${s.replaceAll("'", "''")}'`
}

function literalParts(segment: string): string[] {
  if (!segment) return []
  if (!CONTROL.test(segment)) return [quote(segment)]
  const parts: string[] = []
  let run = ""
  for (const ch of segment) {
    if (CONTROL.test(ch)) {
      if (run) parts.push(quote(run))
      run = ""
      parts.push(`char(${ch.charCodeAt(0)})`)
    } else {
      run += ch
    }
  }
  if (run) parts.push(quote(run))
  return parts
}

/** A SQL literal for any importable value. Objects are stored as JSON text (`{ json: value }`). */
export function sqlValue(value: SqlValue): string {
  if (value === null || value === undefined) return "NULL"
  if (typeof value === "boolean") return value ? "1" : "0"
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error(`cannot render ${value} as SQL`)
    return String(value)
  }
  if (typeof value === "string") return sqlString(value)
  return value.json === null || value.json === undefined ? "NULL" : sqlString(JSON.stringify(value.json))
}

export function sqlTuple(values: readonly SqlValue[]): string {
  return `(${values.map(sqlValue).join(", ")})`
}

export function sqlList(values: readonly SqlValue[]): string {
  return `(${values.map(sqlValue).join(", ")})`
}

/** UTF-8 byte length (D1's limit is in bytes). */
export function utf8Length(s: string): number {
  let n = 0
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c < 0x80) n += 1
    else if (c < 0x800) n += 2
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4
      i++
    } else n += 3
  }
  return n
}

export interface Row {
  values: readonly SqlValue[]
  /** Seed path of the entity, reported when the row alone cannot fit in one statement. */
  path: string
}

export class RowTooLargeError extends Error {
  constructor(readonly path: string) {
    super(`${path}: the record is too large for one D1 statement (max ${MAX_STATEMENT_BYTES} bytes)`)
  }
}

/** Packs rendered tuples into as few `prefix + tuples + suffix` statements as the size limit allows. */
export function packStatements(prefix: string, suffix: string, tuples: readonly { sql: string; path: string }[], separator = ", "): string[] {
  const out: string[] = []
  const fixed = utf8Length(prefix) + utf8Length(suffix)
  let batch: string[] = []
  let size = fixed
  for (const tuple of tuples) {
    const bytes = utf8Length(tuple.sql) + separator.length
    if (fixed + bytes > MAX_STATEMENT_BYTES) throw new RowTooLargeError(tuple.path)
    if (batch.length && size + bytes > MAX_STATEMENT_BYTES) {
      out.push(prefix + batch.join(separator) + suffix)
      batch = []
      size = fixed
    }
    batch.push(tuple.sql)
    size += bytes
  }
  if (batch.length) out.push(prefix + batch.join(separator) + suffix)
  return out
}

export interface UpsertSpec {
  table: string
  columns: readonly string[]
  /** Conflict target, e.g. `id` or `product_id, image_id`. */
  conflict: string
  /** Columns overwritten on conflict — only when one of them differs, so unchanged rows keep `updated_at`. */
  update: readonly string[]
  /** When an update happens, set `updated_at` to this timestamp (false: the table has no updated_at). */
  touch: string | false
}

/**
 * `INSERT … ON CONFLICT(…) DO UPDATE SET … WHERE <a column differs>`: re-running an import leaves unchanged rows
 * byte-for-byte alone (timestamps included). `IS NOT` compares NULLs as values.
 */
export function upsertStatements(spec: UpsertSpec, rows: readonly Row[]): string[] {
  if (!rows.length) return []
  const prefix = `INSERT INTO ${spec.table} (${spec.columns.join(", ")}) VALUES `
  let suffix: string
  if (!spec.update.length) {
    suffix = ` ON CONFLICT(${spec.conflict}) DO NOTHING`
  } else {
    const sets = spec.update.map((c) => `${c} = excluded.${c}`)
    if (spec.touch) sets.push(`updated_at = ${sqlString(spec.touch)}`)
    const differs = spec.update.map((c) => `${spec.table}.${c} IS NOT excluded.${c}`).join(" OR ")
    suffix = ` ON CONFLICT(${spec.conflict}) DO UPDATE SET ${sets.join(", ")} WHERE ${differs}`
  }
  return packStatements(prefix, suffix, rows.map((r) => ({ sql: sqlTuple(r.values), path: r.path })))
}

export interface PruneSpec {
  table: string
  /** Owning column: for every listed owner, rows whose key is not kept are removed. */
  owner: string
  /** Key columns, owner first (e.g. `product_id, id`). */
  key: readonly string[]
  /** Extra condition limiting what may be removed (e.g. `price_list_id IS NULL`). */
  where?: string
  /** Soft-delete (set deleted_at/updated_at to this timestamp) instead of DELETE. */
  softDeleteAt?: string
}

/**
 * For each owner, removes the rows whose key is not in `keep` (tuples of key values, owner first):
 * `DELETE … WHERE owner IN (…) AND (key) NOT IN (VALUES …)`, chunked by owner.
 */
export function pruneStatements(spec: PruneSpec, owners: readonly string[], keep: readonly (readonly SqlValue[])[]): string[] {
  if (!owners.length) return []
  const byOwner = new Map<string, string[]>()
  for (const owner of owners) byOwner.set(owner, [])
  for (const tuple of keep) byOwner.get(String(tuple[0]))?.push(sqlTuple(tuple))

  const keyList = spec.key.join(", ")
  const head = spec.softDeleteAt
    ? `UPDATE ${spec.table} SET deleted_at = ${sqlString(spec.softDeleteAt)}, updated_at = ${sqlString(spec.softDeleteAt)} WHERE deleted_at IS NULL AND `
    : `DELETE FROM ${spec.table} WHERE `
  const extra = spec.where ? ` AND ${spec.where}` : ""
  const out: string[] = []
  let ownerSql: string[] = []
  let keepSql: string[] = []
  const fixed = utf8Length(head) + utf8Length(extra) + 200
  let size = fixed
  const flush = () => {
    if (!ownerSql.length) return
    const base = `${head}${spec.owner} IN (${ownerSql.join(", ")})${extra}`
    out.push(keepSql.length ? `${base} AND (${keyList}) NOT IN (VALUES ${keepSql.join(", ")})` : base)
    ownerSql = []
    keepSql = []
    size = fixed
  }
  for (const [owner, tuples] of byOwner) {
    const o = sqlString(owner)
    const bytes = utf8Length(o) + 2 + tuples.reduce((n, t) => n + utf8Length(t) + 2, 0)
    if (fixed + bytes > MAX_STATEMENT_BYTES) throw new RowTooLargeError(owner)
    if (ownerSql.length && size + bytes > MAX_STATEMENT_BYTES) flush()
    ownerSql.push(o)
    keepSql.push(...tuples)
    size += bytes
  }
  flush()
  return out
}

export interface LinkSpec {
  table: string
  /** The owning column: links of every listed owner are replaced by exactly the given rows. */
  owner: string
  /** The link's key columns (owner first); `columns` starts with these. */
  key: readonly string[]
  columns: readonly string[]
  /** Non-key columns overwritten when they differ (e.g. an image's position). */
  update?: readonly string[]
}

/**
 * Replaces the links of each owner with exactly `rows`, touching only what differs: links no longer wanted are
 * deleted, missing ones inserted, existing ones kept.
 */
export function linkStatements(spec: LinkSpec, owners: readonly string[], rows: readonly Row[]): string[] {
  const keep = rows.map((r) => r.values.slice(0, spec.key.length))
  return [
    ...pruneStatements({ table: spec.table, owner: spec.owner, key: spec.key }, owners, keep),
    ...upsertStatements(
      { table: spec.table, columns: spec.columns, conflict: spec.key.join(", "), update: spec.update ?? [], touch: false },
      rows,
    ),
  ]
}
