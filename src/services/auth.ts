import { and, eq, isNull } from "drizzle-orm"
import type { Database } from "../env"
import * as t from "../db/schema"
import { hashPassword, UNKNOWN_ACCOUNT_HASH, verifyPassword } from "../domain/password"
import { isScryptKdfHash, verifyScryptKdf } from "../domain/password-scrypt"
import { signJwt, type JwtPayload } from "../domain/jwt"
import { findRegisteredCustomer, type CustomerRow } from "../db/queries/customers"

/** v1: `jwt.sign({customer_id, domain: "store"}, jwt_secret, {expiresIn: "30d"})`. */
export const TOKEN_TTL_SECONDS = 30 * 24 * 60 * 60

/**
 * v1 AuthService.authenticateCustomer: the registered customer with this email whose password matches, or
 * undefined. A Medusa scrypt-kdf hash (customers imported from a v1 database) is accepted once and replaced by a
 * PBKDF2 hash; the replacement is conditional on the old hash, so a concurrent password change wins.
 */
export async function authenticate(db: Database, email: string, password: string, now: Date): Promise<CustomerRow | undefined> {
  const customer = await findRegisteredCustomer(db, email)
  if (!customer?.password_hash) {
    // Same work as a wrong password, so the answer's timing does not tell whether the account exists.
    await verifyPassword(password, UNKNOWN_ACCOUNT_HASH)
    return undefined
  }
  const stored = customer.password_hash
  if (isScryptKdfHash(stored)) {
    if (!(await verifyScryptKdf(password, stored))) return undefined
    const rehashed = await hashPassword(password)
    await db
      .update(t.customer)
      .set({ password_hash: rehashed, updated_at: now.toISOString() })
      .where(and(eq(t.customer.id, customer.id), eq(t.customer.password_hash, stored)))
    return { ...customer, password_hash: rehashed }
  }
  return (await verifyPassword(password, stored)) ? customer : undefined
}

/**
 * The token carries the customer's password version (`pwv`): a password change bumps it, and tokens issued before
 * stop working (tokenCustomer). v1 tokens carry no such claim; here `pwv` absent counts as version 0.
 */
export function issueAccessToken(customer: Pick<CustomerRow, "id" | "password_version">, secret: string, now: Date): Promise<string> {
  const payload = { customer_id: customer.id, domain: "store", pwv: customer.password_version }
  return signJwt(payload, secret, Math.floor(now.getTime() / 1000), TOKEN_TTL_SECONDS)
}

/**
 * The customer a verified token names, if it still stands: the registered customer exists, is not deleted, and its
 * password has not changed since the token was issued. One indexed read (a cookie session costs the same).
 */
export async function tokenCustomer(db: Database, payload: JwtPayload): Promise<string | undefined> {
  const id = payload.customer_id
  const version = payload.pwv ?? 0
  if (typeof id !== "string" || typeof version !== "number") return undefined
  const [row] = await db
    .select({ version: t.customer.password_version })
    .from(t.customer)
    .where(and(eq(t.customer.id, id), eq(t.customer.has_account, true), isNull(t.customer.deleted_at)))
  return row && row.version === version ? id : undefined
}
