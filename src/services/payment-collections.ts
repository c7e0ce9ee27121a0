import { and, eq, inArray, sql } from "drizzle-orm"
import type { BatchItem } from "drizzle-orm/batch"
import type { Database } from "../env"
import * as t from "../db/schema"
import { invalidData, MedusaError, notAllowed, notFound } from "../domain/errors"
import { newId } from "../domain/ids"
import { checkAuthorizable, checkBatchAmounts, checkDistinctSessions, checkSessionsEditable, statusAfterAuthorization, type BatchSession } from "../domain/payment-collections"
import type { PaymentCollectionRow } from "../db/queries/order-edits"
import { PaymentProcessorError, type PaymentRegistry } from "../providers/payment/registry"
import type { PaymentContext, PaymentProvider } from "../providers/payment/types"

export interface CollectionContext {
  db: Database
  now: () => Date
  /** The logged-in customer, if any: only the customer of the edited order may pay its collection. */
  customerId?: string | undefined
}

/** A command that calls providers: its registry comes from the collection's object (installedPayments of its env). */
export interface CollectionCommandContext extends CollectionContext {
  payments: PaymentRegistry
}

type SessionRow = typeof t.paymentSession.$inferSelect

interface LoadedCollection {
  collection: PaymentCollectionRow
  sessions: SessionRow[]
  providers: string[]
  owner: { customer_id: string; email: string } | null
}

async function load(ctx: CollectionContext, id: string): Promise<LoadedCollection> {
  const { db } = ctx
  const [[collection], sessions, providers, [owner]] = await db.batch([
    db.select().from(t.paymentCollection).where(and(eq(t.paymentCollection.id, id), sql`${t.paymentCollection.deleted_at} IS NULL`)),
    db
      .select({ session: t.paymentSession })
      .from(t.paymentCollectionSessions)
      .innerJoin(t.paymentSession, eq(t.paymentSession.id, t.paymentCollectionSessions.payment_session_id))
      .where(eq(t.paymentCollectionSessions.payment_collection_id, id))
      .orderBy(t.paymentSession.created_at, t.paymentSession.id),
    db
      .select({ id: t.regionPaymentProvider.provider_id })
      .from(t.regionPaymentProvider)
      .where(sql`${t.regionPaymentProvider.region_id} = (SELECT region_id FROM payment_collection WHERE id = ${id})`),
    db
      .select({ customer_id: t.order.customer_id, email: t.order.email })
      .from(t.order)
      .where(sql`${t.order.id} = (SELECT order_id FROM order_edit WHERE payment_collection_id = ${id} LIMIT 1)`),
  ])
  // Another customer's collection is answered as unknown.
  if (!collection || (ctx.customerId && owner && owner.customer_id !== ctx.customerId)) {
    throw notFound(`Payment collection with id ${id} was not found`)
  }
  return { collection, sessions: sessions.map((s) => s.session), providers: providers.map((p) => p.id), owner: owner ?? null }
}

function providerOf(ctx: CollectionCommandContext, loaded: LoadedCollection, providerId: string): PaymentProvider {
  const provider = loaded.providers.includes(providerId) ? ctx.payments.get(providerId) : undefined
  if (!provider) throw invalidData("Payment provider not found")
  return provider
}

function paymentContext(loaded: LoadedCollection, amount: number, session: SessionRow | null): PaymentContext {
  return {
    amount, currency_code: loaded.collection.currency_code, resource_id: loaded.collection.id,
    email: loaded.owner?.email ?? null, customer_id: loaded.owner?.customer_id ?? null, session_data: session?.data ?? {},
  }
}

/** v1 throwFromPaymentProcessorError: a provider failure is the shopper's 400 with the provider's message. */
async function callProvider<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call()
  } catch (err) {
    if (err instanceof PaymentProcessorError) throw new MedusaError("invalid_data", err.message, err.code)
    throw err
  }
}

function sessionOf(loaded: LoadedCollection, sessionId: string): SessionRow {
  const session = loaded.sessions.find((s) => s.id === sessionId)
  if (session) return session
  throw notAllowed(`Payment Session ${sessionId} does not belong to Payment Collection ${loaded.collection.id}`)
}

