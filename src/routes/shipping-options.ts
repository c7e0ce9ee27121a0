import { Hono } from "hono"
import type { AppEnv } from "../env"
import { validateQuery } from "../http/validate"
import { ListShippingOptionsQuery } from "../schemas/shipping-options"
import { listShippingOptionsResponse } from "../services/shipping-options"

export const shippingOptions = new Hono<AppEnv>().get("/", validateQuery(ListShippingOptionsQuery), async (c) =>
  c.json(await listShippingOptionsResponse(c.var.db, c.req.valid("query"))),
)
// GET /:cart_id (options for a cart, priced against it) belongs to the cart engine: chain it onto this sub-app
// once carts exist. Until then it falls through to the app's JSON 404.
