import { sql } from "drizzle-orm"
import type { Database } from "../env"

/**
 * v1 GET /store/carts/:id: a logged-in customer's fetch attaches the cart to them (customer_id and email) when the
 * cart has no customer, no email, or another customer. Here a cart that a different *registered* customer owns is
 * left alone (v1 would hand it over), and a completed cart never changes.
 */
export async function shouldAttachCustomer(db: Database, cartId: string, customerId: string): Promise<boolean> {
  const row = await db.get<{ customer_id: string | null; email: string | null; completed_at: string | null; owner_has_account: number | null }>(sql`
    SELECT cart.customer_id, cart.email, cart.completed_at, customer.has_account AS owner_has_account
    FROM cart LEFT JOIN customer ON customer.id = cart.customer_id
    WHERE cart.id = ${cartId}`)
  if (!row || row.completed_at) return false
  if (row.customer_id === customerId) return !row.email
  return !row.owner_has_account
}
