-- After the sale: fulfillments (admin), returns (store + admin receive) and refunds, as v1's entities.

-- v1 Fulfillment: what the merchant shipped for an order. tracking_numbers is a JSON array (v1: jsonb).
CREATE TABLE fulfillment (
  id TEXT PRIMARY KEY,
  order_id TEXT,
  swap_id TEXT,
  claim_order_id TEXT,
  provider_id TEXT NOT NULL,
  location_id TEXT,
  tracking_numbers TEXT NOT NULL DEFAULT '[]',
  data TEXT NOT NULL DEFAULT '{}',
  shipped_at TEXT,
  canceled_at TEXT,
  no_notification INTEGER,
  metadata TEXT,
  idempotency_key TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX idx_fulfillment_order ON fulfillment(order_id);

CREATE TABLE fulfillment_item (
  fulfillment_id TEXT NOT NULL,
  item_id TEXT NOT NULL,
  quantity INTEGER NOT NULL,
  PRIMARY KEY (fulfillment_id, item_id)
);
CREATE INDEX idx_fulfillment_item_item ON fulfillment_item(item_id);

-- v1 Return. idempotency_key is the store request's key: a retry that finds the key at `return_requested` answers
-- the return created under it.
CREATE TABLE "return" (
  id TEXT PRIMARY KEY,
  status TEXT NOT NULL DEFAULT 'requested',
  swap_id TEXT,
  claim_order_id TEXT,
  order_id TEXT,
  location_id TEXT,
  shipping_data TEXT,
  refund_amount INTEGER NOT NULL,
  received_at TEXT,
  no_notification INTEGER,
  metadata TEXT,
  idempotency_key TEXT UNIQUE,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX idx_return_order ON "return"(order_id);

-- v1 ReturnItem. quantity is written through a guard (see db/queries/returns.ts): the batch fails when the order's
-- line would be returned more often than it was bought, counting every return that is not canceled.
CREATE TABLE return_item (
  return_id TEXT NOT NULL,
  item_id TEXT NOT NULL,
  quantity INTEGER NOT NULL,
  is_requested INTEGER NOT NULL DEFAULT 1,
  requested_quantity INTEGER,
  received_quantity INTEGER,
  reason_id TEXT,
  note TEXT,
  metadata TEXT,
  PRIMARY KEY (return_id, item_id)
);
CREATE INDEX idx_return_item_item ON return_item(item_id);

-- v1 Refund (reason: discount | return | swap | claim | other).
CREATE TABLE refund (
  id TEXT PRIMARY KEY,
  order_id TEXT,
  payment_id TEXT,
  amount INTEGER NOT NULL,
  note TEXT,
  reason TEXT NOT NULL,
  metadata TEXT,
  idempotency_key TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX idx_refund_order ON refund(order_id);

-- Events raised here (return.requested, order.fulfillment_created, …) until the event outbox of the customers/auth
-- work (migration 0013) is on main: then these rows move there and this table is dropped by a later migration.
CREATE TABLE after_sale_event_pending (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  data TEXT NOT NULL,
  created_at TEXT NOT NULL
);
