import { Hono, type Context } from "hono"
import type { AppEnv } from "../env"
import { validate } from "../http/validate"
import { FindParams } from "../schemas/common"
import { validateQuery } from "../http/validate"
import { AuthorizeCollectionSessionsBody, BatchCollectionSessionsBody, CreateCollectionSessionBody } from "../schemas/payment-collections"
import { retrievePaymentCollection } from "../services/payment-collections"
import { runCollectionCommand } from "../durable/payment-collection-client"
import type { CollectionCommand } from "../durable/payment-collection-coordinator"

/** Every mutation runs in the collection's Durable Object (one payment command at a time per collection). */
async function respond(c: Context<AppEnv>, command: CollectionCommand) {
  const json = await runCollectionCommand(c.env, c.req.param("id")!, command, c.var.customerId, c.var.faults)
  return c.body(json, 200, { "content-type": "application/json; charset=utf-8" })
}

export const paymentCollections = new Hono<AppEnv>()
  .get("/:id", validateQuery(FindParams), async (c) =>
    c.json({ payment_collection: await retrievePaymentCollection({ db: c.var.db, now: c.var.now, customerId: c.var.customerId }, c.req.param("id")) }),
  )
  .post("/:id/sessions/batch/authorize", validate("json", AuthorizeCollectionSessionsBody), (c) =>
    respond(c, { kind: "authorize_sessions", session_ids: c.req.valid("json").session_ids }),
  )
  .post("/:id/sessions/batch", validate("json", BatchCollectionSessionsBody), (c) =>
    respond(c, { kind: "set_sessions", sessions: c.req.valid("json").sessions }),
  )
  .post("/:id/sessions/:session_id/authorize", (c) => respond(c, { kind: "authorize_session", session_id: c.req.param("session_id") }))
  .post("/:id/sessions/:session_id", (c) => respond(c, { kind: "refresh_session", session_id: c.req.param("session_id") }))
  .post("/:id/sessions", validate("json", CreateCollectionSessionBody), (c) =>
    respond(c, { kind: "create_session", provider_id: c.req.valid("json").provider_id }),
  )
