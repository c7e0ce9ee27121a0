import { eq } from "drizzle-orm"
import type { BatchItem } from "drizzle-orm/batch"
import * as t from "../db/schema"
import { isGuardFailure } from "../db/guards"
import { isConstraintFailure } from "../db/errors"
import { inList } from "../db/sql"
import { hasInventoryFor } from "../domain/cart-rules"
import { assertCompletable as checkCompletable } from "../domain/checkout"
import { isForeignCart } from "../domain/cart-ownership"
import { conflict, ErrorCodes, invalidData, MedusaError, notAllowed, notFound } from "../domain/errors"
import { newId } from "../domain/ids"
import { cartAggregateRead, type CartAggregate, type ItemTaxLineRow, type MethodTaxLineRow } from "../db/queries/carts"
import { runReads } from "../db/reads"
import type { PaymentRow } from "../db/queries/orders"
import { PaymentProcessorError, type PaymentSessionStatus } from "../providers/payment/registry"
import type { CartContext } from "./cart-context"
import { aggregateWithState, saveCartState, stateOf, type CartState } from "./cart-state"
import { cartTaxLines, chargeableTotal, serializeCart } from "./cart-view"
import {
  assertSameRequest, idempotencyKeyRead, isKeyTaken, keyWrite, storedResponse,
  type IdempotentRequest, type RecoveryPoint, type StoredResponse,
} from "./idempotency"
import { completionOrderBody } from "./orders"
import { callProvider, paymentContext, paymentsOf, processorError, updateSessionAmount } from "./payment-sessions"
import { orderWrites } from "./order-placement"
import { swapIdOf, swapWrites } from "./swap-placement"
import { loadSwapCreditSource, restoreSwapReturnLines, type SwapCreditSource } from "./swap-credit"
import { swapBody } from "./swaps"
import { publishEvents } from "./events"

/**
 * POST /store/carts/:id/complete (v1 CartCompletionStrategy), run inside the cart's Durable Object under an
 * idempotency key. Each stage writes its changes and the key's next recovery point in ONE batch:
 *
 *   started / tax_lines_created → tax lines persisted with the payment authorized by the provider, payment row
 *                                 → payment_authorized (a refused authorization leaves tax_lines_created;
 *                                 requires_more / pending: tax lines dropped, cart answered → finished)
 *   payment_authorized          → stock reserved, order placed, cart completed, key finished → finished
 *
 * Four D1 round trips on the way through: the key and the cart, the authorization batch, the order batch, and the
 * read of the placed order for the answer.
 *
 * A stage that fails leaves the key at the last point reached, so a retry with the same key resumes there and never
 * authorizes or places twice; a finished key replays its stored response.
 */
export async function completeCart(ctx: CartContext, cartId: string, request: IdempotentRequest): Promise<StoredResponse> {
  // The key, the cart and its payment (cart.payment_id) in one round trip.
  const [key, loaded] = await runReads(ctx.db, [idempotencyKeyRead(ctx.db, request.key), cartAggregateRead(ctx.db, cartId)])
  // Another registered customer's cart (or the order it became) is not there for this caller, replay or not.
  if (loaded && isForeignCart(loaded.customer, ctx.customerId)) throw notFound(`Cart with ${cartId} was not found`)
  if (key) {
    assertSameRequest(key, request)
    const stored = storedResponse(key)
    if (stored) return stored
  }
  if (!loaded) throw notFound(`Cart with ${cartId} was not found`)
  // A swap's cart is paid for with the credit its swap's return fixed, whatever its stored return lines say.
  const swapId = swapIdOf(loaded.cart)
  const swapCredit = swapId && !loaded.cart.completed_at ? await loadSwapCreditSource(ctx.db, swapId) : undefined
  const run: Run = { ctx, request, keyExists: key !== undefined, aggregate: loaded, payment: loaded.payment ?? undefined, swapCredit }
  let point = (key?.recovery_point ?? "started") as RecoveryPoint
  for (;;) {
    const outcome =
      run.aggregate.cart.completed_at || point === "finished"
        ? await finishWithOrder(run)
        : point === "started" || point === "tax_lines_created"
            ? await authorizePayment(run)
            : point === "payment_authorized"
              ? await placeOrder(run)
              : await finish(run, { status: 500, json: JSON.stringify({ message: "Unknown recovery point" }) })
    if ("response" in outcome) return outcome.response
    point = outcome.next
  }
}

