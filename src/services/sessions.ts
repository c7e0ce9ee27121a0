import { and, eq, gt, lt, ne, sql } from "drizzle-orm"
import type { Database } from "../env"
import * as t from "../db/schema"
import { toBase64Url } from "../domain/jwt"

/** A new session: the cookie value (256 random bits) and the insert that stores only its hash. */
export async function newSession(db: Database, customerId: string, nowMs: number, ttlSeconds: number) {
  const value = toBase64Url(crypto.getRandomValues(new Uint8Array(32)))
  const statement = db.insert(t.customerSession).values({
    id_hash: await sessionHash(value),
    customer_id: customerId,
    expires_at: nowMs + ttlSeconds * 1000,
    created_at: new Date(nowMs).toISOString(),
  })
  return { value, statement, prune: db.delete(t.customerSession).where(lt(t.customerSession.expires_at, nowMs)) }
}

/**
 * A session for a login that verified the customer's password at `passwordVersion`: stored only while the customer's
 * password version is still that one. A password change deletes the sessions it finds; a login that verified the old
 * password just before would otherwise write its session just after, and outlive the change. `stored` reads it back
 * in the same batch: empty → the login lost that race (answer 401).
 */
export async function newLoginSession(db: Database, customerId: string, passwordVersion: number, nowMs: number, ttlSeconds: number) {
  const value = toBase64Url(crypto.getRandomValues(new Uint8Array(32)))
  const idHash = await sessionHash(value)
  const statement = db.insert(t.customerSession).select(
    db
      .select({
        id_hash: sql<string>`${idHash}`.as("id_hash"),
        customer_id: t.customer.id,
        expires_at: sql<number>`${nowMs + ttlSeconds * 1000}`.as("expires_at"),
        created_at: sql<string>`${new Date(nowMs).toISOString()}`.as("created_at"),
      })
      .from(t.customer)
      .where(and(eq(t.customer.id, customerId), eq(t.customer.password_version, passwordVersion))),
  )
  const stored = db.select({ id_hash: t.customerSession.id_hash }).from(t.customerSession).where(eq(t.customerSession.id_hash, idHash))
  return { value, statement, stored, prune: db.delete(t.customerSession).where(lt(t.customerSession.expires_at, nowMs)) }
}

export async function findSessionCustomer(db: Database, value: string, nowMs: number): Promise<string | undefined> {
  const [row] = await db
    .select({ customer_id: t.customerSession.customer_id })
    .from(t.customerSession)
    .where(and(eq(t.customerSession.id_hash, await sessionHash(value)), gt(t.customerSession.expires_at, nowMs)))
  return row?.customer_id
}

export async function deleteSession(db: Database, value: string) {
  await db.delete(t.customerSession).where(eq(t.customerSession.id_hash, await sessionHash(value)))
}

/** Every session of a customer (a password reset logs all devices out). */
export const deleteCustomerSessions = (db: Database, customerId: string) =>
  db.delete(t.customerSession).where(eq(t.customerSession.customer_id, customerId))

/** Every session of a customer but the one whose cookie value is `keep` (a password change keeps the device that made it). */
export async function deleteOtherSessions(db: Database, customerId: string, keep: string | undefined) {
  const keepHash = keep ? await sessionHash(keep) : ""
  // Wrapped: an async function returning the (thenable) query itself would run it instead of handing it to a batch.
  return { statement: db.delete(t.customerSession).where(and(eq(t.customerSession.customer_id, customerId), ne(t.customerSession.id_hash, keepHash))) }
}

async function sessionHash(value: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(value))
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("")
}
