import { PaymentProcessorError, type PaymentContext, type PaymentProvider, type PaymentSessionData, type PaymentSessionStatus } from "./types"

const API = "https://api.stripe.com/v1"

/**
 * "stripe": Stripe PaymentIntents over its REST API (form-encoded), as medusa-payment-stripe's StripeProviderService
 * does it in v1. The session data is the PaymentIntent itself, so a storefront reads `data.client_secret` for
 * Stripe.js exactly as with v1. Capture is manual: completing a cart authorizes (the PaymentIntent reaches
 * `requires_capture`); capturing is an admin action. `fetch` is injected (tests record it), the key is the
 * STRIPE_API_KEY secret.
 *
 * Authorization does not confirm on the server: the shopper confirms with Stripe.js (3-D Secure happens there), and
 * authorize reads the PaymentIntent's status — v1's authorizePayment → getPaymentStatus.
 */
export function createStripePayment(fetchFn: typeof fetch, apiKey: string | undefined): PaymentProvider {
  // Provider messages reach the shopper (v1's invalid_data); a runtime or Stripe message may quote the key.
  const redact = (text: string) => (apiKey ? text.split(apiKey).join("[redacted]") : text)
  const call = async (method: "GET" | "POST", path: string, form?: Record<string, unknown>, idempotencyKey?: string) => {
    if (!apiKey) throw new PaymentProcessorError("Stripe is not configured (STRIPE_API_KEY is not set)", "stripe_not_configured")
    const headers: Record<string, string> = { authorization: `Bearer ${apiKey}` }
    if (form) headers["content-type"] = "application/x-www-form-urlencoded"
    if (idempotencyKey) headers["idempotency-key"] = idempotencyKey
    let res: Response
    try {
      res = await fetchFn(`${API}${path}`, { method, headers, ...(form ? { body: formEncode(form) } : {}) })
    } catch (err) {
      throw new PaymentProcessorError("Stripe could not be reached", "stripe_unreachable", err instanceof Error ? redact(err.message) : undefined)
    }
    const body: unknown = await res.json().catch(() => ({}))
    if (!res.ok) throw stripeError(res.status, body, redact)
    if (!isRecord(body)) throw new PaymentProcessorError("Stripe answered an unexpected body", "stripe_unexpected_response")
    return body
  }
  const intentId = (data: PaymentSessionData) => {
    if (typeof data.id !== "string" || !data.id.startsWith("pi_")) {
      throw new PaymentProcessorError("The payment session has no Stripe PaymentIntent", "stripe_no_payment_intent")
    }
    return encodeURIComponent(data.id)
  }
  const create = async (context: PaymentContext) => {
    const intent = await call(
      "POST",
      "/payment_intents",
      {
        amount: context.amount,
        currency: context.currency_code,
        capture_method: "manual",
        // The webhook finds the cart by this (v1: metadata.resource_id).
        metadata: { resource_id: context.resource_id },
        ...(context.email ? { receipt_email: context.email } : {}),
      },
      context.idempotency_key ? `${context.idempotency_key}:create` : undefined,
    )
    return { data: intent, status: stripeStatus(intent.status) }
  }
  /** Cancels the PaymentIntent; one that is already canceled is fine (v1 cancelPayment). */
  const cancel = async (data: PaymentSessionData) => {
    try {
      return await call("POST", `/payment_intents/${intentId(data)}/cancel`, {})
    } catch (err) {
      if (err instanceof PaymentProcessorError && err.data?.status === "canceled") return err.data
      throw err
    }
  }
  return {
    id: "stripe",
    initiate: create,
    update: async (context) => {
      const data = context.session_data
      if (typeof data.id !== "string") return create(context)
      if (data.amount === context.amount) return { data }
      const intent = await call("POST", `/payment_intents/${intentId(data)}`, { amount: context.amount })
      return { data: intent }
    },
    // v1 forwards storefront data to paymentIntents.update; a storefront has no business changing the amount,
    // customer or capture method of a PaymentIntent, so its data is not sent anywhere.
    updateData: async (data) => data,
    authorize: async (data) => {
      const intent = await call("GET", `/payment_intents/${intentId(data)}`)
      return { status: stripeStatus(intent.status), data: intent }
    },
    cancel,
    retrieve: (data) => call("GET", `/payment_intents/${intentId(data)}`),
    status: async (data) => stripeStatus((await call("GET", `/payment_intents/${intentId(data)}`)).status),
    delete: async (data) => {
      if (typeof data.id === "string") await cancel(data)
    },
    /**
     * Captures the payment's amount under the payment's idempotency key, so a repeated capture is one capture at
     * Stripe; an intent that already succeeded is captured (v1 capturePayment).
     */
    capture: async (data, context) => {
      try {
        return await call("POST", `/payment_intents/${intentId(data)}/capture`, { amount_to_capture: context.amount }, context.idempotency_key)
      } catch (err) {
        if (err instanceof PaymentProcessorError && err.data?.status === "succeeded") return err.data
        throw err
      }
    },
    /** Refunds `amount` of the captured intent; the session data stays the intent (v1 refundPayment). */
    refund: async (data, amount, idempotencyKey) => {
      await call("POST", "/refunds", { amount, payment_intent: data.id === undefined ? undefined : decodeURIComponent(intentId(data)) }, idempotencyKey)
      return data
    },
  }
}

/** PaymentIntent status → v1 PaymentSessionStatus (medusa-payment-stripe getStatus). */
export function stripeStatus(status: unknown): PaymentSessionStatus {
  switch (status) {
    case "requires_capture":
    case "succeeded":
      return "authorized"
    case "requires_action":
      return "requires_more"
    case "canceled":
      return "canceled"
    default: // requires_payment_method, requires_confirmation, processing
      return "pending"
  }
}

/** Stripe's `{error: {message, code, payment_intent?}}` as v1's PaymentProcessorError. */
function stripeError(status: number, body: unknown, redact: (text: string) => string): PaymentProcessorError {
  const error = isRecord(body) && isRecord(body.error) ? body.error : {}
  const message = typeof error.message === "string" ? redact(error.message) : `Stripe answered ${status}`
  const code = typeof error.code === "string" ? error.code : typeof error.type === "string" ? error.type : "stripe_error"
  const intent = isRecord(error.payment_intent) ? error.payment_intent : undefined
  return new PaymentProcessorError(message, code, undefined, intent)
}

/** Stripe's form encoding: nested objects as `metadata[resource_id]=…`. */
export function formEncode(form: Record<string, unknown>, prefix = ""): string {
  const parts: string[] = []
  for (const [key, value] of Object.entries(form)) {
    if (value === undefined || value === null) continue
    const name = prefix ? `${prefix}[${key}]` : key
    if (isRecord(value)) {
      const nested = formEncode(value, name)
      if (nested) parts.push(nested)
    } else parts.push(`${encodeURIComponent(name)}=${encodeURIComponent(String(value))}`)
  }
  return parts.join("&")
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value)
}
