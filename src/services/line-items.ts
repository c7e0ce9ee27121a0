import { invalidData } from "../domain/errors"
import { newId } from "../domain/ids"
import { selectPrice } from "../domain/pricing"
import {
  assertProductInChannel,
  assertQuantityGiven,
  findMergeTarget,
  hasInventoryFor,
  insufficientInventory,
  MAX_LINE_QUANTITY,
} from "../domain/cart-rules"
import { ErrorCodes, notAllowed } from "../domain/errors"
import { assertNotReturnLine } from "../domain/swap-carts"
import type { CartAggregate, LineItemRow } from "../db/queries/carts"
import { loadVariantsForCart, variantsForCartRead, type VariantsForCart } from "../db/queries/cart-variants"
import { mapRead } from "../db/reads"
import type { CartState } from "./cart-state"
import type { CartContext, CartPlan } from "./cart-context"

export interface NewLineItem {
  variant_id: string
  quantity: number
  metadata?: Record<string, unknown> | undefined
}

/** Adds reference rows loaded for new items to the aggregate, so totals and adjustments can see them. */
function remember(aggregate: CartAggregate, refs: VariantsForCart): void {
  const add = <T extends { id: string }>(list: T[], rows: readonly T[]) => {
    for (const row of rows) if (!list.some((r) => r.id === row.id)) list.push(row)
  }
  add(aggregate.variants, refs.variants)
  add(aggregate.products, refs.products)
  add(aggregate.profiles, refs.profiles)
  const same = (a: { owner: string; rate_id: string }, b: { owner: string; rate_id: string }) => a.owner === b.owner && a.rate_id === b.rate_id
  for (const rate of refs.productTaxRates) if (!aggregate.productTaxRates.some((r) => same(r, rate))) aggregate.productTaxRates.push(rate)
  for (const rate of refs.productTypeTaxRates) if (!aggregate.productTypeTaxRates.some((r) => same(r, rate))) aggregate.productTypeTaxRates.push(rate)
  for (const tag of refs.productTags) {
    if (!aggregate.productTagIds.some((t) => t.product_id === tag.product_id && t.product_tag_id === tag.product_tag_id)) {
      aggregate.productTagIds.push(tag)
    }
  }
}

/**
 * Puts `requested` lines into `state` (v1 CartService.addOrUpdateLineItems + LineItemService.generate): prices them
 * for the cart's region, merges same-variant lines, checks stock and the cart's sales channel.
 */
export async function addItemsToState(
  ctx: CartContext,
  state: CartState,
  aggregate: CartAggregate,
  requested: readonly NewLineItem[],
): Promise<void> {
  if (requested.length === 0) return
  for (const line of requested) assertQuantityGiven(line.quantity)
  const refs = await loadVariantsForCart(ctx.db, variantIdsOf(requested))
  applyItemsToState(ctx, state, aggregate, requested, refs)
}

export const variantIdsOf = (requested: readonly NewLineItem[]) => [...new Set(requested.map((l) => l.variant_id))]

