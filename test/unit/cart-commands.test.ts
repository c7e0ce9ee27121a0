import { describe, expect, it } from "vitest"
import { CART_COMMANDS } from "../../src/services/cart-commands"
import { cartStubOptions } from "../../src/durable/cart-client"
import type { CartCommandKind } from "../../src/durable/commands"

describe("the cart command table", () => {
  it("declares v1's idempotent routes and the exclusive payment commands", () => {
    const kinds = Object.keys(CART_COMMANDS) as CartCommandKind[]
    expect(kinds.filter((k) => CART_COMMANDS[k].idempotent).sort()).toEqual(
      ["add_line_item", "calculate_taxes", "complete", "create_payment_sessions"],
    )
    expect(kinds.filter((k) => CART_COMMANDS[k].exclusive).sort()).toEqual([
      "complete", "create_payment_sessions", "delete_payment_session", "refresh_payment_session",
      "select_payment_session", "update_payment_session",
    ])
  })

  it("does not compile with a misspelled kind", () => {
    // @ts-expect-error "add_lineitem" is not a CartCommandKind (npm run typecheck fails if this line compiles)
    const misspelled: CartCommandKind = "add_lineitem"
    expect(misspelled in CART_COMMANDS).toBe(false)
  })
})

describe("CART_LOCATION_HINT", () => {
  it("places new cart objects with the configured location hint", () => {
    expect(cartStubOptions({ CART_LOCATION_HINT: "weur" })).toEqual({ locationHint: "weur" })
    expect(cartStubOptions({ CART_LOCATION_HINT: " enam " })).toEqual({ locationHint: "enam" })
  })

  it("uses no hint when unset, empty or not a location hint", () => {
    expect(cartStubOptions({})).toBeUndefined()
    expect(cartStubOptions({ CART_LOCATION_HINT: "" })).toBeUndefined()
    expect(cartStubOptions({ CART_LOCATION_HINT: "europe" })).toBeUndefined()
  })
})
