import { z } from "zod"
import { ERROR_RESPONSES } from "./errors"
import { medusaSchemas, type JsonSchema } from "./medusa-schemas"
import { OPERATIONS, type Operation } from "./operations"

/**
 * The OpenAPI 3.1 document served at /openapi.json, generated from OPERATIONS: request parameters and bodies from the
 * routes' zod schemas (`z.toJSONSchema`, input side — what a client sends), responses from Medusa v1's schemas.
 */
export function buildOpenApiDocument(): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {}
  for (const op of OPERATIONS) (paths[op.path] ??= {})[op.method] = operation(op)
  const v1Names = OPERATIONS.flatMap((op) => (typeof op.response === "string" ? [op.response] : []))
  return {
    openapi: "3.1.0",
    info: {
      title: "Edge Medusa Store API",
      version: "1.20.10",
      description:
        "The Medusa v1 Store API (`/store/*`) on Cloudflare Workers. Paths, parameters, status codes, bodies and errors " +
        "follow Medusa 1.20; response schemas are Medusa's own. Money is in minor units.",
    },
    tags: [...new Set(OPERATIONS.map((op) => op.tag))].map((name) => ({ name })),
    paths,
    components: {
      schemas: medusaSchemas(v1Names),
      responses: Object.fromEntries(
        Object.entries(ERROR_RESPONSES).map(([status, doc]) => [
          errorName(status),
          { description: doc.description, content: { "application/json": { schema: toSchema(doc.schema), example: doc.example } } },
        ]),
      ),
      securitySchemes: {
        publishable_key: { type: "apiKey", in: "header", name: "x-publishable-api-key", description: "Scopes products and new carts to the key's sales channels." },
      },
    },
  }
}

function operation(op: Operation): JsonSchema {
  const out: JsonSchema = { operationId: op.operationId, summary: op.summary, tags: [op.tag] }
  const parameters = [...pathParameters(op.path), ...queryParameters(op.query), ...(op.idempotent ? [IDEMPOTENCY_HEADER] : [])]
  if (parameters.length > 0) out.parameters = parameters
  if (op.body) out.requestBody = { required: true, content: { "application/json": { schema: toSchema(op.body) } } }
  const success: JsonSchema = { description: "OK" }
  const schema = typeof op.response === "string" ? { $ref: `#/components/schemas/${op.response}` } : toSchema(op.response)
  success.content = { [op.responseType ?? "application/json"]: { schema } }
  if (op.idempotent) success.headers = { "Idempotency-Key": { description: "The key this request ran under.", schema: { type: "string" } } }
  out.responses = {
    ...(op.status === "204" ? { "204": { description: "No Content" } } : { "200": success }),
    ...Object.fromEntries(op.errors.map((status) => [status, { $ref: `#/components/responses/${errorName(status)}` }])),
  }
  if (op.extension) out["x-not-in-medusa-v1"] = true
  return out
}

const IDEMPOTENCY_HEADER: JsonSchema = {
  name: "Idempotency-Key",
  in: "header",
  required: false,
  description: "Retry-safe key (≤ 255 characters); a finished key replays its response, an in-flight one answers 409.",
  schema: { type: "string", maxLength: 255 },
}

function pathParameters(path: string): JsonSchema[] {
  return [...path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({ name, in: "path", required: true, schema: { type: "string" } }))
}

/** One query parameter per property; nested objects (`created_at[gt]=…`) and arrays (`id[]=a`) in qs style. */
function queryParameters(query: z.ZodType | undefined): JsonSchema[] {
  if (!query) return []
  const json = toSchema(query)
  const properties = (json.properties ?? {}) as Record<string, JsonSchema>
  const required = new Set(Array.isArray(json.required) ? json.required : [])
  return Object.entries(properties).map(([name, schema]) => {
    const param: JsonSchema = { name, in: "query", required: required.has(name), schema }
    if (schema.type === "object") Object.assign(param, { style: "deepObject", explode: true })
    return param
  })
}

function toSchema(schema: z.ZodType): JsonSchema {
  const { $schema: _dialect, ...json } = z.toJSONSchema(schema, { io: "input", unrepresentable: "any", target: "draft-2020-12" }) as JsonSchema
  return json
}

const errorName = (status: string) =>
  ({ "400": "invalid_data", "401": "unauthorized", "404": "not_found", "409": "conflict", "422": "unprocessable", "429": "too_many_requests", "500": "unknown_error" })[status] ?? status

let cached: string | undefined

/** The document as JSON text, built once per isolate (it only depends on code). */
export function openApiJson(): string {
  cached ??= JSON.stringify(buildOpenApiDocument())
  return cached
}