/** The wire shape of GET (v1 store: these columns, the sessions and the region). */
export async function retrievePaymentCollection(ctx: CollectionContext, id: string) {
  const loaded = await load(ctx, id)
  const [region] = await ctx.db.select().from(t.region).where(eq(t.region.id, loaded.collection.region_id))
  const { id: cid, type, status, description, amount, currency_code, metadata } = loaded.collection
  const { includes_tax: _i, ...regionView } = region ?? ({ includes_tax: false } as { includes_tax: boolean })
  return { id: cid, type, status, description, amount, currency_code, metadata, payment_sessions: loaded.sessions, region: region ? regionView : null }
}

/** What the mutations answer (v1: the collection's columns with its sessions). */
async function collectionView(ctx: CollectionContext, id: string) {
  const loaded = await load(ctx, id)
  return { ...loaded.collection, payment_sessions: loaded.sessions }
}

function newSessionWrites(ctx: CollectionContext, collectionId: string, providerId: string, amount: number, result: { data: Record<string, unknown>; status?: string | undefined }, now: string): BatchItem<"sqlite">[] {
  const id = newId("paymentSession")
  return [
    ctx.db.insert(t.paymentSession).values({
      id, cart_id: null, provider_id: providerId, is_selected: null, is_initiated: true, status: result.status ?? "pending",
      data: result.data, idempotency_key: null, amount, payment_authorized_at: null, created_at: now, updated_at: now,
    }),
    ctx.db.insert(t.paymentCollectionSessions).values({ payment_collection_id: collectionId, payment_session_id: id }),
  ]
}

async function commit(ctx: CollectionContext, writes: BatchItem<"sqlite">[]) {
  if (writes.length) await ctx.db.batch([writes[0]!, ...writes.slice(1)])
}

/** POST /store/payment-collections/:id/sessions: one session of the provider for the whole amount (kept if it exists). */
export async function createCollectionSession(ctx: CollectionCommandContext, id: string, providerId: string) {
  const loaded = await load(ctx, id)
  checkSessionsEditable(loaded.collection.status)
  const provider = providerOf(ctx, loaded, providerId)
  if (!loaded.sessions.some((s) => s.provider_id === providerId)) {
    const result = await callProvider(() => provider.initiate(paymentContext(loaded, loaded.collection.amount, null)))
    await commit(ctx, newSessionWrites(ctx, id, providerId, loaded.collection.amount, result, ctx.now().toISOString()))
  }
  return collectionView(ctx, id)
}

export type { BatchSession }

/**
 * POST /store/payment-collections/:id/sessions/batch: the collection's sessions become exactly the request's —
 * listed sessions are updated to their amount, new ones initiated, the others deleted at the provider and here.
 * Sessions of providers the region does not offer are ignored (v1); the amounts must add up to the collection's.
 */
export async function setCollectionSessions(ctx: CollectionCommandContext, id: string, input: BatchSession[]) {
  const loaded = await load(ctx, id)
  checkSessionsEditable(loaded.collection.status)
  checkDistinctSessions(input)
  const usable = input.filter((s) => loaded.providers.includes(s.provider_id))
  checkBatchAmounts(usable, loaded.collection.amount)
  for (const s of usable) if (s.session_id) sessionOf(loaded, s.session_id)
  const now = ctx.now().toISOString()
  const writes: BatchItem<"sqlite">[] = []
  const kept = new Set(usable.flatMap((s) => (s.session_id ? [s.session_id] : [])))
  for (const s of usable) {
    const provider = providerOf(ctx, loaded, s.provider_id)
    if (s.session_id) {
      const session = sessionOf(loaded, s.session_id)
      const result = await callProvider(() => provider.update(paymentContext(loaded, s.amount, session)))
      writes.push(ctx.db.update(t.paymentSession).set({ amount: s.amount, data: result.data, updated_at: now }).where(eq(t.paymentSession.id, session.id)))
    } else {
      const result = await callProvider(() => provider.initiate(paymentContext(loaded, s.amount, null)))
      writes.push(...newSessionWrites(ctx, id, s.provider_id, s.amount, result, now))
    }
  }
  const dropped = loaded.sessions.filter((s) => !kept.has(s.id))
  for (const session of dropped) {
    const provider = ctx.payments.get(session.provider_id)
    if (provider) await callProvider(() => provider.delete(session.data))
  }
  if (dropped.length) {
    const ids = dropped.map((s) => s.id)
    writes.push(
      ctx.db.delete(t.paymentCollectionSessions).where(inArray(t.paymentCollectionSessions.payment_session_id, ids)),
      ctx.db.delete(t.paymentSession).where(inArray(t.paymentSession.id, ids)),
    )
  }
  await commit(ctx, writes)
  return collectionView(ctx, id)
}

