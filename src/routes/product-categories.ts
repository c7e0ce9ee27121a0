import { Hono } from "hono"
import type { AppEnv } from "../env"
import { validateQuery } from "../http/validate"
import { FindParams } from "../schemas/common"
import { ListProductCategoriesQuery } from "../schemas/product-categories"
import { listProductCategoriesResponse, retrieveProductCategory } from "../services/product-categories"

export const productCategories = new Hono<AppEnv>()
  .get("/", validateQuery(ListProductCategoriesQuery), async (c) =>
    c.json(await listProductCategoriesResponse(c.var.db, c.req.valid("query"))),
  )
  .get("/:id", validateQuery(FindParams), async (c) =>
    c.json({ product_category: await retrieveProductCategory(c.var.db, c.req.param("id"), c.req.valid("query")) }),
  )
