import { Hono, type Context } from "hono"
import type { AppEnv } from "../env"
import { validate, validateQuery } from "../http/validate"
import { PUBLISHABLE_KEY_HEADER, publishableKeyOf, salesChannelScope } from "../http/sales-channel-scope"
import { GetProductQuery, ListProductsQuery, SearchProductsBody } from "../schemas/products"
import { listProductsResponse, retrieveProductResponse } from "../services/products"
import { searchProducts } from "../services/search"

// The list and /:id read the publishable key's channels inside their one D1 batch; search loads them first.
const productsCtx = (c: Context<AppEnv>) => ({ db: c.var.db, publishableKey: publishableKeyOf(c.req.header(PUBLISHABLE_KEY_HEADER)) })

export const products = new Hono<AppEnv>()
  .get("/", validateQuery(ListProductsQuery), async (c) => c.json(await listProductsResponse(productsCtx(c), c.req.valid("query"))))
  .post("/search", salesChannelScope, validate("json", SearchProductsBody), async (c) =>
    c.json(await searchProducts({ db: c.var.db, keyScopes: c.var.publishableKeyScopes }, c.req.valid("json"))),
  )
  .get("/:id", validateQuery(GetProductQuery), async (c) =>
    c.json(
      await retrieveProductResponse(productsCtx(c), c.req.param("id"), c.req.valid("query")),
    ),
  )
