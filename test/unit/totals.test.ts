import { describe, expect, it } from "vitest"
import {
  computeCartTotals,
  computeGiftCardTotals,
  type GiftCardInput,
  type LineItemInput,
  type ShippingMethodInput,
  type TotalsInput,
} from "../../src/domain/totals"
import { cartInputFromGolden, type GoldenCart, goldenCarts } from "../fixtures/golden/carts"

const rates = (...values: (number | null)[]) => values.map((rate) => ({ rate }))
const adj = (amount: number, discount_id: string | null = "disc_1") => ({ amount, discount_id })

const item = (over: Partial<LineItemInput> = {}): LineItemInput => ({
  id: "item_1",
  unit_price: 1000,
  quantity: 1,
  includes_tax: false,
  allow_discounts: true,
  tax_lines: [],
  adjustments: [],
  ...over,
})
const method = (over: Partial<ShippingMethodInput> = {}): ShippingMethodInput => ({
  id: "sm_1",
  price: 1000,
  includes_tax: false,
  tax_lines: [],
  ...over,
})
const cartInput = (over: Partial<TotalsInput> = {}): TotalsInput => ({
  items: [],
  shipping_methods: [],
  gift_cards: [],
  gift_cards_taxable: true,
  discount_id: "disc_1",
  free_shipping: false,
  ...over,
})
const card = (balance: number, tax_rate: number | null = null): GiftCardInput => ({ balance, tax_rate })

