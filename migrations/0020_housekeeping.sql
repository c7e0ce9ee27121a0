-- Housekeeping (src/services/housekeeping.ts, run by the cron trigger): a finished idempotency key is kept 24 h after
-- it finished (as Stripe), then pruned. `finished_at` records when; keys that finished before this migration count
-- from their creation. The partial index lets the cron find prunable keys without scanning open ones.
ALTER TABLE idempotency_key ADD COLUMN finished_at TEXT;
UPDATE idempotency_key SET finished_at = created_at WHERE recovery_point = 'finished';
CREATE INDEX idx_idempotency_key_finished ON idempotency_key(finished_at) WHERE finished_at IS NOT NULL;

-- Abandoned carts are found by age of their last change; delivered outbox rows by delivery time.
CREATE INDEX idx_cart_updated ON cart(updated_at) WHERE completed_at IS NULL;
CREATE INDEX idx_event_outbox_delivered ON event_outbox(delivered_at) WHERE delivered_at IS NOT NULL;
