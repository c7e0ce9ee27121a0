-- The product catalog: products, options, variants, prices, images, tags, types, collections, categories,
-- and the product <-> sales channel / shipping profile links. Every column a Store API filter uses is indexed.

CREATE TABLE shipping_profile (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  type TEXT NOT NULL DEFAULT 'default',
  metadata TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT
);

CREATE TABLE product_collection (
  id TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  handle TEXT UNIQUE,
  metadata TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT
);
CREATE INDEX idx_collection_created ON product_collection(created_at, id);

CREATE TABLE product_type (
  id TEXT PRIMARY KEY,
  value TEXT NOT NULL UNIQUE,
  metadata TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT
);

CREATE TABLE product_tag (
  id TEXT PRIMARY KEY,
  value TEXT NOT NULL UNIQUE,
  metadata TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT
);

CREATE TABLE product_category (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  handle TEXT NOT NULL UNIQUE,
  -- materialized path of ancestor ids, '.'-separated, ending with this id (Medusa's mpath)
  mpath TEXT NOT NULL,
  is_active INTEGER NOT NULL DEFAULT 1,
  is_internal INTEGER NOT NULL DEFAULT 0,
  parent_category_id TEXT,
  rank INTEGER NOT NULL DEFAULT 0,
  metadata TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX idx_category_parent ON product_category(parent_category_id, rank);
CREATE INDEX idx_category_mpath ON product_category(mpath);

CREATE TABLE product (
  id TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  subtitle TEXT,
  description TEXT,
  handle TEXT UNIQUE,
  is_giftcard INTEGER NOT NULL DEFAULT 0,
  status TEXT NOT NULL DEFAULT 'draft',
  thumbnail TEXT,
  weight INTEGER,
  length INTEGER,
  height INTEGER,
  width INTEGER,
  hs_code TEXT,
  origin_country TEXT,
  mid_code TEXT,
  material TEXT,
  collection_id TEXT,
  type_id TEXT,
  profile_id TEXT,
  discountable INTEGER NOT NULL DEFAULT 1,
  external_id TEXT,
  metadata TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT
);
-- Lists are ordered by (created_at, id) and filtered by status: keyset-friendly composite indexes.
CREATE INDEX idx_product_status_created ON product(status, created_at, id);
CREATE INDEX idx_product_collection ON product(collection_id);
CREATE INDEX idx_product_type ON product(type_id);
CREATE INDEX idx_product_updated ON product(updated_at);
CREATE INDEX idx_product_title ON product(title);

CREATE TABLE product_option (
  id TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  product_id TEXT NOT NULL,
  metadata TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT
);
CREATE INDEX idx_option_product ON product_option(product_id);

CREATE TABLE product_variant (
  id TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  product_id TEXT NOT NULL,
  sku TEXT UNIQUE,
  barcode TEXT,
  ean TEXT,
  upc TEXT,
  variant_rank INTEGER NOT NULL DEFAULT 0,
  inventory_quantity INTEGER NOT NULL DEFAULT 0,
  allow_backorder INTEGER NOT NULL DEFAULT 0,
  manage_inventory INTEGER NOT NULL DEFAULT 1,
  hs_code TEXT,
  origin_country TEXT,
  mid_code TEXT,
  material TEXT,
  weight INTEGER,
  length INTEGER,
  height INTEGER,
  width INTEGER,
  metadata TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT
);
CREATE INDEX idx_variant_product ON product_variant(product_id, variant_rank);
CREATE INDEX idx_variant_title ON product_variant(title);
CREATE INDEX idx_variant_inventory ON product_variant(inventory_quantity);

CREATE TABLE product_option_value (
  id TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  option_id TEXT NOT NULL,
  variant_id TEXT NOT NULL,
  metadata TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT
);
CREATE INDEX idx_option_value_option ON product_option_value(option_id);
CREATE INDEX idx_option_value_variant ON product_option_value(variant_id);

-- Prices: Medusa's money_amount joined to variants (v1.20 keeps the variant id in a link table; one owner suffices here).
CREATE TABLE money_amount (
  id TEXT PRIMARY KEY,
  variant_id TEXT NOT NULL,
  currency_code TEXT NOT NULL,
  amount INTEGER NOT NULL,
  region_id TEXT,
  min_quantity INTEGER,
  max_quantity INTEGER,
  price_list_id TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT
);
CREATE INDEX idx_money_amount_variant ON money_amount(variant_id);

CREATE TABLE image (
  id TEXT PRIMARY KEY,
  url TEXT NOT NULL,
  metadata TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT
);

CREATE TABLE product_images (
  product_id TEXT NOT NULL,
  image_id TEXT NOT NULL,
  position INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (product_id, image_id)
);

CREATE TABLE product_tags (
  product_id TEXT NOT NULL,
  product_tag_id TEXT NOT NULL,
  PRIMARY KEY (product_id, product_tag_id)
);
CREATE INDEX idx_product_tags_tag ON product_tags(product_tag_id, product_id);

CREATE TABLE product_category_product (
  product_category_id TEXT NOT NULL,
  product_id TEXT NOT NULL,
  PRIMARY KEY (product_category_id, product_id)
);
CREATE INDEX idx_category_product_product ON product_category_product(product_id);

CREATE TABLE product_sales_channel (
  product_id TEXT NOT NULL,
  sales_channel_id TEXT NOT NULL,
  PRIMARY KEY (product_id, sales_channel_id)
);
CREATE INDEX idx_product_sales_channel_channel ON product_sales_channel(sales_channel_id, product_id);

-- Full-text index for POST /store/products/search and GET /store/products?q= (maintained by the importer).
CREATE VIRTUAL TABLE product_search USING fts5(
  product_id UNINDEXED,
  title,
  subtitle,
  description,
  handle,
  variant_text,
  collection_title,
  tokenize = 'unicode61 remove_diacritics 2'
);