describe("line item totals", () => {
  it.each([
    {
      name: "tax-exclusive, one tax line",
      // 2 × 1000 at 25% → subtotal 2000, tax 500, total 2500
      item: item({ unit_price: 1000, quantity: 2, tax_lines: rates(25) }),
      want: { subtotal: 2000, discount_total: 0, raw_discount_total: 0, tax_total: 500, original_tax_total: 500, total: 2500, original_total: 2500 },
    },
    {
      name: "discount reduces the taxable amount",
      // 999 − 100 = 899; 899 · 0.25 = 224.75 → 225; total 999 − 100 + 225 = 1124; original tax 249.75 → 250
      item: item({ unit_price: 999, tax_lines: rates(25), adjustments: [adj(100)] }),
      want: { subtotal: 999, discount_total: 100, raw_discount_total: 100, tax_total: 225, original_tax_total: 250, total: 1124, original_total: 1249 },
    },
    {
      name: "two tax lines are rounded one by one",
      // 105 · 0.1 = 10.5 → 11, twice → 22 (one 20% line would give 21); total 105 + 22 = 127
      item: item({ unit_price: 105, tax_lines: rates(10, 10) }),
      want: { subtotal: 105, discount_total: 0, raw_discount_total: 0, tax_total: 22, original_tax_total: 22, total: 127, original_total: 127 },
    },
    {
      name: "two tax lines with a fractional raw discount",
      // discount 5.5 → 6; taxable 105 − 5.5 = 99.5; 9.95 → 10 per line → 20; total 105 − 6 + 20 = 119
      item: item({ unit_price: 105, tax_lines: rates(10, 10), adjustments: [adj(5.5)] }),
      want: { subtotal: 105, discount_total: 6, raw_discount_total: 5.5, tax_total: 20, original_tax_total: 22, total: 119, original_total: 127 },
    },
    {
      name: "tax is computed on the RAW discount, not the rounded one",
      // raw 0.4 → discount_total 0; taxable 1002 − 0.4 = 1001.6 → 250.4 → 250 (1002 · 0.25 = 250.5 would be 251)
      item: item({ unit_price: 1002, tax_lines: rates(25), adjustments: [adj(0.4)] }),
      want: { subtotal: 1002, discount_total: 0, raw_discount_total: 0.4, tax_total: 250, original_tax_total: 251, total: 1252, original_total: 1253 },
    },
    {
      name: "fixed-total share (unrounded adjustment)",
      // 151.1627906976744 → 151; (1950 − 151.16…) · 0.25 = 449.709… → 450; 1950 · 0.25 = 487.5 → 488
      item: item({ unit_price: 1950, tax_lines: rates(25), adjustments: [adj(151.1627906976744)] }),
      want: { subtotal: 1950, discount_total: 151, raw_discount_total: 151.1627906976744, tax_total: 450, original_tax_total: 488, total: 2249, original_total: 2438 },
    },
    {
      name: "no tax lines → no tax",
      // 3 × 500 − 150 = 1350
      item: item({ unit_price: 500, quantity: 3, adjustments: [adj(150)] }),
      want: { subtotal: 1500, discount_total: 150, raw_discount_total: 150, tax_total: 0, original_tax_total: 0, total: 1350, original_total: 1500 },
    },
    {
      name: "a null tax rate counts as 0",
      item: item({ unit_price: 800, tax_lines: rates(null) }),
      want: { subtotal: 800, discount_total: 0, raw_discount_total: 0, tax_total: 0, original_tax_total: 0, total: 800, original_total: 800 },
    },
    {
      name: "tax-inclusive price",
      // included = round(1250 · 0.25 / 1.25) = 250; taxable (1250 − 250) · 2 = 2000 → tax 500;
      // subtotal = 2500 − 500 = 2000 (net of tax); total = 2000 + 500 = 2500
      item: item({ unit_price: 1250, quantity: 2, includes_tax: true, tax_lines: rates(25) }),
      want: { subtotal: 2000, discount_total: 0, raw_discount_total: 0, tax_total: 500, original_tax_total: 500, total: 2500, original_total: 2500 },
    },
    {
      name: "tax-inclusive price with a discount",
      // taxable 2000 − 200 = 1800 → tax 450; total = 2000 − 200 + 450 = 2250
      item: item({ unit_price: 1250, quantity: 2, includes_tax: true, tax_lines: rates(25), adjustments: [adj(200)] }),
      want: { subtotal: 2000, discount_total: 200, raw_discount_total: 200, tax_total: 450, original_tax_total: 500, total: 2250, original_total: 2500 },
    },
    {
      name: "tax-inclusive with two lines: included tax uses the summed rate, the lines round separately",
      // r = 0.2: included = round(1003 · 0.2 / 1.2 = 167.17) = 167; net 836; 83.6 → 84 per line = 168;
      // subtotal = 1003 − 168 = 835 (not 836); total = 835 + 168 = 1003
      item: item({ unit_price: 1003, includes_tax: true, tax_lines: rates(10, 10) }),
      want: { subtotal: 835, discount_total: 0, raw_discount_total: 0, tax_total: 168, original_tax_total: 168, total: 1003, original_total: 1003 },
    },
    {
      name: "tax-inclusive without tax lines: v1 leaves the subtotal at 0",
      // subtotal 0, total = 0 − 100
      item: item({ unit_price: 1000, includes_tax: true, adjustments: [adj(100)] }),
      want: { subtotal: 0, discount_total: 100, raw_discount_total: 100, tax_total: 0, original_tax_total: 0, total: -100, original_total: 0 },
    },
    {
      name: "allow_discounts=false ignores the discount's adjustments",
      item: item({ unit_price: 500, quantity: 50, allow_discounts: false, tax_lines: rates(0), adjustments: [adj(2500)] }),
      want: { subtotal: 25000, discount_total: 0, raw_discount_total: 0, tax_total: 0, original_tax_total: 0, total: 25000, original_total: 25000 },
    },
    {
      name: "custom adjustments (discount_id null) count even without allow_discounts",
      // 1000 − 300 = 700; 700 · 0.1 = 70
      item: item({ allow_discounts: false, tax_lines: rates(10), adjustments: [adj(300, null), adj(50)] }),
      want: { subtotal: 1000, discount_total: 300, raw_discount_total: 300, tax_total: 70, original_tax_total: 100, total: 770, original_total: 1100 },
    },
    {
      name: "adjustments of another (stale) discount are ignored; custom and current ones add up",
      // 40 (disc_1) + 10 (custom) = 50; 999 (disc_old) ignored
      item: item({ adjustments: [adj(999, "disc_old"), adj(40), adj(10, null)] }),
      want: { subtotal: 1000, discount_total: 50, raw_discount_total: 50, tax_total: 0, original_tax_total: 0, total: 950, original_total: 1000 },
    },
    {
      name: "return line with a negative price (golden 185)",
      item: item({ unit_price: -1950, tax_lines: rates(0) }),
      want: { subtotal: -1950, discount_total: 0, raw_discount_total: 0, tax_total: 0, original_tax_total: 0, total: -1950, original_total: -1950 },
    },
  ])("$name", ({ item: line, want }) => {
    const totals = computeCartTotals(cartInput({ items: [line] }))
    expect(totals.items[line.id]).toEqual({ unit_price: line.unit_price, quantity: line.quantity, ...want })
  })

  it("uses only custom adjustments when the cart has no regular discount", () => {
    const line = item({ adjustments: [adj(40), adj(10, null)] })
    expect(computeCartTotals(cartInput({ items: [line], discount_id: null })).items.item_1?.raw_discount_total).toBe(10)
  })
})

