import { Hono } from "hono"
import { Scalar } from "@scalar/hono-api-reference"
import type { AppEnv } from "../env"
import { openApiJson } from "../openapi/document"

/**
 * GET /openapi.json (generated from the routes' zod schemas, see src/openapi/) and GET /docs, Scalar's interactive
 * reference. Its JavaScript is served by this Worker's static assets (public/docs/scalar.js, copied from
 * @scalar/api-reference at install), and default fonts are off: the page makes no third-party request.
 */
export const docs = new Hono<AppEnv>()
  .get("/openapi.json", (c) => c.body(openApiJson(), 200, { "content-type": "application/json; charset=utf-8" }))
  .get(
    "/docs",
    Scalar({
      url: "/openapi.json",
      cdn: "/docs/scalar.js",
      pageTitle: "Edge Medusa Store API",
      withDefaultFonts: false,
      showDeveloperTools: "never",
    }),
  )
