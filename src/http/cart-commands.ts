import type { Context } from "hono"
import type { AppEnv } from "../env"
import type { CartCommand } from "../durable/commands"
import { runCartCommand } from "../durable/cart-client"
import { commandSpec } from "../services/cart-commands"
import { setBookmark } from "./bookmark"
import { takeIdempotencyKey } from "./idempotency-key"
import { assertCartExists } from "./known-carts"

/**
 * Sends a mutation of an existing cart through the cart's Durable Object and answers with its result.
 * Idempotent commands (catalog §3(c)) use the request's key (takeIdempotencyKey).
 */
export async function respondWithCartCommand(c: Context<AppEnv>, cartId: string, command: CartCommand): Promise<Response> {
  // The key is echoed on every answer of an idempotent command, the unknown-cart 404 included.
  const idempotencyKey = commandSpec(command).idempotent ? takeIdempotencyKey(c) : undefined
  await assertCartExists(c, cartId)
  const { status, json } = await runCartCommand(c.env, cartId, command, {
    requestId: c.var.requestId,
    requestedAt: c.var.now().toISOString(),
    customerId: c.var.customerId,
    publishableKeyScopes: c.var.publishableKeyScopes,
    idempotencyKey,
    requestPath: new URL(c.req.url).pathname,
    requestMethod: c.req.method,
    faults: c.var.faults,
  }, (count, bookmark) => {
    c.set("remoteD1RoundTrips", count)
    // Also on errors: a failed command may have written (a completion's earlier stage).
    if (bookmark) setBookmark(c, bookmark)
  })
  return c.body(json, status as 200, { "content-type": "application/json; charset=utf-8" })
}
