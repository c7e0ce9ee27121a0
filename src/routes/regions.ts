import { Hono } from "hono"
import type { AppEnv } from "../env"
import { validateQuery } from "../http/validate"
import { FindParams } from "../schemas/common"
import { ListRegionsQuery } from "../schemas/regions"
import { listRegionsResponse, retrieveRegion } from "../services/regions"

export const regions = new Hono<AppEnv>()
  .get("/", validateQuery(ListRegionsQuery), async (c) => c.json(await listRegionsResponse(c.var.db, c.req.valid("query"))))
  .get("/:id", validateQuery(FindParams), async (c) =>
    c.json({ region: await retrieveRegion(c.var.db, c.req.param("id"), c.req.valid("query")) }),
  )
