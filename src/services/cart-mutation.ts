import type { BatchItem } from "drizzle-orm/batch"
import type { Database, Env } from "../env"
import type { PaymentRegistry } from "../providers/payment/registry"
import { assertCartMutable } from "../domain/cart-rules"
import { computeLineItemAdjustments, isItemEligible, regularDiscount, withRules, type DiscountConditionInput, type DiscountRuleType } from "../domain/discounts"
import { newId } from "../domain/ids"
import type { CartAggregate } from "../db/queries/carts"
import { loadCartOrThrow } from "./cart-view"
import { saveCartState, stateOf, type CartState } from "./cart-state"
import { syncPaymentSessions } from "./payment-sessions"

/** What a cart command runs with: the database, the clock and who is asking. */
export interface CartContext {
  db: Database
  env: Env
  now: () => Date
  customerId?: string | undefined
  publishableKeyScopes?: string[] | undefined
  /** Payment providers (default: the installed ones over the global fetch; tests may pass recorders). */
  payments?: PaymentRegistry | undefined
  /**
   * Writes that must land in the same batch as the command's cart writes (an idempotency key's recovery point).
   * The first batch that writes the cart takes them (`splice(0)`), so they are applied at most once.
   */
  commitWrites?: BatchItem<"sqlite">[] | undefined
}

/**
 * The one way an existing cart changes: load it (one round trip), let `change` edit a copy of its state (and add
 * any reference rows it loaded to the aggregate), recompute what derives from the contents, then write the
 * difference in one atomic batch guarded by the cart's version.
 */
export async function mutateCart(
  ctx: CartContext,
  cartId: string,
  change: (state: CartState, aggregate: CartAggregate) => void | Promise<void>,
  /** "sessions": the change is to the payment sessions themselves, so nothing is derived or re-synced after it. */
  scope: "contents" | "sessions" = "contents",
): Promise<void> {
  const aggregate = await loadCartOrThrow(ctx.db, cartId)
  assertCartMutable(aggregate.cart)
  const before = stateOf(aggregate)
  const after = structuredClone(before)
  await change(after, aggregate)
  if (scope === "contents") {
    refreshDerivedState(after, aggregate)
    // Payment sessions follow the cart's total (v1 calls setPaymentSessions after every change to a cart with sessions).
    await syncPaymentSessions(ctx, aggregate, after)
  }
  await saveCartState(ctx.db, before, after, ctx.now().toISOString(), ctx.commitWrites?.splice(0))
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

export { stateOf }
