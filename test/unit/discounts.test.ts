import { describe, expect, it } from "vitest"
import g75 from "../fixtures/medusa-v1/golden/75-update-cart-discount-expired.json"
import g76 from "../fixtures/medusa-v1/golden/76-update-cart-discount-wrong-region.json"
import {
  calculateDiscountForLineItem,
  checkDiscountApplicable,
  computeLineItemAdjustments,
  type DiscountableItem,
  type DiscountConditionInput,
  type DiscountRuleInput,
  discountApplicabilityError,
  type DiscountValidationInput,
  hasFreeShipping,
  isItemEligible,
  type ItemProductFacts,
  regularDiscount,
} from "../../src/domain/discounts"
import { MedusaError } from "../../src/domain/errors"
import { goldenCart, goldenRule } from "../fixtures/golden/carts"

const rates = (...values: number[]) => values.map((rate) => ({ rate }))
const item = (over: Partial<DiscountableItem> = {}): DiscountableItem => ({
  id: "item_1",
  unit_price: 1000,
  quantity: 1,
  includes_tax: false,
  allow_discounts: true,
  tax_lines: [],
  adjustments: [],
  is_return: false,
  eligible: true,
  ...over,
})
const percentage = (value: number): DiscountRuleInput => ({ type: "percentage", value, allocation: "total" })
const fixedTotal = (value: number): DiscountRuleInput => ({ type: "fixed", value, allocation: "total" })
const fixedItem = (value: number): DiscountRuleInput => ({ type: "fixed", value, allocation: "item" })

