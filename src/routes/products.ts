import { Hono } from "hono"
import type { AppEnv } from "../env"
import { validate, validateQuery } from "../http/validate"
import { salesChannelScope } from "../http/sales-channel-scope"
import { GetProductQuery, ListProductsQuery, SearchProductsBody } from "../schemas/products"
import { listProductsResponse, retrieveProductResponse } from "../services/products"
import { searchProducts } from "../services/search"

export const products = new Hono<AppEnv>()
  .use(salesChannelScope)
  .get("/", validateQuery(ListProductsQuery), async (c) =>
    c.json(await listProductsResponse({ db: c.var.db, keyScopes: c.var.publishableKeyScopes }, c.req.valid("query"))),
  )
  .post("/search", validate("json", SearchProductsBody), async (c) =>
    c.json(await searchProducts({ db: c.var.db, keyScopes: c.var.publishableKeyScopes }, c.req.valid("json"))),
  )
  .get("/:id", validateQuery(GetProductQuery), async (c) =>
    c.json(
      await retrieveProductResponse(
        { db: c.var.db, keyScopes: c.var.publishableKeyScopes },
        c.req.param("id"),
        c.req.valid("query"),
      ),
    ),
  )
