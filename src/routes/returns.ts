import { Hono } from "hono"
import type { AppEnv } from "../env"
import { validate } from "../http/validate"
import { invalidData } from "../domain/errors"
import { CreateReturnBody } from "../schemas/returns"
import { createReturn } from "../services/returns"
import { MAX_KEY_LENGTH } from "../services/idempotency"

export const returns = new Hono<AppEnv>().post("/", async (c, next) => {
  // The key is echoed on every answer, errors included, so a client can retry with it (as the cart routes do).
  const key = c.req.header("idempotency-key") || crypto.randomUUID()
  c.header("Idempotency-Key", key)
  if (key.length > MAX_KEY_LENGTH) throw invalidData(`Idempotency-Key must be shorter than or equal to ${MAX_KEY_LENGTH} characters`)
  c.set("idempotencyKey", key)
  await next()
}, validate("json", CreateReturnBody), async (c) => {
  const input = c.req.valid("json")
  const key = c.var.idempotencyKey ?? crypto.randomUUID()
  const { status, json } = await createReturn(
    { db: c.var.db, now: c.var.now, customerId: c.var.customerId, env: c.env },
    input,
    { key, method: "POST", path: "/store/returns", params: JSON.stringify(input) },
  )
  return c.body(json, status as 200, { "content-type": "application/json; charset=utf-8" })
})
