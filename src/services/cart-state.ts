import { eq, sql } from "drizzle-orm"
import type { SQLiteTable } from "drizzle-orm/sqlite-core"
import type { Database } from "../env"
import * as t from "../db/schema"
import type {
  AddressRow, AdjustmentRow, CartAggregate, CartRow, ItemTaxLineRow, LineItemRow, MethodTaxLineRow,
  PaymentSessionRow, ShippingMethodRow,
} from "../db/queries/carts"
import { guardedValue, isGuardFailure } from "../db/guards"
import { conflict } from "../domain/errors"
import type { BatchItem } from "drizzle-orm/batch"

/**
 * The part of a cart that mutations change. Commands transform a copy of it in memory; `cartStateWrites`
 * turns the difference into one batch of writes, so every mutation is "load → pure change → one db.batch".
 */
export interface CartState {
  cart: CartRow
  items: LineItemRow[]
  adjustments: AdjustmentRow[]
  itemTaxLines: ItemTaxLineRow[]
  shippingMethods: ShippingMethodRow[]
  methodTaxLines: MethodTaxLineRow[]
  paymentSessions: PaymentSessionRow[]
  addresses: AddressRow[]
  discountIds: string[]
  giftCardIds: string[]
}

export function stateOf(aggregate: CartAggregate): CartState {
  return structuredClone({
    cart: aggregate.cart,
    items: aggregate.items,
    adjustments: aggregate.adjustments,
    itemTaxLines: aggregate.itemTaxLines,
    shippingMethods: aggregate.shippingMethods,
    methodTaxLines: aggregate.methodTaxLines,
    paymentSessions: aggregate.paymentSessions,
    addresses: aggregate.addresses,
    discountIds: aggregate.discounts.map((d) => d.id),
    giftCardIds: aggregate.giftCards.map((g) => g.id),
  })
}

type Row = { id: string } & Record<string, unknown>
type TableWithId = SQLiteTable & { id: import("drizzle-orm/sqlite-core").SQLiteColumn }

/** The columns of `row` whose values differ from `prev` (an UPDATE sets only those: fewer bytes to build and send). */
function changedColumns(prev: Record<string, unknown>, row: Record<string, unknown>): Record<string, unknown> {
  const changed: Record<string, unknown> = {}
  for (const [column, value] of Object.entries(row)) {
    const old = prev[column]
    if (old === value) continue
    if (typeof value === "object" && value !== null && JSON.stringify(old) === JSON.stringify(value)) continue
    changed[column] = value
  }
  return changed
}

function diffRows(db: Database, table: TableWithId, before: readonly Row[], after: readonly Row[]): BatchItem<"sqlite">[] {
  const statements: BatchItem<"sqlite">[] = []
  const old = new Map(before.map((r) => [r.id, r]))
  const next = new Set(after.map((r) => r.id))
  for (const row of before) if (!next.has(row.id)) statements.push(db.delete(table).where(eq(table.id, row.id)))
  for (const row of after) {
    const prev = old.get(row.id)
    if (!prev) statements.push(db.insert(table).values(row as never))
    else {
      const { id: _id, ...changes } = changedColumns(prev, row)
      if (Object.keys(changes).length > 0) statements.push(db.update(table).set(changes as never).where(eq(table.id, row.id)))
    }
  }
  return statements
}

/**
 * The writes that take the stored cart from `before` to `after`, led by a version guard: if anything changed
 * the cart since `before` was read (a write that bypassed the cart's Durable Object), the batch rolls back.
 */
