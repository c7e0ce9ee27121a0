import { and, eq, sql } from "drizzle-orm"
import type { Database, Env } from "../env"
import * as t from "../db/schema"
import { MedusaError } from "../domain/errors"
import { hashPassword } from "../domain/password"
import { signJwt, verifyJwt } from "../domain/jwt"
import { findRegisteredCustomer } from "../db/queries/customers"
import { outboxEvent, publishEvents } from "./events"
import { deleteCustomerSessions } from "./sessions"
import { customerColumns } from "./customer-view"

/** v1: the reset token is valid for 15 minutes. */
export const RESET_TOKEN_TTL_SECONDS = 15 * 60

const invalidToken = () => new MedusaError("unauthorized", "Invalid or expired password reset token")

/**
 * POST /store/customers/password-token. As in v1 the token is a JWT `{customer_id}` signed with the customer's
 * current password hash, so it dies when the password changes: a reset spends it, and so does any other change.
 * It travels only in the `customer.password_reset` event (outbox → queue → webhook), never in a response; unknown
 * emails and guests get the same 204 with nothing written (no account enumeration).
 */
export async function requestPasswordReset(db: Database, env: Env, email: string, now: Date) {
  const customer = await findRegisteredCustomer(db, email)
  if (!customer?.password_hash) return
  const token = await signJwt({ customer_id: customer.id }, customer.password_hash, Math.floor(now.getTime() / 1000), RESET_TOKEN_TTL_SECONDS)
  const event = outboxEvent(
    db,
    "customer.password_reset",
    { id: customer.id, email: customer.email, first_name: customer.first_name, last_name: customer.last_name, token },
    now,
  )
  await event.statement
  await publishEvents(env, [event.id])
}

/**
 * POST /store/customers/password-reset. An unknown email, a token for someone else, an expired or garbled token → 401
 * (v1 answers 500 for the last two). The hash is swapped only if it is still the one the token was signed with,
 * so two racing resets with one token change the password once; every session of the customer is ended, and the
 * password version moves on, so every access token issued before stops working.
 */
export async function resetPassword(db: Database, input: { email: string; token: string; password: string }, now: Date) {
  const customer = await findRegisteredCustomer(db, input.email)
  if (!customer?.password_hash) throw invalidToken()
  const payload = await verifyJwt(input.token, customer.password_hash, Math.floor(now.getTime() / 1000))
  if (!payload || payload.customer_id !== customer.id) throw invalidToken()
  const hash = await hashPassword(input.password)
  const [updated] = await db.batch([
    db
      .update(t.customer)
      .set({ password_hash: hash, password_version: sql`${t.customer.password_version} + 1`, updated_at: now.toISOString() })
      .where(and(eq(t.customer.id, customer.id), eq(t.customer.password_hash, customer.password_hash)))
      .returning(),
    deleteCustomerSessions(db, customer.id),
  ])
  const row = updated[0]
  if (!row) throw invalidToken()
  return customerColumns(row)
}
