import { beforeAll, describe, expect, it } from "vitest"
import { api } from "../helpers/api"
import { arrangeStore, fixtureId } from "../helpers/cart-fixtures"
import { insertDiscount, insertGiftCard } from "../helpers/promotion-fixtures"
import g127 from "../fixtures/medusa-v1/golden/127-eu-update-cart.json"
import g128 from "../fixtures/medusa-v1/golden/128-eu-apply-gift-card.json"

const v = { a: fixtureId("variant"), b: fixtureId("variant") }
let store: Awaited<ReturnType<typeof arrangeStore>>

beforeAll(async () => {
  const other = await arrangeStore({ region: { currency_code: "eur", countries: ["de"] } })
  store = await arrangeStore({
    region: { currency_code: "usd", tax_rate: 25, countries: ["us"] },
    products: [
      { title: "A", variants: [{ id: v.a, prices: [{ currency_code: "usd", amount: 1030 }] }] },
      { title: "B", variants: [{ id: v.b, prices: [{ currency_code: "usd", amount: 2000 }] }] },
    ],
  })
  const regionId = store.regionId
  await insertGiftCard({ code: "GC-2000", balance: 2000, regionId })
  await insertGiftCard({ code: "GC-1000", balance: 1000, regionId })
  await insertGiftCard({ code: "GC-BIG", balance: 100_000, regionId })
  await insertGiftCard({ code: "GC-TAXED", balance: 2000, regionId, tax_rate: 25 })
  await insertGiftCard({ code: "GC-OLD", balance: 300, regionId, ends_at: "2020-01-01T00:00:00.000Z" })
  await insertGiftCard({ code: "GC-OFF", balance: 2000, regionId, is_disabled: true })
  await insertGiftCard({ code: "GC-EU", balance: 5000, regionId: other.regionId })
})

/** A (1030) + 2 × B (2000): subtotal 5030, tax round(257.5) + 1000 = 1258, total 6288. */
const newCart = async () => {
  const res = await api.post("/store/carts", {
    region_id: store.regionId,
    items: [{ variant_id: v.a, quantity: 1 }, { variant_id: v.b, quantity: 2 }],
  })
  expect(res.status).toBe(200)
  expect(res.body.cart.total).toBe(6288)
  return res.body.cart
}
const useCards = (cartId: string, codes: string[] | null) =>
  api.post(`/store/carts/${cartId}`, { gift_cards: codes === null ? null : codes.map((code) => ({ code })) })
const codesOf = (cart: { gift_cards: { code: string }[] }) => cart.gift_cards.map((g) => g.code)

describe("gift cards through POST /store/carts/:id", () => {
  it("applies a card: its balance comes off the total (golden 81)", async () => {
    const res = await useCards((await newCart()).id, ["GC-2000"])
    expect(res.status).toBe(200)
    expect(res.body.cart.gift_cards).toEqual([expect.objectContaining({ code: "GC-2000", balance: 2000, region_id: store.regionId })])
    // 5030 + 1258 - 2000
    expect(res.body.cart).toMatchObject({ gift_card_total: 2000, gift_card_tax_total: 0, total: 4288 })
  })

  it("uses only what the cart can take: min(giftCardable, Σ balance)", async () => {
    const res = await useCards((await newCart()).id, ["GC-BIG"])
    // gift cards are taxable in this region, so giftCardable = subtotal + shipping - discount = 5030; the tax stays due
    expect(res.body.cart).toMatchObject({ gift_card_total: 5030, total: 1258 })
  })

  it("charges gift-card tax at the card's rate (golden 128)", async () => {
    const res = await useCards((await newCart()).id, ["GC-TAXED"])
    // round(2000 · 25%) = 500; 5030 + 1258 - 2000 - 500
    expect(res.body.cart).toMatchObject({ gift_card_total: 2000, gift_card_tax_total: 500, total: 3788 })
  })

  it("sums several cards in the order given and ignores a repeated code", async () => {
    const res = await useCards((await newCart()).id, ["GC-1000", "GC-2000", "GC-1000"])
    expect(codesOf(res.body.cart)).toEqual(["GC-1000", "GC-2000"])
    expect(res.body.cart).toMatchObject({ gift_card_total: 3000, total: 3288 })
  })

  it("replaces the cart's cards with the list sent, and removes them all with [] or null (golden 84)", async () => {
    const cart = await newCart()
    await useCards(cart.id, ["GC-1000"])
    const replaced = await useCards(cart.id, ["GC-2000"])
    expect(codesOf(replaced.body.cart)).toEqual(["GC-2000"])
    const cleared = await useCards(cart.id, [])
    expect(cleared.body.cart).toMatchObject({ gift_cards: [], gift_card_total: 0, total: 6288 })
    await useCards(cart.id, ["GC-1000"])
    expect((await useCards(cart.id, null)).body.cart.gift_cards).toEqual([])
  })

  it("keeps the cards when the body does not mention gift_cards", async () => {
    const cart = await newCart()
    await useCards(cart.id, ["GC-1000"])
    const res = await api.post(`/store/carts/${cart.id}`, { email: "buyer@example.com" })
    expect(codesOf(res.body.cart)).toEqual(["GC-1000"])
  })

  it("accepts an expired card and counts it, as v1 does (it never looks at ends_at)", async () => {
    const res = await useCards((await newCart()).id, ["GC-OLD"])
    expect(res.status).toBe(200)
    expect(res.body.cart.gift_card_total).toBe(300)
  })

  it.each([
    [["NOPE-NOPE"], 404, "not_found", "Gift card with code: NOPE-NOPE was not found"],
    [["gc-2000"], 404, "not_found", "Gift card with code: gc-2000 was not found"],
    [["GC-EU"], 400, "invalid_data", "The gift card cannot be used in the current region"],
    [["GC-OFF"], 400, "not_allowed", "The gift card is disabled"],
    [["GC-2000", "NOPE-NOPE"], 404, "not_found", "Gift card with code: NOPE-NOPE was not found"],
  ] as [string[], number, string, string][])("refuses %j: %i %s, changing nothing", async (codes, status, type, message) => {
    const cart = await newCart()
    await useCards(cart.id, ["GC-1000"])
    const res = await useCards(cart.id, codes)
    expect(res.status).toBe(status)
    expect(res.body).toEqual({ type, message })
    expect(codesOf((await api.get(`/store/carts/${cart.id}`)).body.cart)).toEqual(["GC-1000"])
  })
})

