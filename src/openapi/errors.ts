import { z } from "zod"
import { CONFLICT_MESSAGE } from "../http/errors"
import type { ErrorResponse } from "./operations"

/** The error body every route answers with (src/http/errors.ts): Medusa v1's `{type, message, code?}`. */
export const ErrorBody = z.object({
  type: z.string().meta({ description: "Medusa error type, e.g. invalid_data, not_allowed, not_found, conflict" }),
  message: z.string(),
  code: z.string().optional().meta({ description: "Finer reason where Medusa has one, e.g. insufficient_inventory" }),
})

/** v1's MultipleErrors body (sales-channel checks, stock at completion). */
export const MultipleErrorsBody = z.object({
  errors: z.array(z.union([z.string(), z.object({ message: z.string(), type: z.string(), code: z.string().optional() })])),
  message: z.string().optional(),
})

interface ErrorDoc {
  description: string
  schema: z.ZodType
  example: Record<string, unknown>
}

export const ERROR_RESPONSES: Record<ErrorResponse, ErrorDoc> = {
  "400": {
    description: "Invalid input (`invalid_data`) or a state the request is not allowed in (`not_allowed`).",
    schema: z.union([ErrorBody, MultipleErrorsBody]),
    example: { type: "invalid_data", message: "property foo should not exist" },
  },
  "401": {
    description:
      "No logged-in customer: the text `Unauthorized` (text/plain, as v1's passport), also for a failed login. " +
      "An invalid password-reset or order-claim token: `{type: \"unauthorized\"}`.",
    schema: ErrorBody,
    example: { type: "unauthorized", message: "Invalid or expired password reset token" },
  },
  "404": {
    description: "An id in the path (or body) does not exist (`not_found`).",
    schema: ErrorBody,
    example: { type: "not_found", message: "Cart with cart_missing was not found" },
  },
  "409": {
    description: "Another request for the same cart or Idempotency-Key is in flight: nothing was applied, retry with the same key.",
    schema: z.union([ErrorBody, MultipleErrorsBody]),
    example: { type: "conflict", code: "invalid_state_error", message: CONFLICT_MESSAGE },
  },
  "422": {
    description: "Duplicate (`duplicate_error`) or the payment could not be authorized (`payment_authorization_error`).",
    schema: ErrorBody,
    example: { type: "payment_authorization_error", message: 'Failed to authorize Payment Session id "ps_01…"' },
  },
  "429": {
    description: "Rate limited; `Retry-After` says when to try again.",
    schema: ErrorBody,
    example: { type: "too_many_requests", message: "Too many order lookups. Try again in 60 seconds." },
  },
  "500": {
    description: "Unexpected failure; no internals are disclosed (the request id is logged).",
    schema: ErrorBody,
    example: { type: "unknown_error", code: "unknown_error", message: "An unknown error occurred." },
  },
}
