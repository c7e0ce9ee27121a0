/**
 * GET /store/collections and /store/collections/:id. A superset of v1: both honour `fields` (columns: replace,
 * `+add`, `-remove`) and `expand=products` (the collection's store-visible products, bounded per collection), and
 * the single-collection route validates its query string. v1 rejects `fields`/`expand` on the list and ignores the
 * query string of /:id entirely; here any other unknown key is a 400 "property foo should not exist" on both.
 */
import { Hono } from "hono"
import type { AppEnv } from "../env"
import { validateQuery } from "../http/validate"
import { salesChannelScope } from "../http/sales-channel-scope"
import { FindParams } from "../schemas/common"
import { ListCollectionsQuery } from "../schemas/collections"
import { listCollectionsResponse, retrieveCollection } from "../services/collections"

export const collections = new Hono<AppEnv>()
  // Expanded products follow the publishable key's sales channels (no extra query without the header).
  .use(salesChannelScope)
  .get("/", validateQuery(ListCollectionsQuery), async (c) =>
    c.json(await listCollectionsResponse({ db: c.var.db, keyScopes: c.var.publishableKeyScopes }, c.req.valid("query"))),
  )
  .get("/:id", validateQuery(FindParams), async (c) =>
    c.json({
      collection: await retrieveCollection({ db: c.var.db, keyScopes: c.var.publishableKeyScopes }, c.req.param("id"), c.req.valid("query")),
    }),
  )