describe("calculateDiscountForLineItem", () => {
  it.each([
    // (7800 / 100) · 10 = 780
    { name: "percentage", rule: percentage(10), line: item({ unit_price: 1950, quantity: 4 }), want: 780 },
    // (850 / 100) · 15 = 127.5 → 128 (golden 128)
    { name: "percentage rounds x.5 up", rule: percentage(15), line: item({ unit_price: 850 }), want: 128 },
    // (58 / 100) · 25 = 14.499999999999998 → 14 (v1 divides by 100 first)
    { name: "percentage keeps v1's float order", rule: percentage(25), line: item({ unit_price: 58 }), want: 14 },
    // (4 / 100) · 10 = 0.4 → 0
    { name: "percentage of a tiny amount", rule: percentage(10), line: item({ unit_price: 4 }), want: 0 },
    // round(1500) capped at 1000
    { name: "percentage is capped at the subtotal", rule: percentage(150), line: item({ unit_price: 1000 }), want: 1000 },
    // 300 · 3 = 900
    { name: "fixed per item", rule: fixedItem(300), line: item({ unit_price: 500, quantity: 3 }), want: 900 },
    // 600 · 2 = 1200 capped at 500 · 2 = 1000
    { name: "fixed per item is capped at the subtotal", rule: fixedItem(600), line: item({ unit_price: 500, quantity: 2 }), want: 1000 },
    // fixed "total" alone in the cart: min(300, 1000) · 1000 / 1000 = 300
    { name: "fixed total on a single item", rule: fixedTotal(300), line: item({ unit_price: 1000 }), want: 300 },
    // min(5000, 1000) · 1 = 1000
    { name: "fixed total larger than the cart", rule: fixedTotal(5000), line: item({ unit_price: 1000 }), want: 1000 },
    // allow_discounts=false → 0 whatever the rule
    { name: "allow_discounts=false", rule: percentage(10), line: item({ allow_discounts: false }), want: 0 },
    // tax-inclusive 1250 × 2 at 25%: net subtotal 2500 − 500 = 2000 → 10% = 200
    {
      name: "percentage of a tax-inclusive item uses its tax-exclusive subtotal",
      rule: percentage(10),
      line: item({ unit_price: 1250, quantity: 2, includes_tax: true, tax_lines: rates(25) }),
      want: 200,
    },
    // fixed per item 1200 · 1 capped at the net subtotal 1000
    {
      name: "cap on a tax-inclusive item is its tax-exclusive subtotal",
      rule: fixedItem(1200),
      line: item({ unit_price: 1250, includes_tax: true, tax_lines: rates(25) }),
      want: 1000,
    },
  ])("$name → $want", ({ rule, line, want }) => {
    expect(calculateDiscountForLineItem(rule, line, [line])).toBe(want)
  })

  it("splits a fixed total proportionally and UNROUNDED across three items", () => {
    // 500 over 1950 / 1000 / 3500 (Σ 6450): 500 · 1950/6450 = 151.16…, 500 · 1000/6450 = 77.51…, 500 · 3500/6450 = 271.31…
    // (the exact numbers Medusa stored in live-na-fixed-freeship-giftcard-exceeds.json)
    const items = [item({ id: "a", unit_price: 1950 }), item({ id: "b", unit_price: 1000 }), item({ id: "c", unit_price: 3500 })]
    const amounts = items.map((line) => calculateDiscountForLineItem(fixedTotal(500), line, items))
    expect(amounts).toEqual([151.1627906976744, 77.51937984496124, 271.3178294573643])
    expect(amounts.reduce((a, b) => a + b, 0)).toBeCloseTo(500, 10)
  })

  it("leaves items that do not allow discounts out of the fixed-total denominator", () => {
    // Σ = 1000 + 3000 (the 25000 item does not allow discounts); 400 · 1000/4000 = 100, 400 · 3000/4000 = 300
    const items = [
      item({ id: "a", unit_price: 1000 }),
      item({ id: "b", unit_price: 3000 }),
      item({ id: "x", unit_price: 500, quantity: 50, allow_discounts: false }),
    ]
    expect(items.map((line) => calculateDiscountForLineItem(fixedTotal(400), line, items))).toEqual([100, 300, 0])
  })

  it("keeps items excluded by conditions in the fixed-total denominator, as v1 does", () => {
    // Σ = 1000 + 1000 (eligibility is not looked at): the eligible item gets 500 · 1000/2000 = 250
    const items = [item({ id: "a" }), item({ id: "b", eligible: false })]
    expect(calculateDiscountForLineItem(fixedTotal(500), items[0]!, items)).toBe(250)
  })

  it("mixes a tax-inclusive item into the fixed-total denominator at its net subtotal", () => {
    // Σ = 2000 (1250 × 2 incl. 25%, net) + 1000 = 3000; 300 · 2000/3000 = 200, 300 · 1000/3000 = 100
    const items = [
      item({ id: "a", unit_price: 1250, quantity: 2, includes_tax: true, tax_lines: rates(25) }),
      item({ id: "b", unit_price: 1000 }),
    ]
    expect(items.map((line) => calculateDiscountForLineItem(fixedTotal(300), line, items))).toEqual([200, 100])
  })

  it("gives 0 for a fixed total when nothing discountable has a price (v1 would produce NaN)", () => {
    const items = [item({ unit_price: 0 })]
    expect(calculateDiscountForLineItem(fixedTotal(500), items[0]!, items)).toBe(0)
  })
})

