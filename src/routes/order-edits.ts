import { Hono } from "hono"
import type { AppEnv } from "../env"
import { validate } from "../http/validate"
import { DeclineOrderEditBody } from "../schemas/order-edits"
import { completeOrderEdit, declineOrderEdit, retrieveOrderEdit } from "../services/order-edits"

const ctx = (c: { var: AppEnv["Variables"]; env: AppEnv["Bindings"] }) => ({ db: c.var.db, now: c.var.now, customerId: c.var.customerId, env: c.env })

export const orderEdits = new Hono<AppEnv>()
  .get("/:id", async (c) => c.json({ order_edit: await retrieveOrderEdit(ctx(c), c.req.param("id")) }))
  .post("/:id/complete", async (c) => c.json({ order_edit: await completeOrderEdit(ctx(c), c.req.param("id")) }))
  .post("/:id/decline", validate("json", DeclineOrderEditBody), async (c) =>
    c.json({ order_edit: await declineOrderEdit(ctx(c), c.req.param("id"), c.req.valid("json").declined_reason) }),
  )
