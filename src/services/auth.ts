import { and, eq } from "drizzle-orm"
import type { Database } from "../env"
import * as t from "../db/schema"
import { hashPassword, verifyPassword } from "../domain/password"
import { isScryptKdfHash, verifyScryptKdf } from "../domain/password-scrypt"
import { signJwt } from "../domain/jwt"
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
  if (!customer?.password_hash) return undefined
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

export function issueAccessToken(customerId: string, secret: string, now: Date): Promise<string> {
  return signJwt({ customer_id: customerId, domain: "store" }, secret, Math.floor(now.getTime() / 1000), TOKEN_TTL_SECONDS)
}
