/**
 * GET /store/return-reasons and /store/return-reasons/:id. A superset of v1, which registers both without a query
 * validator and ignores the query string: here both honour `fields` (`fields=+metadata`, `fields=value,label`) and
 * `expand` (`parent_return_reason`, `return_reason_children`; `expand=` for none), and any other key is a 400
 * "property foo should not exist".
 */
import { Hono } from "hono"
import type { AppEnv } from "../env"
import { validateQuery } from "../http/validate"
import { FindParams } from "../schemas/common"
import { listReturnReasonsResponse, retrieveReturnReason } from "../services/return-reasons"

export const returnReasons = new Hono<AppEnv>()
  .get("/", validateQuery(FindParams), async (c) => c.json(await listReturnReasonsResponse(c.var.db, c.req.valid("query"))))
  .get("/:id", validateQuery(FindParams), async (c) =>
    c.json({ return_reason: await retrieveReturnReason(c.var.db, c.req.param("id"), c.req.valid("query")) }),
  )
