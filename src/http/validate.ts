import { zValidator } from "@hono/zod-validator"
import { validator } from "hono/validator"
import type { ValidationTargets } from "hono"
import { z } from "zod"
import { MedusaError } from "../domain/errors"
import { parseQuery } from "./query-string"

/**
 * Renders zod issues the way v1's class-validator did: one `invalid_data` message, constraint texts joined with ", ".
 * Schemas may carry a short custom message starting with "must …"; it is prefixed with the field path.
 */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues.flatMap(describeIssue).join(", ")
}

function describeIssue(issue: z.core.$ZodIssue): string[] {
  const path = issue.path.map(String).join(".")
  const prefix = path ? `${path}.` : ""
  if (issue.code === "unrecognized_keys") return issue.keys.map((key) => `property ${prefix}${key} should not exist`)
  if (issue.message.startsWith("must ") || issue.message.startsWith("should ")) return [`${path} ${issue.message}`]
  const field = path || "body"
  switch (issue.code) {
    case "invalid_type":
      return [`${field} ${typeMessage(issue.expected)}`]
    case "invalid_format":
      return [issue.format === "email" ? `${field} must be an email` : `${field} must be a valid ${issue.format}`]
    case "too_small":
      if (issue.origin === "array") return [`${field} must contain at least ${issue.minimum} elements`]
      if (issue.origin === "string") return [`${field} should not be empty`]
      return [`${field} must not be less than ${issue.minimum}`]
    case "too_big":
      if (issue.origin === "array") return [`${field} must contain no more than ${issue.maximum} elements`]
      if (issue.origin === "string") return [`${field} must be shorter than or equal to ${issue.maximum} characters`]
      return [`${field} must not be greater than ${issue.maximum}`]
    case "invalid_value":
      return [`${field} must be one of the following values: ${issue.values.map(String).join(", ")}`]
    case "invalid_union":
      return [`${field} has an invalid value`]
    default:
      return [`${field} ${issue.message}`]
  }
}

function typeMessage(expected: string): string {
  switch (expected) {
    case "string":
      return "must be a string"
    case "int":
      return "must be an integer number"
    case "number":
      return "must be a number conforming to the specified constraints"
    case "boolean":
      return "must be a boolean value"
    case "array":
      return "must be an array"
    case "object":
    case "record":
      return "must be an object"
    default:
      return `must be a ${expected}`
  }
}

/** zValidator whose failures leave through the one error mapper as Medusa's `invalid_data`. */
export const validate = <T extends keyof ValidationTargets, S extends z.ZodType>(target: T, schema: S) =>
  zValidator(target, schema, (result) => {
    if (!result.success) throw new MedusaError("invalid_data", describeIssues(result.error.issues))
  })

/**
 * Query validation with qs semantics (`id[]=a&id[]=b`, `created_at[gt]=…`), which Hono's flat query map lacks.
 * Strict schemas reject unknown keys, as v1's forbidNonWhitelisted did.
 */
export const validateQuery = <S extends z.ZodType>(schema: S) =>
  validator("query", (_value, c) => {
    const { query: raw, unsafeKeys } = parseQuery(new URL(c.req.url).search)
    // Keys the parser will not build are still keys the client sent: refused like any other unknown one.
    if (unsafeKeys.length) throw new MedusaError("invalid_data", unsafeKeys.map((k) => `property ${k} should not exist`).join(", "))
    const result = schema.safeParse(raw)
    if (!result.success) throw new MedusaError("invalid_data", describeIssues(result.error.issues))
    return result.data as z.output<S>
  })