describe("computeLineItemAdjustments", () => {
  const discount = { id: "disc_1", rule: percentage(10) }

  it("creates one adjustment per discountable item, skipping returns, exclusions, non-discountable and zero amounts", () => {
    const items = [
      item({ id: "ok", unit_price: 1950, quantity: 4 }), // 780
      item({ id: "no_discounts", allow_discounts: false }),
      item({ id: "return", is_return: true }),
      item({ id: "excluded", eligible: false }),
      item({ id: "tiny", unit_price: 4 }), // 0.4 → 0 → no adjustment
      item({ id: "half", unit_price: 5 }), // 0.5 → 1
    ]
    expect(computeLineItemAdjustments(discount, items)).toEqual([
      { item_id: "ok", amount: 780, discount_id: "disc_1", description: "discount" },
      { item_id: "half", amount: 1, discount_id: "disc_1", description: "discount" },
    ])
  })

  it("leaves a swap cart's return lines out of a fixed discount's \"total\" allocation", () => {
    const fixed = { id: "disc_fixed", rule: { type: "fixed" as const, value: 400, allocation: "total" as const } }
    const items = [
      item({ id: "cap", unit_price: 1000 }),
      // A credit line of a discountable product: counted, Σ would be −1000 and the cap's share 1000 instead of 400.
      item({ id: "credit", unit_price: -2000, is_return: true }),
    ]
    expect(computeLineItemAdjustments(fixed, items)).toEqual([{ item_id: "cap", amount: 400, discount_id: "disc_fixed", description: "discount" }])
  })

  it("creates none without a regular discount", () => {
    const items = [item()]
    expect(computeLineItemAdjustments(null, items)).toEqual([])
    expect(computeLineItemAdjustments(undefined, items)).toEqual([])
    expect(computeLineItemAdjustments({ id: "disc_fs", rule: { type: "free_shipping", value: 0, allocation: "total" } }, items)).toEqual([])
  })

  it("picks the regular discount and detects free shipping like v1", () => {
    const free = { id: "disc_fs", rule: { type: "free_shipping" as const, value: 0, allocation: "total" as const } }
    expect(regularDiscount([free, discount])).toBe(discount)
    expect(regularDiscount([free])).toBeUndefined()
    expect(hasFreeShipping([free, discount])).toBe(true)
    expect(hasFreeShipping([discount])).toBe(false)
  })

  // Seeded discounts have no conditions, so every item with a product is eligible.
  it.each([
    "73-update-cart-discount",
    "77-update-cart-discount-fixed-replaces",
    "85-get-cart-after-updates",
    "128-eu-apply-gift-card",
    "live-eu-percentage-freeship-giftcard",
    "live-na-fixed-freeship-giftcard-exceeds",
  ])("reproduces the adjustments Medusa stored in %s", (file) => {
    const cart = goldenCart(file)
    const recorded = regularDiscount(cart.discounts)!
    const items: DiscountableItem[] = cart.items.map((i) => ({
      id: i.id,
      unit_price: i.unit_price,
      quantity: i.quantity,
      includes_tax: false,
      allow_discounts: i.allow_discounts,
      tax_lines: i.tax_lines,
      adjustments: [],
      is_return: i.is_return,
      eligible: isItemEligible([], i.variant ? { product_id: i.variant.product_id, type_id: null, collection_id: null, tag_ids: [] } : null),
    }))
    const want = cart.items.flatMap((i) =>
      i.adjustments.map((a) => ({ item_id: i.id, amount: a.amount, discount_id: a.discount_id, description: "discount" })),
    )
    expect(want.length).toBeGreaterThan(0)
    expect(computeLineItemAdjustments({ id: recorded.id, rule: goldenRule(recorded) }, items)).toEqual(want)
  })
})