describe("shipping method totals", () => {
  it.each([
    {
      name: "tax-exclusive (golden 131: 800 at 25%)",
      method: method({ price: 800, tax_lines: rates(25) }),
      free: false,
      want: { price: 800, subtotal: 800, tax_total: 200, original_tax_total: 200, total: 1000, original_total: 1000 },
    },
    {
      name: "two lines: summed unrounded, rounded once",
      // 10.5 + 10.5 = 21 (an item would round each line: 22)
      method: method({ price: 105, tax_lines: rates(10, 10) }),
      free: false,
      want: { price: 105, subtotal: 105, tax_total: 21, original_tax_total: 21, total: 126, original_total: 126 },
    },
    {
      name: "tax-inclusive",
      // 1000 · 0.25 / 1.25 = 200; subtotal 800; total stays 1000
      method: method({ price: 1000, includes_tax: true, tax_lines: rates(25) }),
      free: false,
      want: { price: 1000, subtotal: 800, tax_total: 200, original_tax_total: 200, total: 1000, original_total: 1000 },
    },
    {
      name: "tax-inclusive with two lines: each line uses its own rate",
      // 1100 · 0.1 / 1.1 = 100 per line → 200 (one 20% line would give 1100 · 0.2 / 1.2 = 183)
      method: method({ price: 1100, includes_tax: true, tax_lines: rates(10, 10) }),
      free: false,
      want: { price: 1100, subtotal: 900, tax_total: 200, original_tax_total: 200, total: 1100, original_total: 1100 },
    },
    {
      name: "no tax lines",
      method: method({ price: 1000 }),
      free: false,
      want: { price: 1000, subtotal: 1000, tax_total: 0, original_tax_total: 0, total: 1000, original_total: 1000 },
    },
    {
      name: "free shipping zeroes subtotal, tax and total; price and originals stay",
      method: method({ price: 800, tax_lines: rates(25) }),
      free: true,
      want: { price: 800, subtotal: 0, tax_total: 0, original_tax_total: 200, total: 0, original_total: 1000 },
    },
    {
      name: "free shipping on a tax-inclusive price",
      method: method({ price: 1000, includes_tax: true, tax_lines: rates(25) }),
      free: true,
      want: { price: 1000, subtotal: 0, tax_total: 0, original_tax_total: 200, total: 0, original_total: 1000 },
    },
  ])("$name", ({ method: m, free, want }) => {
    const totals = computeCartTotals(cartInput({ shipping_methods: [m], free_shipping: free }))
    expect(totals.shipping_methods[m.id]).toEqual(want)
    expect(totals.shipping_total).toBe(want.subtotal)
    expect(totals.shipping_tax_total).toBe(want.tax_total)
  })
})

