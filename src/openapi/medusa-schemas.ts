import spec from "../../docs/reference/medusa-v1.20.10-store-openapi.json"
import { correctMedusaSchemas } from "./medusa-corrections"

/**
 * Response bodies are documented with Medusa v1.20.10's own response schemas (`StoreCartsRes`, …): they are the
 * contract this API answers to, and test/contract/ validates every exercised response against them. Copying them
 * into zod would be the hand-maintained second copy the docs must not have. They are OpenAPI 3.0 (`nullable`), so
 * they are converted to 3.1 / JSON Schema 2020-12 here, corrected where Medusa's recordings prove the spec wrong
 * (medusa-corrections.ts), and only the schemas the documented operations reach are included.
 */
export type JsonSchema = { [key: string]: unknown }

const v1Schemas = (spec as unknown as { components: { schemas: Record<string, JsonSchema> } }).components.schemas

const REF_PREFIX = "#/components/schemas/"

/** One OpenAPI 3.0 schema as a 3.1 schema: `nullable: true` becomes a `null` alternative. */
export function toOpenApi31(schema: JsonSchema): JsonSchema {
  const out: JsonSchema = {}
  for (const [key, value] of Object.entries(schema)) {
    if (key === "nullable") continue
    if (key === "properties" && isRecord(value)) {
      out.properties = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, isRecord(v) ? toOpenApi31(v) : v]))
    } else if ((key === "items" || key === "not" || key === "additionalProperties") && isRecord(value)) {
      out[key] = toOpenApi31(value)
    } else if ((key === "allOf" || key === "anyOf" || key === "oneOf") && Array.isArray(value)) {
      out[key] = value.map((v) => (isRecord(v) ? toOpenApi31(v) : v))
    } else if (key === "example") {
      // 3.1 deprecates `example` in schemas; `examples` is the JSON Schema keyword.
      out.examples = [value]
    } else out[key] = value
  }
  if (schema.nullable !== true) return out
  if (typeof out.$ref === "string") return { anyOf: [{ $ref: out.$ref }, { type: "null" }] }
  if (typeof out.type === "string") {
    out.type = [out.type, "null"]
    if (Array.isArray(out.enum)) out.enum = [...out.enum, null]
    return out
  }
  return { anyOf: [out, { type: "null" }] }
}

/** Every v1 schema, converted and corrected. */
function convertedSchemas(): Record<string, JsonSchema> {
  const all = Object.fromEntries(Object.entries(v1Schemas).map(([name, schema]) => [name, toOpenApi31(schema)]))
  correctMedusaSchemas(all)
  return all
}

/** The named v1 schemas and every schema they reference, converted and corrected. */
export function medusaSchemas(roots: Iterable<string>): Record<string, JsonSchema> {
  const all = convertedSchemas()
  const out: Record<string, JsonSchema> = {}
  const pending = [...roots]
  while (pending.length > 0) {
    const name = pending.pop()
    if (name === undefined || name in out) continue
    const schema = all[name]
    if (!schema) throw new Error(`Medusa v1 has no schema ${name}`)
    out[name] = schema
    for (const ref of refsIn(schema)) pending.push(ref)
  }
  return out
}


function refsIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(refsIn)
  if (!isRecord(value)) return []
  const own = typeof value.$ref === "string" && value.$ref.startsWith(REF_PREFIX) ? [value.$ref.slice(REF_PREFIX.length)] : []
  return [...own, ...Object.values(value).flatMap(refsIn)]
}

function isRecord(value: unknown): value is JsonSchema {
  return typeof value === "object" && value !== null && !Array.isArray(value)
}
