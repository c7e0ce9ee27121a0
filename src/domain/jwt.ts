/**
 * HS256 JSON Web Tokens with WebCrypto (what v1's jsonwebtoken produced for `/store/auth/token`).
 * The algorithm is pinned: a token whose header names anything but HS256 (`none`, RS256, …) is rejected, and
 * `exp` is always required and enforced. Time comes in as a parameter so callers and tests stay exact.
 */

export type JwtPayload = Record<string, unknown> & { iat?: number; exp?: number }

const encoder = new TextEncoder()

export async function signJwt(payload: JwtPayload, secret: string, nowSeconds: number, expiresInSeconds: number): Promise<string> {
  const header = base64UrlJson({ alg: "HS256", typ: "JWT" })
  const body = base64UrlJson({ ...payload, iat: nowSeconds, exp: nowSeconds + expiresInSeconds })
  const signature = await crypto.subtle.sign("HMAC", await hmacKey(secret), encoder.encode(`${header}.${body}`))
  return `${header}.${body}.${toBase64Url(new Uint8Array(signature))}`
}

/** The payload of a valid, unexpired HS256 token signed with `secret`; undefined (never a throw) otherwise. */
export async function verifyJwt(token: string, secret: string, nowSeconds: number): Promise<JwtPayload | undefined> {
  const parts = token.split(".")
  if (parts.length !== 3) return undefined
  const [header, body, signature] = parts as [string, string, string]
  const head = parseJson(header)
  if (!head || head.alg !== "HS256") return undefined
  const sig = fromBase64Url(signature)
  if (!sig) return undefined
  // crypto.subtle.verify compares in constant time.
  const valid = await crypto.subtle.verify("HMAC", await hmacKey(secret), sig, encoder.encode(`${header}.${body}`))
  if (!valid) return undefined
  const payload = parseJson(body)
  if (!payload || typeof payload.exp !== "number" || payload.exp <= nowSeconds) return undefined
  return payload as JwtPayload
}

async function hmacKey(secret: string): Promise<CryptoKey> {
  return crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"])
}

function parseJson(part: string): Record<string, unknown> | undefined {
  const bytes = fromBase64Url(part)
  if (!bytes) return undefined
  try {
    const value: unknown = JSON.parse(new TextDecoder().decode(bytes))
    return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined
  } catch {
    return undefined
  }
}

function base64UrlJson(value: unknown): string {
  return toBase64Url(encoder.encode(JSON.stringify(value)))
}

export function toBase64Url(bytes: Uint8Array): string {
  let s = ""
  for (const b of bytes) s += String.fromCharCode(b)
  return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "")
}

function fromBase64Url(text: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return undefined
  try {
    const s = atob(text.replace(/-/g, "+").replace(/_/g, "/"))
    const out = new Uint8Array(s.length)
    for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i)
    return out
  } catch {
    return undefined
  }
}
