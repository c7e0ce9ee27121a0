import { Hono } from "hono"
import type { AppEnv } from "../env"
import { validateQuery } from "../http/validate"
import { FindParams } from "../schemas/common"
import { LookupOrderQuery } from "../schemas/orders"
import { lookupOrder, retrieveOrder, retrieveOrderByCart, TooManyRequestsError } from "../services/orders"

export const orders = new Hono<AppEnv>()
  .get("/", validateQuery(LookupOrderQuery), async (c) => {
    const client = c.req.header("cf-connecting-ip") ?? "unknown"
    try {
      return c.json({ order: await lookupOrder(c.var.db, c.req.valid("query"), client, c.var.now().getTime()) })
    } catch (err) {
      if (err instanceof TooManyRequestsError) c.header("Retry-After", String(err.retryAfterSeconds))
      throw err
    }
  })
  .get("/cart/:cart_id", validateQuery(FindParams), async (c) =>
    c.json({ order: await retrieveOrderByCart(c.var.db, c.req.param("cart_id"), c.req.valid("query")) }),
  )
  .get("/:id", validateQuery(FindParams), async (c) =>
    c.json({ order: await retrieveOrder(c.var.db, c.req.param("id"), c.req.valid("query")) }),
  )
