-- A provider call in flight for a payment (its capture): the request that is about to call the provider claims the
-- payment here first, in the same batch that checks the payment still needs the call, so a concurrent request is
-- refused (409) instead of calling the provider again. The claim is deleted when the result is recorded or the call
-- fails; one left by a Worker that died mid-call may be taken over once it is older than the lease
-- (src/services/payment-claims.ts).
CREATE TABLE payment_claim (
  payment_id TEXT NOT NULL,
  action TEXT NOT NULL,
  token TEXT NOT NULL,
  claimed_at TEXT NOT NULL,
  PRIMARY KEY (payment_id, action)
);