export function cartStateWrites(db: Database, before: CartState, after: CartState, now: string) {
  const cartId = before.cart.id
  const { id: _id, version: _version, updated_at: _updated, ...cartChanges } = changedColumns(before.cart, after.cart)
  // The version bump is the guard: it only succeeds if nobody changed the cart since `before` was read.
  const version = guardedValue(sql`${t.cart.version} = ${before.cart.version}`, sql`${t.cart.version} + 1`)
  const statements: BatchItem<"sqlite">[] = [
    db.update(t.cart).set({ ...cartChanges, updated_at: now, version }).where(eq(t.cart.id, cartId)),
    ...diffRows(db, t.address, before.addresses, after.addresses),
    ...diffRows(db, t.lineItem, before.items, after.items),
    ...diffRows(db, t.lineItemAdjustment, before.adjustments, after.adjustments),
    ...diffRows(db, t.lineItemTaxLine, before.itemTaxLines, after.itemTaxLines),
    ...diffRows(db, t.shippingMethod, before.shippingMethods, after.shippingMethods),
    ...diffRows(db, t.shippingMethodTaxLine, before.methodTaxLines, after.methodTaxLines),
    ...diffRows(db, t.paymentSession, before.paymentSessions, after.paymentSessions),
  ]
  if (before.discountIds.join() !== after.discountIds.join()) {
    statements.push(db.delete(t.cartDiscounts).where(eq(t.cartDiscounts.cart_id, cartId)))
    if (after.discountIds.length) {
      statements.push(db.insert(t.cartDiscounts).values(after.discountIds.map((discount_id) => ({ cart_id: cartId, discount_id }))))
    }
  }
  if (before.giftCardIds.join() !== after.giftCardIds.join()) {
    statements.push(db.delete(t.cartGiftCards).where(eq(t.cartGiftCards.cart_id, cartId)))
    if (after.giftCardIds.length) {
      statements.push(
        db.insert(t.cartGiftCards).values(after.giftCardIds.map((gift_card_id, position) => ({ cart_id: cartId, gift_card_id, position }))),
      )
    }
  }
  return statements
}

/** The inserts for a brand-new cart (no guard: its id is fresh, nothing can contend). */
export function newCartWrites(db: Database, state: CartState) {
  const empty: CartState = {
    cart: state.cart, items: [], adjustments: [], itemTaxLines: [], shippingMethods: [], methodTaxLines: [],
    paymentSessions: [], addresses: [], discountIds: [], giftCardIds: [],
  }
  const [, ...rest] = cartStateWrites(db, empty, state, state.cart.updated_at)
  return [db.insert(t.cart).values(state.cart), ...rest]
}

/**
 * Applies the state change in one atomic batch. `extra` statements join the same batch (an idempotency key's
 * recovery point, a payment row …), so they land if and only if the cart change does.
 */
export async function saveCartState(
  db: Database,
  before: CartState,
  after: CartState,
  now: string,
  extra: readonly BatchItem<"sqlite">[] = [],
): Promise<void> {
  const [first, ...rest] = cartStateWrites(db, before, after, now)
  try {
    await db.batch([first!, ...rest, ...extra])
  } catch (err) {
    if (isGuardFailure(err, "cart.version")) throw conflict("The cart changed while this request was applied")
    throw err
  }
}

/** The aggregate as it will read once `state` is saved: what totals and in-memory responses are computed from. */
export function aggregateWithState(aggregate: CartAggregate, state: CartState): CartAggregate {
  const discounts = state.discountIds.flatMap((id) => aggregate.discounts.filter((d) => d.id === id))
  const giftCards = state.giftCardIds.flatMap((id, position) =>
    aggregate.giftCards.filter((g) => g.id === id).map((g) => ({ ...g, position })),
  )
  return {
    ...aggregate,
    cart: state.cart,
    items: state.items,
    adjustments: state.adjustments,
    itemTaxLines: state.itemTaxLines,
    shippingMethods: state.shippingMethods,
    methodTaxLines: state.methodTaxLines,
    paymentSessions: state.paymentSessions,
    addresses: state.addresses,
    discounts,
    giftCards,
  }
}

const byCreatedThenId = (a: { created_at: string; id: string }, b: { created_at: string; id: string }) =>
  a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0
const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)

/**
 * The aggregate with its lists in the order loadCartAggregate reads them (ORDER BY created_at, id / id), so a
 * response built in memory lists lines, methods and sessions exactly as the next GET will.
 */
export function inLoadOrder(aggregate: CartAggregate): CartAggregate {
  return {
    ...aggregate,
    items: [...aggregate.items].sort(byCreatedThenId),
    shippingMethods: [...aggregate.shippingMethods].sort(byId),
    paymentSessions: [...aggregate.paymentSessions].sort(byCreatedThenId),
  }
}
