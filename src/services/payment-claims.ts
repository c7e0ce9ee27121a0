import { and, eq, inArray, lt, sql, type SQL } from "drizzle-orm"
import type { BatchItem } from "drizzle-orm/batch"
import type { Database } from "../env"
import * as t from "../db/schema"
import { isConstraintFailure } from "../db/errors"
import { guardedValue, isGuardFailure } from "../db/guards"

/**
 * Claims on payments whose provider is about to be called (table payment_claim). D1 has no interactive
 * transaction to hold while a provider answers, so the request that will call the provider first claims the
 * payments in one batch — the claim rows (their primary key refuses a second live claim) together with a guarded
 * check that each payment still needs the call. Only the claimant calls the provider; a concurrent request is
 * refused before it reaches the provider. The claimant deletes its claim in the batch that records the provider's
 * answer, or releases it when the call fails.
 */
export type ClaimAction = "capture"

/**
 * A claim older than this is taken over: its Worker died between claiming and recording (a provider call ends,
 * answered or timed out, within `providerTimeoutMs`, so a live claimant never holds one this long). The taker
 * calls the provider with the same payment-derived idempotency key, so a call the dead Worker made is not repeated
 * at the provider.
 */
export const claimLeaseMs = (providerTimeoutMs: number) => 2 * providerTimeoutMs + 10_000

/**
 * Claims `paymentIds` for `action` when each still satisfies `open` (a condition on the payment row). Answers the
 * claim's token, or undefined — nothing written — when another request holds a live claim on one of them or one no
 * longer satisfies `open` (e.g. it was captured meanwhile).
 */
export async function claimPayments(
  db: Database,
  paymentIds: readonly string[],
  action: ClaimAction,
  open: SQL,
  now: Date,
  leaseMs: number,
): Promise<string | undefined> {
  const token = crypto.randomUUID()
  const claimedAt = now.toISOString()
  const stale = new Date(now.getTime() - leaseMs).toISOString()
  try {
    await db.batch([
      db.delete(t.paymentClaim).where(and(inArray(t.paymentClaim.payment_id, [...paymentIds]), eq(t.paymentClaim.action, action), lt(t.paymentClaim.claimed_at, stale))),
      ...paymentIds.map((id) => db.insert(t.paymentClaim).values({ payment_id: id, action, token, claimed_at: claimedAt })),
      // The payment must still need the call: written back unchanged, or NULL (the batch fails) when it does not.
      ...paymentIds.map((id) =>
        db.update(t.payment).set({ updated_at: guardedValue(open, sql`${t.payment.updated_at}`) }).where(eq(t.payment.id, id)),
      ),
    ])
  } catch (err) {
    if (isConstraintFailure(err, "UNIQUE", "payment_claim.payment_id") || isGuardFailure(err, "payment.updated_at")) return undefined
    throw err
  }
  return token
}

/** The statement that ends the claim on one payment, for the batch that records the provider's answer. */
export function endClaim(db: Database, paymentId: string, action: ClaimAction, token: string): BatchItem<"sqlite"> {
  return db
    .delete(t.paymentClaim)
    .where(and(eq(t.paymentClaim.payment_id, paymentId), eq(t.paymentClaim.action, action), eq(t.paymentClaim.token, token)))
}

/** Releases what is left of a claim (the provider failed): the payments may be claimed again at once. */
export async function releaseClaim(db: Database, paymentIds: readonly string[], action: ClaimAction, token: string): Promise<void> {
  await db
    .delete(t.paymentClaim)
    .where(and(inArray(t.paymentClaim.payment_id, [...paymentIds]), eq(t.paymentClaim.action, action), eq(t.paymentClaim.token, token)))
}