interface Run {
  ctx: CartContext
  request: IdempotentRequest
  /** Whether the key's row exists in D1 (it is created in the batch of the first stage that writes). */
  keyExists: boolean
  /** The cart as stored, kept current after each stage's batch. */
  aggregate: CartAggregate
  /** The cart's payment (cart.payment_id), if an authorization created one. */
  payment: PaymentRow | undefined
  /** A swap cart: what its return lines must be (services/swap-credit.ts). */
  swapCredit: SwapCreditSource | undefined
}

type Outcome = { next: RecoveryPoint } | { response: StoredResponse }

/** Writes a stage's cart changes and `extra` in one batch, then makes them the run's view of the cart. */
async function commit(run: Run, before: CartState, after: CartState, now: string, extra: BatchItem<"sqlite">[]): Promise<void> {
  try {
    await saveCartState(run.ctx.db, before, after, now, extra)
  } catch (err) {
    if (isKeyTaken(err)) throw conflict(`Idempotency-Key ${run.request.key} is being used by another request`)
    throw err
  }
  after.cart.version = before.cart.version + 1
  after.cart.updated_at = now
  run.aggregate = aggregateWithState(run.aggregate, after)
  run.keyExists = true
}

function point(run: Run, next: RecoveryPoint, now: string, response?: StoredResponse | { status: number; json: null }) {
  return keyWrite(run.ctx.db, run.request, run.keyExists, next, now, response)
}

async function finish(run: Run, response: StoredResponse): Promise<Outcome> {
  await run.ctx.db.batch([point(run, "finished", run.ctx.now().toISOString(), response)])
  run.keyExists = true
  return { response }
}

/** The cart is completed: answer its order (v1: completing a completed cart returns the same order), or its swap. */
async function finishWithOrder(run: Run): Promise<Outcome> {
  const body = await completionBody(run.ctx.db, run.aggregate.cart)
  if (!body) throw new MedusaError("unexpected_state", `Cart ${run.aggregate.cart.id} is completed but placed no order`)
  return finish(run, { status: 200, json: JSON.stringify(body) })
}

/** `{type: "order", data}` for a cart, `{type: "swap", data}` for a swap's cart (v1 CartCompletionStrategy). */
async function completionBody(db: CartContext["db"], cart: CartAggregate["cart"]) {
  const swapId = swapIdOf(cart)
  if (!swapId) return completionOrderBody(db, cart.id)
  const swap = await swapBody(db, swapId)
  return swap ? { type: "swap", data: swap } : undefined
}



/** The facts `assertCompletable` judges, gathered from the cart. */
function assertCompletable(aggregate: CartAggregate): void {
  const profileOf = (variantId: string | null) => {
    const variant = aggregate.variants.find((v) => v.id === variantId)
    return (variant && aggregate.products.find((p) => p.id === variant.product_id)?.profile_id) ?? null
  }
  checkCompletable({
    total: chargeableTotal(aggregate),
    hasSelectedSession: aggregate.paymentSessions.some((s) => s.is_selected),
    itemCount: aggregate.items.length,
    hasCustomer: Boolean(aggregate.cart.customer_id && aggregate.cart.email),
    // A swap cart's credit and return-shipping lines (is_return) ship nothing.
    shippableItemProfiles: aggregate.items.filter((i) => !i.is_giftcard && !i.is_return).map((i) => profileOf(i.variant_id)),
    methodProfiles: aggregate.shippingMethods.flatMap((m) =>
      aggregate.shippingOptions.filter((o) => o.id === m.shipping_option_id).map((o) => o.profile_id),
    ),
  })
}

