-- Store catalog reads.
-- GET /store/products pages published, live products newest first with ties broken by id ascending (v1's observed
-- order). This index serves that ORDER BY directly and covers the id-only page subquery, so a deep OFFSET walks
-- index entries instead of sorting or reading table rows.
CREATE INDEX idx_product_store_list ON product(status, deleted_at, created_at DESC, id);

-- The words of the product_search documents, for typo tolerance: the search provider widens a query word that
-- matched nothing to the words here one edit away. One row per word and source: a product's own text (title,
-- subtitle, description, handle, variant titles and SKUs) under the product's id, a collection's title under the
-- collection's id. The seed importer keeps it in step with product_search, splitting text the way that table's
-- `unicode61 remove_diacritics 2` tokenizer does (src/domain/search-tokens.ts). A plain table rather than an
-- fts5vocab view, which Cloudflare D1 does not document as supported.
CREATE TABLE search_term (
  source_id TEXT NOT NULL,
  term TEXT NOT NULL,
  PRIMARY KEY (source_id, term)
);
-- Candidate words by their first character, and by their second (a typo in the first).
CREATE INDEX idx_search_term_term ON search_term(term);
CREATE INDEX idx_search_term_tail ON search_term(substr(term, 2), term);
