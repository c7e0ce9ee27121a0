/**
 * GET /store/product-types. A superset of v1: besides v1's filters, paging and `order`, it honours `fields`
 * (`fields=value`, `fields=+metadata`) and `expand` (types have no relations, so only an empty `expand=`), which v1
 * rejects as unknown keys. Any other unknown key is still a 400 "property foo should not exist".
 */
import { Hono } from "hono"
import type { AppEnv } from "../env"
import { validateQuery } from "../http/validate"
import { ListProductTypesQuery } from "../schemas/product-types"
import { listProductTypesResponse } from "../services/product-types"

// v1.20 mounts its admin product-types router (GET / only) here; public although the spec marks it authenticated.
export const productTypes = new Hono<AppEnv>().get("/", validateQuery(ListProductTypesQuery), async (c) =>
  c.json(await listProductTypesResponse(c.var.db, c.req.valid("query"))),
)