/** addItemsToState with the variants' rows already loaded (by the command's read batch). */
export function applyItemsToState(
  ctx: CartContext,
  state: CartState,
  aggregate: CartAggregate,
  requested: readonly NewLineItem[],
  refs: VariantsForCart,
): void {
  for (const line of requested) assertQuantityGiven(line.quantity)
  const missing = requested.map((l) => l.variant_id).filter((id) => !refs.variants.some((v) => v.id === id))
  if (missing.length) {
    throw invalidData(`Unable to generate the line items, some variant has not been found: ${[...new Set(missing)].join(", ")}`)
  }
  remember(aggregate, refs)
  const now = ctx.now().toISOString()
  for (const line of requested) {
    const variant = refs.variants.find((v) => v.id === line.variant_id)!
    const product = refs.products.find((p) => p.id === variant.product_id)
    if (!product) throw invalidData(`Unable to generate the line items, some variant has not been found: ${variant.id}`)
    assertProductInChannel(product, state.cart.sales_channel_id, refs.productSalesChannels)
    const existing = findMergeTarget(state.items, variant.id)
    const quantity = (existing?.quantity ?? 0) + line.quantity
    if (quantity > MAX_LINE_QUANTITY) throw invalidData(`quantity must not be greater than ${MAX_LINE_QUANTITY}`)
    if (!hasInventoryFor(variant, quantity)) throw insufficientInventory(variant.id)
    const price = selectPrice(
      refs.prices.filter((p) => p.variant_id === variant.id),
      { region_id: aggregate.region.id, currency_code: aggregate.region.currency_code, quantity },
    )
    if (!price) throw invalidData(`Cannot generate line item for variant "${variant.title ?? product.title ?? variant.id}" without a price`)
    if (existing) {
      existing.quantity = quantity
      existing.unit_price = price.amount
      existing.updated_at = now
      if (line.metadata) existing.metadata = { ...(existing.metadata ?? {}), ...line.metadata }
      continue
    }
    const item: LineItemRow = {
      id: newId("lineItem"),
      cart_id: state.cart.id,
      order_id: null,
      swap_id: null,
      claim_order_id: null,
      original_item_id: null,
      order_edit_id: null,
      title: product.title,
      description: variant.title,
      thumbnail: product.thumbnail,
      is_return: false,
      is_giftcard: product.is_giftcard,
      should_merge: true,
      allow_discounts: product.discountable,
      has_shipping: false,
      unit_price: price.amount,
      variant_id: variant.id,
      product_id: product.id,
      quantity: line.quantity,
      fulfilled_quantity: null,
      returned_quantity: null,
      shipped_quantity: null,
      includes_tax: false,
      metadata: line.metadata ?? {},
      created_at: now,
      updated_at: now,
    }
    state.items.push(item)
  }
}

/**
 * v1 deletes the cart's shipping methods whenever its items change (the shopper must pick shipping again for the
 * new contents) and marks every line as not shipped. A swap cart's return lines are not shipped by the cart's
 * methods (and are fixed): they stay as they are.
 */
function resetShipping(state: CartState, now: string): void {
  state.shippingMethods = []
  for (const item of state.items) {
    if (item.has_shipping && !item.is_return) {
      item.has_shipping = false
      item.updated_at = now
    }
  }
}

/** POST /store/carts/:id/line-items: the variant's rows are read in the command's read batch. */
export function planAddLineItem(ctx: CartContext, input: NewLineItem): CartPlan {
  return {
    read: mapRead(variantsForCartRead(ctx.db, variantIdsOf([input])), (refs) => (state, aggregate) => {
      applyItemsToState(ctx, state, aggregate, [input], refs)
      resetShipping(state, ctx.now().toISOString())
    }),
  }
}

/**
 * Quantity 0 removes the line (v1); more than the stock is refused with v1's update message. A swap cart's return
 * lines are refused (domain/swap-carts.ts).
 */
export function planUpdateLineItem(
  ctx: CartContext,
  lineId: string,
  input: { quantity: number; metadata?: Record<string, unknown> | undefined },
): CartPlan {
  return { change: (state, aggregate) => {
    const item = state.items.find((i) => i.id === lineId)
    if (!item) throw invalidData("Could not find the line item")
    assertNotReturnLine(item)
    const now = ctx.now().toISOString()
    if (input.quantity === 0) {
      state.items = state.items.filter((i) => i.id !== lineId)
      resetShipping(state, now)
      return
    }
    if (input.quantity < 0) throw invalidData("quantity must not be less than 0")
    const variant = aggregate.variants.find((v) => v.id === item.variant_id)
    if (variant && !hasInventoryFor(variant, input.quantity)) {
      throw notAllowed("Inventory doesn't cover the desired quantity", ErrorCodes.insufficientInventory)
    }
    item.quantity = input.quantity
    item.updated_at = now
    if (input.metadata) item.metadata = { ...(item.metadata ?? {}), ...input.metadata }
    resetShipping(state, now)
  } }
}

/** Deleting a line that is not in the cart changes nothing and answers the cart (v1); a return line is refused. */
export function planDeleteLineItem(ctx: CartContext, lineId: string): CartPlan {
  return { change: (state) => {
    const item = state.items.find((i) => i.id === lineId)
    if (!item) return
    assertNotReturnLine(item)
    state.items = state.items.filter((i) => i.id !== lineId)
    resetShipping(state, ctx.now().toISOString())
  } }
}
