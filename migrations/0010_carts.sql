-- Carts and everything hanging off them: line items (+ adjustments, tax lines), shipping methods (+ tax lines),
-- applied discounts and gift cards, payment sessions. `version` increases on every mutation so writes that
-- bypass the cart's Durable Object can be guarded with `WHERE version = ?`.

CREATE TABLE cart (
  id TEXT PRIMARY KEY,
  email TEXT,
  billing_address_id TEXT,
  shipping_address_id TEXT,
  region_id TEXT NOT NULL,
  customer_id TEXT,
  payment_id TEXT,
  type TEXT NOT NULL DEFAULT 'default',
  completed_at TEXT,
  payment_authorized_at TEXT,
  idempotency_key TEXT,
  context TEXT,
  sales_channel_id TEXT,
  metadata TEXT,
  version INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT
);
CREATE INDEX idx_cart_customer ON cart(customer_id);

CREATE TABLE line_item (
  id TEXT PRIMARY KEY,
  cart_id TEXT,
  order_id TEXT,
  swap_id TEXT,
  claim_order_id TEXT,
  original_item_id TEXT,
  order_edit_id TEXT,
  title TEXT NOT NULL,
  description TEXT,
  thumbnail TEXT,
  is_return INTEGER NOT NULL DEFAULT 0,
  is_giftcard INTEGER NOT NULL DEFAULT 0,
  should_merge INTEGER NOT NULL DEFAULT 1,
  allow_discounts INTEGER NOT NULL DEFAULT 1,
  has_shipping INTEGER,
  unit_price INTEGER NOT NULL,
  variant_id TEXT,
  product_id TEXT,
  quantity INTEGER NOT NULL,
  fulfilled_quantity INTEGER,
  returned_quantity INTEGER,
  shipped_quantity INTEGER,
  includes_tax INTEGER NOT NULL DEFAULT 0,
  metadata TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX idx_line_item_cart ON line_item(cart_id, created_at);
CREATE INDEX idx_line_item_order ON line_item(order_id);

CREATE TABLE line_item_adjustment (
  id TEXT PRIMARY KEY,
  item_id TEXT NOT NULL,
  description TEXT NOT NULL,
  discount_id TEXT,
  amount REAL NOT NULL,
  metadata TEXT
);
CREATE INDEX idx_adjustment_item ON line_item_adjustment(item_id);

CREATE TABLE line_item_tax_line (
  id TEXT PRIMARY KEY,
  item_id TEXT NOT NULL,
  rate REAL NOT NULL,
  name TEXT NOT NULL,
  code TEXT,
  metadata TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX idx_item_tax_line_item ON line_item_tax_line(item_id);

CREATE TABLE shipping_method (
  id TEXT PRIMARY KEY,
  shipping_option_id TEXT NOT NULL,
  order_id TEXT,
  claim_order_id TEXT,
  cart_id TEXT,
  swap_id TEXT,
  return_id TEXT,
  price INTEGER NOT NULL,
  data TEXT NOT NULL DEFAULT '{}',
  includes_tax INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX idx_shipping_method_cart ON shipping_method(cart_id);
CREATE INDEX idx_shipping_method_order ON shipping_method(order_id);

CREATE TABLE shipping_method_tax_line (
  id TEXT PRIMARY KEY,
  shipping_method_id TEXT NOT NULL,
  rate REAL NOT NULL,
  name TEXT NOT NULL,
  code TEXT,
  metadata TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX idx_sm_tax_line_method ON shipping_method_tax_line(shipping_method_id);

CREATE TABLE cart_discounts (
  cart_id TEXT NOT NULL,
  discount_id TEXT NOT NULL,
  PRIMARY KEY (cart_id, discount_id)
);

CREATE TABLE cart_gift_cards (
  cart_id TEXT NOT NULL,
  gift_card_id TEXT NOT NULL,
  position INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (cart_id, gift_card_id)
);

CREATE TABLE payment_session (
  id TEXT PRIMARY KEY,
  cart_id TEXT,
  provider_id TEXT NOT NULL,
  is_selected INTEGER,
  is_initiated INTEGER NOT NULL DEFAULT 0,
  status TEXT NOT NULL,
  data TEXT NOT NULL DEFAULT '{}',
  idempotency_key TEXT,
  amount INTEGER,
  payment_authorized_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX idx_payment_session_cart_provider ON payment_session(cart_id, provider_id);

