import type { Context } from "hono"
import type { AppEnv } from "../env"
import type { CartCommand } from "../durable/commands"
import { runCartCommand } from "../durable/cart-client"
import { invalidData } from "../domain/errors"
import { MAX_KEY_LENGTH } from "../services/idempotency"
import { commandSpec } from "../services/cart-commands"
import { setBookmark } from "./bookmark"
import { assertCartExists } from "./known-carts"

/**
 * Sends a mutation of an existing cart through the cart's Durable Object and answers with its result.
 * Idempotent commands (catalog §3(c)) use the client's `Idempotency-Key`, or a fresh one, and echo it — on errors
 * too — so a client can retry with the key the server used (the CORS middleware exposes the header).
 */
export async function respondWithCartCommand(c: Context<AppEnv>, cartId: string, command: CartCommand): Promise<Response> {
  await assertCartExists(c, cartId)
  let idempotencyKey: string | undefined
  if (commandSpec(command).idempotent) {
    idempotencyKey = c.req.header("idempotency-key") || crypto.randomUUID()
    c.header("Idempotency-Key", idempotencyKey)
    if (idempotencyKey.length > MAX_KEY_LENGTH) {
      throw invalidData(`Idempotency-Key must be shorter than or equal to ${MAX_KEY_LENGTH} characters`)
    }
  }
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
