-- Events a shop's mailer consumes (customer.password_reset, order-update-token.created, order.placed).
-- A row is written in the same D1 batch as the change it reports, then sent through the EVENTS queue; the
-- consumer forwards it to the webhook and sets delivered_at.
CREATE TABLE event_outbox (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  payload TEXT NOT NULL,
  created_at TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  delivered_at TEXT,
  last_error TEXT
);
CREATE INDEX idx_event_outbox_pending ON event_outbox(delivered_at, created_at);
