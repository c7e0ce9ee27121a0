/** Medusa v1's error model, free of HTTP. `http/errors.ts` maps it to statuses and bodies. */
export type MedusaErrorType =
  | "invalid_data"
  | "not_found"
  | "not_allowed"
  | "duplicate_error"
  | "conflict"
  | "unauthorized"
  | "forbidden"
  | "payment_authorization_error"
  | "unexpected_state"
  | "invalid_argument"
  | "database_error"
  /** Not a v1 type: a rate-limited route (the order lookup) refused the request; answered 429. */
  | "too_many_requests"

export class MedusaError extends Error {
  constructor(
    readonly type: MedusaErrorType,
    message: string,
    readonly code?: string,
  ) {
    super(message)
    this.name = "MedusaError"
  }
}

/**
 * v1 also answers some failures with `{errors: string[], message}` (publishable-key scope checks).
 * Kept as its own class so the single error mapper can render that shape.
 */
export class MultipleErrors extends Error {
  constructor(readonly errors: string[]) {
    super("Provided request body contains errors. Please check the data and retry the request")
    this.name = "MultipleErrors"
  }
}

export const notFound = (message: string) => new MedusaError("not_found", message)
export const invalidData = (message: string, code?: string) => new MedusaError("invalid_data", message, code)
export const notAllowed = (message: string, code?: string) => new MedusaError("not_allowed", message, code)
export const conflict = (message = "conflict") => new MedusaError("conflict", message)

export const ErrorCodes = {
  insufficientInventory: "insufficient_inventory",
  cartIncompatibleState: "cart_incompatible_state",
} as const
