/**
 * Keeps the search index in step with the catalog:
 * - `product_search` (FTS5): one row per live product with its title, subtitle, description, handle, variant
 *   titles + SKUs and collection title, rebuilt in SQL from the product tables after the catalog writes. Only rows
 *   whose content differs are rewritten, so an unchanged catalog leaves the index (and its rowids) alone.
 * - `search_term`: the words of those documents for typo tolerance, split by the same rules as FTS5
 *   (src/domain/search-tokens.ts). The planner knows every imported product's and collection's text, so it links
 *   each to its words (resolve-catalog.ts); a collection's title is stored once under the collection, not under
 *   each of its products, which keeps a title change from touching products outside the file.
 */
import { searchTermSet } from "../domain/search-tokens"

const SEARCH_SOURCE = `SELECT p.id AS product_id, p.title AS title, p.subtitle AS subtitle, p.description AS description,
  p.handle AS handle,
  (SELECT group_concat(t, ' ') FROM (
     SELECT trim(v.title || ' ' || coalesce(v.sku, '')) AS t FROM product_variant v
     WHERE v.product_id = p.id AND v.deleted_at IS NULL ORDER BY v.variant_rank, v.id)) AS variant_text,
  c.title AS collection_title
FROM product p LEFT JOIN product_collection c ON c.id = p.collection_id AND c.deleted_at IS NULL
WHERE p.deleted_at IS NULL`

const COLUMNS = ["title", "subtitle", "description", "handle", "variant_text", "collection_title"] as const

/** Statements that bring product_search up to date with every live product (run after catalog writes). */
export function productSearchSyncStatements(): string[] {
  const differs = COLUMNS.map((c) => `ps.${c} IS NOT s.${c}`).join(" OR ")
  return [
    `DELETE FROM product_search WHERE rowid IN (SELECT ps.rowid FROM product_search ps LEFT JOIN (${SEARCH_SOURCE}) s ON s.product_id = ps.product_id WHERE s.product_id IS NULL OR ${differs})`,
    `INSERT INTO product_search (product_id, ${COLUMNS.join(", ")}) SELECT s.product_id, ${COLUMNS.map((c) => `s.${c}`).join(", ")} FROM (${SEARCH_SOURCE}) s WHERE s.product_id NOT IN (SELECT product_id FROM product_search)`,
    // Words of soft-deleted products and collections leave with their documents.
    `DELETE FROM search_term WHERE source_id IN (SELECT id FROM product WHERE deleted_at IS NOT NULL UNION ALL SELECT id FROM product_collection WHERE deleted_at IS NOT NULL)`,
  ]
}

export interface ProductSearchText {
  title: string
  subtitle?: string | null | undefined
  description?: string | null | undefined
  handle?: string | null | undefined
  /** Live variants only. */
  variants: readonly { title: string; sku?: string | null | undefined }[]
}

/** The words of a product's own search text (everything in its product_search row but the collection title). */
export function productSearchTerms(p: ProductSearchText): string[] {
  return searchTermSet([p.title, p.subtitle, p.description, p.handle, ...p.variants.flatMap((v) => [v.title, v.sku])])
}

/** The words a collection's title adds to the documents of its products. */
export function collectionSearchTerms(title: string): string[] {
  return searchTermSet([title])
}
