import { asc, count, sql, type SQL } from "drizzle-orm"
import type { Database } from "../../env"
import { inList } from "../sql"
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

/**
 * Indexed terms that could be one edit away from a query token: a single edit keeps the first or second character
 * of a word among the token's first two, so only terms starting with those are read (product_search_vocab is the
 * fts5vocab view over product_search, migrations/0006_catalog_indexes.sql).
 */
export async function vocabularyCandidates(db: Database, leadingChars: readonly string[]): Promise<{ term: string; doc: number }[]> {
  if (leadingChars.length === 0) return []
  return db.all<{ term: string; doc: number }>(
    sql`SELECT term, doc FROM product_search_vocab WHERE ${inList(sql`substr(term, 1, 1)`, leadingChars)} OR ${inList(
      sql`substr(term, 2, 1)`,
      leadingChars,
    )} LIMIT ${VOCABULARY_SCAN_LIMIT}`,
  )
}