/** POST /store/payment-collections/:id/sessions/:session_id: the session replaced by a freshly initiated one (v1). */
export async function refreshCollectionSession(ctx: CollectionCommandContext, id: string, sessionId: string) {
  const loaded = await load(ctx, id)
  checkSessionsEditable(loaded.collection.status)
  const session = sessionOf(loaded, sessionId)
  const provider = providerOf(ctx, loaded, session.provider_id)
  await callProvider(() => provider.delete(session.data))
  const result = await callProvider(() => provider.initiate(paymentContext(loaded, session.amount ?? 0, null)))
  const now = ctx.now().toISOString()
  const writes = newSessionWrites(ctx, id, session.provider_id, session.amount ?? 0, result, now)
  await commit(ctx, [
    ctx.db.delete(t.paymentCollectionSessions).where(eq(t.paymentCollectionSessions.payment_session_id, sessionId)),
    ctx.db.delete(t.paymentSession).where(eq(t.paymentSession.id, sessionId)),
    ...writes,
  ])
  const after = await load(ctx, id)
  return after.sessions.find((s) => s.provider_id === session.provider_id && s.id !== sessionId) ?? null
}

/**
 * Authorizes the given sessions with their providers (sessions already authorized count as they are), then sets the
 * collection's authorized_amount and status in the same batch as the sessions' new states.
 */
async function authorize(ctx: CollectionCommandContext, loaded: LoadedCollection, sessionIds: readonly string[]) {
  // Checked before any provider is called: what is authorized already plus what this request would add.
  const sum = (sessions: SessionRow[]) => sessions.reduce((total, s) => total + (s.amount ?? 0), 0)
  checkAuthorizable(
    loaded.collection,
    sum(loaded.sessions.filter((s) => s.payment_authorized_at)),
    sum(loaded.sessions.filter((s) => !s.payment_authorized_at && sessionIds.includes(s.id))),
  )
  const now = ctx.now().toISOString()
  const writes: BatchItem<"sqlite">[] = []
  let authorized = 0
  for (const session of loaded.sessions) {
    if (session.payment_authorized_at) {
      authorized += session.amount ?? 0
      continue
    }
    if (!sessionIds.includes(session.id)) continue
    const provider = providerOf(ctx, loaded, session.provider_id)
    const result = await callProvider(() => provider.authorize(session.data, paymentContext(loaded, session.amount ?? 0, session)))
    const ok = result.status === "authorized"
    if (ok) authorized += session.amount ?? 0
    writes.push(
      ctx.db
        .update(t.paymentSession)
        .set({ status: result.status, data: result.data, payment_authorized_at: ok ? now : null, updated_at: now })
        .where(eq(t.paymentSession.id, session.id)),
    )
  }
  writes.push(
    ctx.db
      .update(t.paymentCollection)
      .set({ status: statusAfterAuthorization(loaded.collection.amount, authorized), authorized_amount: authorized, updated_at: now })
      .where(eq(t.paymentCollection.id, loaded.collection.id)),
  )
  await commit(ctx, writes)
}

/** POST /store/payment-collections/:id/sessions/:session_id/authorize: 422 when the provider does not authorize. */
export async function authorizeCollectionSession(ctx: CollectionCommandContext, id: string, sessionId: string) {
  const loaded = await load(ctx, id)
  const session = loaded.sessions.find((s) => s.id === sessionId)
  if (!session) throw notAllowed(`Session with id ${sessionId} was not found`)
  await authorize(ctx, loaded, [sessionId])
  const after = (await load(ctx, id)).sessions.find((s) => s.id === sessionId)
  if (!after || after.status !== "authorized") {
    throw new MedusaError("payment_authorization_error", `Failed to authorize Payment Session id "${sessionId}"`)
  }
  return after
}

/** POST /store/payment-collections/:id/sessions/batch/authorize. */
export async function authorizeCollectionSessions(ctx: CollectionCommandContext, id: string, sessionIds: string[]) {
  const loaded = await load(ctx, id)
  for (const sessionId of sessionIds) sessionOf(loaded, sessionId)
  await authorize(ctx, loaded, sessionIds)
  return collectionView(ctx, id)
}
