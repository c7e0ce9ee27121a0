import { invalidData, notAllowed } from "../domain/errors"
import { newId } from "../domain/ids"
import type { CartAggregate, PaymentSessionRow } from "../db/queries/carts"
import {
  installedPayments,
  PaymentProcessorError,
  type PaymentContext,
  type PaymentProvider,
  type PaymentRegistry,
  type PaymentSessionData,
} from "../providers/payment/registry"
import type { CartContext, CartPlan } from "./cart-context"
import { aggregateWithState, type CartState } from "./cart-state"
import { cartTaxLines, chargeableTotal, serializeCart, totalsOf } from "./cart-view"

/**
 * A cart's payment sessions (v1 CartService.setPaymentSessions / setPaymentSession / updatePaymentSession /
 * refreshPaymentSession / deletePaymentSession). Every function here runs inside the cart's Durable Object, so
 * provider calls and the D1 write that records their result are never interleaved with another command for the cart.
 */

/** The providers used by a command: the context's registry, or one over the global fetch. */
export function paymentsOf(ctx: CartContext): PaymentRegistry {
  return ctx.payments ?? installedPayments(ctx.env)
}

/** Runs a provider call; its failures become v1's error (PaymentProviderService.throwFromPaymentProcessorError). */
export async function callProvider<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call()
  } catch (err) {
    if (err instanceof PaymentProcessorError) throw processorError(err)
    throw err
  }
}

export function processorError(err: PaymentProcessorError) {
  return invalidData(`${err.message}${err.detail ? `:\n${err.detail}` : ""}`, err.code)
}

export function paymentContext(
  aggregate: CartAggregate,
  state: CartState,
  amount: number,
  data: PaymentSessionData,
  idempotencyKey?: string,
): PaymentContext {
  return {
    amount,
    currency_code: aggregate.region.currency_code,
    resource_id: state.cart.id,
    email: state.cart.email,
    customer_id: state.cart.customer_id,
    session_data: data,
    idempotency_key: idempotencyKey,
  }
}

/**
 * The region's payment providers that are installed here. A region change (the cart's region differs from the
 * loaded one) leaves none: v1 deletes the sessions when the region changes.
 */
function regionProviders(ctx: CartContext, aggregate: CartAggregate, state: CartState): Map<string, PaymentProvider> {
  const out = new Map<string, PaymentProvider>()
  if (state.cart.region_id !== aggregate.region.id) return out
  const payments = paymentsOf(ctx)
  for (const { id } of aggregate.regionRelations.payment_providers) {
    const provider = payments.get(id)
    if (provider) out.set(id, provider)
  }
  return out
}

function newSession(cartId: string, providerId: string, amount: number, now: string): PaymentSessionRow {
  return {
    id: newId("paymentSession"),
    cart_id: cartId,
    provider_id: providerId,
    is_selected: null,
    is_initiated: false,
    status: "pending",
    data: {},
    idempotency_key: null,
    amount,
    payment_authorized_at: null,
    created_at: now,
    updated_at: now,
  }
}

/** Removes a session at its provider when it was created there (v1 deleteSessionAppropriately). */
async function deleteRemotely(ctx: CartContext, session: PaymentSessionRow): Promise<void> {
  const provider = paymentsOf(ctx).get(session.provider_id)
  if (provider && session.is_initiated) await callProvider(() => provider.delete(session.data))
}

/** Creates the session at its provider (v1 createSession): data and status come from the provider. */
async function initiate(
  ctx: CartContext,
  aggregate: CartAggregate,
  state: CartState,
  session: PaymentSessionRow,
  provider: PaymentProvider,
  amount: number,
  now: string,
): Promise<void> {
  const result = await callProvider(() => provider.initiate(paymentContext(aggregate, state, amount, {})))
  session.data = result.data
  session.status = result.status ?? "pending"
  session.is_initiated = true
  session.amount = amount
  session.updated_at = now
}

