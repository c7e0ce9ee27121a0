import { Hono } from "hono"
import type { AppEnv } from "../env"
import { cartShippingOptionsResponse } from "../services/cart-shipping-options"

/** GET /store/shipping-options/:cart_id — a read, so it bypasses the cart's Durable Object. */
export const cartShippingOptions = new Hono<AppEnv>().get("/:cart_id", async (c) =>
  c.json(await cartShippingOptionsResponse(c.var.db, c.req.param("cart_id"))),
)
