import { describe, expect, it } from "vitest"
import { checkAuthorizable, checkBatchAmounts, checkDistinctSessions } from "../../src/domain/payment-collections"

describe("checkDistinctSessions", () => {
  it("accepts distinct sessions and any number of new ones (no session_id)", () => {
    expect(() => checkDistinctSessions([{ session_id: "ps_1" }, { session_id: "ps_2" }, {}, {}])).not.toThrow()
    expect(() => checkDistinctSessions([])).not.toThrow()
  })

  it("refuses a session listed twice as invalid_data", () => {
    expect(() => checkDistinctSessions([{ session_id: "ps_1" }, {}, { session_id: "ps_1" }])).toThrow(
      expect.objectContaining({ type: "invalid_data", message: "Payment Session ps_1 is listed more than once" }),
    )
  })
})

describe("checkBatchAmounts", () => {
  it("accepts a split that adds up to the amount and refuses one that does not", () => {
    expect(() => checkBatchAmounts([{ amount: 600 }, { amount: 500 }], 1100)).not.toThrow()
    expect(() => checkBatchAmounts([{ amount: 600 }, { amount: 600 }], 1100)).toThrow(
      expect.objectContaining({ type: "invalid_data", message: "The sum of sessions is not equal to 1100 on Payment Collection" }),
    )
  })
})

describe("checkAuthorizable", () => {
  const collection = { id: "paycol_1", amount: 1100 }
  it.each([
    [0, 1100],
    [600, 500],
    [1100, 0],
    [0, 0],
  ])("allows %d authorized + %d more of 1100", (authorized, adding) => {
    expect(() => checkAuthorizable(collection, authorized, adding)).not.toThrow()
  })

  it.each([
    [1100, 1100],
    [600, 501],
    [0, 1101],
  ])("refuses %d authorized + %d more of 1100", (authorized, adding) => {
    expect(() => checkAuthorizable(collection, authorized, adding)).toThrow(
      expect.objectContaining({ type: "not_allowed", message: `Authorizing ${adding} more would exceed the amount 1100 of Payment Collection paycol_1` }),
    )
  })
})
