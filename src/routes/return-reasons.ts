import { Hono } from "hono"
import type { AppEnv } from "../env"
import { listReturnReasonsResponse, retrieveReturnReason } from "../services/return-reasons"

// v1 registers both handlers without a query validator: any query string is ignored.
export const returnReasons = new Hono<AppEnv>()
  .get("/", async (c) => c.json(await listReturnReasonsResponse(c.var.db)))
  .get("/:id", async (c) => c.json({ return_reason: await retrieveReturnReason(c.var.db, c.req.param("id")) }))