/**
 * Persists the tax lines the region's rates give the cart's items and shipping methods (v1 createTaxLines), keeping
 * the stored ones (and their ids) when they already say the same.
 */
function setFreshTaxLines(aggregate: CartAggregate, state: CartState, now: string): void {
  const fresh = cartTaxLines(aggregateWithState(aggregate, state), true)
  const same = <T extends { rate: number; name: string; code: string | null }>(a: readonly T[], b: readonly T[]) =>
    a.length === b.length && a.every((l, i) => l.rate === b[i]!.rate && l.name === b[i]!.name && l.code === b[i]!.code)
  const items: ItemTaxLineRow[] = []
  for (const item of state.items) {
    const stored = state.itemTaxLines.filter((l) => l.item_id === item.id)
    const lines = (fresh.items.get(item.id) ?? []).map((l) => ({ rate: l.rate ?? 0, name: l.name, code: l.code }))
    if (same(stored, lines)) items.push(...stored)
    else items.push(...lines.map((l) => ({ id: newId("taxLine"), item_id: item.id, ...l, metadata: null, created_at: now, updated_at: now })))
  }
  const methods: MethodTaxLineRow[] = []
  for (const method of state.shippingMethods) {
    const stored = state.methodTaxLines.filter((l) => l.shipping_method_id === method.id)
    const lines = (fresh.methods.get(method.id) ?? []).map((l) => ({ rate: l.rate ?? 0, name: l.name, code: l.code }))
    if (same(stored, lines)) methods.push(...stored)
    else {
      methods.push(
        ...lines.map((l) => ({ id: newId("shippingTaxLine"), shipping_method_id: method.id, ...l, metadata: null, created_at: now, updated_at: now })),
      )
    }
  }
  state.itemTaxLines = items
  state.methodTaxLines = methods
}

/** Voids the cart's payment with its provider (v1 cancelPayment): the statement that records it, or none. */
async function cancelPayment(run: Run, now: string): Promise<BatchItem<"sqlite">[]> {
  const payment = run.payment
  if (!payment || payment.canceled_at || payment.order_id) return []
  const provider = paymentsOf(run.ctx).get(payment.provider_id)
  const data = provider ? await callProvider(() => provider.cancel(payment.data)) : payment.data
  run.payment = { ...payment, data, canceled_at: now, updated_at: now }
  return [run.ctx.db.update(t.payment).set({ data, canceled_at: now, updated_at: now }).where(eq(t.payment.id, payment.id))]
}

/** Marks the selected session as no longer authorized and the cart as unpaid (the payment was voided). */
function unauthorize(state: CartState, now: string): void {
  state.cart.payment_authorized_at = null
  for (const session of state.paymentSessions) {
    if (session.is_selected && session.status === "authorized") {
      Object.assign(session, { status: "canceled", payment_authorized_at: null, updated_at: now })
    }
  }
}

/**
 * What every completion stage starts with: a swap cart's return lines are put back as its swap fixed them (a no-op
 * unless they were changed behind the API's back), the cart must still be completable, and the state it writes
 * carries tax lines fresh for the cart's current contents (a no-op unless the cart changed since they were written).
 */
function beginStage(run: Run) {
  const now = run.ctx.now().toISOString()
  const before = stateOf(run.aggregate)
  const after = structuredClone(before)
  if (run.swapCredit) restoreSwapReturnLines(after, run.swapCredit, now)
  assertCompletable(aggregateWithState(run.aggregate, after))
  setFreshTaxLines(run.aggregate, after, now)
  return { now, before, after, total: chargeableTotal(aggregateWithState(run.aggregate, after)) }
}

