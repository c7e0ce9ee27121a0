import { and, eq, inArray } from "drizzle-orm"
import type { Database } from "../env"
import * as t from "../db/schema"
import type { AdjustmentRow, ItemTaxLineRow, LineItemRow } from "../db/queries/carts"
import { newId } from "../domain/ids"
import { sameReturnLines } from "../domain/swap-carts"
import type { CartState } from "./cart-state"

/** What a swap's return lines are computed from: the swap's return and the order lines it takes back. */
export interface SwapCreditSource {
  /** The order's lines that are returned (their price, tax lines and discount are what is credited). */
  orderItems: readonly LineItemRow[]
  orderTaxLines: readonly { item_id: string; rate: number; name: string; code: string | null }[]
  orderAdjustments: readonly { item_id: string; amount: number; description: string }[]
  /** The requested return lines, in order. */
  returned: readonly { item_id: string; quantity: number }[]
  /** The return's shipping method: its price and tax lines. */
  shipping: { price: number; taxLines: readonly { rate: number; name: string; code: string | null }[] } | null
}

export interface SwapReturnLines {
  items: LineItemRow[]
  taxLines: ItemTaxLineRow[]
  adjustments: AdjustmentRow[]
}

/**
 * What the swap's cart credits and charges for the return (v1 SwapService.createCart): a "Return shipping" line at
 * the return option's price with its tax lines, and per returned line a line of the same variant at minus its unit
 * price, with the order line's tax lines and its discount (negated) — so the cart's total is what the shopper owes
 * (or is owed). Used when the swap is created and again when its cart completes, so the credit always comes from
 * the swap's return, never from the cart's stored lines.
 */
export function swapReturnLines(source: SwapCreditSource, cartId: string, now: string, nextLineId: () => string): SwapReturnLines {
  const items: LineItemRow[] = []
  const taxLines: ItemTaxLineRow[] = []
  const adjustments: AdjustmentRow[] = []
  const base = {
    cart_id: cartId, order_id: null, swap_id: null, claim_order_id: null, original_item_id: null, order_edit_id: null,
    is_return: true, is_giftcard: false, should_merge: true, fulfilled_quantity: null, returned_quantity: null,
    shipped_quantity: null, includes_tax: false, created_at: now, updated_at: now,
  } as const
  if (source.shipping) {
    const id = nextLineId()
    items.push({
      ...base, id, title: "Return shipping", description: null, thumbnail: null, allow_discounts: false, has_shipping: true,
      unit_price: source.shipping.price, variant_id: null, product_id: null, quantity: 1, metadata: null,
    })
    for (const line of source.shipping.taxLines) {
      taxLines.push({ id: newId("taxLine"), item_id: id, rate: line.rate, name: line.name, code: line.code, metadata: null, created_at: now, updated_at: now })
    }
  }
  for (const row of source.returned) {
    const original = source.orderItems.find((i) => i.id === row.item_id)
    if (!original) continue
    const id = nextLineId()
    items.push({
      ...base, id, title: original.title, description: null, thumbnail: original.thumbnail, allow_discounts: original.allow_discounts,
      has_shipping: null, unit_price: -original.unit_price, variant_id: original.variant_id, product_id: original.product_id,
      quantity: row.quantity, metadata: original.metadata ?? {},
    })
    for (const line of source.orderTaxLines.filter((l) => l.item_id === original.id)) {
      taxLines.push({ id: newId("taxLine"), item_id: id, rate: line.rate, name: line.name, code: line.code, metadata: null, created_at: now, updated_at: now })
    }
    // The line's discount comes back off the credit (per unit, rounded, as the return's refund counts it), so a
    // discounted unit credits what was paid for it. Without a discount_id the cart's own discounts never replace it.
    for (const adjustment of source.orderAdjustments.filter((a) => a.item_id === original.id)) {
      const amount = -Math.round(adjustment.amount / original.quantity) * row.quantity
      if (amount !== 0) {
        adjustments.push({ id: newId("adjustment"), item_id: id, description: adjustment.description, discount_id: null, amount, metadata: null })
      }
    }
  }
  return { items, taxLines, adjustments }
}

/**
 * The swap's return as its cart's credit is computed from (one round trip): the return's requested lines, its
 * shipping method and tax lines, and the returned order lines with their tax lines and adjustments. Lines the
 * merchant received without their being requested credit nothing. undefined: the swap has no return.
 */
export async function loadSwapCreditSource(db: Database, swapId: string): Promise<SwapCreditSource | undefined> {
  const returnIds = db.select({ id: t.orderReturn.id }).from(t.orderReturn).where(eq(t.orderReturn.swap_id, swapId))
  const itemIds = db.select({ id: t.returnItem.item_id }).from(t.returnItem).where(inArray(t.returnItem.return_id, returnIds))
  const methodIds = db.select({ id: t.shippingMethod.id }).from(t.shippingMethod).where(inArray(t.shippingMethod.return_id, returnIds))
  const [returns, returned, methods, methodTaxLines, orderItems, orderTaxLines, orderAdjustments] = await db.batch([
    db.select({ id: t.orderReturn.id }).from(t.orderReturn).where(eq(t.orderReturn.swap_id, swapId)),
    db.select().from(t.returnItem).where(and(inArray(t.returnItem.return_id, returnIds), eq(t.returnItem.is_requested, true))),
    db.select().from(t.shippingMethod).where(inArray(t.shippingMethod.return_id, returnIds)).orderBy(t.shippingMethod.id),
    db.select().from(t.shippingMethodTaxLine).where(inArray(t.shippingMethodTaxLine.shipping_method_id, methodIds)),
    db.select().from(t.lineItem).where(inArray(t.lineItem.id, itemIds)),
    db.select().from(t.lineItemTaxLine).where(inArray(t.lineItemTaxLine.item_id, itemIds)),
    db.select().from(t.lineItemAdjustment).where(inArray(t.lineItemAdjustment.item_id, itemIds)),
  ])
  if (returns.length === 0) return undefined
  const method = methods[0]
  return {
    orderItems,
    orderTaxLines,
    orderAdjustments,
    returned: returned
      .map((r) => ({ item_id: r.item_id, quantity: r.requested_quantity ?? r.quantity }))
      .sort((a, b) => (a.item_id < b.item_id ? -1 : a.item_id > b.item_id ? 1 : 0)),
    shipping: method ? { price: method.price, taxLines: methodTaxLines.filter((l) => l.shipping_method_id === method.id) } : null,
  }
}

/**
 * Puts the swap's return lines into `state` as the swap fixed them: when the cart's stored return lines say
 * anything else (rows changed behind the API's back), they are replaced, with their tax lines and adjustments.
 * Returns whether anything was replaced.
 */
export function restoreSwapReturnLines(state: CartState, source: SwapCreditSource, now: string): boolean {
  // Ids ascend in the lines' order (as at creation): a cart lists lines by created_at, then id.
  let tick = Date.parse(now)
  const fixed = swapReturnLines(source, state.cart.id, now, () => newId("lineItem", tick++))
  const wanted = { items: fixed.items, itemTaxLines: fixed.taxLines, adjustments: fixed.adjustments }
  if (sameReturnLines(state, wanted)) return false
  const stale = new Set(state.items.filter((i) => i.is_return).map((i) => i.id))
  state.items = [...state.items.filter((i) => !stale.has(i.id)), ...fixed.items]
  state.itemTaxLines = [...state.itemTaxLines.filter((l) => !stale.has(l.item_id)), ...fixed.taxLines]
  state.adjustments = [...state.adjustments.filter((a) => !stale.has(a.item_id)), ...fixed.adjustments]
  return true
}