describe("cart aggregation", () => {
  it("returns zeros for an empty cart", () => {
    expect(computeCartTotals(cartInput())).toEqual({
      subtotal: 0,
      discount_total: 0,
      raw_discount_total: 0,
      item_tax_total: 0,
      shipping_total: 0,
      shipping_tax_total: 0,
      tax_total: 0,
      gift_card_total: 0,
      gift_card_tax_total: 0,
      total: 0,
      items: {},
      shipping_methods: {},
    })
  })

  it("rounds the SUM of raw discounts, not the sum of rounded item discounts", () => {
    // fixed 500 over three 1000 items: 166.67 each → items show 167 (Σ 501) but the cart rounds 500.0 → 500
    const share = 500 * (1000 / 3000)
    const items = ["a", "b", "c"].map((id) => item({ id, adjustments: [adj(share)] }))
    const totals = computeCartTotals(cartInput({ items }))
    expect(Object.values(totals.items).map((t) => t.discount_total)).toEqual([167, 167, 167])
    expect(totals).toMatchObject({ subtotal: 3000, discount_total: 500, total: 2500 })
    expect(totals.raw_discount_total).toBeCloseTo(500, 10)
  })

  it("adds item and shipping tax; shipping_total is the methods' subtotals", () => {
    // items: 2000 at 25% (500) + 1250 incl. 25% (net 1000, tax 250); methods: 800 at 25% (200) + 1000 incl. 25% (net 800, tax 200)
    const totals = computeCartTotals(
      cartInput({
        items: [
          item({ id: "i1", unit_price: 1000, quantity: 2, tax_lines: rates(25) }),
          item({ id: "i2", unit_price: 1250, includes_tax: true, tax_lines: rates(25) }),
        ],
        shipping_methods: [
          method({ id: "m1", price: 800, tax_lines: rates(25) }),
          method({ id: "m2", price: 1000, includes_tax: true, tax_lines: rates(25) }),
        ],
      }),
    )
    // subtotal 2000 + 1000 = 3000; shipping 800 + 800 = 1600; tax 750 + 400 = 1150; total 3000 + 1600 + 1150 = 5750
    expect(totals).toMatchObject({
      subtotal: 3000,
      item_tax_total: 750,
      shipping_total: 1600,
      shipping_tax_total: 400,
      tax_total: 1150,
      total: 5750,
    })
  })

  // One taxed item 10000 at 25% (tax 2500) unless stated; the gift-cardable amount is 10000 (taxable cards) or 12500.
  const base = { items: [item({ unit_price: 10000, tax_lines: rates(25) })] }
  it.each([
    {
      name: "card smaller than the total, no card tax rate",
      // card 3000 ≤ 10000 → 3000; total 10000 + 2500 − 3000 = 9500
      input: cartInput({ ...base, gift_cards: [card(3000)] }),
      want: { gift_card_total: 3000, gift_card_tax_total: 0, total: 9500 },
    },
    {
      name: "card bigger than the total, gift_cards_taxable=true: tax is still paid",
      // min(10000, 20000) = 10000; total 12500 − 10000 = 2500
      input: cartInput({ ...base, gift_cards: [card(20000)] }),
      want: { gift_card_total: 10000, gift_card_tax_total: 0, total: 2500 },
    },
    {
      name: "card bigger than the total, gift_cards_taxable=false: the card covers the tax too",
      // gift-cardable 10000 + 2500 = 12500 → card 12500; total 0
      input: cartInput({ ...base, gift_cards: [card(20000)], gift_cards_taxable: false }),
      want: { gift_card_total: 12500, gift_card_tax_total: 0, total: 0 },
    },
    {
      name: "card smaller, gift_cards_taxable=false: same as taxable when the card is used up",
      input: cartInput({ ...base, gift_cards: [card(3000)], gift_cards_taxable: false }),
      want: { gift_card_total: 3000, gift_card_tax_total: 0, total: 9500 },
    },
    {
      name: "card with a tax rate (golden 128's shape)",
      // 3000 · 0.25 = 750; total 12500 − (3000 + 750) = 8750
      input: cartInput({ ...base, gift_cards: [card(3000, 25)] }),
      want: { gift_card_total: 3000, gift_card_tax_total: 750, total: 8750 },
    },
    {
      name: "card with a tax rate, bigger than the total",
      // taxed on min(10000, 20000) = 10000 → 2500; total 12500 − (10000 + 2500) = 0
      input: cartInput({ ...base, gift_cards: [card(20000, 25)] }),
      want: { gift_card_total: 10000, gift_card_tax_total: 2500, total: 0 },
    },
    {
      name: "card with tax rate 0 counts as untaxed",
      input: cartInput({ ...base, gift_cards: [card(3000, 0)] }),
      want: { gift_card_total: 3000, gift_card_tax_total: 0, total: 9500 },
    },
    {
      name: "two taxed cards are walked in order",
      // card 1: 6000 · 0.25 = 1500, remaining 4000; card 2: min(4000, 6000) · 0.1 = 400;
      // total card min(10000, 12000) = 10000; total 12500 − (10000 + 1900) = 600
      input: cartInput({ ...base, gift_cards: [card(6000, 25), card(6000, 10)] }),
      want: { gift_card_total: 10000, gift_card_tax_total: 1900, total: 600 },
    },
    {
      name: "an untaxed first card does not use up the remaining amount (v1 reducer)",
      // card 1 skipped (remaining stays 10000); card 2: min(10000, 6000) · 0.1 = 600; total 12500 − 10600 = 1900
      input: cartInput({ ...base, gift_cards: [card(6000), card(6000, 10)] }),
      want: { gift_card_total: 10000, gift_card_tax_total: 600, total: 1900 },
    },
    {
      name: "discount and shipping enter the gift-cardable amount (taxable cards)",
      // item 10000 − 1000 → tax 9000 · 0.25 = 2250; shipping 800 + 200 tax; gift-cardable 10000 + 800 − 1000 = 9800;
      // total 10000 + 800 + 2450 − (9800 + 1000) = 2450
      input: cartInput({
        items: [item({ unit_price: 10000, tax_lines: rates(25), adjustments: [adj(1000)] })],
        shipping_methods: [method({ price: 800, tax_lines: rates(25) })],
        gift_cards: [card(20000)],
      }),
      want: { gift_card_total: 9800, gift_card_tax_total: 0, total: 2450 },
    },
    {
      name: "discount and shipping enter the gift-cardable amount (untaxed cards)",
      // gift-cardable 10000 + 800 + 2450 − 1000 = 12250 → total 0
      input: cartInput({
        items: [item({ unit_price: 10000, tax_lines: rates(25), adjustments: [adj(1000)] })],
        shipping_methods: [method({ price: 800, tax_lines: rates(25) })],
        gift_cards: [card(20000)],
        gift_cards_taxable: false,
      }),
      want: { gift_card_total: 12250, gift_card_tax_total: 0, total: 0 },
    },
    {
      name: "free shipping removes shipping from the gift-cardable amount",
      // shipping zeroed → gift-cardable 10000 − 1000 = 9000; total 10000 + 2250 − (9000 + 1000) = 2250
      input: cartInput({
        items: [item({ unit_price: 10000, tax_lines: rates(25), adjustments: [adj(1000)] })],
        shipping_methods: [method({ price: 800, tax_lines: rates(25) })],
        gift_cards: [card(20000)],
        free_shipping: true,
      }),
      want: { gift_card_total: 9000, gift_card_tax_total: 0, total: 2250 },
    },
  ])("gift cards: $name", ({ input, want }) => {
    expect(computeCartTotals(input)).toMatchObject(want)
  })

  it("gift-card totals are 0 without cards, whatever the amount", () => {
    expect(computeGiftCardTotals(5000, [])).toEqual({ total: 0, tax_total: 0 })
    // a zero gift-cardable amount: min(0, 3000) = 0, no tax
    expect(computeGiftCardTotals(0, [card(3000, 25)])).toEqual({ total: 0, tax_total: 0 })
  })

  it("a gift card never pays a negative amount: a cart that owes the shopper money takes 0 from it", () => {
    expect(computeGiftCardTotals(-1500, [card(5000, 25)])).toEqual({ total: 0, tax_total: 0 })
    // A swap cart: return shipping 500 and a credited line −2000, each 10 % tax — the total stays −1650.
    const swapCart = cartInput({
      items: [item({ id: "ship", unit_price: 500, tax_lines: rates(10) }), item({ id: "credit", unit_price: -2000, tax_lines: rates(10) })],
      gift_cards: [card(5000)],
    })
    expect(computeCartTotals(swapCart)).toMatchObject({ gift_card_total: 0, gift_card_tax_total: 0, total: -1650 })
  })

  it("does not mutate its input", () => {
    const input = cartInput({ items: [item({ tax_lines: rates(25), adjustments: [adj(100)] })], gift_cards: [card(50, 25)] })
    const copy = structuredClone(input)
    computeCartTotals(input)
    expect(input).toEqual(copy)
  })
})

