/**
 * The payment-provider seam (v1 AbstractPaymentProcessor, as CartService and PaymentProviderService call it for a
 * cart's payment sessions). Providers are plain objects; one that talks to a payment service receives its `fetch`
 * when it is built (see registry.ts), so tests can pass a recorder.
 *
 * Every method may throw a PaymentProcessorError; the caller turns it into v1's error (invalid_data with the
 * processor's message, PaymentProviderService.throwFromPaymentProcessorError).
 */
export type PaymentSessionData = Record<string, unknown>

/** v1 PaymentSessionStatus. */
export type PaymentSessionStatus = "authorized" | "pending" | "requires_more" | "error" | "canceled"

/** What a provider is told about the cart a session pays for (v1 PaymentProcessorContext). */
export interface PaymentContext {
  /** The amount to collect, in minor units: the cart's total. */
  amount: number
  currency_code: string
  /** The cart id (v1 resource_id). */
  resource_id: string
  email: string | null
  customer_id: string | null
  /** The session's current data (empty when initiating). */
  session_data: PaymentSessionData
  /** The request's idempotency key, forwarded to providers that support one. */
  idempotency_key?: string | undefined
}

/** What a capture is told: the payment's amount, and a key that makes a repeated capture of it one capture. */
export interface CaptureContext {
  /** The payment's amount in minor units: what is captured. */
  amount: number
  /** Derived from the payment, so every attempt to capture it carries the same key (providers that support one). */
  idempotency_key: string
}

export interface PaymentProvider {
  readonly id: string
  /** Creates the session with the provider; the returned data is stored on the payment session (v1 initiatePayment). */
  initiate(context: PaymentContext): Promise<{ data: PaymentSessionData; status?: PaymentSessionStatus | undefined }>
  /** The cart's amount or customer changed (v1 updatePayment). */
  update(context: PaymentContext): Promise<{ data: PaymentSessionData }>
  /**
   * Replaces the session with a fresh one (POST /payment-sessions/:provider_id/refresh). Optional: without it the
   * session is deleted and initiated again, as v1's PaymentProviderService.refreshSession does.
   */
  refresh?(context: PaymentContext): Promise<{ data: PaymentSessionData; status?: PaymentSessionStatus | undefined }>
  /** Data sent by the storefront with POST /payment-sessions/:provider_id (v1 updatePaymentData). */
  updateData(data: PaymentSessionData, update: PaymentSessionData): Promise<PaymentSessionData>
  /** Authorizes the session for its amount (v1 authorizePayment). */
  authorize(data: PaymentSessionData, context: PaymentContext): Promise<{ status: PaymentSessionStatus; data: PaymentSessionData }>
  /** Voids an authorization; the returned data is stored on the payment (v1 cancelPayment). */
  cancel(data: PaymentSessionData): Promise<PaymentSessionData>
  /** The provider's current view of the session or payment (v1 retrievePayment). */
  retrieve(data: PaymentSessionData): Promise<PaymentSessionData>
  /** The status the provider reports for the session (v1 getPaymentStatus). */
  status(data: PaymentSessionData): Promise<PaymentSessionStatus>
  /** Removes the session at the provider (v1 deletePayment). */
  delete(data: PaymentSessionData): Promise<void>
  /** Captures an authorized payment (v1 capturePayment); the returned data is stored on the payment. */
  capture(data: PaymentSessionData, context: CaptureContext): Promise<PaymentSessionData>
  /**
   * Refunds `amount` of a captured payment (v1 refundPayment); the returned data is stored on the payment.
   * `idempotencyKey`, when given, is forwarded to providers that deduplicate by key: a retry with the same key is
   * the same refund, not a second one.
   */
  refund(data: PaymentSessionData, amount: number, idempotencyKey?: string): Promise<PaymentSessionData>
}

/**
 * A provider-side failure (v1 PaymentProcessorError: `{error, code?, detail?}`). `data`, when set, is the session
 * data as the provider left it, and is stored even though the call failed.
 */
export class PaymentProcessorError extends Error {
  constructor(
    message: string,
    readonly code?: string,
    readonly detail?: string,
    readonly data?: PaymentSessionData,
  ) {
    super(message)
    this.name = "PaymentProcessorError"
  }
}