/**
 * started | tax_lines_created → payment_authorized (or finished with the cart when the provider needs more). The
 * fresh tax lines ride in the same batch as the authorization's payment and recovery point; a failed authorization
 * still leaves them (and the key at `tax_lines_created`), as v1's separate stage would.
 */
async function authorizePayment(run: Run): Promise<Outcome> {
  const { ctx } = run
  const { now, before, after, total } = beginStage(run)
  const extra: BatchItem<"sqlite">[] = []

  // An authorization that still covers the cart (an earlier attempt got this far) is used, never repeated.
  const payment = run.payment
  if (payment && !payment.canceled_at && !payment.order_id && after.cart.payment_authorized_at) {
    if (payment.amount === total) {
      await commit(run, before, after, now, [point(run, "payment_authorized", now)])
      return { next: "payment_authorized" }
    }
    extra.push(...(await cancelPayment(run, now)))
    unauthorize(after, now)
  }
  if (total <= 0) {
    // v1 authorizePayment: nothing to charge, the cart counts as paid.
    after.cart.payment_authorized_at = now
    await commit(run, before, after, now, [...extra, point(run, "payment_authorized", now)])
    return { next: "payment_authorized" }
  }

  const session = after.paymentSessions.find((s) => s.is_selected)
  const provider = session && paymentsOf(ctx).get(session.provider_id)
  if (!session || !provider) throw notAllowed("The payment method is not available in this region")
  await updateSessionAmount(ctx, run.aggregate, after, session, total, now)
  let result: { status: PaymentSessionStatus; data: Record<string, unknown> }
  try {
    result = await provider.authorize(session.data, paymentContext(run.aggregate, after, total, session.data, run.request.key))
  } catch (err) {
    if (!(err instanceof PaymentProcessorError)) throw err
    // Keep what the provider reported (e.g. a decremented retry budget); the key stays here for a retry.
    if (err.data) Object.assign(session, { data: err.data, updated_at: now })
    await commit(run, before, after, now, [...extra, point(run, "tax_lines_created", now)])
    throw processorError(err)
  }
  Object.assign(session, { status: result.status, data: result.data, updated_at: now })

  if (result.status === "authorized") {
    session.payment_authorized_at = now
    const created: PaymentRow = {
      id: newId("payment"), swap_id: null, cart_id: after.cart.id, order_id: null, amount: total,
      currency_code: run.aggregate.region.currency_code, amount_refunded: 0, provider_id: session.provider_id,
      data: result.data, captured_at: null, canceled_at: null, metadata: null, idempotency_key: null,
      created_at: now, updated_at: now,
    }
    after.cart.payment_id = created.id
    after.cart.payment_authorized_at = now
    await commit(run, before, after, now, [...extra, ctx.db.insert(t.payment).values(created), point(run, "payment_authorized", now)])
    run.payment = created
    return { next: "payment_authorized" }
  }
  if (result.status === "requires_more" || result.status === "pending") {
    // v1: the tax lines go again and the cart stays open; the storefront finishes the payment and completes again.
    after.itemTaxLines = []
    after.methodTaxLines = []
    const shown = structuredClone(after)
    shown.cart.version += 1
    shown.cart.updated_at = now
    const body = { type: "cart", data: serializeCart(aggregateWithState(run.aggregate, shown)), payment_status: result.status }
    const response = { status: 200, json: JSON.stringify(body) }
    await commit(run, before, after, now, [...extra, point(run, "finished", now, response)])
    return { response }
  }
  await commit(run, before, after, now, [...extra, point(run, "tax_lines_created", now)])
  throw new MedusaError("payment_authorization_error", `Failed to authorize Payment Session id "${session.id}"`)
}

