import { Hono } from "hono"
import type { AppEnv } from "../env"
import { validateQuery } from "../http/validate"
import { ListProductTagsQuery } from "../schemas/product-tags"
import { listProductTagsResponse } from "../services/product-tags"

// Public in v1 although the spec marks it x-authenticated.
export const productTags = new Hono<AppEnv>().get("/", validateQuery(ListProductTagsQuery), async (c) =>
  c.json(await listProductTagsResponse(c.var.db, c.req.valid("query"))),
)
