import type { Env } from "../env"
import { createDb } from "../db/client"
import { IDEMPOTENT_COMMANDS, type CartCommand, type CommandContext } from "../durable/commands"
import { cartResponse } from "./cart-view"
import type { CartContext } from "./cart-mutation"
import { addLineItem, deleteLineItem, updateLineItem } from "./line-items"
import { removeDiscount, updateCart } from "./cart-updates"
import { addShippingMethod } from "./shipping-methods"
import { calculateTaxes } from "./cart-taxes"
import {
  createPaymentSessions,
  deletePaymentSession,
  paymentSessionsCartView,
  refreshedCartView,
  refreshPaymentSession,
  selectPaymentSession,
  updatePaymentSession,
} from "./payment-sessions"
import { completeCart } from "./checkout"
import { runIdempotent, type IdempotentRequest, type StoredResponse } from "./idempotency"

/**
 * Runs one command against one cart inside its Durable Object and answers with its response: the re-read cart
 * (so the response shows exactly this command's effect), or the completion's `{type, data}`. Commands that honour
 * an Idempotency-Key (IDEMPOTENT_COMMANDS) run under it: a finished key replays its stored response.
 */
export async function executeCartCommand(
  env: Env,
  cartId: string,
  command: CartCommand,
  context: CommandContext,
  { db } = createDb(env.DB),
): Promise<StoredResponse> {
  const ctx: CartContext = {
    db,
    env,
    now: () => new Date(),
    customerId: context.customerId,
    publishableKeyScopes: context.publishableKeyScopes,
  }
  const key = IDEMPOTENT_COMMANDS.has(command.kind) ? context.idempotencyKey : undefined
  if (key === undefined) return run(ctx, cartId, command)
  const { kind: _kind, ...params } = command
  const request: IdempotentRequest = {
    key,
    method: context.requestMethod,
    // The deprecated /complete-cart alias is the same request as /complete.
    path: command.kind === "complete" ? `/store/carts/${cartId}/complete` : context.requestPath,
    params: JSON.stringify(params),
  }
  if (command.kind === "complete") return completeCart(ctx, cartId, request)
  return runIdempotent(
    db,
    request,
    ctx.now().toISOString(),
    (commit) => run({ ...ctx, commitWrites: commit }, cartId, command),
    // A finished key whose response was never stored (a crash in between): answer the cart as it is now.
    async () => json(200, await currentView(ctx, cartId, command.kind)),
  )
}

async function currentView(ctx: CartContext, cartId: string, kind: CartCommand["kind"]): Promise<unknown> {
  if (kind === "create_payment_sessions") return paymentSessionsBody(await paymentSessionsCartView(ctx, cartId))
  if (kind === "calculate_taxes") return { cart: await calculateTaxes(ctx, cartId) }
  return { cart: await cartResponse(ctx.db, cartId, { withCustomer: kind === "add_line_item" }) }
}

/**
 * v1's POST /payment-sessions answers `{cart, data}`: the idempotent handler stores the cart and copies it, through
 * cleanResponseData (which drops raw_discount_total), into `data` (goldens 95, 96, 105, 133).
 */
function paymentSessionsBody(cart: Record<string, unknown>) {
  const { raw_discount_total: _raw, ...data } = cart
  return { cart, data }
}

const json = (status: number, body: unknown): StoredResponse => ({ status, json: JSON.stringify(body) })

async function run(ctx: CartContext, cartId: string, command: CartCommand): Promise<StoredResponse> {
  switch (command.kind) {
    case "add_line_item":
      await addLineItem(ctx, cartId, command.input)
      // v1 answers this route with the `customer` relation too (see CartViewOptions.withCustomer).
      return json(200, { cart: await cartResponse(ctx.db, cartId, { withCustomer: true }) })
    case "update_line_item":
      await updateLineItem(ctx, cartId, command.lineId, command.input)
      break
    case "delete_line_item":
      await deleteLineItem(ctx, cartId, command.lineId)
      break
    case "update_cart":
      await updateCart(ctx, cartId, command.input)
      break
    case "remove_discount":
      await removeDiscount(ctx, cartId, command.code)
      break
    case "add_shipping_method":
      await addShippingMethod(ctx, cartId, command.input)
      break
    case "calculate_taxes":
      // v1 answers this route with its own (totals-only) view of the cart, so it skips the common re-read.
      return json(200, { cart: await calculateTaxes(ctx, cartId) })
    case "create_payment_sessions":
      await createPaymentSessions(ctx, cartId)
      return json(200, paymentSessionsBody(await paymentSessionsCartView(ctx, cartId)))
    case "select_payment_session":
      await selectPaymentSession(ctx, cartId, command.providerId)
      break
    case "update_payment_session":
      await updatePaymentSession(ctx, cartId, command.providerId, command.data)
      break
    case "refresh_payment_session":
      await refreshPaymentSession(ctx, cartId, command.providerId)
      return json(200, { cart: await refreshedCartView(ctx, cartId) })
    case "delete_payment_session":
      await deletePaymentSession(ctx, cartId, command.providerId)
      break
    case "complete":
      // Completion always runs under a key (the route generates one); reaching here means a caller skipped it.
      return completeCart(ctx, cartId, { key: crypto.randomUUID(), method: "POST", path: `/store/carts/${cartId}/complete`, params: "{}" })
  }
  return json(200, { cart: await cartResponse(ctx.db, cartId) })
}
