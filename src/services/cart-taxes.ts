import { mutateCart, type CartContext } from "./cart-mutation"

/** POST /store/carts/:id/taxes. */
export function calculateTaxes(ctx: CartContext, cartId: string) {
  return mutateCart(ctx, cartId, () => undefined)
}
