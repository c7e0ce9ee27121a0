/**
 * Cart totals, exactly as Medusa v1 (1.20.x) computes them: CartService.decorateTotals over
 * NewTotalsService.getLineItemTotals_/getShippingMethodTotals_/getGiftCardTotals and
 * TaxCalculationStrategy.calculate. Pure: the service gathers tax lines, adjustments and gift cards; this module
 * only does the arithmetic. Every rounding goes through `./money`.
 *
 * The input types are structural subsets of the D1 rows (line_item, line_item_adjustment, line_item_tax_line,
 * shipping_method, shipping_method_tax_line, gift_card), so rows can be passed as they are.
 */
import {
  rawShippingLineTax,
  roundDiscount,
  roundedGiftCardTax,
  roundedLineTax,
  roundedTaxIncludedInPrice,
  roundTaxTotal,
} from "./money"

export interface TaxLineInput {
  readonly rate: number | null
}

export interface AdjustmentInput {
  /** Unrounded: v1 stores the raw allocation of a fixed "total" discount (e.g. 154.1501976284585). */
  readonly amount: number
  /** null for a custom adjustment, which counts whatever the cart's discount is. */
  readonly discount_id: string | null
}

export interface LineItemInput {
  readonly id: string
  readonly unit_price: number
  readonly quantity: number
  /**
   * The unit price already contains tax. v1 honours it only with the `tax_inclusive_pricing` feature flag on,
   * so pass `flag && row.includes_tax`.
   */
  readonly includes_tax: boolean
  readonly allow_discounts: boolean
  /** The tax lines to use: freshly computed ones when the region has automatic taxes, else the persisted ones. */
  readonly tax_lines: readonly TaxLineInput[]
  readonly adjustments: readonly AdjustmentInput[]
}

export interface ShippingMethodInput {
  readonly id: string
  readonly price: number
  /** As for line items: `flag && row.includes_tax`. */
  readonly includes_tax: boolean
  readonly tax_lines: readonly TaxLineInput[]
}

export interface GiftCardInput {
  readonly balance: number
  readonly tax_rate: number | null
}

export interface TotalsInput {
  readonly items: readonly LineItemInput[]
  readonly shipping_methods: readonly ShippingMethodInput[]
  /** In the order they were applied: gift-card tax walks the cards in this order. */
  readonly gift_cards: readonly GiftCardInput[]
  /** region.gift_cards_taxable */
  readonly gift_cards_taxable: boolean
  /**
   * Id of the cart's regular discount: the first discount whose rule is not free_shipping (v1 getAllocationMap).
   * Adjustments that belong to any other discount are ignored; null when the cart has none.
   */
  readonly discount_id: string | null
  /** The cart has a free_shipping discount: shipping subtotal, tax and total become 0. */
  readonly free_shipping: boolean
}

export interface LineItemTotals {
  unit_price: number
  quantity: number
  subtotal: number
  discount_total: number
  raw_discount_total: number
  total: number
  original_total: number
  original_tax_total: number
  tax_total: number
}

export interface ShippingMethodTotals {
  price: number
  subtotal: number
  total: number
  original_total: number
  tax_total: number
  original_tax_total: number
}

export interface CartTotals {
  subtotal: number
  discount_total: number
  /** Unrounded Σ item raw discounts (v1 sets it on the cart, though store responses do not show it). */
  raw_discount_total: number
  item_tax_total: number
  shipping_total: number
  shipping_tax_total: number
  tax_total: number
  gift_card_total: number
  gift_card_tax_total: number
  total: number
  items: Record<string, LineItemTotals>
  shipping_methods: Record<string, ShippingMethodTotals>
}

/**
 * The discount amount allocated to one item (v1 TotalsService.getAllocationMap/getLineDiscounts): its adjustments
 * for the cart's discount (only when the item allows discounts) plus its custom adjustments (discount_id null).
 */
export function itemDiscountAllocation(item: LineItemInput, discountId: string | null): number {
  let discounted = 0
  let custom = 0
  for (const adjustment of item.adjustments) {
    if (adjustment.discount_id === null) custom += adjustment.amount
    else if (discountId !== null && adjustment.discount_id === discountId) discounted += adjustment.amount
  }
  return (item.allow_discounts ? discounted : 0) + custom
}

/**
 * An item's tax for a raw discount: Σ per tax line of round(taxable · rate/100), where taxable is the
 * tax-exclusive line amount minus the discount (v1 TaxCalculationStrategy.calculateLineItemsTax + calculate).
 */
function lineItemTax(item: LineItemInput, rawDiscount: number): number {
  const unitNet = item.includes_tax
    ? item.unit_price - roundedTaxIncludedInPrice(item.unit_price, item.tax_lines.map((line) => line.rate))
    : item.unit_price
  const taxable = unitNet * item.quantity - rawDiscount
  return roundTaxTotal(item.tax_lines.reduce((sum, line) => sum + roundedLineTax(taxable, line.rate), 0))
}

/**
 * One line item's totals for a raw discount amount (v1 NewTotalsService.getLineItemTotals_).
 * A tax-inclusive item's subtotal is net of tax; v1 computes it only from tax lines, so such an item WITHOUT tax
 * lines has subtotal 0 (kept as v1 does).
 */