describe("golden cross-check: totals equal the ones Medusa v1 recorded", () => {
  const cartFields = [
    "subtotal",
    "discount_total",
    "item_tax_total",
    "shipping_total",
    "shipping_tax_total",
    "tax_total",
    "gift_card_total",
    "gift_card_tax_total",
    "total",
  ] as const
  const itemFields = ["unit_price", "quantity", "subtotal", "discount_total", "raw_discount_total", "tax_total", "original_tax_total", "total", "original_total"] as const
  const methodFields = ["price", "subtotal", "tax_total", "original_tax_total", "total", "original_total"] as const
  const pick = <K extends string>(o: Partial<Record<K, unknown>>, keys: readonly K[]) =>
    Object.fromEntries(keys.map((k) => [k, o[k]]))

  it.each(goldenCarts)("$file", ({ cart }: { cart: GoldenCart }) => {
    const totals = computeCartTotals(cartInputFromGolden(cart))
    expect(pick(totals, cartFields)).toEqual(pick(cart, cartFields))
    for (const line of cart.items) {
      expect(pick(totals.items[line.id] ?? {}, itemFields)).toEqual(pick(line, itemFields))
    }
    for (const sm of cart.shipping_methods) {
      expect(pick(totals.shipping_methods[sm.id] ?? {}, methodFields)).toEqual(pick(sm, methodFields))
    }
    expect(Object.keys(totals.items)).toEqual(cart.items.map((i) => i.id))
  })
})
