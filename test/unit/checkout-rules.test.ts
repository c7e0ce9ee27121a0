import { describe, expect, it } from "vitest"
import { assertCompletable, type CompletionFacts } from "../../src/domain/checkout"

const ready: CompletionFacts = {
  total: 2313, hasSelectedSession: true, itemCount: 1, hasCustomer: true, shippableItemProfiles: ["sp_1"], methodProfiles: ["sp_1"],
}

describe("assertCompletable", () => {
  it("accepts a cart that is ready", () => {
    expect(() => assertCompletable(ready)).not.toThrow()
  })

  it.each([
    [{ hasSelectedSession: false }, "not_allowed", "You cannot complete a cart without a payment session."],
    [{ itemCount: 0, total: 0, hasSelectedSession: false }, "invalid_data", "Cannot create order from empty cart"],
    [{ hasCustomer: false }, "invalid_data", "Cannot create an order from the cart without a customer"],
    [{ methodProfiles: [] }, "invalid_data", "No shipping method selected but the cart contains items that require shipping."],
    [{ methodProfiles: ["sp_other"] }, "invalid_data", "No shipping method selected but the cart contains items that require shipping."],
    [{ shippableItemProfiles: [null], methodProfiles: [] }, "invalid_data", "No shipping method selected but the cart contains items that require shipping."],
  ] as const)("refuses %o with %s", (change, type, message) => {
    expect(() => assertCompletable({ ...ready, ...change })).toThrow(expect.objectContaining({ type, message }))
  })

  it("needs no session when there is nothing to pay, and no shipping for gift cards only", () => {
    expect(() => assertCompletable({ ...ready, total: 0, hasSelectedSession: false })).not.toThrow()
    expect(() => assertCompletable({ ...ready, shippableItemProfiles: [], methodProfiles: [] })).not.toThrow()
    // An item of unknown profile is served by any shipping method.
    expect(() => assertCompletable({ ...ready, shippableItemProfiles: [null] })).not.toThrow()
  })
})
