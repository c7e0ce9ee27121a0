import { describe, expect, it } from "vitest"
import { signJwt, verifyJwt } from "../../src/domain/jwt"
import { isScryptKdfHash, verifyScryptKdf } from "../../src/domain/password-scrypt"
import { MEDUSA_HASH } from "../fixtures/medusa-password-hash"

const NOW = 1_800_000_000
const b64 = (o: unknown) => btoa(JSON.stringify(o)).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_")

describe("domain/jwt (HS256, pinned)", () => {
  it("round-trips a payload with iat and exp", async () => {
    const token = await signJwt({ customer_id: "cus_1", domain: "store" }, "s3cret", NOW, 60)
    expect(await verifyJwt(token, "s3cret", NOW + 59)).toEqual({ customer_id: "cus_1", domain: "store", iat: NOW, exp: NOW + 60 })
  })

  it("rejects expiry, another secret, alg none/RS256, a missing exp and malformed input", async () => {
    const token = await signJwt({ customer_id: "cus_1" }, "s3cret", NOW, 60)
    const [, payload, signature] = token.split(".")
    expect(await verifyJwt(token, "s3cret", NOW + 60)).toBeUndefined()
    expect(await verifyJwt(token, "other", NOW)).toBeUndefined()
    expect(await verifyJwt(`${b64({ alg: "none" })}.${payload}.`, "s3cret", NOW)).toBeUndefined()
    expect(await verifyJwt(`${b64({ alg: "RS256" })}.${payload}.${signature}`, "s3cret", NOW)).toBeUndefined()
    // A correctly signed token without exp is refused (expiry is mandatory).
    const key = await crypto.subtle.importKey("raw", new TextEncoder().encode("s3cret"), { name: "HMAC", hash: "SHA-256" }, false, ["sign"])
    const head = b64({ alg: "HS256", typ: "JWT" })
    const body = b64({ customer_id: "cus_1" })
    const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(`${head}.${body}`)))
    const sig = btoa(String.fromCharCode(...mac)).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_")
    expect(await verifyJwt(`${head}.${body}.${sig}`, "s3cret", NOW)).toBeUndefined()
    for (const bad of ["", "a.b", "a.b.c", "!!.??.**", `${token}.x`]) expect(await verifyJwt(bad, "s3cret", NOW)).toBeUndefined()
  })
})


describe("domain/password-scrypt (Medusa v1 hashes)", () => {
  it("verifies the right password and refuses a wrong one or a damaged hash", async () => {
    expect(isScryptKdfHash(MEDUSA_HASH)).toBe(true)
    expect(await verifyScryptKdf("legacy-secret", MEDUSA_HASH)).toBe(true)
    expect(await verifyScryptKdf("legacy-secreT", MEDUSA_HASH)).toBe(false)
    const damaged = MEDUSA_HASH.slice(0, 40) + (MEDUSA_HASH[40] === "A" ? "B" : "A") + MEDUSA_HASH.slice(41)
    expect(await verifyScryptKdf("legacy-secret", damaged)).toBe(false)
    expect(await verifyScryptKdf("legacy-secret", "c2NyeXB0")).toBe(false)
  })
})
