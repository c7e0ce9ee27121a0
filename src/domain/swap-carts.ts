/**
 * Pure rules of a swap's cart. Its return lines (`is_return`: the "Return shipping" line and one credit line per
 * returned order line) are what the swap promised for the goods coming back, fixed when the swap was created: the
 * shopper may change the additional items, shipping, address and payment, never those lines, nor the region or sales
 * channel (which would re-price or drop them). No I/O.
 */
import { notAllowed } from "./errors"

export const RETURN_LINES_FIXED = "The return lines of a swap cart are fixed by its swap and cannot be changed"

/** An update or removal of one line: a return line is refused. */
export function assertNotReturnLine(item: { is_return: boolean }): void {
  if (item.is_return) throw notAllowed(RETURN_LINES_FIXED)
}

/** A swap cart's region and sales channel come from its order. */
export function assertSwapCartMoveAllowed(cart: { type: string }, what: "region" | "sales channel"): void {
  if (cart.type === "swap") throw notAllowed(`The ${what} of a swap cart is fixed by its order and cannot be changed`)
}

interface ReturnLineFacts {
  readonly id: string
  readonly is_return: boolean
  readonly title: string
  readonly variant_id: string | null
  readonly unit_price: number
  readonly quantity: number
  readonly allow_discounts: boolean
}

export interface ReturnLinesView {
  readonly items: readonly ReturnLineFacts[]
  readonly itemTaxLines: readonly { readonly item_id: string; readonly rate: number; readonly name: string; readonly code: string | null }[]
  readonly adjustments: readonly { readonly item_id: string; readonly amount: number; readonly discount_id: string | null }[]
}

/**
 * What the return lines of a cart are worth, line by line, without ids: title, variant, price, quantity, whether
 * discounts may act on it, its tax lines and its adjustments — everything a total is computed from. Sorted, so two
 * carts with the same return lines compare equal whatever their ids and order.
 */
export function returnLinesFingerprint(view: ReturnLinesView): string[] {
  return view.items
    .filter((item) => item.is_return)
    .map((item) => {
      const taxes = view.itemTaxLines
        .filter((l) => l.item_id === item.id)
        .map((l) => [l.rate, l.name, l.code])
        .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))
      const adjustments = view.adjustments
        .filter((a) => a.item_id === item.id)
        .map((a) => [a.amount, a.discount_id])
        .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))
      return JSON.stringify([item.title, item.variant_id, item.unit_price, item.quantity, item.allow_discounts, taxes, adjustments])
    })
    .sort()
}

/** Whether two states of a cart hold the same return lines (see returnLinesFingerprint). */
export function sameReturnLines(a: ReturnLinesView, b: ReturnLinesView): boolean {
  const x = returnLinesFingerprint(a)
  const y = returnLinesFingerprint(b)
  return x.length === y.length && x.every((line, i) => line === y[i])
}

/**
 * The invariant every cart change keeps (checked after the change, whatever path it took): the cart's return lines
 * are the same line for line, with the same ids.
 */
export function assertReturnLinesKept(before: ReturnLinesView, after: ReturnLinesView): void {
  const ids = (view: ReturnLinesView) => view.items.filter((i) => i.is_return).map((i) => i.id).sort().join()
  if (ids(before) !== ids(after) || !sameReturnLines(before, after)) throw notAllowed(RETURN_LINES_FIXED)
}
