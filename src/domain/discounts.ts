/**
 * Discount rules of Medusa v1 (1.20.x), pure: which items a discount applies to (DiscountConditionRepository
 * .isValidForProduct), how much it takes off each item (DiscountService.calculateDiscountForLineItem), the
 * line-item adjustments a cart gets (LineItemAdjustmentService.generateAdjustments, run by
 * CartService.refreshAdjustments_), and whether a discount may be applied to a cart
 * (DiscountService.validateDiscountForCartOrThrow).
 */
import { MedusaError, invalidData, notAllowed } from "./errors"
import { percentageOf } from "./money"
import { computeLineItemTotals, type LineItemInput } from "./totals"

export type DiscountRuleType = "fixed" | "percentage" | "free_shipping"
export type DiscountAllocation = "total" | "item"

export interface DiscountRuleInput {
  readonly type: DiscountRuleType
  /** Percent for "percentage"; minor units for "fixed" (per unit with allocation "item"). */
  readonly value: number
  readonly allocation: DiscountAllocation | null
}

export interface CartDiscountInput {
  readonly id: string
  readonly rule: DiscountRuleInput
}

/** Anything with a rule type: discount rows joined with their rule, whose `type` column is a plain string. */
interface WithRuleType {
  readonly rule: { readonly type: string }
}

/** The cart's regular discount: the first one whose rule is not free_shipping (v1 allows one of each kind). */
export function regularDiscount<D extends WithRuleType>(discounts: readonly D[]): D | undefined {
  return discounts.find((d) => d.rule.type !== "free_shipping")
}

/** Joins discount rows with their rules (loaded side by side), so the two choices above can judge them. */
export function withRules<D extends { readonly rule_id: string }, R extends { readonly id: string; readonly type: string }>(
  discounts: readonly D[],
  rules: readonly R[],
): (D & { rule: R })[] {
  const byId = new Map(rules.map((r) => [r.id, r]))
  return discounts.flatMap((d) => {
    const rule = byId.get(d.rule_id)
    return rule ? [{ ...d, rule }] : []
  })
}

/** v1 zeroes shipping when any discount on the cart has a free_shipping rule. */
export function hasFreeShipping(discounts: readonly WithRuleType[]): boolean {
  return discounts.some((d) => d.rule.type === "free_shipping")
}

// ---- conditions

export type DiscountConditionType =
  | "products"
  | "product_types"
  | "product_collections"
  | "product_tags"
  | "customer_groups"

export interface DiscountConditionInput {
  readonly type: DiscountConditionType
  readonly operator: "in" | "not_in"
  /** Ids of the products / types / collections / tags / customer groups the condition names. */
  readonly target_ids: readonly string[]
}

/** What the conditions of a discount look at on an item's product. */
export interface ItemProductFacts {
  readonly product_id: string
  readonly type_id: string | null
  readonly collection_id: string | null
  readonly tag_ids: readonly string[]
}

function conditionMatches(condition: DiscountConditionInput, product: ItemProductFacts): boolean {
  const targets = condition.target_ids
  switch (condition.type) {
    case "products":
      return targets.includes(product.product_id)
    case "product_types":
      return product.type_id !== null && targets.includes(product.type_id)
    case "product_collections":
      return product.collection_id !== null && targets.includes(product.collection_id)
    case "product_tags":
      return product.tag_ids.some((tag) => targets.includes(tag))
    case "customer_groups":
      return true
  }
}

/**
 * Whether a discount's conditions let it apply to an item (v1 validateDiscountForProduct/isValidForProduct):
 * an item without a product (custom line item) never qualifies; otherwise every product condition must hold —
 * "in": the product matches one of the targets, "not_in": it matches none. Customer-group conditions are not
 * about the item and are skipped. No conditions: every product qualifies.
 */
export function isItemEligible(
  conditions: readonly DiscountConditionInput[],
  product: ItemProductFacts | null,
): boolean {
  if (product === null) return false
  for (const condition of conditions) {
    if (condition.type === "customer_groups") continue
    const matches = conditionMatches(condition, product)
    if (condition.operator === "in" && !matches) return false
    if (condition.operator === "not_in" && matches) return false
  }
  return true
}

// ---- amounts

export interface DiscountableItem extends LineItemInput {
  readonly is_return: boolean
  /** The discount's conditions accept this item's product (see isItemEligible); precomputed by the service. */
  readonly eligible: boolean
}

/** The amount a discount is computed on: unit_price·quantity, or the tax-exclusive subtotal for tax-inclusive items. */
function fullItemPrice(item: LineItemInput): number {
  return item.includes_tax ? computeLineItemTotals(item, 0).subtotal : item.unit_price * item.quantity
}

