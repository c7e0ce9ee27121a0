import { Hono } from "hono"
import type { AppEnv } from "../../env"
import { validate } from "../../http/validate"
import { AdminReceiveReturnBody } from "../../schemas/admin"
import { receiveReturn } from "../../services/admin-returns"

export const adminReturns = new Hono<AppEnv>().post("/:id/receive", validate("json", AdminReceiveReturnBody), async (c) =>
  c.json({ return: await receiveReturn({ db: c.var.db, now: c.var.now, env: c.env }, c.req.param("id"), c.req.valid("json")) }),
)
