/**
 * Whether a logged-in caller is refused a change of a cart: the cart belongs to another customer who has an account.
 * v1 lets anyone with the id change a cart, and a logged-in caller's change hands the cart (and the order it becomes)
 * over to them; here only the owner — or an anonymous caller, as v1's by-id model allows for guests — changes it.
 * A guest customer's cart is still attached to whoever logs in and edits it.
 */
export function isForeignCart(owner: { id: string; has_account: boolean } | null | undefined, callerId: string | undefined): boolean {
  return callerId !== undefined && owner != null && owner.has_account && owner.id !== callerId
}
