import { asc, count, sql, type SQL } from "drizzle-orm"
import type { Database } from "../../env"
import { product } from "../schema"

/**
 * bm25 column weights for product_search (product_id, title, subtitle, description, handle, variant_text,
 * collection_title): a title hit counts most, then handle and variant titles/SKUs.
 */
const BM25 = sql.raw("bm25(product_search, 0.0, 10.0, 3.0, 1.0, 5.0, 4.0, 2.0)")

/**
 * Products matching an FTS5 MATCH expression, best first (bm25 is lower-is-better; ties by id), and the total
 * number of matches: two statements for one batch. `where` restricts the products (status, channels, filters).
 */
export function rankedSearchQueries(db: Database, match: string, where: SQL | undefined, page: { limit: number; offset: number }) {
  const fts = sql`(SELECT product_id, ${BM25} AS score FROM product_search WHERE product_search MATCH ${match})`
  return {
    rows: db
      .select({ product, score: sql<number>`fts.score` })
      .from(product)
      .innerJoin(sql`${fts} AS fts`, sql`fts.product_id = ${product.id}`)
      .where(where)
      .orderBy(sql`fts.score`, asc(product.id))
      .limit(page.limit)
      .offset(page.offset),
    count: db
      .select({ value: count() })
      .from(product)
      .where(sql`${product.id} IN (SELECT product_id FROM product_search WHERE product_search MATCH ${match}) AND ${where ?? sql`1`}`),
  }
}

/** Upper bound on the vocabulary read for typo tolerance: the fallback stays cheap on any catalog size. */
export const VOCABULARY_SCAN_LIMIT = 20_000

/** The first string after every string that starts with `ch` (code point order, which is SQLite's BINARY order). */
function after(ch: string): string {
  const next = (ch.codePointAt(0) ?? 0) + 1
  return String.fromCodePoint(next >= 0xd800 && next <= 0xdfff ? 0xe000 : next)
}

/**
 * Indexed words that could be one edit away from a query token, with the number of sources (products, collections)
 * that contain them: a single edit keeps the first or second character of a word among the token's first two, so
 * only words starting with those, or with those as second character, are read — index ranges on `search_term`
 * (migrations/0006_catalog_indexes.sql), not a scan.
 */
export async function vocabularyCandidates(db: Database, leadingChars: readonly string[]): Promise<{ term: string; doc: number }[]> {
  if (leadingChars.length === 0) return []
  return db.all<{ term: string; doc: number }>(vocabularyQuery(leadingChars))
}

/**
 * The statement behind vocabularyCandidates (tests read its query plan): one index range per leading character on
 * the word, one on its tail, as two grouped SELECTs joined with UNION. Whether a word is in a range depends only on
 * the word, so each SELECT counts a word's sources in full and UNION drops the duplicate of a word both find.
 * (ORing the ranges in one SELECT makes SQLite scan the whole term index to save the GROUP BY sort; D1 caps the
 * terms of a compound SELECT, hence VALUES lists rather than one SELECT per range.)
 */
export function vocabularyQuery(leadingChars: readonly string[]): SQL {
  const ranges = sql.join(
    leadingChars.map((ch) => sql`(${ch}, ${after(ch)})`),
    sql`, `,
  )
  return sql`SELECT t.term, count(*) AS doc FROM (VALUES ${ranges}) r JOIN search_term t ON t.term >= r.column1 AND t.term < r.column2 GROUP BY t.term
    UNION SELECT t.term, count(*) AS doc FROM (VALUES ${ranges}) r JOIN search_term t ON substr(t.term, 2) >= r.column1 AND substr(t.term, 2) < r.column2 GROUP BY t.term
    LIMIT ${VOCABULARY_SCAN_LIMIT}`
}
