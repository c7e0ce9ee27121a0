-- Shipping options (with requirements) and return reasons.

CREATE TABLE shipping_option (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  region_id TEXT NOT NULL,
  profile_id TEXT NOT NULL,
  provider_id TEXT NOT NULL,
  price_type TEXT NOT NULL,
  amount INTEGER,
  is_return INTEGER NOT NULL DEFAULT 0,
  admin_only INTEGER NOT NULL DEFAULT 0,
  includes_tax INTEGER NOT NULL DEFAULT 0,
  data TEXT NOT NULL DEFAULT '{}',
  metadata TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT
);
CREATE INDEX idx_shipping_option_region ON shipping_option(region_id, is_return);

CREATE TABLE shipping_option_requirement (
  id TEXT PRIMARY KEY,
  shipping_option_id TEXT NOT NULL,
  type TEXT NOT NULL,
  amount INTEGER NOT NULL,
  deleted_at TEXT
);
CREATE INDEX idx_requirement_option ON shipping_option_requirement(shipping_option_id);

CREATE TABLE return_reason (
  id TEXT PRIMARY KEY,
  value TEXT NOT NULL UNIQUE,
  label TEXT NOT NULL,
  description TEXT,
  parent_return_reason_id TEXT,
  metadata TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT
);
CREATE INDEX idx_return_reason_parent ON return_reason(parent_return_reason_id);
