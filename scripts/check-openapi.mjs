// Validates the generated /openapi.json with @seriousme/openapi-schema-validator (ajv, the OpenAPI 3.1 schema),
// which cannot run inside workerd; test/integration/openapi.test.ts checks the same schema with @cfworker/json-schema.
// Usage: npm run check:openapi   (exits 1 and prints the errors when the document is not valid OpenAPI 3.1)
import { build } from "esbuild"
import path from "node:path"
import { fileURLToPath, pathToFileURL } from "node:url"
import { Validator } from "@seriousme/openapi-schema-validator"

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..")
const outfile = path.join(ROOT, ".tmp", "openapi-document.mjs")
await build({
  entryPoints: [path.join(ROOT, "src/openapi/document.ts")],
  bundle: true,
  format: "esm",
  platform: "node",
  target: "node20",
  outfile,
  logLevel: "error",
})
const { buildOpenApiDocument } = await import(`${pathToFileURL(outfile).href}?t=${Date.now()}`)
const document = buildOpenApiDocument()
const result = await new Validator().validate(document)
if (!result.valid) {
  console.error(JSON.stringify(result.errors, null, 2))
  process.exit(1)
}
const operations = Object.values(document.paths).reduce((n, ops) => n + Object.keys(ops).length, 0)
console.log(`✔ /openapi.json is valid OpenAPI ${document.openapi} (${operations} operations, ${Object.keys(document.components.schemas).length} schemas)`)
