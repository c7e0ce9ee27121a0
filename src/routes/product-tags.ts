/**
 * GET /store/product-tags. A superset of v1: besides v1's filters, paging and `order`, it honours `fields`
 * (`fields=value`, `fields=+metadata`) and `expand` (tags have no relations, so only an empty `expand=`), which v1
 * rejects as unknown keys. Any other unknown key is still a 400 "property foo should not exist".
 */
import { Hono } from "hono"
import type { AppEnv } from "../env"
import { validateQuery } from "../http/validate"
import { ListProductTagsQuery } from "../schemas/product-tags"
import { listProductTagsResponse } from "../services/product-tags"

// Public in v1 although the spec marks it x-authenticated.
export const productTags = new Hono<AppEnv>().get("/", validateQuery(ListProductTagsQuery), async (c) =>
  c.json(await listProductTagsResponse(c.var.db, c.req.valid("query"))),
)
