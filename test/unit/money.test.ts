import { describe, expect, it } from "vitest"
import {
  allocate,
  percentageOf,
  rateFraction,
  rawShippingLineTax,
  roundDiscount,
  roundedGiftCardTax,
  roundedLineTax,
  roundedTaxIncludedInPrice,
  roundTaxTotal,
} from "../../src/domain/money"

const sum = (parts: readonly number[]) => parts.reduce((a, b) => a + b, 0)

describe("rounding helpers (v1 rounds with Math.round: halves go up, towards +∞)", () => {
  it.each([
    // 722 · 0.25 = 180.5 → 181 (golden 128: mug 850 minus its 128 discount)
    { taxable: 722, rate: 25, want: 181 },
    // 1000 · 0.25 = 250 exactly
    { taxable: 1000, rate: 25, want: 250 },
    // 10 · 0.05 = 0.5 → 1 (tiny amount, half rounds up)
    { taxable: 10, rate: 5, want: 1 },
    // 9 · 0.05 = 0.45 → 0
    { taxable: 9, rate: 5, want: 0 },
    // unrounded taxable: (1950 - 151.1627906976744) · 0.25 = 449.709… → 450
    { taxable: 1950 - 151.1627906976744, rate: 25, want: 450 },
    // 12.5% of 4 = 0.5 → 1 (fractional rate)
    { taxable: 4, rate: 12.5, want: 1 },
    // a null rate counts as 0
    { taxable: 5000, rate: null, want: 0 },
    // a negative taxable (return line): -10 · 0.25 = -2.5 → -2 (Math.round goes towards +∞)
    { taxable: -10, rate: 25, want: -2 },
  ])("roundedLineTax($taxable, $rate) = $want", ({ taxable, rate, want }) => {
    expect(roundedLineTax(taxable, rate)).toBe(want)
  })

  it.each([
    // r = 0.25: 1250 · 0.25 / 1.25 = 250
    { price: 1250, rates: [25], want: 250 },
    // r = 0.25: 1000 · 0.25 / 1.25 = 200
    { price: 1000, rates: [25], want: 200 },
    // r = 0.2 + 0.05 = 0.25 (rates are summed before dividing): 999 · 0.25 / 1.25 = 199.8 → 200
    { price: 999, rates: [20, 5], want: 200 },
    // r = 0.1: 11 · 0.1 / 1.1 = 1 (float 0.9999999999999999 still rounds to 1)
    { price: 11, rates: [10], want: 1 },
    // r = 0.19: 5 · 0.19 / 1.19 = 0.798… → 1
    { price: 5, rates: [19], want: 1 },
    // no rates (or null) → nothing included
    { price: 1000, rates: [null], want: 0 },
    { price: 1000, rates: [], want: 0 },
  ])("roundedTaxIncludedInPrice($price, $rates) = $want", ({ price, rates, want }) => {
    expect(roundedTaxIncludedInPrice(price, rates)).toBe(want)
  })

  it("keeps shipping line tax unrounded so the sum is rounded once", () => {
    // 105 · 0.1 = 10.5 on each of two 10% lines: per-line rounding would give 11 + 11 = 22, v1 gives round(21) = 21
    expect(rawShippingLineTax(105, 10, false)).toBe(10.5)
    expect(roundTaxTotal(rawShippingLineTax(105, 10, false) + rawShippingLineTax(105, 10, false))).toBe(21)
    // tax-inclusive: 1000 · 0.25 / 1.25 = 200
    expect(rawShippingLineTax(1000, 25, true)).toBeCloseTo(200, 10)
    expect(rawShippingLineTax(1000, null, true)).toBe(0)
  })

  it.each([
    // 127.5 → 128, 2.5 → 3, 154.1501976284585 → 154, 19.76284584980237 → 20, -0.5 → -0
    { raw: 127.5, want: 128 },
    { raw: 2.5, want: 3 },
    { raw: 154.1501976284585, want: 154 },
    { raw: 19.76284584980237, want: 20 },
    { raw: 0.49999999999999994, want: 0 },
  ])("roundDiscount($raw) = $want", ({ raw, want }) => {
    expect(roundDiscount(raw)).toBe(want)
  })

  it.each([
    // (850 / 100) · 15 = 127.5 → 128 (golden 128)
    { amount: 850, percent: 15, want: 128 },
    // (7800 / 100) · 10 = 780
    { amount: 7800, percent: 10, want: 780 },
    // (5 / 100) · 10 = 0.5 → 1 (tiny item)
    { amount: 5, percent: 10, want: 1 },
    // (4 / 100) · 10 = 0.4 → 0
    { amount: 4, percent: 10, want: 0 },
    // v1 divides first: (58 / 100) · 25 = 14.499999999999998 → 14, although 58 · 25 / 100 = 14.5 would round to 15
    { amount: 58, percent: 25, want: 14 },
    { amount: 116, percent: 12.5, want: 14 },
  ])("percentageOf($amount, $percent) = $want", ({ amount, percent, want }) => {
    expect(percentageOf(amount, percent)).toBe(want)
  })

  it("rounds gift-card tax once per card and converts rates like v1", () => {
    // 5000 · 0.25 = 1250; 333 · 0.125 = 41.625 → 42; 2 · 0.25 = 0.5 → 1
    expect(roundedGiftCardTax(5000, 25)).toBe(1250)
    expect(roundedGiftCardTax(333, 12.5)).toBe(42)
    expect(roundedGiftCardTax(2, 25)).toBe(1)
    expect(rateFraction(25)).toBe(0.25)
    expect(rateFraction(null)).toBe(0)
  })
})