/** payment_authorized → finished: one batch reserves stock, places the order and completes the cart. */
async function placeOrder(run: Run): Promise<Outcome> {
  const { ctx } = run
  const { now, before, after, total } = beginStage(run)
  const payment = run.payment && !run.payment.canceled_at ? run.payment : undefined
  if (total > 0 && !payment) throw invalidData("Cart payment not authorized")
  if (payment && payment.amount !== total) {
    // The cart changed after its payment was authorized: void that payment and authorize the new total.
    const cancel = await cancelPayment(run, now)
    unauthorize(after, now)
    await commit(run, before, after, now, [...cancel, point(run, "tax_lines_created", now)])
    return { next: "tax_lines_created" }
  }
  const placement = swapIdOf(after.cart)
    ? swapWrites(ctx.db, run.aggregate, after, payment, now)
    : orderWrites(ctx.db, run.aggregate, after, payment, now)
  try {
    await commit(run, before, after, now, [...placement.writes, point(run, "finished", now, { status: 200, json: null })])
  } catch (err) {
    if (isGuardFailure(err, "product_variant.inventory_quantity")) return refuseForInventory(run, placement.reserved)
    if (isGuardFailure(err, "gift_card.balance")) return startOver(run, conflict("A gift card of the cart was used by another order"))
    if (isGuardFailure(err, "discount.usage_count")) {
      const limited = run.aggregate.discounts.find((d) => d.usage_limit !== null)
      const message = limited ? `Discount ${limited.code} has been used maximum allowed times` : "Discount has been used maximum allowed times"
      return startOver(run, notAllowed(message))
    }
    if (isConstraintFailure(err, "UNIQUE", "order.cart_id")) return finishWithOrder(run)
    throw err
  }
  await publishEvents(ctx.env, placement.eventIds)
  // The key is already `finished` (in the order's batch); its response is not stored again here: a retry finds the
  // cart completed and answers (and stores) the same order, so this round trip is saved on every checkout.
  const body = await completionBody(ctx.db, run.aggregate.cart)
  return { response: { status: 200, json: JSON.stringify(body) } }
}

/**
 * The stock guard failed: another order took the last units. v1's answer — the payment is voided, the cart stays
 * open (unpaid, without tax lines), and the key finishes with 409 `{errors: [{message, type, code}]}`.
 */
async function refuseForInventory(run: Run, reserved: ReadonlyMap<string, number>): Promise<Outcome> {
  const { ctx } = run
  const rows = await ctx.db
    .select({
      id: t.productVariant.id,
      inventory_quantity: t.productVariant.inventory_quantity,
      manage_inventory: t.productVariant.manage_inventory,
      allow_backorder: t.productVariant.allow_backorder,
    })
    .from(t.productVariant)
    .where(inList(t.productVariant.id, [...reserved.keys()]))
  const short = rows.filter((v) => !hasInventoryFor(v, reserved.get(v.id) ?? 0))
  // Stock came back between the batch and this read: nothing to refuse, the same key may simply be retried.
  if (short.length === 0) throw conflict("Stock changed while the order was placed")
  const now = ctx.now().toISOString()
  const before = stateOf(run.aggregate)
  const after = structuredClone(before)
  const cancel = await cancelPayment(run, now)
  unauthorize(after, now)
  after.itemTaxLines = []
  after.methodTaxLines = []
  const body = {
    errors: short.map((v) => ({
      message: `Variant with id: ${v.id} does not have the required inventory`,
      type: "not_allowed",
      code: ErrorCodes.insufficientInventory,
    })),
  }
  const response = { status: 409, json: JSON.stringify(body) }
  await commit(run, before, after, now, [...cancel, point(run, "finished", now, response)])
  return { response }
}

/**
 * Something the payment was computed with was consumed by another order (a gift card's balance, a discount's last
 * use): void the payment and put the key back at `started`, so a retry recomputes and authorizes the right amount.
 */
async function startOver(run: Run, error: MedusaError): Promise<never> {
  const now = run.ctx.now().toISOString()
  const before = stateOf(run.aggregate)
  const after = structuredClone(before)
  const cancel = await cancelPayment(run, now)
  unauthorize(after, now)
  await commit(run, before, after, now, [...cancel, point(run, "started", now)])
  throw error
}

