import type { Env } from "../env"
import { createDb } from "../db/client"
import type { CartCommand, CommandContext } from "../durable/commands"
import { cartResponse } from "./cart-view"
import type { CartContext } from "./cart-mutation"
import { addLineItem, deleteLineItem, updateLineItem } from "./line-items"
import { removeDiscount, updateCart } from "./cart-updates"
import { addShippingMethod } from "./shipping-methods"
import { calculateTaxes } from "./cart-taxes"

/**
 * Runs one command against one cart inside its Durable Object, then answers with the re-read cart, so the
 * response shows exactly this command's effect.
 */
export async function executeCartCommand(
  env: Env,
  cartId: string,
  command: CartCommand,
  context: CommandContext,
): Promise<{ status: number; body: unknown }> {
  const { db } = createDb(env.DB)
  const ctx: CartContext = {
    db,
    env,
    now: () => new Date(),
    customerId: context.customerId,
    publishableKeyScopes: context.publishableKeyScopes,
  }
  switch (command.kind) {
    case "add_line_item":
      await addLineItem(ctx, cartId, command.input)
      break
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
      return { status: 200, body: { cart: await calculateTaxes(ctx, cartId) } }
  }
  return { status: 200, body: { cart: await cartResponse(db, cartId) } }
}
