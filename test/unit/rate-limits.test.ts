import { describe, expect, it } from "vitest"
import { cartCreationLimit, clientKey } from "../../src/services/rate-limits"

describe("clientKey", () => {
  it("keeps IPv4 addresses and counts IPv6 ones by their /64", () => {
    expect(clientKey("203.0.113.7")).toBe("203.0.113.7")
    expect(clientKey("2001:db8:aa:bb::1")).toBe("2001:db8:aa:bb::/64")
    expect(clientKey("2001:0DB8:00AA:00BB:1:2:3:4")).toBe("2001:db8:aa:bb::/64")
    expect(clientKey("2001:db8::1")).toBe("2001:db8:0:0::/64")
    expect(clientKey("::1")).toBe("0:0:0:0::/64")
    // An IPv4-mapped address is its IPv4 client, not one bucket for every IPv4 client.
    expect(clientKey("::ffff:203.0.113.7")).toBe("203.0.113.7")
  })

  it("answers a bounded key for a missing or hostile header", () => {
    expect(clientKey(undefined)).toBe("unknown")
    expect(clientKey("  ")).toBe("unknown")
    expect(clientKey("' OR 1=1 --")).toBe("' or 1=1 --")
    expect(clientKey("x".repeat(3_000))).toHaveLength(100)
  })
})

describe("cartCreationLimit (CART_CREATE_LIMIT)", () => {
  it("defaults to 1000, takes a whole number, and 0 turns it off", () => {
    expect(cartCreationLimit(undefined)).toBe(1000)
    expect(cartCreationLimit("25")).toBe(25)
    expect(cartCreationLimit("0")).toBeUndefined()
    expect(cartCreationLimit("-3")).toBe(1000)
    expect(cartCreationLimit("2.5")).toBe(1000)
  })
})
