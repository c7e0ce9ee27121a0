import { eq } from "drizzle-orm"
import type { Database, Env } from "../env"
import { paymentWebhookEvent } from "../db/schema"
import { MedusaError } from "../domain/errors"
import { runCartCommand } from "../durable/cart-client"
import { StripeEvent, verifyStripeSignature } from "../providers/payment/stripe-webhook"

export interface WebhookContext {
  db: Database
  env: Env
  now: () => Date
}

type Outcome = "order_placed" | "cart_not_completed" | "payment_failed" | "ignored"

/** Events that mean the PaymentIntent is authorized (manual capture) or paid: the cart can become an order. */
const COMPLETING = new Set(["payment_intent.amount_capturable_updated", "payment_intent.succeeded"])

/**
 * POST /hooks/payment/stripe (medusa-payment-stripe's webhook, v1 handlePaymentHook): verifies the signature, then
 * - `payment_intent.amount_capturable_updated` / `payment_intent.succeeded`: completes the PaymentIntent's cart
 *   (metadata.resource_id) through the cart's Durable Object, so a shopper who left after 3-D Secure still gets
 *   their order. The cart's own idempotency and completion rules apply; a completed cart just answers its order.
 * - `payment_intent.payment_failed`: recorded with Stripe's reason (v1 only logs it).
 * Each handled event id is stored; a redelivery is answered without acting again. A failure is not stored and
 * answers an error status, so Stripe delivers the event again later (v1 answers 409 for the same reason).
 */
export async function handleStripeWebhook(ctx: WebhookContext, payload: string, signature: string | undefined) {
  const secret = ctx.env.STRIPE_WEBHOOK_SECRET
  if (!secret) throw new MedusaError("unexpected_state", "Stripe webhooks are not configured (STRIPE_WEBHOOK_SECRET is not set)")
  const check = await verifyStripeSignature(payload, signature, secret, Math.floor(ctx.now().getTime() / 1000))
  if (!check.ok) throw new MedusaError("invalid_data", `Webhook Error: ${check.reason}`)
  const parsed = StripeEvent.safeParse(safeJson(payload))
  if (!parsed.success) throw new MedusaError("invalid_data", "Webhook Error: the payload is not a Stripe event")
  const event = parsed.data

  const [seen] = await ctx.db.select({ outcome: paymentWebhookEvent.outcome }).from(paymentWebhookEvent).where(eq(paymentWebhookEvent.id, event.id))
  if (seen) return { received: true as const, duplicate: true }

  const intent = event.data.object
  const cartId = intent.metadata?.cart_id ?? intent.metadata?.resource_id
  let outcome: Outcome = "ignored"
  let orderId: string | null = null
  let message: string | null = null
  if (COMPLETING.has(event.type) && cartId) {
    ;({ outcome, orderId, message } = await completeCart(ctx.env, cartId, event.id))
  } else if (event.type === "payment_intent.payment_failed") {
    outcome = "payment_failed"
    message = intent.last_payment_error?.message ?? null
    console.warn(JSON.stringify({ msg: "stripe payment failed", payment_intent: intent.id, cart_id: cartId, reason: message }))
  } else if (!event.type.startsWith("payment_intent.")) {
    // Not ours to remember: no state depends on it.
    return { received: true as const }
  }
  await ctx.db
    .insert(paymentWebhookEvent)
    .values({
      id: event.id,
      provider_id: "stripe",
      type: event.type,
      payment_intent_id: intent.id ?? null,
      cart_id: cartId ?? null,
      order_id: orderId,
      outcome,
      message,
      created_at: ctx.now().toISOString(),
    })
    .onConflictDoNothing()
  return { received: true as const }
}

/**
 * The one call into the cart's command path. The event id is the Idempotency-Key, so a redelivery that races the
 * first one is answered 409 by the cart's object (Stripe retries) and one that comes later replays the same result.
 */
async function completeCart(env: Env, cartId: string, eventId: string): Promise<{ outcome: Outcome; orderId: string | null; message: string | null }> {
  try {
    const { json } = await runCartCommand(env, cartId, { kind: "complete" }, {
      // The event is the request: its id names the object's log lines; the completion is timed when it arrives.
      requestId: `stripe:${eventId}`,
      requestedAt: new Date().toISOString(),
      idempotencyKey: `stripe:${eventId}`,
      requestPath: `/store/carts/${cartId}/complete`,
      requestMethod: "POST",
    })
    const body = safeJson(json) as { type?: string; data?: { id?: string } } | undefined
    if (body?.type === "order") return { outcome: "order_placed", orderId: body.data?.id ?? null, message: null }
    return { outcome: "cart_not_completed", orderId: null, message: `complete answered ${body?.type ?? "no body"}` }
  } catch (err) {
    // A PaymentIntent of another system sharing the Stripe account: nothing here to complete, nothing to retry.
    if (err instanceof MedusaError && err.type === "not_found") return { outcome: "ignored", orderId: null, message: err.message }
    throw err
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}
