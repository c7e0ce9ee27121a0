/**
 * Customer password hashing with WebCrypto PBKDF2-SHA256, encoded as `pbkdf2$<iterations>$<saltB64>$<hashB64>`.
 * 100 000 iterations is the most workerd's WebCrypto allows; the iteration count is stored with the hash so it
 * can change later without invalidating existing hashes. Runs unchanged in Workers and Node ≥ 20.
 */

export const PBKDF2_ITERATIONS = 100_000
const SALT_BYTES = 16
const HASH_BYTES = 32

/**
 * A well-formed hash at full cost that no password is known to match: a login for an unknown email or a guest verifies
 * against it, so it answers as slowly as a wrong password does (no timing oracle for account existence).
 */
export const UNKNOWN_ACCOUNT_HASH = `pbkdf2$${PBKDF2_ITERATIONS}$c2VlZC1mb3ItdW5rbm93bg==$aBzTBXsxpFHP9ZMrbFh+f7ayuGgzB6B1KANdr7tEYoo=`

/** A fresh salted hash of `password`. */
export async function hashPassword(password: string, iterations = PBKDF2_ITERATIONS): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES))
  const hash = await derive(password, salt, iterations, HASH_BYTES)
  return `pbkdf2$${iterations}$${toBase64(salt)}$${toBase64(hash)}`
}

/** Whether `password` matches `stored`; false (never a throw) for a malformed or foreign hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split("$")
  if (parts.length !== 4 || parts[0] !== "pbkdf2") return false
  const iterations = Number(parts[1])
  if (!Number.isInteger(iterations) || iterations < 1 || iterations > PBKDF2_ITERATIONS) return false
  let salt: Uint8Array
  let expected: Uint8Array
  try {
    salt = fromBase64(parts[2] as string)
    expected = fromBase64(parts[3] as string)
  } catch {
    return false
  }
  if (!expected.length) return false
  const actual = await derive(password, salt, iterations, expected.length)
  return constantTimeEqual(actual, expected)
}

let derivations = 0
/** How many PBKDF2 derivations this isolate has run (tests prove a login costs one whatever the email). */
export const passwordDerivations = () => derivations

async function derive(password: string, salt: Uint8Array, iterations: number, bytes: number): Promise<Uint8Array> {
  derivations++
  const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(password), "PBKDF2", false, ["deriveBits"])
  const bits = await crypto.subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt, iterations }, key, bytes * 8)
  return new Uint8Array(bits)
}

function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  let diff = 0
  for (let i = 0; i < a.length; i++) diff |= (a[i] as number) ^ (b[i] as number)
  return diff === 0
}

function toBase64(bytes: Uint8Array): string {
  let s = ""
  for (const b of bytes) s += String.fromCharCode(b)
  return btoa(s)
}

function fromBase64(text: string): Uint8Array {
  const s = atob(text)
  const out = new Uint8Array(s.length)
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i)
  return out
}
