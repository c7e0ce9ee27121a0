-- Checkout: idempotency keys with recovery points, payments, orders (+ their discounts and gift cards), gift-card
-- transactions, the configurable test payment provider, and a fixed-window counter for rate-limited routes.
-- Line items and shipping methods are not copied: an order claims the cart's own rows through their order_id.

-- v1 IdempotencyKey (catalog §3(c)). A key belongs to one request (method + path + params); `recovery_point` moves
-- started → … → finished in the same batch as each stage's writes, and a finished key replays its response.
CREATE TABLE idempotency_key (
  id TEXT PRIMARY KEY,
  idempotency_key TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL,
  locked_at TEXT,
  request_method TEXT,
  request_params TEXT,
  request_path TEXT,
  response_code INTEGER,
  response_body TEXT,
  recovery_point TEXT NOT NULL DEFAULT 'started'
);

-- v1 Payment: created when a cart's payment session is authorized; order_id is set when the order is placed.
CREATE TABLE payment (
  id TEXT PRIMARY KEY,
  swap_id TEXT,
  cart_id TEXT,
  order_id TEXT,
  amount INTEGER NOT NULL,
  currency_code TEXT NOT NULL,
  amount_refunded INTEGER NOT NULL DEFAULT 0,
  provider_id TEXT NOT NULL,
  data TEXT NOT NULL DEFAULT '{}',
  captured_at TEXT,
  canceled_at TEXT,
  metadata TEXT,
  idempotency_key TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX idx_payment_cart ON payment(cart_id);
CREATE INDEX idx_payment_order ON payment(order_id);

-- v1 Order. cart_id is UNIQUE: whatever happens, one cart places at most one order. display_id is assigned inside
-- the order's INSERT (MAX + 1), which D1 runs atomically with the rest of the completion batch.
CREATE TABLE "order" (
  id TEXT PRIMARY KEY,
  status TEXT NOT NULL DEFAULT 'pending',
  fulfillment_status TEXT NOT NULL DEFAULT 'not_fulfilled',
  payment_status TEXT NOT NULL DEFAULT 'not_paid',
  display_id INTEGER NOT NULL UNIQUE,
  cart_id TEXT UNIQUE,
  customer_id TEXT NOT NULL,
  email TEXT NOT NULL COLLATE NOCASE,
  billing_address_id TEXT,
  shipping_address_id TEXT,
  region_id TEXT NOT NULL,
  currency_code TEXT NOT NULL,
  tax_rate REAL,
  draft_order_id TEXT,
  canceled_at TEXT,
  metadata TEXT,
  no_notification INTEGER,
  idempotency_key TEXT,
  external_id TEXT,
  sales_channel_id TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX idx_order_customer ON "order"(customer_id);
CREATE INDEX idx_order_email ON "order"(email);

CREATE TABLE order_discounts (
  order_id TEXT NOT NULL,
  discount_id TEXT NOT NULL,
  PRIMARY KEY (order_id, discount_id)
);

CREATE TABLE order_gift_cards (
  order_id TEXT NOT NULL,
  gift_card_id TEXT NOT NULL,
  PRIMARY KEY (order_id, gift_card_id)
);

-- v1 GiftCardTransaction: what an order took from a gift card (order gift-card totals are computed from these).
CREATE TABLE gift_card_transaction (
  id TEXT PRIMARY KEY,
  gift_card_id TEXT NOT NULL,
  order_id TEXT NOT NULL,
  amount INTEGER NOT NULL,
  is_taxable INTEGER,
  tax_rate REAL,
  created_at TEXT NOT NULL
);
CREATE INDEX idx_gct_order ON gift_card_transaction(order_id);
CREATE INDEX idx_gct_gift_card ON gift_card_transaction(gift_card_id);

-- Fixed-window request counters (order lookup is a guessing target). One row per key; stale rows are pruned.
CREATE TABLE rate_limit (
  key TEXT PRIMARY KEY,
  window_start INTEGER NOT NULL,
  hits INTEGER NOT NULL
);
CREATE INDEX idx_rate_limit_window ON rate_limit(window_start);

-- A configurable payment provider for tests and demos (src/providers/payment/test-pay.ts). It does nothing unless
-- a region lists it in region_payment_provider.
INSERT INTO payment_provider (id, is_installed) VALUES ('test-pay', 1);
