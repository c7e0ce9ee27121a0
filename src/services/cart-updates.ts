import type { UpdateCartInput } from "../schemas/carts"
import { mutateCart, type CartContext } from "./cart-mutation"

/** POST /store/carts/:id (StorePostCartsCartReq). */
export function updateCart(ctx: CartContext, cartId: string, input: UpdateCartInput) {
  void input
  return mutateCart(ctx, cartId, () => undefined)
}

/** DELETE /store/carts/:id/discounts/:code: removing a code that is not applied changes nothing (v1). */
export function removeDiscount(ctx: CartContext, cartId: string, code: string) {
  return mutateCart(ctx, cartId, (state, aggregate) => {
    const discount = aggregate.discounts.find((d) => d.code.toLowerCase() === code.toLowerCase())
    if (discount) state.discountIds = state.discountIds.filter((id) => id !== discount.id)
  })
}
