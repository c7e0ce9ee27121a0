import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm"
import type { Database } from "../../env"
import * as t from "../schema"

export type CustomerRow = typeof t.customer.$inferSelect
export type AddressRow = typeof t.address.$inferSelect
export type OrderRow = typeof t.order.$inferSelect
export type LineItemRow = typeof t.lineItem.$inferSelect

export interface CustomerBundle {
  customer: CustomerRow
  addresses: AddressRow[]
  billingAddress: AddressRow | null
  orders: OrderRow[]
  orderItems: LineItemRow[]
}

const live = (id: string) => and(eq(t.customer.id, id), isNull(t.customer.deleted_at))

/** Statements that read a customer with its address book, billing address and orders (with items). */
export function customerBundleStatements(db: Database, id: string) {
  return [
    db.select().from(t.customer).where(live(id)),
    db
      .select()
      .from(t.address)
      .where(and(eq(t.address.customer_id, id), isNull(t.address.deleted_at)))
      .orderBy(asc(t.address.created_at), asc(t.address.id)),
    db.select().from(t.address).where(sql`${t.address.id} = (SELECT billing_address_id FROM customer WHERE id = ${id})`),
    db.select().from(t.order).where(eq(t.order.customer_id, id)).orderBy(asc(t.order.created_at)),
    db.select().from(t.lineItem).where(sql`${t.lineItem.order_id} IN (SELECT id FROM "order" WHERE customer_id = ${id})`),
  ] as const
}

type BundleResults = [CustomerRow[], AddressRow[], AddressRow[], OrderRow[], LineItemRow[]]

export function assembleCustomerBundle(results: readonly unknown[]): CustomerBundle | undefined {
  const [customers, addresses, billing, orders, orderItems] = results as BundleResults
  const customer = customers[0]
  if (!customer) return undefined
  return { customer, addresses, billingAddress: billing[0] ?? null, orders, orderItems }
}

/** A customer with everything the account and auth responses show: one round trip. */
export async function loadCustomerBundle(db: Database, id: string): Promise<CustomerBundle | undefined> {
  return assembleCustomerBundle(await db.batch(customerBundleStatements(db, id)))
}

/** The registered (has_account) customer with this email, if any. */
export async function findRegisteredCustomer(db: Database, email: string): Promise<CustomerRow | undefined> {
  const [row] = await db
    .select()
    .from(t.customer)
    .where(and(eq(t.customer.email, email.toLowerCase()), eq(t.customer.has_account, true), isNull(t.customer.deleted_at)))
  return row
}

export async function findCustomersByIds(db: Database, ids: string[]): Promise<CustomerRow[]> {
  if (!ids.length) return []
  return db.select().from(t.customer).where(inArray(t.customer.id, ids))
}
