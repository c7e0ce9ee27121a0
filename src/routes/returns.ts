import { Hono } from "hono"
import type { AppEnv } from "../env"
import { validate } from "../http/validate"
import { CreateReturnBody } from "../schemas/returns"
import { createReturn } from "../services/returns"
import { idempotencyKey } from "../http/idempotency-key"

export const returns = new Hono<AppEnv>().post("/", idempotencyKey, validate("json", CreateReturnBody), async (c) => {
  const input = c.req.valid("json")
  const key = c.var.idempotencyKey ?? crypto.randomUUID()
  const { status, json } = await createReturn(
    { db: c.var.db, now: c.var.now, customerId: c.var.customerId, env: c.env },
    input,
    { key, method: "POST", path: "/store/returns", params: JSON.stringify(input) },
  )
  return c.body(json, status as 200, { "content-type": "application/json; charset=utf-8" })
})
