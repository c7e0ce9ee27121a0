import { describe, expect, it } from "vitest"
import { PBKDF2_ITERATIONS, hashPassword, verifyPassword } from "../../src/domain/password"

describe("password hashing (PBKDF2-SHA256)", () => {
  it("encodes iterations, a 16-byte salt and a 32-byte hash", async () => {
    const hash = await hashPassword("supersecret")
    expect(PBKDF2_ITERATIONS).toBe(100_000)
    expect(hash).toMatch(/^pbkdf2\$100000\$[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{43}=$/)
  })

  it("verifies the right password and rejects others", async () => {
    const hash = await hashPassword("correct horse battery staple")
    expect(await verifyPassword("correct horse battery staple", hash)).toBe(true)
    expect(await verifyPassword("correct horse battery stapl", hash)).toBe(false)
    expect(await verifyPassword("", hash)).toBe(false)
  })

  it("salts every hash", async () => {
    const [a, b] = await Promise.all([hashPassword("same"), hashPassword("same")])
    expect(a).not.toBe(b)
    expect(await verifyPassword("same", a)).toBe(true)
    expect(await verifyPassword("same", b)).toBe(true)
  })

  it("honours the iteration count stored with the hash", async () => {
    const hash = await hashPassword("pw", 1000)
    expect(hash.startsWith("pbkdf2$1000$")).toBe(true)
    expect(await verifyPassword("pw", hash)).toBe(true)
    // the same salt and hash claimed at another count no longer match
    expect(await verifyPassword("pw", hash.replace("$1000$", "$1001$"))).toBe(false)
  })

  it("answers false, never throws, for malformed or foreign hashes", async () => {
    for (const stored of ["", "pbkdf2", "pbkdf2$x$AA==$AA==", "pbkdf2$0$AA==$AA==", "pbkdf2$1000000$AA==$AA==", "pbkdf2$10$!!$AA==", "pbkdf2$10$AA==$", "bcrypt$10$abc$def", "$2a$10$N9qo8uLOickgx2ZMRZoMye"]) {
      expect(await verifyPassword("pw", stored)).toBe(false)
    }
  })

  it("handles unicode passwords", async () => {
    const hash = await hashPassword("pässwörd 🔑")
    expect(await verifyPassword("pässwörd 🔑", hash)).toBe(true)
    expect(await verifyPassword("passwörd 🔑", hash)).toBe(false)
  })
})
