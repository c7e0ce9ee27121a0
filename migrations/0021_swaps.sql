-- v1 Swap: a return plus additional items, paid through a cart of type `swap` (POST /store/swaps). The swap's
-- return is a "return" row with swap_id set; its cart is an ordinary cart row (type 'swap'), so every cart command
-- runs through the same per-cart Durable Object. cart_id is UNIQUE: one swap per cart, and GET /store/swaps/{cart_id}
-- finds it. idempotency_key is the store request's key (catalog §3(c): started → swap_created → finished).
CREATE TABLE swap (
  id TEXT PRIMARY KEY,
  fulfillment_status TEXT NOT NULL DEFAULT 'not_fulfilled',
  payment_status TEXT NOT NULL DEFAULT 'not_paid',
  order_id TEXT NOT NULL,
  difference_due INTEGER,
  shipping_address_id TEXT,
  cart_id TEXT UNIQUE,
  confirmed_at TEXT,
  canceled_at TEXT,
  no_notification INTEGER,
  allow_backorder INTEGER NOT NULL DEFAULT 0,
  idempotency_key TEXT UNIQUE,
  metadata TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT
);
CREATE INDEX idx_swap_order ON swap(order_id);
CREATE INDEX idx_return_swap ON "return"(swap_id);
CREATE INDEX idx_line_item_swap ON line_item(swap_id);
