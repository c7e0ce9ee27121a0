import { Hono } from "hono"
import type { AppEnv } from "../env"
import { validateQuery } from "../http/validate"
import { salesChannelScope } from "../http/sales-channel-scope"
import { FindParams } from "../schemas/common"
import { ListProductCategoriesQuery } from "../schemas/product-categories"
import { listProductCategoriesResponse, retrieveProductCategory } from "../services/product-categories"

export const productCategories = new Hono<AppEnv>()
  // Expanded products follow the store's rules: published, in the publishable key's (or the default) sales channels.
  .use(salesChannelScope)
  .get("/", validateQuery(ListProductCategoriesQuery), async (c) =>
    c.json(await listProductCategoriesResponse({ db: c.var.db, keyScopes: c.var.publishableKeyScopes }, c.req.valid("query"))),
  )
  .get("/:id", validateQuery(FindParams), async (c) =>
    c.json({
      product_category: await retrieveProductCategory(
        { db: c.var.db, keyScopes: c.var.publishableKeyScopes },
        c.req.param("id"),
        c.req.valid("query"),
      ),
    }),
  )
