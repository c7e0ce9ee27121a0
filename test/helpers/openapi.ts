import { Validator, type OutputUnit, type Schema } from "@cfworker/json-schema"
import spec from "../fixtures/medusa-v1/medusa-v1.20.10-store-openapi.json"

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

const schema = (name: string): Schema => {
  const found = components.schemas[name]
  if (!found) throw new Error(`no schema ${name}`)
  return found
}
/** Drops fields from a schema's `required` (v1 leaves them out of the response). */
const optional = (name: string, ...fields: string[]) => {
  const s = schema(name)
  s.required = (s.required ?? []).filter((f) => !fields.includes(f))
}

/*
 * Corrections of the spec where Medusa 1.20's recorded responses (test/fixtures/medusa-v1/golden, NN below)
 * contradict it. The recordings are the truth; each correction relaxes only the spot they prove wrong.
 */
// Country ids and numeric codes are integers (a serial and ISO 3166 numbers), the spec says strings: 01, 02, 39–…
schema("Country").properties!.id = { type: "integer" }
schema("Country").properties!.num_code = { type: "integer" }
// Without region/currency a variant's computed prices and tax rates are null (04, 05, 18, 31); the spec says numbers.
for (const field of ["original_price", "calculated_price", "original_price_incl_tax", "calculated_price_incl_tax", "original_tax", "calculated_tax"]) {
  schema("PricedVariant").allOf![1]!.properties![field] = { type: ["number", "null"] }
}
schema("PricedVariant").allOf![1]!.properties!.tax_rates = { anyOf: [{ type: "null" }, schema("PricedVariant").allOf![1]!.properties!.tax_rates as Schema] }
// v1's store product selects leave profile_id out of expanded products and a variant's product (08, 31, 32).
optional("Product", "profile_id")
// The cart has `payment_session` only once a session is selected (39–93: absent).
optional("Cart", "payment_session")
// Tax lines of a region with automatic taxes are computed, not stored: no id, timestamps or metadata (41, 47–93).
optional("LineItemTaxLine", "id", "created_at", "updated_at", "metadata")
optional("ShippingMethodTaxLine", "id", "created_at", "updated_at", "metadata")
// A line's raw discount total is v1's unrounded share of a fixed discount (77: 34.78260869565217).
schema("LineItem").properties!.raw_discount_total = { type: "number" }
// The store's tag and type lists select neither deleted_at nor metadata (29, 30).
optional("ProductTag", "deleted_at", "metadata")
optional("ProductType", "deleted_at", "metadata")
// Store categories leave out is_active, is_internal and mpath; nested ones have no category_children (25–27).
optional("ProductCategory", "is_active", "is_internal", "mpath", "category_children")
// Return reasons have no metadata in the store, and their children are a list, not one reason (35, 36).
optional("ReturnReason", "metadata")
schema("ReturnReason").properties!.return_reason_children = { type: "array", items: { $ref: "#/components/schemas/ReturnReason" } }
// GET /gift-cards/{code} selects id, code, value and balance (plus the region), not the whole gift card (37).
schema("StoreGiftCardsRes").properties!.gift_card = { ...schema("GiftCard"), required: ["id", "code", "value", "balance"] }
// Errors. The spec's Error requires nothing, so `{}` would pass and 400's oneOf [Error, MultipleErrors] matches
// both for every body (never valid). Every recorded error has type and message, every multiple-errors body has
// errors and message: requiring those makes both checks meaningful (a tightening, not a relaxation). v1 also sends
// a code the enum lacks (56–58: insufficient_inventory).
schema("Error").required = ["type", "message"]
schema("MultipleErrors").required = ["errors", "message"]
;(schema("Error").properties!.code as Schema).enum!.push("insufficient_inventory")

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
