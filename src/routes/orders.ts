import { Hono } from "hono"
import type { AppEnv } from "../env"
import { validateQuery } from "../http/validate"
import { FindParams } from "../schemas/common"
import { LookupOrderQuery } from "../schemas/orders"
import { lookupOrder, retrieveOrder, retrieveOrderByCart, TooManyRequestsError } from "../services/orders"
import { validate } from "../http/validate"
import { customerIdOf, jwtSecret, requireCustomer } from "../http/auth"
import { rateLimit } from "../http/rate-limit"
import { readYourWrites } from "../http/bookmark"
import { ClaimOrdersBody, ConfirmClaimBody } from "../schemas/customers"
import { confirmOrderClaim, requestOrderClaim } from "../services/order-claims"

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
  // Order claims (v1 answers the text "OK"): the token travels only in the order-update-token.created event.
  .post("/batch/customer/token", requireCustomer, rateLimit("claim", (c) => c.var.customerId), validate("json", ClaimOrdersBody), async (c) => {
    const secret = jwtSecret(c.env)
    await requestOrderClaim(c.var.db, c.env, customerIdOf(c), c.req.valid("json").order_ids, secret, c.var.now())
    return c.text("OK", 200)
  })
  .post("/customer/confirm", rateLimit("claim", () => undefined), validate("json", ConfirmClaimBody), async (c) => {
    await confirmOrderClaim(c.var.db, c.req.valid("json").token, jwtSecret(c.env), c.var.now())
    return c.text("OK", 200)
  })
  // The order a completion just placed: read as fresh as the bookmark the completion answered with.
  .get("/cart/:cart_id", validateQuery(FindParams), async (c) =>
    c.json({ order: await readYourWrites(c, (db) => retrieveOrderByCart(db, c.req.param("cart_id"), c.req.valid("query"), c.var.customerId)) }),
  )
  .get("/:id", validateQuery(FindParams), async (c) =>
    c.json({ order: await readYourWrites(c, (db) => retrieveOrder(db, c.req.param("id"), c.req.valid("query"), c.var.customerId)) }),
  )