export function computeLineItemTotals(item: LineItemInput, rawDiscount: number): LineItemTotals {
  const gross = item.unit_price * item.quantity
  const discount_total = roundDiscount(rawDiscount)
  const totals: LineItemTotals = {
    unit_price: item.unit_price,
    quantity: item.quantity,
    subtotal: item.includes_tax ? 0 : gross,
    discount_total,
    raw_discount_total: rawDiscount,
    total: (item.includes_tax ? 0 : gross) - discount_total,
    original_total: item.includes_tax ? 0 : gross,
    original_tax_total: 0,
    tax_total: 0,
  }
  if (item.tax_lines.length === 0) return totals

  totals.tax_total = lineItemTax(item, rawDiscount)
  totals.original_tax_total = lineItemTax(item, 0)
  if (item.includes_tax) {
    totals.subtotal += gross - totals.original_tax_total
    totals.total += totals.subtotal
    totals.original_total += totals.subtotal
  }
  totals.total += totals.tax_total
  totals.original_total += totals.original_tax_total
  return totals
}

/**
 * One shipping method's totals (v1 NewTotalsService.getShippingMethodTotals_). Tax is summed unrounded over the
 * tax lines and rounded once; a tax-inclusive price keeps `total = price` and has `subtotal = price - tax`.
 * Free shipping zeroes subtotal, tax_total and total; price and the original_* fields keep their values.
 */
export function computeShippingMethodTotals(method: ShippingMethodInput, freeShipping: boolean): ShippingMethodTotals {
  const totals: ShippingMethodTotals = {
    price: method.price,
    subtotal: method.price,
    total: method.price,
    original_total: method.price,
    tax_total: 0,
    original_tax_total: 0,
  }
  if (method.tax_lines.length > 0) {
    const tax = roundTaxTotal(
      method.tax_lines.reduce((sum, line) => sum + rawShippingLineTax(method.price, line.rate, method.includes_tax), 0),
    )
    totals.original_tax_total = tax
    totals.tax_total = tax
    if (method.includes_tax) {
      totals.subtotal -= tax
    } else {
      totals.original_total += tax
      totals.total += tax
    }
  }
  if (freeShipping) {
    totals.subtotal = 0
    totals.tax_total = 0
    totals.total = 0
  }
  return totals
}

/**
 * Gift card total and tax (v1 NewTotalsService.getGiftCardTotals). The cards are walked in order: each one's tax
 * is round(min(remaining, balance) · tax_rate/100), and only a card that is taxed (non-zero tax_rate, positive
 * amount) reduces `remaining` — v1's reducer skips the subtraction for untaxed cards, so it is skipped here too.
 *
 * A card never pays a negative amount: on a cart that owes the shopper money (a swap cart whose credit exceeds its
 * charges) the gift-cardable amount counts as 0, so the card takes nothing (v1 would take the negative amount and so
 * cancel the shopper's credit).
 */
export function computeGiftCardTotals(
  giftCardable: number,
  cards: readonly GiftCardInput[],
): { total: number; tax_total: number } {
  if (cards.length === 0) return { total: 0, tax_total: 0 }
  const payable = Math.max(0, giftCardable)
  let balance = 0
  let tax = 0
  let remaining = payable
  for (const card of cards) {
    balance += card.balance
    const taxable = Math.min(remaining, card.balance)
    if (taxable <= 0 || !card.tax_rate) continue
    tax += roundedGiftCardTax(taxable, card.tax_rate)
    remaining -= taxable
  }
  return { total: Math.min(payable, balance), tax_total: tax }
}

/**
 * Every total of a cart (v1 CartService.decorateTotals):
 * `total = subtotal + shipping_total + tax_total - (gift_card_total + discount_total + gift_card_tax_total)`,
 * where discount_total is the ROUNDED SUM of the items' raw discounts (not the sum of rounded item discounts).
 *
 * @example computeCartTotals({ items: [item], shipping_methods: [], gift_cards: [], gift_cards_taxable: true,
 *   discount_id: null, free_shipping: false })
 */
export function computeCartTotals(input: TotalsInput): CartTotals {
  const items: Record<string, LineItemTotals> = {}
  let subtotal = 0
  let rawDiscount = 0
  let itemTax = 0
  for (const item of input.items) {
    const totals = computeLineItemTotals(item, itemDiscountAllocation(item, input.discount_id))
    items[item.id] = totals
    subtotal += totals.subtotal
    rawDiscount += totals.raw_discount_total
    itemTax += totals.tax_total
  }

  const shipping_methods: Record<string, ShippingMethodTotals> = {}
  let shippingTotal = 0
  let shippingTax = 0
  for (const method of input.shipping_methods) {
    const totals = computeShippingMethodTotals(method, input.free_shipping)
    shipping_methods[method.id] = totals
    shippingTotal += totals.subtotal
    shippingTax += totals.tax_total
  }

  const taxTotal = itemTax + shippingTax
  const discountTotal = roundDiscount(rawDiscount)
  // v1 getGiftCardableAmount: with taxable gift cards the card pays the pre-tax amount (its own tax is added below).
  const giftCardable = input.gift_cards_taxable
    ? subtotal + shippingTotal - discountTotal
    : subtotal + shippingTotal + taxTotal - discountTotal
  const giftCards = computeGiftCardTotals(giftCardable, input.gift_cards)

  return {
    subtotal,
    discount_total: discountTotal,
    raw_discount_total: rawDiscount,
    item_tax_total: itemTax,
    shipping_total: shippingTotal,
    shipping_tax_total: shippingTax,
    tax_total: taxTotal,
    gift_card_total: giftCards.total,
    gift_card_tax_total: giftCards.tax_total,
    total: subtotal + shippingTotal + taxTotal - (giftCards.total + discountTotal + giftCards.tax_total),
    items,
    shipping_methods,
  }
}
