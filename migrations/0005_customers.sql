-- Customers and their addresses (the auth issue builds login and sessions on these).

CREATE TABLE customer (
  id TEXT PRIMARY KEY,
  email TEXT NOT NULL COLLATE NOCASE,
  first_name TEXT,
  last_name TEXT,
  billing_address_id TEXT,
  password_hash TEXT,
  phone TEXT,
  has_account INTEGER NOT NULL DEFAULT 0,
  metadata TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT
);
-- v1 allows one guest row and one registered row per email.
CREATE UNIQUE INDEX idx_customer_email_account ON customer(email, has_account);

CREATE TABLE address (
  id TEXT PRIMARY KEY,
  customer_id TEXT,
  company TEXT,
  first_name TEXT,
  last_name TEXT,
  address_1 TEXT,
  address_2 TEXT,
  city TEXT,
  country_code TEXT,
  province TEXT,
  postal_code TEXT,
  phone TEXT,
  metadata TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT
);
CREATE INDEX idx_address_customer ON address(customer_id);
