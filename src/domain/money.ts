/**
 * Money arithmetic for cart and order totals. Amounts are integer minor units; floats appear only inside one
 * expression that ends in one of the named rounding helpers below, each of which says which Medusa v1
 * behaviour it mirrors. The float operation order is kept exactly as v1 writes it (e.g. `amount * (rate / 100)`,
 * not `amount * rate / 100`), because the two can round differently.
 *
 * `Math.round` rounds halves towards +∞ (2.5 → 3, -2.5 → -2): that is v1's rounding everywhere.
 */

/** A percentage (25 = 25%) as a fraction, the way v1 divides it: `rate / 100`. A null rate counts as 0. */
export const rateFraction = (rate: number | null): number => (rate ?? 0) / 100

/**
 * Tax added on a tax-exclusive amount for one tax line, rounded per line:
 * v1 TaxCalculationStrategy.calculateLineItemsTax → `Math.round(calculatePriceTaxAmount({price, taxRate}))`.
 */
export function roundedLineTax(taxable: number, rate: number | null): number {
  return Math.round(taxable * rateFraction(rate))
}

/**
 * Tax contained in a tax-inclusive unit price, for the SUMMED rate of all the item's tax lines:
 * v1 `Math.round(calculatePriceTaxAmount({price, taxRate: Σrate/100, includesTax: true}))`, i.e. `round(r·p/(1+r))`.
 */
export function roundedTaxIncludedInPrice(price: number, rates: readonly (number | null)[]): number {
  const r = rates.reduce<number>((acc, rate) => acc + (rate || 0) / 100, 0)
  return Math.round((r * price) / (1 + r))
}

/**
 * Unrounded tax of a shipping method for one tax line (v1 calculateShippingMethodsTax does NOT round per line):
 * `price·r` for tax-exclusive prices, `r·price/(1+r)` for tax-inclusive ones, with r = that line's rate / 100.
 */
export function rawShippingLineTax(price: number, rate: number | null, includesTax: boolean): number {
  const r = rateFraction(rate)
  return includesTax ? (r * price) / (1 + r) : price * r
}

/** The final rounding of a tax sum: v1 TaxCalculationStrategy.calculate → `Math.round(itemsTax + shippingTax)`. */
export const roundTaxTotal = (tax: number): number => Math.round(tax)

/**
 * Rounds an unrounded (raw) discount: v1 `discount_total = Math.round(raw_discount_total)`, applied per line item
 * (NewTotalsService.getLineItemTotals_) and once more to the cart's summed raw amount (CartService.decorateTotals).
 */
export const roundDiscount = (raw: number): number => Math.round(raw)

/**
 * A percentage discount on an amount: v1 DiscountService.calculateDiscountForLineItem →
 * `Math.round((fullItemPrice / 100) * value)`.
 */
export function percentageOf(amount: number, percent: number): number {
  return Math.round((amount / 100) * percent)
}

/** Tax charged on the part of a gift card that is used: v1 getGiftCardTotals → `Math.round(amount * (tax_rate / 100))`. */
export function roundedGiftCardTax(amount: number, taxRate: number): number {
  return Math.round(amount * (taxRate / 100))
}

/**
 * Splits `amount` across `weights` so that the parts are integers that add up to exactly `amount`
 * (largest remainder method, as Vendure's `prorate`).
 *
 * - Each part starts as `floor(amount · weight / Σweights)`; the units still missing go one each to the parts with
 *   the largest fractional remainders, ties to the lower index.
 * - A zero weight gets 0, unless every weight is zero: then the amount is split evenly (ties to the lower index).
 * - A negative `amount` is split like its absolute value and every part negated, so parts never differ in sign.
 * - Throws RangeError for a non-integer amount, a negative or non-finite weight, or a non-zero amount with no weights.
 *
 * @example allocate([1, 1, 1], 100) // → [34, 33, 33]
 */
export function allocate(weights: readonly number[], amount: number): number[] {
  if (!Number.isSafeInteger(amount)) throw new RangeError(`allocate: amount must be an integer, got ${amount}`)
  for (const w of weights) {
    if (!Number.isFinite(w) || w < 0) throw new RangeError(`allocate: weights must be finite and >= 0, got ${w}`)
  }
  if (weights.length === 0) {
    if (amount === 0) return []
    throw new RangeError("allocate: cannot split a non-zero amount across no weights")
  }
  if (amount === 0) return weights.map(() => 0) // also turns -0 into 0
  if (amount < 0) return allocate(weights, -amount).map((part) => (part === 0 ? 0 : -part))

  const total = weights.reduce((sum, w) => sum + w, 0)
  if (!Number.isFinite(total)) throw new RangeError("allocate: the weights add up to more than a finite number")
  const effective = total === 0 ? weights.map(() => 1) : weights
  const effectiveTotal = total === 0 ? weights.length : total

  const parts: number[] = []
  const remainders: { index: number; remainder: number }[] = []
  let assigned = 0
  effective.forEach((w, index) => {
    const exact = (amount * w) / effectiveTotal
    const part = Math.floor(exact)
    parts.push(part)
    assigned += part
    remainders.push({ index, remainder: exact - part })
  })

  // Only parts with a weight may receive the leftover units; ties go to the lower index.
  const candidates = remainders
    .filter(({ index }) => effective[index]! > 0)
    .sort((a, b) => b.remainder - a.remainder || a.index - b.index)
  // Mathematically fewer units are missing than there are candidates; cycling (and the symmetric correction
  // for a float overshoot) keeps the sum exact even when float error says otherwise.
  for (let k = 0; assigned < amount; k++) {
    parts[candidates[k % candidates.length]!.index]! += 1
    assigned += 1
  }
  for (let k = candidates.length - 1; assigned > amount; k = (k - 1 + candidates.length) % candidates.length) {
    const index = candidates[k]!.index
    if (parts[index]! > 0) {
      parts[index]! -= 1
      assigned -= 1
    }
  }
  return parts
}
