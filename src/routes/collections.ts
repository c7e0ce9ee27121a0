import { Hono } from "hono"
import type { AppEnv } from "../env"
import { validateQuery } from "../http/validate"
import { ListCollectionsQuery } from "../schemas/collections"
import { listCollectionsResponse, retrieveCollection } from "../services/collections"

export const collections = new Hono<AppEnv>()
  .get("/", validateQuery(ListCollectionsQuery), async (c) =>
    c.json(await listCollectionsResponse(c.var.db, c.req.valid("query"))),
  )
  // v1 registers this handler without a query validator: any query string is ignored.
  .get("/:id", async (c) => c.json({ collection: await retrieveCollection(c.var.db, c.req.param("id")) }))