/** Tells the provider the session's new amount (v1 updateSession), if it changed. */
export async function updateSessionAmount(
  ctx: CartContext,
  aggregate: CartAggregate,
  state: CartState,
  session: PaymentSessionRow,
  amount: number,
  now: string,
): Promise<void> {
  if (session.amount === amount) return
  const provider = paymentsOf(ctx).get(session.provider_id)
  if (provider && session.is_initiated) {
    const result = await callProvider(() => provider.update(paymentContext(aggregate, state, amount, session.data)))
    session.data = result.data
  }
  session.amount = amount
  session.updated_at = now
}

/**
 * v1 setPaymentSessions, on the state in memory: a cart with a total of 0 or less has no sessions; sessions of
 * providers outside the region go; the others carry the cart's total; a region with a single provider gets that
 * provider's session initiated and selected; otherwise every provider without a session gets a local, uninitiated one.
 */
export async function setPaymentSessions(ctx: CartContext, aggregate: CartAggregate, state: CartState): Promise<void> {
  const now = ctx.now().toISOString()
  const total = chargeableTotal(aggregateWithState(aggregate, state))
  const providers = regionProviders(ctx, aggregate, state)
  const keep: PaymentSessionRow[] = []
  for (const session of state.paymentSessions) {
    if (total <= 0 || !providers.has(session.provider_id)) await deleteRemotely(ctx, session)
    else keep.push(session)
  }
  state.paymentSessions = keep
  if (total <= 0) return
  for (const session of keep) await updateSessionAmount(ctx, aggregate, state, session, total, now)

  const selected = keep.find((s) => s.is_selected)
  if (providers.size === 1 && !selected) {
    const [providerId, provider] = [...providers][0]!
    let session = keep.find((s) => s.provider_id === providerId)
    if (!session) {
      session = newSession(state.cart.id, providerId, total, now)
      keep.push(session)
    }
    if (!session.is_initiated) await initiate(ctx, aggregate, state, session, provider, total, now)
    session.is_selected = true
    return
  }
  for (const providerId of providers.keys()) {
    if (!keep.some((s) => s.provider_id === providerId)) keep.push(newSession(state.cart.id, providerId, total, now))
  }
}

/**
 * The hook every cart mutation runs before it writes (cart-mutation.ts): sessions follow the cart's total, as v1's
 * update paths call setPaymentSessions when the cart has sessions. Sessions the mutation itself removed (a region
 * change) are deleted at their provider.
 */
export async function syncPaymentSessions(ctx: CartContext, aggregate: CartAggregate, state: CartState): Promise<void> {
  const kept = new Set(state.paymentSessions.map((s) => s.id))
  for (const session of aggregate.paymentSessions) if (!kept.has(session.id)) await deleteRemotely(ctx, session)
  if (state.paymentSessions.length === 0) return
  await setPaymentSessions(ctx, aggregate, state)
}

/**
 * v1 setPaymentSession(providerId): the provider must serve the cart's region; the previously selected session of
 * another provider is deleted at its provider; the chosen one is initiated (or told the current amount) and selected.
 * Where v1 answers 500 "Could not find payment session" because POST /payment-sessions was never called, the
 * session is created here: selecting an available provider always works.
 */
async function selectSession(
  ctx: CartContext,
  aggregate: CartAggregate,
  state: CartState,
  providerId: string,
): Promise<PaymentSessionRow> {
  const provider = regionProviders(ctx, aggregate, state).get(providerId)
  if (!provider) throw notAllowed("The payment method is not available in this region")
  const now = ctx.now().toISOString()
  const total = chargeableTotal(aggregateWithState(aggregate, state))
  for (const session of state.paymentSessions) {
    if (!session.is_selected || session.provider_id === providerId) continue
    await deleteRemotely(ctx, session)
    Object.assign(session, { is_selected: null, is_initiated: false, status: "pending", data: {}, updated_at: now })
  }
  let session = state.paymentSessions.find((s) => s.provider_id === providerId)
  if (!session) {
    session = newSession(state.cart.id, providerId, total, now)
    state.paymentSessions.push(session)
  }
  if (session.is_initiated) await updateSessionAmount(ctx, aggregate, state, session, total, now)
  else await initiate(ctx, aggregate, state, session, provider, total, now)
  session.is_selected = true
  session.updated_at = now
  return session
}

