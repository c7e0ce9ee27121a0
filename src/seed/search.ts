/**
 * Keeps the `product_search` FTS5 table in step with the product tables: one row per live product with its title,
 * subtitle, description, handle, variant titles + SKUs and collection title.
 * Only rows whose content differs are rewritten, so an unchanged catalog leaves the index (and its rowids) alone.
 */

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
  ]
}
