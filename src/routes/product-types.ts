import { Hono } from "hono"
import type { AppEnv } from "../env"
import { validateQuery } from "../http/validate"
import { ListProductTypesQuery } from "../schemas/product-types"
import { listProductTypesResponse } from "../services/product-types"

// v1.20 mounts its admin product-types router (GET / only) here; public although the spec marks it authenticated.
export const productTypes = new Hono<AppEnv>().get("/", validateQuery(ListProductTypesQuery), async (c) =>
  c.json(await listProductTypesResponse(c.var.db, c.req.valid("query"))),
)
