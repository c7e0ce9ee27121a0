import { describe, expect, it } from "vitest"
import { hashPassword, PBKDF2_ITERATIONS, passwordDerivations, UNKNOWN_ACCOUNT_HASH, verifyPassword } from "../../src/domain/password"
import { isForeignCart } from "../../src/domain/cart-ownership"

describe("the hash an unknown account is verified against", () => {
  it("costs what a real hash costs: same scheme, iterations and sizes, one derivation per check", async () => {
    const real = (await hashPassword("secret123")).split("$")
    const dummy = UNKNOWN_ACCOUNT_HASH.split("$")
    expect(dummy[0]).toBe(real[0])
    expect(Number(dummy[1])).toBe(PBKDF2_ITERATIONS)
    expect(atob(dummy[2]!).length).toBe(atob(real[2]!).length)
    expect(atob(dummy[3]!).length).toBe(atob(real[3]!).length)
    const before = passwordDerivations()
    expect(await verifyPassword("secret123", UNKNOWN_ACCOUNT_HASH)).toBe(false)
    expect(passwordDerivations() - before).toBe(1)
  })
})

describe("isForeignCart", () => {
  const owner = { id: "cus_owner", has_account: true }
  it("refuses only a logged-in caller who is not the registered owner", () => {
    expect(isForeignCart(owner, "cus_other")).toBe(true)
    expect(isForeignCart(owner, "cus_owner")).toBe(false)
    expect(isForeignCart(owner, undefined)).toBe(false)
    expect(isForeignCart({ id: "cus_guest", has_account: false }, "cus_other")).toBe(false)
    expect(isForeignCart(null, "cus_other")).toBe(false)
  })
})