describe("allocate (largest remainder)", () => {
  it.each([
    // 100 / 3 = 33.33 each → floors 33+33+33 = 99, the 1 left goes to index 0 (tie → lower index)
    { weights: [1, 1, 1], amount: 100, want: [34, 33, 33] },
    // 500 over 1950 / 1000 / 3500 (Σ 6450): 151.16, 77.52, 271.32 → floors 151+77+271 = 499; largest remainder .52 → [151, 78, 271]
    { weights: [1950, 1000, 3500], amount: 500, want: [151, 78, 271] },
    // 10 over 1/2/3/4 (Σ 10): exact 1, 2, 3, 4
    { weights: [1, 2, 3, 4], amount: 10, want: [1, 2, 3, 4] },
    // 7 over 0.5/0.25/0.25: 3.5, 1.75, 1.75 → 3+1+1 = 5; remainders .75, .75, .5 → +1 to index 1 and 2
    { weights: [0.5, 0.25, 0.25], amount: 7, want: [3, 2, 2] },
    // a zero weight gets nothing: 5 over 0/1/1 → 2.5, 2.5 → [0, 3, 2]
    { weights: [0, 1, 1], amount: 5, want: [0, 3, 2] },
    // all weights zero → split evenly: 5 over 3 → [2, 2, 1]
    { weights: [0, 0, 0], amount: 5, want: [2, 2, 1] },
    // negative amount: split 100 and negate → [-34, -33, -33]
    { weights: [1, 1, 1], amount: -100, want: [-34, -33, -33] },
    // zero amount → zeros (no -0)
    { weights: [3, 1], amount: 0, want: [0, 0] },
    { weights: [1, 1], amount: -0, want: [0, 0] },
    // a single weight takes everything
    { weights: [42], amount: 9, want: [9] },
    // 1 unit over 1/1/1 → the first one
    { weights: [1, 1, 1], amount: 1, want: [1, 0, 0] },
    // no weights and nothing to split
    { weights: [], amount: 0, want: [] },
  ])("allocate($weights, $amount) = $want", ({ weights, amount, want }) => {
    const parts = allocate(weights, amount)
    expect(parts).toEqual(want)
    expect(sum(parts)).toBe(amount === 0 ? 0 : amount)
    for (const part of parts) expect(Number.isInteger(part)).toBe(true)
  })

  it("always sums to the amount, whatever the weights", () => {
    const cases: [number[], number][] = [
      [[0.1, 0.2, 0.3], 1],
      [[1e-9, 1, 1e9], 12345],
      [[7, 7, 7, 7, 7, 7, 7], 1000001],
      [[333.3333, 666.6667], 999],
      [[1950, 1000, 6000, 10500], 500],
      [[3, 5, 11, 13, 17, 19], 97],
    ]
    for (const [weights, amount] of cases) {
      const parts = allocate(weights, amount)
      expect(sum(parts)).toBe(amount)
      expect(parts.every((p) => Number.isInteger(p) && p >= 0)).toBe(true)
    }
  })

  it.each([
    { weights: [1, -1], amount: 10, message: "allocate: weights must be finite and >= 0, got -1" },
    { weights: [1, Number.NaN], amount: 10, message: "allocate: weights must be finite and >= 0, got NaN" },
    { weights: [1, Number.POSITIVE_INFINITY], amount: 10, message: "allocate: weights must be finite and >= 0, got Infinity" },
    { weights: [1, 1], amount: 10.5, message: "allocate: amount must be an integer, got 10.5" },
    { weights: [], amount: 3, message: "allocate: cannot split a non-zero amount across no weights" },
    { weights: [1e308, 1e308], amount: 3, message: "allocate: the weights add up to more than a finite number" },
  ])("rejects $weights / $amount", ({ weights, amount, message }) => {
    expect(() => allocate(weights, amount)).toThrow(new RangeError(message))
  })
})
