-- The stock version: a second counter on catalog_version that every change of a variant's inventory_quantity bumps
-- (an order, a swap's additional items, a restock, an order edit, a seed import, wrangler d1 execute), whichever path
-- wrote it. Catalog answers that show stock are keyed by it (src/http/catalog-cache.ts), so a sale retires them
-- without retiring the rest of the catalog (0015's version stays put: stock is not a catalog change). A write that
-- leaves the quantity as it was bumps nothing; a batch that rolls back (a failed stock guard) takes its bump along.
ALTER TABLE catalog_version ADD COLUMN stock_version INTEGER NOT NULL DEFAULT 0;
CREATE TRIGGER catalog_stock_version_variant_update AFTER UPDATE OF inventory_quantity ON product_variant
  WHEN NEW.inventory_quantity IS NOT OLD.inventory_quantity
  BEGIN UPDATE catalog_version SET stock_version = stock_version + 1 WHERE id = 1; END;
