-- Order edits (a merchant's proposed change to an order, accepted or declined by the shopper) and payment collections
-- (how a shopper pays the positive difference of an edit), as v1's entities.

-- v1 OrderEdit. Its status is derived from the timestamps (created → requested → confirmed | declined | canceled).
CREATE TABLE order_edit (
  id TEXT PRIMARY KEY,
  order_id TEXT NOT NULL,
  internal_note TEXT,
  created_by TEXT NOT NULL,
  requested_by TEXT,
  requested_at TEXT,
  confirmed_by TEXT,
  confirmed_at TEXT,
  declined_by TEXT,
  declined_reason TEXT,
  declined_at TEXT,
  canceled_by TEXT,
  canceled_at TEXT,
  payment_collection_id TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX idx_order_edit_order ON order_edit(order_id);
CREATE INDEX idx_line_item_order_edit ON line_item(order_edit_id);

-- v1 OrderItemChange: item_add | item_remove | item_update, one per line of an edit.
CREATE TABLE order_item_change (
  id TEXT PRIMARY KEY,
  type TEXT NOT NULL,
  order_edit_id TEXT NOT NULL,
  original_line_item_id TEXT,
  line_item_id TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT
);
CREATE INDEX idx_order_item_change_edit ON order_item_change(order_edit_id);

-- v1 PaymentCollection (type order_edit): status not_paid | awaiting | authorized | partially_authorized | canceled.
CREATE TABLE payment_collection (
  id TEXT PRIMARY KEY,
  type TEXT NOT NULL,
  status TEXT NOT NULL,
  description TEXT,
  amount INTEGER NOT NULL,
  authorized_amount INTEGER,
  region_id TEXT NOT NULL,
  currency_code TEXT NOT NULL,
  metadata TEXT,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT
);

CREATE TABLE payment_collection_sessions (
  payment_collection_id TEXT NOT NULL,
  payment_session_id TEXT NOT NULL,
  PRIMARY KEY (payment_collection_id, payment_session_id)
);
CREATE INDEX idx_pcs_session ON payment_collection_sessions(payment_session_id);

CREATE TABLE payment_collection_payments (
  payment_collection_id TEXT NOT NULL,
  payment_id TEXT NOT NULL,
  PRIMARY KEY (payment_collection_id, payment_id)
);

-- At most one open (created or requested) edit per order: the merchant's second create loses its race here.
CREATE UNIQUE INDEX idx_order_edit_one_active ON order_edit(order_id)
  WHERE confirmed_at IS NULL AND declined_at IS NULL AND canceled_at IS NULL;

-- The after-sale events now go to the event outbox (0013); the interim table of 0018 held nothing that was sent.
INSERT INTO event_outbox (id, name, payload, created_at, attempts)
  SELECT id, name, data, created_at, 0 FROM after_sale_event_pending;
DROP TABLE after_sale_event_pending;
