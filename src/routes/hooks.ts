import { Hono } from "hono"
import { bodyLimit } from "hono/body-limit"
import type { AppEnv } from "../env"
import { MedusaError } from "../domain/errors"
import { handleStripeWebhook } from "../services/payment-webhooks"

/** Payment-provider webhooks. The body is read raw: the signature covers its exact bytes. */
export const hooks = new Hono<AppEnv>().post(
  "/payment/stripe",
  bodyLimit({
    maxSize: 256 * 1024, // Stripe events are a few KB
    onError: () => {
      throw new MedusaError("invalid_data", "Request body is too large")
    },
  }),
  async (c) =>
    c.json(await handleStripeWebhook({ db: c.var.db, env: c.env, now: c.var.now }, await c.req.text(), c.req.header("stripe-signature"))),
)