/** POST /store/carts/:id/payment-sessions. */
export function planCreatePaymentSessions(ctx: CartContext): CartPlan {
  return { change: (state, aggregate) => setPaymentSessions(ctx, aggregate, state) }
}

/** POST /store/carts/:id/payment-session {provider_id}. */
export function planSelectPaymentSession(ctx: CartContext, providerId: string): CartPlan {
  return { change: async (state, aggregate) => {
    await selectSession(ctx, aggregate, state, providerId)
  } }
}

/**
 * POST /store/carts/:id/payment-sessions/:provider_id {data}: as v1, selects the provider's session first, then
 * hands the storefront's data to the provider, which decides what to keep.
 */
export function planUpdatePaymentSession(ctx: CartContext, providerId: string, data: PaymentSessionData): CartPlan {
  return { change: async (state, aggregate) => {
    const session = await selectSession(ctx, aggregate, state, providerId)
    const provider = paymentsOf(ctx).get(providerId)
    if (provider) session.data = await callProvider(() => provider.updateData(session.data, data))
  } }
}

/**
 * POST /store/carts/:id/payment-sessions/:provider_id/refresh (v1 refreshPaymentSession): a selected session is
 * deleted at its provider and replaced by a new, initiated and NOT selected one (golden 102); an unselected one only
 * takes the cart's total. No session for the provider: nothing changes.
 */
export function planRefreshPaymentSession(ctx: CartContext, providerId: string): CartPlan {
  return { change: async (state, aggregate) => {
    const session = state.paymentSessions.find((s) => s.provider_id === providerId)
    if (!session) return
    const now = ctx.now().toISOString()
    const total = chargeableTotal(aggregateWithState(aggregate, state))
    const provider = paymentsOf(ctx).get(providerId)
    if (!session.is_selected || !provider) {
      await updateSessionAmount(ctx, aggregate, state, session, total, now)
      return
    }
    const fresh = newSession(state.cart.id, providerId, total, now)
    if (provider.refresh) {
      const refresh = provider.refresh.bind(provider)
      const result = await callProvider(() => refresh(paymentContext(aggregate, state, total, session.data)))
      Object.assign(fresh, { data: result.data, status: result.status ?? "pending", is_initiated: true })
    } else {
      await deleteRemotely(ctx, session)
      await initiate(ctx, aggregate, state, fresh, provider, total, now)
    }
    state.paymentSessions = state.paymentSessions.map((s) => (s.id === session.id ? fresh : s))
  } }
}

/** DELETE /store/carts/:id/payment-sessions/:provider_id: deleting a session that does not exist changes nothing (v1). */
export function planDeletePaymentSession(ctx: CartContext, providerId: string): CartPlan {
  return { change: async (state) => {
    const session = state.paymentSessions.find((s) => s.provider_id === providerId)
    if (!session) return
    if (session.is_selected || session.is_initiated) await deleteRemotely(ctx, session)
    state.paymentSessions = state.paymentSessions.filter((s) => s.id !== session.id)
  } }
}

/**
 * The cart POST /payment-sessions answers (v1 retrieveWithTotals with force_taxes and the customer relation): the
 * usual cart, taxes computed from the region's rates, plus `customer` and `raw_discount_total` (golden 95).
 */
export function paymentSessionsCartView(aggregate: CartAggregate): Record<string, unknown> {
  return {
    ...serializeCart(aggregate, { forceTaxes: true, withCustomer: true }),
    raw_discount_total: totalsOf(aggregate, cartTaxLines(aggregate, true)).raw_discount_total,
  }
}

/** The cart the refresh route answers: v1 loads it without billing address, payment and sales channel (golden 102). */
export function refreshedCartView(aggregate: CartAggregate): Record<string, unknown> {
  const { billing_address: _b, payment: _p, sales_channel: _s, ...cart } = serializeCart(aggregate)
  return cart
}
