import { Hono, type Context } from "hono"
import { bodyLimit } from "hono/body-limit"
import type { AppEnv } from "../env"
import { MedusaError } from "../domain/errors"
import { handleStripeWebhook } from "../services/payment-webhooks"

const limit = bodyLimit({
  maxSize: 256 * 1024, // Stripe events are a few KB
  onError: () => {
    throw new MedusaError("invalid_data", "Request body is too large")
  },
})

/** The body is read raw: the signature covers its exact bytes. */
const stripeWebhook = async (c: Context<AppEnv>) =>
  c.json(await handleStripeWebhook({ db: c.var.db, env: c.env, now: c.var.now }, await c.req.text(), c.req.header("stripe-signature")))

/**
 * Payment-provider webhooks, mounted at the root. `/stripe/hooks` is where medusa-payment-stripe (v1) listens, so a
 * shop moving from Medusa keeps the endpoint configured in its Stripe dashboard (only the host changes).
 */
export const hooks = new Hono<AppEnv>()
  .post("/hooks/payment/stripe", limit, stripeWebhook)
  .post("/stripe/hooks", limit, stripeWebhook)
