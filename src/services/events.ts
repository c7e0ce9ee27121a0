/**
 * The event outbox. A change that must be announced (a password-reset token, an order claim, a placed order)
 * writes an `event_outbox` row in the same D1 batch as the change, then the row's id is sent to the EVENTS queue.
 * The queue consumer (handleEventBatch, exported from src/index.ts as `queue`) POSTs the event to
 * EVENTS_WEBHOOK_URL with an HMAC-SHA256 signature, marks the row delivered, and retries failures with backoff.
 * If the send to the queue fails after the batch committed, the row stays pending and the cron relay resends it.
 */
import { and, asc, eq, isNull, lt, sql } from "drizzle-orm"
import type { Database, Env, EventMessage } from "../env"
import * as t from "../db/schema"
import { newId } from "../domain/ids"
import { createDb } from "../db/client"

/** Medusa v1's event names for what this Worker announces. */
export type EventName =
  | "customer.password_reset" | "order.placed" | "order-update-token.created"
  // after the sale
  | "order.return_requested" | "order.fulfillment_created" | "order.items_returned"
  | "order-edit.requested" | "order-edit.confirmed" | "order-edit.declined"
  | "swap.created"

export interface OutboxEvent {
  id: string
  statement: ReturnType<typeof insertStatement>
}

const insertStatement = (db: Database, id: string, name: EventName, payload: Record<string, unknown>, now: Date) =>
  db.insert(t.eventOutbox).values({ id, name, payload, created_at: now.toISOString(), attempts: 0 })

/** An outbox row to put in the caller's batch. */
export function outboxEvent(db: Database, name: EventName, payload: Record<string, unknown>, now: Date): OutboxEvent {
  const id = newId("event", now.getTime())
  return { id, statement: insertStatement(db, id, name, payload, now) }
}

/** Hands committed outbox rows to the queue. A failure is logged, not thrown: the relay resends pending rows. */
export async function publishEvents(env: Env, ids: readonly string[]) {
  if (!ids.length || !env.EVENTS) return
  try {
    await env.EVENTS.sendBatch(ids.map((id) => ({ body: { id } })))
  } catch (err) {
    console.error("event outbox: queue send failed, the relay will resend", ids, err)
  }
}

/** Seconds before retry n (1-based): 10 s, 20 s, 40 s … capped at an hour. */
export function retryDelaySeconds(attempts: number): number {
  return Math.min(3600, 10 * 2 ** Math.max(0, attempts - 1))
}

/** `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">` — the receiver recomputes it and checks t is recent. */
export async function signWebhook(secret: string, body: string, unixSeconds: number): Promise<string> {
  const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"])
  const mac = await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(`${unixSeconds}.${body}`))
  const hex = [...new Uint8Array(mac)].map((b) => b.toString(16).padStart(2, "0")).join("")
  return `t=${unixSeconds},v1=${hex}`
}

/** The queue consumer: one webhook POST per event; 2xx marks it delivered, anything else retries with backoff. */
export async function handleEventBatch(batch: MessageBatch<EventMessage>, env: Env, fetcher: typeof fetch = fetch) {
  const { db } = createDb(env.DB)
  for (const message of batch.messages) {
    const [row] = await db.select().from(t.eventOutbox).where(eq(t.eventOutbox.id, message.body.id))
    if (!row || row.delivered_at) {
      message.ack()
      continue
    }
    if (!env.EVENTS_WEBHOOK_URL) {
      // Nothing to deliver to: the row stays pending (visible in the outbox) rather than being retried forever.
      message.ack()
      continue
    }
    const body = JSON.stringify({ id: row.id, event: row.name, data: row.payload, created_at: row.created_at })
    const now = new Date()
    let error: string | undefined
    try {
      const headers: Record<string, string> = { "content-type": "application/json", "x-medusa-event": row.name, "x-medusa-event-id": row.id }
      if (env.EVENTS_WEBHOOK_SECRET) headers["x-medusa-signature"] = await signWebhook(env.EVENTS_WEBHOOK_SECRET, body, Math.floor(now.getTime() / 1000))
      const res = await fetcher(env.EVENTS_WEBHOOK_URL, { method: "POST", headers, body })
      if (!res.ok) error = `webhook answered ${res.status}`
    } catch (err) {
      error = err instanceof Error ? err.message : String(err)
    }
    const attempts = row.attempts + 1
    await db
      .update(t.eventOutbox)
      .set(error ? { attempts, last_error: error.slice(0, 500) } : { attempts, delivered_at: now.toISOString(), last_error: null })
      .where(eq(t.eventOutbox.id, row.id))
    if (error) message.retry({ delaySeconds: retryDelaySeconds(attempts) })
    else message.ack()
  }
}

/** Cron relay: resends rows still pending a minute after they were written (a lost queue send, an eviction). */
export async function relayPendingEvents(env: Env, now: Date) {
  const { db } = createDb(env.DB)
  const cutoff = new Date(now.getTime() - 60_000).toISOString()
  const rows = await db
    .select({ id: t.eventOutbox.id })
    .from(t.eventOutbox)
    .where(and(isNull(t.eventOutbox.delivered_at), lt(t.eventOutbox.created_at, cutoff), sql`${t.eventOutbox.attempts} < 20`))
    .orderBy(asc(t.eventOutbox.created_at))
    .limit(100)
  await publishEvents(env, rows.map((r) => r.id))
}
