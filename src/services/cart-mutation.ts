import type { BatchItem } from "drizzle-orm/batch"
import { assertCartMutable } from "../domain/cart-rules"
import { computeLineItemAdjustments, isItemEligible, regularDiscount, withRules, type DiscountConditionInput, type DiscountRuleType } from "../domain/discounts"
import { newId } from "../domain/ids"
import { assertReturnLinesKept, assertSwapCartMoveAllowed } from "../domain/swap-carts"
import type { CartAggregate } from "../db/queries/carts"
import { aggregateWithState, cartStateWrites, inLoadOrder, stateOf, type CartState } from "./cart-state"
import { syncPaymentSessions } from "./payment-sessions"
import type { CartChange, CartContext } from "./cart-context"

export type { CartContext } from "./cart-context"

/** "sessions": the change is to the payment sessions themselves, so nothing is derived or re-synced after it. */
export type MutationScope = "contents" | "sessions"

/** A change computed in memory, not yet written. */
export interface CartMutation {
  before: CartState
  after: CartState
  /** The cart as it reads once the writes land (new version and updated_at): what the response is built from. */
  next: CartAggregate
  /** The writes that take D1 from `before` to `after`, led by the version guard. The caller adds its own (the key). */
  writes: BatchItem<"sqlite">[]
}

/**
 * The one way an existing cart changes: let `change` edit a copy of its state (and add any reference rows it loaded
 * to a working copy of the aggregate), recompute what derives from the contents, and return the writes — it does
 * not write: the command runner puts them in ONE batch with the idempotency key and the stored response.
 */
export async function mutateCart(
  ctx: CartContext,
  known: CartAggregate,
  change: CartChange,
  scope: MutationScope = "contents",
): Promise<CartMutation> {
  assertCartMutable(known.cart)
  const aggregate = structuredClone(known)
  const before = stateOf(aggregate)
  const after = structuredClone(before)
  await change(after, aggregate)
  if (scope === "contents") {
    refreshDerivedState(after, aggregate)
    // Payment sessions follow the cart's total (v1 calls setPaymentSessions after every change to a cart with sessions).
    await syncPaymentSessions(ctx, aggregate, after)
  }
  assertSwapCartKept(before, after)
  const now = ctx.now().toISOString()
  const writes = cartStateWrites(ctx.db, before, after, now)
  const next = inLoadOrder(aggregateWithState(aggregate, structuredClone(after)))
  next.cart = { ...next.cart, version: before.cart.version + 1, updated_at: now }
  return { before, after, next, writes }
}

/**
 * Whatever path a change took, a swap cart keeps its return lines (the credit its swap fixed) and its order's region
 * and sales channel; the commands refuse these with their own checks first, this is the backstop.
 */
function assertSwapCartKept(before: CartState, after: CartState): void {
  assertReturnLinesKept(before, after)
  if (after.cart.region_id !== before.cart.region_id) assertSwapCartMoveAllowed(before.cart, "region")
  if (after.cart.sales_channel_id !== before.cart.sales_channel_id) assertSwapCartMoveAllowed(before.cart, "sales channel")
}

/**
 * Keeps what derives from the cart's contents consistent after any change (v1 refreshAdjustments_ and friends):
 * rows of removed items/methods go, and the regular discount's adjustments are recomputed from scratch.
 */
export function refreshDerivedState(state: CartState, aggregate: CartAggregate): void {
  const itemIds = new Set(state.items.map((i) => i.id))
  const methodIds = new Set(state.shippingMethods.map((m) => m.id))
  state.itemTaxLines = state.itemTaxLines.filter((l) => itemIds.has(l.item_id))
  state.methodTaxLines = state.methodTaxLines.filter((l) => methodIds.has(l.shipping_method_id))

  const discounts = state.discountIds
    .map((id) => aggregate.discounts.find((d) => d.id === id))
    .filter((d) => d !== undefined)
  const regular = regularDiscount(withRules(discounts, aggregate.discountRules))
  const rule = regular?.rule
  const conditions: DiscountConditionInput[] = rule
    ? aggregate.discountConditions
        .filter((c) => c.discount_rule_id === rule.id && c.deleted_at === null)
        .map((c) => ({
          type: c.type as DiscountConditionInput["type"],
          operator: c.operator as DiscountConditionInput["operator"],
          target_ids: aggregate.discountConditionTargets.filter((t) => t.condition_id === c.id).map((t) => t.target_id),
        }))
    : []
  const productOf = (variantId: string | null) => {
    const variant = aggregate.variants.find((v) => v.id === variantId)
    return variant ? aggregate.products.find((p) => p.id === variant.product_id) : undefined
  }
  const drafts =
    regular && rule
      ? computeLineItemAdjustments(
          { id: regular.id, rule: { type: rule.type as DiscountRuleType, value: rule.value, allocation: rule.allocation as "total" | "item" | null } },
          state.items.map((item) => {
            const product = productOf(item.variant_id)
            return {
              id: item.id,
              unit_price: item.unit_price,
              quantity: item.quantity,
              includes_tax: false,
              allow_discounts: item.allow_discounts,
              is_return: item.is_return,
              tax_lines: [],
              adjustments: [],
              eligible: product
                ? isItemEligible(conditions, {
                    product_id: product.id,
                    type_id: product.type_id,
                    collection_id: product.collection_id,
                    tag_ids: aggregate.productTagIds.filter((t) => t.product_id === product.id).map((t) => t.product_tag_id),
                  })
                : false,
            }
          }),
        )
      : []
  // Keep existing adjustment rows (and ids) when nothing changed, so an unrelated edit writes nothing here.
  const kept = state.adjustments.filter((a) => itemIds.has(a.item_id) && a.discount_id === null)
  const next = drafts.map((d) => {
    const same = state.adjustments.find((a) => a.item_id === d.item_id && a.discount_id === d.discount_id && a.amount === d.amount)
    return same ?? { id: newId("adjustment"), item_id: d.item_id, description: d.description, discount_id: d.discount_id, amount: d.amount, metadata: null }
  })
  state.adjustments = [...kept, ...next]
}

