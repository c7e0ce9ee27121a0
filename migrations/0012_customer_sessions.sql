-- Cookie sessions for logged-in customers (POST /store/auth, POST /store/customers).
-- The cookie carries a random 256-bit id; only its SHA-256 is stored, so a database leak yields no live cookie.
CREATE TABLE customer_session (
  id_hash TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL,
  expires_at INTEGER NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX idx_customer_session_customer ON customer_session(customer_id);
CREATE INDEX idx_customer_session_expires ON customer_session(expires_at);
