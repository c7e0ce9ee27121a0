/** Pure rules for using a shipping option on a cart (v1 ShippingOptionService.validateCartOption and friends). */
import { invalidData, notAllowed } from "./errors"

export interface ShippingRequirement {
  type: string
  amount: number
}

/**
 * v1 validateCartOption's requirement check against the cart's subtotal (items before discounts and taxes):
 * min_subtotal needs `subtotal >= amount`, max_subtotal needs `subtotal < amount`, other types pass.
 *
 * @example meetsRequirements([{ type: "min_subtotal", amount: 10000 }], 9999) // false
 */
export function meetsRequirements(requirements: readonly ShippingRequirement[], subtotal: number): boolean {
  return requirements.every((r) => {
    if (r.type === "min_subtotal") return r.amount <= subtotal
    if (r.type === "max_subtotal") return r.amount > subtotal
    return true
  })
}

/**
 * Refuses an option the cart cannot use, with v1's messages for the region and requirement checks.
 * v1 lets a return option through without any check (so a cheap return option of any region could ship a cart);
 * we refuse it. Admin-only options are refused by the caller as not found, as the store never shows them.
 */
export function assertOptionFitsCart(
  option: { region_id: string; is_return: boolean },
  requirements: readonly ShippingRequirement[],
  cart: { region_id: string; subtotal: number },
): void {
  if (option.is_return) throw invalidData("A return shipping option cannot be used to ship a cart")
  if (option.region_id !== cart.region_id) {
    throw invalidData("The shipping option is not available in the cart's region")
  }
  if (!meetsRequirements(requirements, cart.subtotal)) {
    throw notAllowed("The Cart does not satisfy the shipping option's requirements")
  }
}

/**
 * v1 CartService.validateLineItemShipping_: a line without a shipping profile counts as shipped; otherwise it is
 * shipped when one of the cart's methods is for its profile.
 */
export function lineHasShipping(methodProfileIds: readonly string[], profileId: string | null | undefined): boolean {
  if (!profileId) return true
  return methodProfileIds.includes(profileId)
}
