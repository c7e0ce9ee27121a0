-- Discounts (rules, regions, conditions) and gift cards.

CREATE TABLE discount_rule (
  id TEXT PRIMARY KEY,
  description TEXT,
  type TEXT NOT NULL,
  value INTEGER NOT NULL,
  allocation TEXT,
  metadata TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT
);

CREATE TABLE discount (
  id TEXT PRIMARY KEY,
  code TEXT NOT NULL UNIQUE COLLATE NOCASE,
  is_dynamic INTEGER NOT NULL DEFAULT 0,
  rule_id TEXT NOT NULL,
  is_disabled INTEGER NOT NULL DEFAULT 0,
  parent_discount_id TEXT,
  starts_at TEXT NOT NULL,
  ends_at TEXT,
  valid_duration TEXT,
  usage_limit INTEGER,
  usage_count INTEGER NOT NULL DEFAULT 0,
  metadata TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT
);

CREATE TABLE discount_regions (
  discount_id TEXT NOT NULL,
  region_id TEXT NOT NULL,
  PRIMARY KEY (discount_id, region_id)
);

CREATE TABLE discount_condition (
  id TEXT PRIMARY KEY,
  type TEXT NOT NULL,          -- products | product_types | product_collections | product_tags | customer_groups
  operator TEXT NOT NULL,      -- in | not_in
  discount_rule_id TEXT NOT NULL,
  metadata TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT
);
CREATE INDEX idx_discount_condition_rule ON discount_condition(discount_rule_id);

-- One link table for every condition target; target_id is a product, type, collection, tag or customer group id.
CREATE TABLE discount_condition_target (
  condition_id TEXT NOT NULL,
  target_id TEXT NOT NULL,
  PRIMARY KEY (condition_id, target_id)
);

CREATE TABLE gift_card (
  id TEXT PRIMARY KEY,
  code TEXT NOT NULL UNIQUE COLLATE NOCASE,
  value INTEGER NOT NULL,
  balance INTEGER NOT NULL,
  region_id TEXT NOT NULL,
  order_id TEXT,
  is_disabled INTEGER NOT NULL DEFAULT 0,
  ends_at TEXT,
  tax_rate REAL,
  metadata TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT
);
