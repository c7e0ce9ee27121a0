/**
 * GET /store/gift-cards/:code. A superset of v1, which registers it without a query validator and ignores the
 * query string: here it honours `fields` (`fields=+ends_at,+is_disabled`, `fields=balance`) and `expand` (`region`;
 * `expand=` for none), and any other key is a 400 "property foo should not exist". Lookups are limited per client
 * address (services/rate-limits.ts: 429 with Retry-After).
 */
import { Hono } from "hono"
import type { AppEnv } from "../env"
import { validateQuery } from "../http/validate"
import { FindParams } from "../schemas/common"
import { retrieveGiftCardByCode } from "../services/gift-cards"
import { clientKey } from "../services/rate-limits"
import { withRetryAfter } from "../http/rate-limit"

export const giftCards = new Hono<AppEnv>().get("/:code", validateQuery(FindParams), async (c) => {
  const client = clientKey(c.req.header("cf-connecting-ip"))
  const card = await withRetryAfter(c, () => retrieveGiftCardByCode(c.var.db, c.req.param("code"), c.req.valid("query"), client, c.var.now().getTime()))
  return c.json({ gift_card: card })
})
