-- Stripe payments (src/providers/payment/stripe.ts). Like every provider, it is used only where a region lists it in
-- region_payment_provider (seed: "payment_providers": ["stripe"]).
INSERT INTO payment_provider (id, is_installed) VALUES ('stripe', 1);

-- Payment-provider webhook events already handled (POST /hooks/payment/stripe): a redelivered event id is answered
-- without acting again. `outcome` says what handling did: order_placed, cart_not_completed, payment_failed, ignored.
CREATE TABLE payment_webhook_event (
  id TEXT PRIMARY KEY,
  provider_id TEXT NOT NULL,
  type TEXT NOT NULL,
  payment_intent_id TEXT,
  cart_id TEXT,
  order_id TEXT,
  outcome TEXT NOT NULL,
  message TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX idx_payment_webhook_event_intent ON payment_webhook_event(payment_intent_id);
