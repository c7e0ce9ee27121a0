import { z } from "zod"

/** Stripe's default: a signed event older (or newer) than five minutes is refused, so a captured request cannot be replayed later. */
export const SIGNATURE_TOLERANCE_SECONDS = 300

export type SignatureCheck = { ok: true } | { ok: false; reason: string }

/**
 * Verifies a `Stripe-Signature` header (`t=<unix seconds>,v1=<hex HMAC-SHA256>,…`) over the raw body, as Stripe's
 * constructEvent does: the signed payload is `${t}.${body}`, the key is the endpoint secret (`whsec_…`) as text, any
 * one `v1` may match. The comparison is WebCrypto's HMAC verify, which runs in constant time.
 */
export async function verifyStripeSignature(
  payload: string,
  header: string | undefined,
  secret: string,
  nowSeconds: number,
  toleranceSeconds = SIGNATURE_TOLERANCE_SECONDS,
): Promise<SignatureCheck> {
  if (!header) return { ok: false, reason: "No stripe-signature header value was provided." }
  const pairs = header.split(",").map((part) => part.trim().split("=", 2) as [string, string | undefined])
  const timestamp = Number(pairs.find(([k]) => k === "t")?.[1])
  const signatures = pairs.filter(([k, v]) => k === "v1" && v !== undefined).map(([, v]) => v as string)
  if (!Number.isInteger(timestamp) || signatures.length === 0) {
    return { ok: false, reason: "Unable to extract timestamp and signatures from header" }
  }
  if (Math.abs(nowSeconds - timestamp) > toleranceSeconds) return { ok: false, reason: "Timestamp outside the tolerance zone" }
  const encoder = new TextEncoder()
  const key = await crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["verify"])
  const signed = encoder.encode(`${timestamp}.${payload}`)
  for (const signature of signatures) {
    const bytes = fromHex(signature)
    if (bytes && (await crypto.subtle.verify("HMAC", key, bytes, signed))) return { ok: true }
  }
  return { ok: false, reason: "No signatures found matching the expected signature for payload" }
}

/** Signs like Stripe does; used by tests and by anyone replaying an event to a local Worker. */
export async function signStripePayload(payload: string, secret: string, timestamp: number): Promise<string> {
  const encoder = new TextEncoder()
  const key = await crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"])
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, encoder.encode(`${timestamp}.${payload}`)))
  return `t=${timestamp},v1=${[...mac].map((b) => b.toString(16).padStart(2, "0")).join("")}`
}

function fromHex(hex: string): Uint8Array | undefined {
  if (!/^(?:[0-9a-f]{2})+$/i.test(hex)) return undefined
  return Uint8Array.from(hex.match(/../g) ?? [], (pair) => parseInt(pair, 16))
}

/** The part of a Stripe event this API acts on: PaymentIntent events. Other objects pass as `object: unknown`. */
export const StripeEvent = z.object({
  id: z.string().min(1),
  type: z.string().min(1),
  data: z.object({
    object: z.looseObject({
      id: z.string().optional(),
      object: z.string().optional(),
      metadata: z.record(z.string(), z.string()).optional(),
      last_payment_error: z.looseObject({ message: z.string().optional(), code: z.string().optional() }).nullish(),
    }),
  }),
})
export type StripeEvent = z.infer<typeof StripeEvent>
