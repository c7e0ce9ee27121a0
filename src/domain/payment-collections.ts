/** Payment collections (v1 PaymentCollectionService), pure: batch checks and the status an authorization leaves. */
import { invalidData, notAllowed } from "./errors"

export type PaymentCollectionStatus = "not_paid" | "awaiting" | "authorized" | "partially_authorized" | "canceled"

/** Sessions can be created, changed or deleted only before anything is authorized (v1). */
export function checkSessionsEditable(status: string): void {
  if (status !== "not_paid") throw notAllowed(`Cannot set payment sessions for a payment collection with status ${status}`)
}

/**
 * A batch must split exactly the collection's amount. v1 throws unexpected_state (a 500) here; a storefront's wrong
 * split is bad input, so it is a 400.
 */
export function checkBatchAmounts(sessions: readonly { amount: number }[], amount: number): void {
  const sum = sessions.reduce((total, s) => total + s.amount, 0)
  if (sum !== amount) throw invalidData(`The sum of sessions is not equal to ${amount} on Payment Collection`)
}

/**
 * Each existing session may appear once in a batch: listed twice, both amounts would count toward the sum but only
 * one would stay on the session, leaving the collection short of its amount and unpayable.
 */
export function checkDistinctSessions(sessions: readonly { session_id?: string | undefined }[]): void {
  const seen = new Set<string>()
  for (const { session_id: id } of sessions) {
    if (id === undefined) continue
    if (seen.has(id)) throw invalidData(`Payment Session ${id} is listed more than once`)
    seen.add(id)
  }
}

/**
 * An authorization must not take the collection past its amount: sessions created one provider at a time each hold
 * the whole amount, and authorizing two would charge the shopper twice (both become the order's payments).
 */
export function checkAuthorizable(collection: { id: string; amount: number }, authorized: number, adding: number): void {
  if (adding > 0 && authorized + adding > collection.amount) {
    throw notAllowed(`Authorizing ${adding} more would exceed the amount ${collection.amount} of Payment Collection ${collection.id}`)
  }
}

/** v1 authorizePaymentSessions: nothing authorized → awaiting, part → partially_authorized, all → authorized. */
export function statusAfterAuthorization(amount: number, authorized: number): PaymentCollectionStatus {
  if (authorized === 0) return "awaiting"
  return authorized < amount ? "partially_authorized" : "authorized"
}

/** One entry of `POST /store/payment-collections/:id/sessions/batch`. */
export interface BatchSession {
  provider_id: string
  amount: number
  session_id?: string | undefined
}
