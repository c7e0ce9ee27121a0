import { Validator, type OutputUnit, type Schema } from "@cfworker/json-schema"
import spec from "../../docs/reference/medusa-v1.20.10-store-openapi.json"
import { correctMedusaSchemas } from "../../src/openapi/medusa-corrections"

/**
 * The Medusa v1.20.10 Store API OpenAPI document (MIT, copied into test/fixtures/medusa-v1), loaded at build time, and a validator for
 * the response bodies it describes. OpenAPI 3.0 schemas are not quite JSON Schema, so they are converted first:
 * `nullable: true` becomes a `null` alternative, and only validation keywords are kept (descriptions, examples and
 * `x-` extensions are dropped — examples would otherwise be walked as schemas). `$ref`s point into `#/components`,
 * which travels with every root schema, so the validator resolves them itself. Validated as draft 4, where a `$ref`
 * overrides its siblings, as in OpenAPI 3.0.
 */
type OasSchema = { [key: string]: unknown }
interface OasResponse {
  $ref?: string
  content?: { [type: string]: { schema?: OasSchema } }
}
interface OasOperation {
  responses: { [status: string]: OasResponse }
}
interface OasDocument {
  paths: { [path: string]: { [method: string]: OasOperation } }
  components: { schemas: { [name: string]: OasSchema }; responses: { [name: string]: OasResponse } }
}

const document = spec as unknown as OasDocument

const KEPT = new Set([
  "type", "enum", "required", "format", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf",
  "minLength", "maxLength", "pattern", "minItems", "maxItems", "uniqueItems", "minProperties", "maxProperties",
])

/** One OpenAPI 3.0 schema object as JSON Schema (draft 4). */
export function toJsonSchema(schema: OasSchema): Schema {
  const out: Schema = {}
  if (typeof schema.$ref === "string") {
    // OpenAPI 3.0 ignores siblings of $ref; v1's spec still puts `nullable` there (e.g. Cart.billing_address), and
    // v1 answers null for those, so nullable is honoured.
    return schema.nullable === true ? { anyOf: [{ $ref: schema.$ref }, { type: "null" }] } : { $ref: schema.$ref }
  }
  for (const [key, value] of Object.entries(schema)) {
    if (KEPT.has(key)) out[key] = structuredClone(value)
    else if (key === "properties") {
      out.properties = Object.fromEntries(Object.entries(value as Record<string, OasSchema>).map(([k, v]) => [k, toJsonSchema(v)]))
    } else if (key === "items" || key === "not" || (key === "additionalProperties" && typeof value === "object")) {
      out[key] = toJsonSchema(value as OasSchema)
    } else if (key === "additionalProperties") out[key] = value as boolean
    else if (key === "allOf" || key === "anyOf" || key === "oneOf") out[key] = (value as OasSchema[]).map(toJsonSchema)
  }
  if (schema.nullable === true) {
    if (typeof out.type === "string") out.type = [out.type, "null"]
    else if (out.type === undefined) return { anyOf: [out, { type: "null" }] }
    if (Array.isArray(out.enum)) out.enum = [...out.enum, null]
  }
  return out
}

/** Converted `#/components/schemas`, shared by every validator (their `$ref`s resolve inside it). */
export const components = {
  schemas: Object.fromEntries(Object.entries(document.components.schemas).map(([name, s]) => [name, toJsonSchema(s)])),
}

// Where Medusa 1.20's recordings contradict its spec, the same corrections /openapi.json applies (one list).
correctMedusaSchemas(components.schemas)

/** The JSON schema of an operation's response body for `status`, or undefined when the spec documents none. */
export function responseSchema(method: string, path: string, status: number): Schema | undefined {
  const operation = document.paths[path]?.[method.toLowerCase()]
  if (!operation) throw new Error(`The spec has no ${method} ${path}`)
  let response = operation.responses[String(status)]
  if (!response) return undefined
  if (response.$ref) response = document.components.responses[response.$ref.split("/").pop()!]!
  const schema = response.content?.["application/json"]?.schema
  return schema ? toJsonSchema(schema) : undefined
}

/** Validation errors of `body` against the operation's response for `status` (empty when it conforms). */
export function contractErrors(method: string, path: string, status: number, body: unknown): string[] {
  const schema = responseSchema(method, path, status)
  if (!schema) return [`the spec documents no JSON body for ${method} ${path} → ${status}`]
  return schemaErrors(schema, body)
}

/** Validation errors of `body` against `schema` (a converted schema whose $refs point into the components). */
export function schemaErrors(schema: Schema, body: unknown): string[] {
  const result = new Validator({ ...schema, components } as Schema, "4", false).validate(body)
  return result.valid ? [] : leafErrors(result.errors)
}

/** The most specific errors: cfworker reports every enclosing $ref/properties failure as well. */
function leafErrors(errors: OutputUnit[]): string[] {
  // Array indices collapse to * so one broken field of a long list reads as one message.
  const describe = (e: OutputUnit) => `${e.instanceLocation.replace(/\/\d+(?=\/|$)/g, "/*")}: ${e.error}`
  const leaves = errors.filter((e) => !["$ref", "properties", "items", "allOf", "anyOf", "oneOf"].includes(e.keyword))
  return [...new Set((leaves.length ? leaves : errors).map(describe))]
}
