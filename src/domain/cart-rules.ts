/** Pure cart rules: what may change on a cart, and how line items merge. No I/O. */
import { ErrorCodes, invalidData, notAllowed } from "./errors"

/** The largest quantity one line may hold: keeps every total far inside safe-integer range. */
export const MAX_LINE_QUANTITY = 1_000_000

/** A completed cart is frozen: every mutation is refused (v1 lets some through; we don't). */
export function assertCartMutable(cart: { id: string; completed_at: string | null }): void {
  if (cart.completed_at) {
    throw notAllowed(`Cart ${cart.id} is completed and can no longer be modified`, ErrorCodes.cartIncompatibleState)
  }
}

/** v1 LineItemService.generate refuses a missing or zero quantity with this message. */
export function assertQuantityGiven(quantity: number): void {
  if (!Number.isInteger(quantity) || quantity < 1) {
    throw invalidData(
      "Unable to generate the line item because one or more required argument(s) are missing. Ensure quantity, regionId, and variantId are passed",
    )
  }
}

export interface StockFacts {
  id: string
  inventory_quantity: number
  manage_inventory: boolean
  allow_backorder: boolean
}

/** Whether a variant's stock covers `quantity` (v1 ProductVariantInventoryService.confirmInventory). */
export function hasInventoryFor(variant: StockFacts, quantity: number): boolean {
  return !variant.manage_inventory || variant.allow_backorder || variant.inventory_quantity >= quantity
}

export function insufficientInventory(variantId: string) {
  return notAllowed(`Variant with id: ${variantId} does not have the required inventory`, ErrorCodes.insufficientInventory)
}

/** The line a new item of `variantId` merges into, if any (v1: same variant and should_merge). */
export function findMergeTarget<T extends { variant_id: string | null; should_merge: boolean; is_return?: boolean }>(
  items: readonly T[],
  variantId: string,
): T | undefined {
  // A swap cart's credit line for a returned unit carries the returned variant; it never absorbs a new purchase.
  return items.find((item) => item.should_merge && !item.is_return && item.variant_id === variantId)
}

/**
 * A cart in a sales channel only takes products of that channel (v1 LineItemService.validateLineItem), with v1's
 * message. Shared by new line items and a swap's additional items (its cart is in the order's channel).
 */
export function assertProductInChannel(
  product: { id: string; title: string },
  channelId: string | null,
  links: readonly { product_id: string; sales_channel_id: string }[],
): void {
  if (channelId && !links.some((l) => l.product_id === product.id && l.sales_channel_id === channelId)) {
    throw invalidData(`The product "${product.title}" must belongs to the sales channel on which the cart has been created.`)
  }
}
