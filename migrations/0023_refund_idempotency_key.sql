-- A refund's idempotency_key is the key its provider call carried (a return's refund: "<return id>:<payment id>").
-- Unique, so one provider refund is recorded at most once, whichever request records it. NULLs (refunds without a
-- key) stay allowed.
CREATE UNIQUE INDEX idx_refund_idempotency_key ON refund(idempotency_key);
