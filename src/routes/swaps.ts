import { Hono } from "hono"
import type { AppEnv } from "../env"
import { validate } from "../http/validate"
import { invalidData } from "../domain/errors"
import { CreateSwapBody } from "../schemas/swaps"
import { createSwap, swapByCartId } from "../services/swaps"
import { MAX_KEY_LENGTH } from "../services/idempotency"

export const swaps = new Hono<AppEnv>()
  .post("/", async (c, next) => {
    // The key is echoed on every answer, errors included, so a client can retry with it (as the cart routes do).
    const key = c.req.header("idempotency-key") || crypto.randomUUID()
    c.header("Idempotency-Key", key)
    if (key.length > MAX_KEY_LENGTH) throw invalidData(`Idempotency-Key must be shorter than or equal to ${MAX_KEY_LENGTH} characters`)
    c.set("idempotencyKey", key)
    await next()
  }, validate("json", CreateSwapBody), async (c) => {
    const input = c.req.valid("json")
    const key = c.var.idempotencyKey ?? crypto.randomUUID()
    const { status, json } = await createSwap(
      { db: c.var.db, now: c.var.now, customerId: c.var.customerId, env: c.env },
      input,
      { key, method: "POST", path: "/store/swaps", params: JSON.stringify(input) },
    )
    return c.body(json, status as 200, { "content-type": "application/json; charset=utf-8" })
  })
  .get("/:cart_id", async (c) => {
    const swap = await swapByCartId({ db: c.var.db, now: c.var.now, customerId: c.var.customerId }, c.req.param("cart_id"))
    return c.json({ swap })
  })
