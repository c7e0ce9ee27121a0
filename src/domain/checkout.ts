/** Pure rules of cart completion. No I/O. */
import { invalidData, notAllowed } from "./errors"

export interface CompletionFacts {
  /** The cart's total with tax lines from the region's rates: what completion would charge. */
  total: number
  hasSelectedSession: boolean
  itemCount: number
  /** The cart has a customer and an email (v1: a guest customer is created with the email). */
  hasCustomer: boolean
  /** The shipping profile of every item that needs shipping (not a gift card); null when the profile is unknown. */
  shippableItemProfiles: readonly (string | null)[]
  /** The shipping profiles the cart's shipping methods serve. */
  methodProfiles: readonly string[]
}

/**
 * What must hold before anything is written or charged, in v1's order of discovery. v1 finds these one stage at a
 * time (it authorizes the payment before it notices a missing customer); checking them first means a doomed
 * completion never charges. Requiring a shipping method for shippable items is ours: v1 places such orders.
 */
export function assertCompletable(facts: CompletionFacts): void {
  if (facts.total > 0 && !facts.hasSelectedSession) throw notAllowed("You cannot complete a cart without a payment session.")
  if (facts.itemCount === 0) throw invalidData("Cannot create order from empty cart")
  if (!facts.hasCustomer) throw invalidData("Cannot create an order from the cart without a customer")
  const served = new Set(facts.methodProfiles)
  const unshipped = facts.shippableItemProfiles.some((profile) => (profile === null ? served.size === 0 : !served.has(profile)))
  if (unshipped) throw invalidData("No shipping method selected but the cart contains items that require shipping.")
}
