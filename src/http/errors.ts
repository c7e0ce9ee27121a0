import { HTTPException } from "hono/http-exception"
import { MedusaError, MultipleErrors, type MedusaErrorType } from "../domain/errors"
import { isConstraintFailure, uniqueViolationTarget } from "../db/errors"

export interface ErrorBody {
  type?: string
  message: string
  code?: string
  errors?: unknown[]
}

export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 422 | 429 | 500

/** Medusa v1's api/middlewares/error-handler, as a table. */
const STATUS: Record<MedusaErrorType, ErrorStatus> = {
  invalid_data: 400,
  not_allowed: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  duplicate_error: 422,
  payment_authorization_error: 422,
  unexpected_state: 500,
  invalid_argument: 500,
  database_error: 500,
  too_many_requests: 429,
}

export const CONFLICT_MESSAGE =
  "The request conflicted with another request. You may retry the request with the provided Idempotency-Key."

const UNKNOWN: { status: ErrorStatus; body: ErrorBody } = {
  status: 500,
  body: { code: "unknown_error", type: "unknown_error", message: "An unknown error occurred." },
}

/** Pure: turns anything thrown while serving a request into Medusa's status and body. */
export function toErrorResponse(err: unknown): { status: ErrorStatus; body: ErrorBody } {
  if (err instanceof MultipleErrors) {
    return { status: 400, body: { errors: err.errors, message: err.message } }
  }
  if (err instanceof MedusaError) return fromMedusaError(err)
  if (err instanceof HTTPException) return fromHttpException(err)
  const sqlite = fromSqliteError(err)
  if (sqlite) return fromMedusaError(sqlite)
  return UNKNOWN
}

function fromMedusaError(err: MedusaError): { status: ErrorStatus; body: ErrorBody } {
  const status = STATUS[err.type] ?? 500
  switch (err.type) {
    case "conflict":
      return { status, body: { code: "invalid_state_error", type: "conflict", message: CONFLICT_MESSAGE } }
    case "duplicate_error":
      return { status, body: { code: "invalid_request_error", type: err.type, message: err.message } }
    case "database_error":
      return { status, body: { code: "api_error", type: err.type, message: err.message } }
    default: {
      const body: ErrorBody = { type: err.type, message: err.message }
      if (err.code !== undefined) body.code = err.code
      return { status, body }
    }
  }
}

function fromHttpException(err: HTTPException): { status: ErrorStatus; body: ErrorBody } {
  if (err.status === 413) {
    return { status: 413, body: { type: "invalid_data", message: "Request body is too large" } }
  }
  if (err.status >= 400 && err.status < 500) {
    // Hono raises these for malformed JSON or an unexpected content type.
    return { status: 400, body: { type: "invalid_data", message: err.message || "Invalid request" } }
  }
  return UNKNOWN
}

/** D1 reports constraint failures as plain Errors; v1 maps the Postgres equivalents (formatException). */
function fromSqliteError(err: unknown): MedusaError | undefined {
  const unique = uniqueViolationTarget(err)
  if (unique) return new MedusaError("duplicate_error", `A record with the same ${unique} already exists`)
  if (isConstraintFailure(err, "FOREIGN KEY")) {
    return new MedusaError("invalid_data", "A referenced record does not exist")
  }
  return undefined
}
