import type { Context } from "hono"
import type { AppEnv } from "../env"
import type { CartCommand } from "../durable/commands"
import { runCartCommand } from "../durable/cart-client"

/** Sends a mutation of an existing cart through the cart's Durable Object and answers with its result. */
export async function respondWithCartCommand(c: Context<AppEnv>, cartId: string, command: CartCommand): Promise<Response> {
  const { status, json } = await runCartCommand(c.env, cartId, command, {
    customerId: c.var.customerId,
    publishableKeyScopes: c.var.publishableKeyScopes,
    idempotencyKey: c.req.header("idempotency-key"),
    requestPath: new URL(c.req.url).pathname,
    requestMethod: c.req.method,
  })
  return c.body(json, status as 200, { "content-type": "application/json; charset=utf-8" })
}