describe("isItemEligible", () => {
  const product: ItemProductFacts = { product_id: "prod_shirt", type_id: "ptyp_apparel", collection_id: "pcol_summer", tag_ids: ["tag_cotton", "tag_new"] }
  const untyped: ItemProductFacts = { product_id: "prod_mug", type_id: null, collection_id: null, tag_ids: [] }
  const cond = (type: DiscountConditionInput["type"], operator: "in" | "not_in", ...target_ids: string[]): DiscountConditionInput => ({
    type,
    operator,
    target_ids,
  })

  it.each([
    { name: "no conditions", conditions: [], facts: product, want: true },
    { name: "custom line item (no product) never qualifies", conditions: [], facts: null, want: false },
    { name: "products in: listed", conditions: [cond("products", "in", "prod_x", "prod_shirt")], facts: product, want: true },
    { name: "products in: not listed", conditions: [cond("products", "in", "prod_x")], facts: product, want: false },
    { name: "products not_in: listed", conditions: [cond("products", "not_in", "prod_shirt")], facts: product, want: false },
    { name: "products not_in: not listed", conditions: [cond("products", "not_in", "prod_x")], facts: product, want: true },
    { name: "product_types in: match", conditions: [cond("product_types", "in", "ptyp_apparel")], facts: product, want: true },
    { name: "product_types in: product without type", conditions: [cond("product_types", "in", "ptyp_apparel")], facts: untyped, want: false },
    { name: "product_types not_in: product without type", conditions: [cond("product_types", "not_in", "ptyp_apparel")], facts: untyped, want: true },
    { name: "product_collections in: match", conditions: [cond("product_collections", "in", "pcol_summer")], facts: product, want: true },
    { name: "product_collections not_in: match", conditions: [cond("product_collections", "not_in", "pcol_summer")], facts: product, want: false },
    { name: "product_collections in: no collection", conditions: [cond("product_collections", "in", "pcol_summer")], facts: untyped, want: false },
    { name: "product_tags in: one tag matches", conditions: [cond("product_tags", "in", "tag_new", "tag_x")], facts: product, want: true },
    { name: "product_tags in: no tag matches", conditions: [cond("product_tags", "in", "tag_x")], facts: product, want: false },
    { name: "product_tags not_in: one tag matches", conditions: [cond("product_tags", "not_in", "tag_cotton")], facts: product, want: false },
    { name: "product_tags not_in: untagged product", conditions: [cond("product_tags", "not_in", "tag_cotton")], facts: untyped, want: true },
    {
      name: "all conditions must hold (one fails)",
      conditions: [cond("products", "in", "prod_shirt"), cond("product_tags", "not_in", "tag_new")],
      facts: product,
      want: false,
    },
    {
      name: "all conditions must hold (all pass)",
      conditions: [cond("products", "in", "prod_shirt"), cond("product_collections", "in", "pcol_summer"), cond("product_types", "not_in", "ptyp_x")],
      facts: product,
      want: true,
    },
    { name: "customer_groups conditions are not about items", conditions: [cond("customer_groups", "in", "cgrp_vip")], facts: product, want: true },
  ])("$name → $want", ({ conditions, facts, want }) => {
    expect(isItemEligible(conditions, facts)).toBe(want)
  })
})

