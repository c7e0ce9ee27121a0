import { notFound } from "../domain/errors"
import type { CartContext } from "./cart-mutation"
import { loadCartOrThrow } from "./cart-view"

/** POST /store/carts/:id/shipping-methods. */
export async function addShippingMethod(ctx: CartContext, cartId: string, input: { option_id: string }) {
  await loadCartOrThrow(ctx.db, cartId)
  throw notFound(`Shipping Option with ${input.option_id} was not found`)
}
