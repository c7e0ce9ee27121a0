import { and, eq, inArray, sql } from "drizzle-orm"
import type { Database, Env } from "../env"
import * as t from "../db/schema"
import { MedusaError } from "../domain/errors"
import { signJwt, verifyJwt } from "../domain/jwt"
import { outboxEvent, publishEvents } from "./events"

export const CLAIM_TOKEN_TTL_SECONDS = 60 * 60

/** Orders a claim may move: not already the claimer's and not owned by another registered account. */
const claimable = (claimerId: string) =>
  sql`${t.order.customer_id} <> ${claimerId} AND NOT EXISTS (SELECT 1 FROM customer c WHERE c.id = ${t.order.customer_id} AND c.has_account = 1)`

/**
 * POST /store/orders/batch/customer/token (v1 order claim): for every email among the requested orders, an
 * `order-update-token.created` event `{old_email, new_customer_id, orders, token}` goes to that email's owner, who
 * proves it by confirming. Unknown ids and orders that are not claimable are skipped silently (no enumeration).
 */
export async function requestOrderClaim(db: Database, env: Env, customerId: string, orderIds: string[], secret: string, now: Date) {
  const [customer] = await db.select().from(t.customer).where(eq(t.customer.id, customerId))
  if (!customer?.has_account) throw new MedusaError("unauthorized", "Customer does not have an account")
  const orders = await db
    .select({ id: t.order.id, email: t.order.email })
    .from(t.order)
    .where(and(inArray(t.order.id, [...new Set(orderIds)]), claimable(customerId)))
  const byEmail = new Map<string, string[]>()
  for (const o of orders) byEmail.set(o.email, [...(byEmail.get(o.email) ?? []), o.id])
  const events = []
  for (const [email, ids] of byEmail) {
    const token = await signJwt({ claimingCustomerId: customerId, orders: ids, purpose: "order_claim" }, secret, Math.floor(now.getTime() / 1000), CLAIM_TOKEN_TTL_SECONDS)
    events.push(outboxEvent(db, "order-update-token.created", { old_email: email, new_customer_id: customerId, orders: ids, token }, now))
  }
  const [first, ...rest] = events
  if (!first) return
  await db.batch([first.statement, ...rest.map((e) => e.statement)])
  await publishEvents(env, events.map((e) => e.id))
}

/**
 * POST /store/orders/customer/confirm: moves the token's orders to the claiming customer (and their email), in one
 * conditional update that again skips orders a registered account owns by now. A bad or expired token → 401
 * (v1: 500 from jsonwebtoken).
 */
export async function confirmOrderClaim(db: Database, token: string, secret: string, now: Date) {
  const payload = await verifyJwt(token, secret, Math.floor(now.getTime() / 1000))
  const claimer = payload?.claimingCustomerId
  const orders = payload?.orders
  if (payload?.purpose !== "order_claim" || typeof claimer !== "string" || !Array.isArray(orders) || !orders.every((o) => typeof o === "string")) {
    throw new MedusaError("unauthorized", "Invalid or expired order claim token")
  }
  const [customer] = await db.select().from(t.customer).where(eq(t.customer.id, claimer))
  if (!customer?.has_account) throw new MedusaError("unauthorized", "Customer does not have an account")
  await db
    .update(t.order)
    .set({ customer_id: customer.id, email: customer.email, updated_at: now.toISOString() })
    .where(and(inArray(t.order.id, orders as string[]), claimable(customer.id)))
}