/**
 * One item's amount off for a regular discount (v1 DiscountService.calculateDiscountForLineItem), capped at the
 * item's (tax-exclusive) subtotal, 0 when the item does not allow discounts:
 * - percentage: `round(fullItemPrice / 100 · value)`
 * - fixed, allocation "total": `min(value, Σ) · fullItemPrice / Σ` UNROUNDED, Σ = the subtotals of ALL items that
 *   allow discounts (v1 does not leave out items excluded by conditions, so their share is simply not given)
 * - fixed, allocation "item" (and anything else): `value · quantity`
 *
 * `items` are all the cart's items (for the "total" denominator). Deviations, both for cases v1 gets wrong: Σ = 0
 * yields 0 (v1 produces NaN), and the denominator uses every item's own tax-exclusive subtotal (v1 recomputes it with
 * the current item's includes_tax flag, which only differs in carts mixing tax-inclusive and exclusive prices).
 */
export function calculateDiscountForLineItem(
  rule: DiscountRuleInput,
  item: LineItemInput,
  items: readonly LineItemInput[],
): number {
  if (!item.allow_discounts) return 0
  const full = fullItemPrice(item)
  let adjustment: number
  if (rule.type === "percentage") {
    adjustment = percentageOf(full, rule.value)
  } else if (rule.type === "fixed" && rule.allocation === "total") {
    const subtotal = items.filter((i) => i.allow_discounts).reduce((sum, i) => sum + fullItemPrice(i), 0)
    if (subtotal === 0) return 0
    adjustment = Math.min(rule.value, subtotal) * (full / subtotal)
  } else {
    adjustment = rule.value * item.quantity
  }
  return Math.min(adjustment, full)
}

export interface LineItemAdjustmentDraft {
  item_id: string
  amount: number
  discount_id: string
  description: "discount"
}

/**
 * The adjustments a cart's items get for its regular discount (v1 refreshAdjustments_ → generateAdjustments):
 * none for a missing or free-shipping discount, return items, items that do not allow discounts or fail the
 * conditions, and none where the amount is 0. Return items do not count in a "total" allocation either. The service deletes the items' old discount adjustments first.
 */
export function computeLineItemAdjustments(
  discount: CartDiscountInput | null | undefined,
  items: readonly DiscountableItem[],
): LineItemAdjustmentDraft[] {
  if (!discount || discount.rule.type === "free_shipping") return []
  // Return lines (a swap cart's credit) are not bought: they neither take a discount nor count in the "total"
  // allocation's denominator, where their negative amounts would inflate every other line's share (v1 counts them).
  const bought = items.filter((item) => !item.is_return)
  const drafts: LineItemAdjustmentDraft[] = []
  for (const item of bought) {
    if (!item.allow_discounts || !item.eligible) continue
    const amount = calculateDiscountForLineItem(discount.rule, item, bought)
    if (amount === 0) continue
    drafts.push({ item_id: item.id, amount, discount_id: discount.id, description: "discount" })
  }
  return drafts
}

// ---- applicability

export interface DiscountValidationInput {
  readonly code: string
  readonly is_disabled: boolean
  readonly starts_at: string | Date
  readonly ends_at: string | Date | null
  readonly usage_limit: number | null
  readonly usage_count: number | null
  /** The discount's regions — for a dynamic discount, its parent's (v1 isValidForRegion). */
  readonly region_ids: readonly string[]
  /** The rule has a customer_groups condition. */
  readonly has_customer_group_condition?: boolean
}

export interface DiscountValidationContext {
  readonly now: Date
  readonly regionId: string
  readonly customerId?: string | null
  /** For a cart with a customer and a discount with customer-group conditions: whether the customer's groups pass. */
  readonly customerEligible?: boolean
}

const toDate = (value: string | Date): Date => (value instanceof Date ? value : new Date(value))

/**
 * The reason a discount may not be applied to a cart, or undefined when it may — v1
 * validateDiscountForCartOrThrow's checks in its order, with its exact messages and error types.
 */
export function discountApplicabilityError(
  discount: DiscountValidationInput,
  ctx: DiscountValidationContext,
): MedusaError | undefined {
  const now = ctx.now.getTime()
  const used = discount.usage_count || 0
  if (discount.usage_limit && used >= discount.usage_limit) {
    return notAllowed(`Discount ${discount.code} has been used maximum allowed times`)
  }
  if (toDate(discount.starts_at).getTime() > now) return notAllowed(`Discount ${discount.code} is not valid yet`)
  if (discount.ends_at !== null && now > toDate(discount.ends_at).getTime()) {
    return notAllowed(`Discount ${discount.code} is expired`)
  }
  if (discount.is_disabled) return notAllowed(`The discount code ${discount.code} is disabled`)
  if (!ctx.customerId && discount.has_customer_group_condition) {
    return notAllowed(`Discount ${discount.code} is only valid for specific customer`)
  }
  if (!discount.region_ids.includes(ctx.regionId)) {
    return invalidData("The discount is not available in current region")
  }
  if (ctx.customerId && ctx.customerEligible === false) {
    return notAllowed(`Discount ${discount.code} is not valid for customer`)
  }
  return undefined
}

/** Throws discountApplicabilityError's MedusaError when the discount may not be applied to the cart. */
export function checkDiscountApplicable(discount: DiscountValidationInput, ctx: DiscountValidationContext): void {
  const error = discountApplicabilityError(discount, ctx)
  if (error) throw error
}
