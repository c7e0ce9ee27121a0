/**
 * Verifies Medusa v1's password hashes: `scrypt-kdf` keys, stored base64. The 96 bytes are
 * "scrypt" · version 0 · logN · r (u32 BE) · p (u32 BE) · salt (32) · SHA-256(first 48 bytes)[0..16] ·
 * HMAC-SHA256(key = scrypt(password, salt, 64 bytes)[32..64], message = first 64 bytes).
 * Used only to let customers imported from a Medusa database log in once; the login then re-hashes the password
 * in the PBKDF2 format (domain/password.ts). scrypt comes from node:crypto (workerd's nodejs_compat).
 */
import { createHash, createHmac, scrypt, timingSafeEqual } from "node:crypto"

/** Bounds on the parameters we will run: Medusa uses logN 15, r 8, p 1 (32 MiB, ~100 ms). */
const MAX_LOG_N = 16
const MAX_R = 16
const MAX_P = 2

export function isScryptKdfHash(stored: string): boolean {
  return stored.startsWith("c2NyeXB0")
}

/** Whether `password` matches a scrypt-kdf hash; false (never a throw) for anything malformed. */
export async function verifyScryptKdf(password: string, stored: string): Promise<boolean> {
  let key: Buffer
  try {
    key = Buffer.from(stored, "base64")
  } catch {
    return false
  }
  if (key.length !== 96 || key.subarray(0, 6).toString("latin1") !== "scrypt" || key[6] !== 0) return false
  const logN = key[7] as number
  const r = key.readUInt32BE(8)
  const p = key.readUInt32BE(12)
  if (logN < 1 || logN > MAX_LOG_N || r < 1 || r > MAX_R || p < 1 || p > MAX_P) return false
  const checksum = createHash("sha256").update(key.subarray(0, 48)).digest().subarray(0, 16)
  if (!timingSafeEqual(checksum, key.subarray(48, 64))) return false
  const derived = await new Promise<Buffer>((resolve, reject) =>
    scrypt(password, key.subarray(16, 48), 64, { N: 2 ** logN, r, p, maxmem: 256 * 2 ** logN * r + 1024 * 1024 }, (err, dk) =>
      err ? reject(err) : resolve(dk),
    ),
  )
  const hmac = createHmac("sha256", derived.subarray(32)).update(key.subarray(0, 64)).digest()
  return timingSafeEqual(hmac, key.subarray(64, 96))
}