/** The recorded EU cart of goldens 127–128: email, address and a 15% discount in one update, then a taxed card. */
describe("golden replay: the EU cart of recordings 127–128", () => {
  const TOTALS = ["subtotal", "discount_total", "item_tax_total", "tax_total", "gift_card_total", "gift_card_tax_total", "total"]
  type Cart = Record<string, unknown>
  const recorded = (g: { response: { body: unknown } }) => (g.response.body as { cart: Cart }).cart
  const pick = (cart: Cart) => Object.fromEntries(TOTALS.map((k) => [k, cart[k]]))
  let cartId: string
  let euRegion: string

  beforeAll(async () => {
    const sweatshirt = fixtureId("variant")
    const mug = fixtureId("variant")
    const eu = await arrangeStore({ region: { currency_code: "eur", tax_rate: 25, countries: ["fr", "dk", "gr"] } })
    euRegion = eu.regionId
    // the products live in their own store; the cart is created in the EU region
    await arrangeStore({
      products: [
        { title: "Medusa Sweatshirt", variants: [{ id: sweatshirt, prices: [{ currency_code: "eur", amount: 4000 }] }] },
        { title: "Medusa Coffee Mug", variants: [{ id: mug, prices: [{ currency_code: "eur", amount: 900 }, { currency_code: "eur", amount: 850, region_id: euRegion }] }] },
      ],
    })
    await insertDiscount({ code: "EUFIFTEEN", type: "percentage", value: 15, regionIds: [euRegion] })
    await insertGiftCard({ code: "GC-EU-50", balance: 5000, regionId: euRegion, tax_rate: 25 })
    const res = await api.post("/store/carts", {
      region_id: euRegion,
      items: [{ variant_id: sweatshirt, quantity: 2 }, { variant_id: mug, quantity: 1 }],
    })
    cartId = res.body.cart.id
  })

  it("127: email, shipping address and discount in one update", async () => {
    const res = await api.post(`/store/carts/${cartId}`, {
      email: "eu@example.com",
      shipping_address: { first_name: "Hans", last_name: "Muster", address_1: "Hauptstr. 1", city: "Paris", country_code: "fr", postal_code: "10115" },
      discounts: [{ code: "EUFIFTEEN" }],
    })
    expect(res.status).toBe(200)
    expect(res.body.cart).toMatchObject({ email: "eu@example.com", shipping_address: { first_name: "Hans", country_code: "fr" } })
    expect(pick(res.body.cart)).toEqual(pick(recorded(g127)))
  })

  it("128: a gift card taxed at 25%", async () => {
    const res = await api.post(`/store/carts/${cartId}`, { gift_cards: [{ code: "GC-EU-50" }] })
    expect(pick(res.body.cart)).toEqual(pick(recorded(g128)))
  })
})
