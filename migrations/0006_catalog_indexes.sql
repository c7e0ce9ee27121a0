-- Store catalog reads.
-- GET /store/products pages published, live products newest first with ties broken by id ascending (v1's observed
-- order). This index serves that ORDER BY directly and covers the id-only page subquery, so a deep OFFSET walks
-- index entries instead of sorting or reading table rows.
CREATE INDEX idx_product_store_list ON product(status, deleted_at, created_at DESC, id);

-- The vocabulary of the product_search FTS5 index (one row per term, with its document count): the search
-- provider reads it to widen a query word that matched nothing to indexed terms one typo away.
CREATE VIRTUAL TABLE product_search_vocab USING fts5vocab(product_search, 'row');