describe("checkDiscountApplicable", () => {
  const now = new Date("2026-11-27T10:00:00.000Z")
  const discount = (over: Partial<DiscountValidationInput> = {}): DiscountValidationInput => ({
    code: "TEST10",
    is_disabled: false,
    starts_at: "2026-01-01T00:00:00.000Z",
    ends_at: null,
    usage_limit: null,
    usage_count: 0,
    region_ids: ["reg_na", "reg_eu"],
    ...over,
  })
  const errorOf = (d: DiscountValidationInput, ctx: Partial<Parameters<typeof checkDiscountApplicable>[1]> = {}) => {
    try {
      checkDiscountApplicable(d, { now, regionId: "reg_na", ...ctx })
    } catch (err) {
      expect(err).toBeInstanceOf(MedusaError)
      const e = err as MedusaError
      return { type: e.type, message: e.message, code: e.code }
    }
    return undefined
  }

  it.each([
    { name: "a valid discount", d: discount(), want: undefined },
    { name: "no limit when usage_limit is null", d: discount({ usage_count: 1000 }), want: undefined },
    { name: "no limit when usage_limit is 0 (falsy in v1)", d: discount({ usage_limit: 0, usage_count: 3 }), want: undefined },
    { name: "below the limit", d: discount({ usage_limit: 5, usage_count: 4 }), want: undefined },
    { name: "null usage_count counts as 0", d: discount({ usage_limit: 1, usage_count: null }), want: undefined },
    { name: "starting exactly now", d: discount({ starts_at: now }), want: undefined },
    { name: "ending exactly now", d: discount({ ends_at: "2026-11-27T10:00:00.000Z" }), want: undefined },
    {
      name: "usage limit reached",
      d: discount({ usage_limit: 5, usage_count: 5 }),
      want: { type: "not_allowed", message: "Discount TEST10 has been used maximum allowed times", code: undefined },
    },
    {
      name: "not started",
      d: discount({ starts_at: "2026-11-27T10:00:00.001Z" }),
      want: { type: "not_allowed", message: "Discount TEST10 is not valid yet", code: undefined },
    },
    {
      name: "expired",
      d: discount({ code: "EXPIRED", ends_at: new Date("2026-11-27T09:59:59.999Z") }),
      want: { type: "not_allowed", message: "Discount EXPIRED is expired", code: undefined },
    },
    {
      name: "disabled",
      d: discount({ is_disabled: true }),
      want: { type: "not_allowed", message: "The discount code TEST10 is disabled", code: undefined },
    },
    {
      name: "customer-group discount on a cart without customer",
      d: discount({ has_customer_group_condition: true }),
      want: { type: "not_allowed", message: "Discount TEST10 is only valid for specific customer", code: undefined },
    },
    {
      name: "other region",
      d: discount({ code: "EUONLY", region_ids: ["reg_eu"] }),
      want: { type: "invalid_data", message: "The discount is not available in current region", code: undefined },
    },
    {
      name: "no regions at all",
      d: discount({ region_ids: [] }),
      want: { type: "invalid_data", message: "The discount is not available in current region", code: undefined },
    },
    {
      name: "usage limit is checked first (v1 order: limit, start, end, disabled, customer, region)",
      d: discount({ usage_limit: 1, usage_count: 1, ends_at: "2020-01-01T00:00:00Z", is_disabled: true, region_ids: [] }),
      want: { type: "not_allowed", message: "Discount TEST10 has been used maximum allowed times", code: undefined },
    },
    {
      name: "expiry before disabled and region",
      d: discount({ ends_at: "2020-01-01T00:00:00Z", is_disabled: true, region_ids: [] }),
      want: { type: "not_allowed", message: "Discount TEST10 is expired", code: undefined },
    },
    {
      name: "disabled before region",
      d: discount({ is_disabled: true, region_ids: [] }),
      want: { type: "not_allowed", message: "The discount code TEST10 is disabled", code: undefined },
    },
  ])("$name", ({ d, want }) => {
    expect(errorOf(d)).toEqual(want)
  })

  it("checks the customer's groups only for a cart with a customer, after the region", () => {
    const d = discount({ has_customer_group_condition: true })
    expect(errorOf(d, { customerId: "cus_1", customerEligible: true })).toBeUndefined()
    expect(errorOf(d, { customerId: "cus_1", customerEligible: false })).toEqual({
      type: "not_allowed",
      message: "Discount TEST10 is not valid for customer",
      code: undefined,
    })
    expect(errorOf(discount({ region_ids: ["reg_eu"] }), { customerId: "cus_1", customerEligible: false })?.message).toBe(
      "The discount is not available in current region",
    )
  })

  it("returns the error instead of throwing through discountApplicabilityError", () => {
    expect(discountApplicabilityError(discount(), { now, regionId: "reg_na" })).toBeUndefined()
    expect(discountApplicabilityError(discount({ is_disabled: true }), { now, regionId: "reg_na" })?.message).toBe(
      "The discount code TEST10 is disabled",
    )
  })

  it("matches the bodies Medusa answered in golden 75 and 76", () => {
    const expired = errorOf(discount({ code: "EXPIRED", ends_at: "2026-11-26T00:00:00Z" }))
    expect({ type: expired?.type, message: expired?.message }).toEqual(g75.response.body)
    const euOnly = errorOf(discount({ code: "EUONLY", region_ids: ["reg_eu"] }))
    expect({ type: euOnly?.type, message: euOnly?.message }).toEqual(g76.response.body)
  })
})
