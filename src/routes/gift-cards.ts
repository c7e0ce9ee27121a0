import { Hono } from "hono"
import type { AppEnv } from "../env"
import { retrieveGiftCardByCode } from "../services/gift-cards"

// v1 registers this handler without a query validator: any query string is ignored.
export const giftCards = new Hono<AppEnv>().get("/:code", async (c) =>
  c.json({ gift_card: await retrieveGiftCardByCode(c.var.db, c.req.param("code")) }),
)
