import { Hono } from "hono"
import type { AppEnv } from "../env"
import { validateQuery } from "../http/validate"
import { salesChannelScope } from "../http/sales-channel-scope"
import { GetVariantQuery, ListVariantsQuery } from "../schemas/variants"
import { listVariantsResponse, retrieveVariantResponse } from "../services/variants"

export const variants = new Hono<AppEnv>()
  .use(salesChannelScope)
  .get("/", validateQuery(ListVariantsQuery), async (c) =>
    c.json(await listVariantsResponse({ db: c.var.db, keyScopes: c.var.publishableKeyScopes }, c.req.valid("query"))),
  )
  .get("/:id", validateQuery(GetVariantQuery), async (c) =>
    c.json(
      await retrieveVariantResponse(
        { db: c.var.db, keyScopes: c.var.publishableKeyScopes },
        c.req.param("id"),
        c.req.valid("query"),
      ),
    ),
  )
