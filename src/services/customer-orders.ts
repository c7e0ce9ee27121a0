import { and, count, desc, eq, inArray, sql, type SQL } from "drizzle-orm"
import type { Database } from "../env"
import * as t from "../db/schema"
import { assembleOrderAggregate, orderAggregateStatements } from "../db/queries/orders"
import { dateRangeFilters } from "../db/queries/regions"
import { likeTerm } from "../db/sql"
import { resolveFindConfig } from "../domain/find-config"
import type { ListCustomerOrdersInput } from "../schemas/customers"
import { orderFindSpec, serializeOrder } from "./orders"

/** v1 lists a customer's orders with the totals relations loaded (claims, gift cards, refunds, swaps; golden 172). */
const LIST_EXTRA_RELATIONS = ["claims", "gift_card_transactions", "gift_cards", "refunds", "swaps"]
/** v1's list does not select updated_at by default (golden 172). */
const LIST_DEFAULT_FIELDS = orderFindSpec.defaultFields.filter((f) => f !== "updated_at")

function filters(customerId: string, q: ListCustomerOrdersInput): SQL[] {
  const o = t.order
  const out: SQL[] = [eq(o.customer_id, customerId)]
  if (q.id !== undefined) out.push(eq(o.id, q.id))
  if (q.status?.length) out.push(inArray(o.status, q.status))
  if (q.fulfillment_status?.length) out.push(inArray(o.fulfillment_status, q.fulfillment_status))
  if (q.payment_status?.length) out.push(inArray(o.payment_status, q.payment_status))
  if (q.display_id !== undefined) out.push(eq(o.display_id, Number(q.display_id)))
  if (q.cart_id !== undefined) out.push(eq(o.cart_id, q.cart_id))
  if (q.email !== undefined) out.push(eq(o.email, q.email))
  if (q.region_id !== undefined) out.push(eq(o.region_id, q.region_id))
  if (q.currency_code?.length) out.push(inArray(o.currency_code, q.currency_code.map((c) => c.toLowerCase())))
  if (q.tax_rate !== undefined) out.push(eq(o.tax_rate, Number(q.tax_rate)))
  out.push(...dateRangeFilters(o.created_at, q.created_at), ...dateRangeFilters(o.updated_at, q.updated_at))
  out.push(...dateRangeFilters(o.canceled_at, q.canceled_at))
  if (q.q) {
    // v1: display id, email, shipping address first name, customer first/last name and phone.
    const shipping = sql`(SELECT first_name FROM address WHERE id = ${o.shipping_address_id})`
    const term = (col: SQL | typeof o.email) => likeTerm(col, q.q as string, "contains", { escape: true })
    const customerCols = ["first_name", "last_name", "phone"].map((c) => term(sql`(SELECT ${sql.raw(c)} FROM customer WHERE id = ${o.customer_id})`))
    const byDisplay = /^\d+$/.test(q.q) ? [eq(o.display_id, Number(q.q))] : []
    out.push(sql`(${sql.join([...byDisplay, term(o.email), term(shipping), ...customerCols], sql` OR `)})`)
  }
  return out
}

/** GET /store/customers/me/orders: a page of the customer's orders, newest first; ids and count in one round trip, the page in a second. */
export async function listCustomerOrders(db: Database, customerId: string, q: ListCustomerOrdersInput) {
  const config = resolveFindConfig({ ...orderFindSpec, defaultFields: LIST_DEFAULT_FIELDS, isList: true }, q)
  // v1's list keeps `object` in a fields= selection (golden 173).
  const fields = new Set([...config.fields, "object"])
  const view = { fields, relations: new Set([...config.relations, ...LIST_EXTRA_RELATIONS]) }
  const where = and(...filters(customerId, q))
  const [page, [total]] = await db.batch([
    db.select({ id: t.order.id }).from(t.order).where(where).orderBy(desc(t.order.created_at), desc(t.order.id)).limit(q.limit).offset(q.offset),
    db.select({ n: count() }).from(t.order).where(where),
  ])
  let orders: Record<string, unknown>[] = []
  if (page.length) {
    const perOrder = page.map((row) => orderAggregateStatements(db, { id: row.id }))
    const statements = perOrder.flat()
    const results = await db.batch(statements as unknown as Parameters<typeof db.batch>[0])
    const size = perOrder[0]?.length ?? 0
    orders = page.flatMap((_, i) => {
      const aggregate = assembleOrderAggregate(results.slice(i * size, (i + 1) * size) as never)
      return aggregate ? [withRawDiscountTotal(serializeOrder(aggregate, view))] : []
    })
  }
  return { orders, count: total?.n ?? 0, offset: q.offset, limit: q.limit }
}

/**
 * v1's list answers orders without cleanResponseData, so they keep `raw_discount_total` (goldens 172, 173), placed
 * before `total`; the order's discounts are whole adjustments, so it equals `discount_total`.
 */
function withRawDiscountTotal(order: Record<string, unknown>): Record<string, unknown> {
  const { total, ...rest } = order
  return { ...rest, raw_discount_total: order.discount_total, total }
}
