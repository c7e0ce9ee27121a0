import { describe, expect, it } from "vitest"
import { HTTPException } from "hono/http-exception"
import { MedusaError, MultipleErrors } from "../../src/domain/errors"
import { CONFLICT_MESSAGE, toErrorResponse } from "../../src/http/errors"

describe("toErrorResponse (v1 error-handler mapping)", () => {
  it.each([
    ["invalid_data", 400],
    ["not_allowed", 400],
    ["unauthorized", 401],
    ["not_found", 404],
    ["payment_authorization_error", 422],
    ["unexpected_state", 500],
    ["invalid_argument", 500],
  ] as const)("%s → %i with type and message kept", (type, status) => {
    expect(toErrorResponse(new MedusaError(type, "boom"))).toEqual({ status, body: { type, message: "boom" } })
  })

  it("keeps a code when one is given", () => {
    const err = new MedusaError("not_allowed", "Variant with id: v does not have the required inventory", "insufficient_inventory")
    expect(toErrorResponse(err).body).toEqual({
      type: "not_allowed",
      code: "insufficient_inventory",
      message: "Variant with id: v does not have the required inventory",
    })
  })

  it("answers conflicts with v1's fixed retry message", () => {
    expect(toErrorResponse(new MedusaError("conflict", "anything"))).toEqual({
      status: 409,
      body: { type: "conflict", code: "invalid_state_error", message: CONFLICT_MESSAGE },
    })
  })

  it("gives duplicate_error code invalid_request_error and database_error code api_error", () => {
    expect(toErrorResponse(new MedusaError("duplicate_error", "dup"))).toEqual({
      status: 422,
      body: { type: "duplicate_error", code: "invalid_request_error", message: "dup" },
    })
    expect(toErrorResponse(new MedusaError("database_error", "db"))).toEqual({
      status: 500,
      body: { type: "database_error", code: "api_error", message: "db" },
    })
  })

  it("renders MultipleErrors as {errors, message}", () => {
    expect(toErrorResponse(new MultipleErrors(["a", "b"]))).toEqual({
      status: 400,
      body: { errors: ["a", "b"], message: "Provided request body contains errors. Please check the data and retry the request" },
    })
  })

  it("maps SQLite constraint failures", () => {
    expect(toErrorResponse(new Error("D1_ERROR: UNIQUE constraint failed: product.handle: SQLITE_CONSTRAINT")).status).toBe(422)
    expect(toErrorResponse(new Error("FOREIGN KEY constraint failed")).status).toBe(400)
  })

  it("maps Hono's 4xx exceptions (malformed JSON) to invalid_data", () => {
    expect(toErrorResponse(new HTTPException(400, { message: "Malformed JSON in request body" }))).toEqual({
      status: 400,
      body: { type: "invalid_data", message: "Malformed JSON in request body" },
    })
  })

  it("never leaks internals of unknown errors", () => {
    expect(toErrorResponse(new TypeError("x is undefined at /src/secret.ts"))).toEqual({
      status: 500,
      body: { code: "unknown_error", type: "unknown_error", message: "An unknown error occurred." },
    })
    expect(toErrorResponse("a string").status).toBe(500)
  })
})
