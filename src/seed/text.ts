/**
 * v1 fills a missing product/collection/category handle with lodash's `kebabCase` of the title or name.
 * This follows lodash's word splitting: case changes, letter/digit boundaries and any non-alphanumeric separator.
 * @example toHandle("Medusa T-Shirt") === "medusa-t-shirt"
 */
export function toHandle(text: string): string {
  const words = text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .match(/\p{Lu}?\p{Ll}+|\p{Lu}+(?!\p{Ll})|\p{N}+|\p{L}+/gu)
  return (words ?? []).map((w) => w.toLowerCase()).join("-")
}

/**
 * Normalizes an ISO date or date-time to `toISOString()` form (what every timestamp column stores).
 * A date-time without an offset is read as UTC, so the result never depends on the machine's time zone.
 */
export function isoTimestamp(value: string): string {
  const t = value.replace(" ", "T")
  const utc = /T[\d:.]+$/.test(t) ? `${t}Z` : t
  return new Date(utc).toISOString()
}

/** A record's `created_at` from the file, normalized; undefined means "the import time". */
export function createdAt(value: string | undefined): string | undefined {
  return value ? isoTimestamp(value) : undefined
}
