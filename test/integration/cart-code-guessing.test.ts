import { beforeAll, describe, expect, it } from "vitest"
import { api } from "../helpers/api"
import { db } from "../helpers/db"
import { arrangeStore, fixtureId } from "../helpers/cart-fixtures"
import { insertGiftCard } from "../helpers/promotion-fixtures"
import { CLIENT_LIMITS } from "../../src/services/rate-limits"

// Gift-card and discount codes tried through POST /store/carts/:id count against the client address, as
// GET /store/gift-cards/:code does: the cart update is otherwise an unthrottled oracle for a merchant's codes.
const variant = fixtureId("variant")
let store: Awaited<ReturnType<typeof arrangeStore>>
const code = fixtureId("GC-REAL")
const from = (ip: string) => ({ headers: { "cf-connecting-ip": ip } })
const limit = CLIENT_LIMITS.cartCodeAttempt.perClient

beforeAll(async () => {
  store = await arrangeStore({
    region: { currency_code: "usd", countries: ["us"] },
    products: [{ title: "A", variants: [{ id: variant, prices: [{ currency_code: "usd", amount: 5000 }] }] }],
  })
  await insertGiftCard({ code, balance: 2000, regionId: store.regionId })
})

const newCart = async () => {
  const res = await api.post("/store/carts", { region_id: store.regionId, items: [{ variant_id: variant, quantity: 1 }] })
  expect(res.status).toBe(200)
  return res.body.cart.id as string
}

describe("codes tried on a cart are limited per client address", () => {
  it(`code number ${limit + 1} from one address → 429 with Retry-After, even the real one; another address applies it`, async () => {
    const cartId = await newCart()
    const guesser = "203.0.113.41"
    // Five codes a request: the count is per code, not per request.
    for (let round = 0; round < limit / 5; round++) {
      const guesses = Array.from({ length: 5 }, (_, i) => ({ code: `GUESS-${round}-${i}` }))
      const res = await api.post(`/store/carts/${cartId}`, { gift_cards: guesses }, from(guesser))
      expect(res.status, `round ${round}`).toBe(404)
    }
    const blocked = await api.post(`/store/carts/${cartId}`, { gift_cards: [{ code }] }, from(guesser))
    expect(blocked.status).toBe(429)
    const retryAfter = Number(blocked.headers.get("retry-after"))
    expect(retryAfter).toBeGreaterThan(0)
    expect(retryAfter).toBeLessThanOrEqual(600)
    expect(blocked.body).toEqual({ type: "too_many_requests", message: `Too many attempts. Try again in ${retryAfter} seconds.` })
    const [row] = await db.all<{ hits: number }>("SELECT hits FROM rate_limit WHERE key = ?", `cart-code-attempt:client:${guesser}`)
    expect(row!.hits).toBe(limit + 1)
    // Discount codes share the budget.
    expect((await api.post(`/store/carts/${cartId}`, { discounts: [{ code: "ANY" }] }, from(guesser))).status).toBe(429)
    // Nothing was applied to the cart.
    const [card] = await db.all<{ n: number }>("SELECT COUNT(*) AS n FROM cart_gift_cards WHERE cart_id = ?", cartId)
    expect(card!.n).toBe(0)

    const applied = await api.post(`/store/carts/${cartId}`, { gift_cards: [{ code }] }, from("203.0.113.42"))
    expect(applied.status).toBe(200)
    expect(applied.body.cart.gift_card_total).toBe(2000)
  })

  it("an update without codes costs no attempt", async () => {
    const cartId = await newCart()
    const res = await api.post(`/store/carts/${cartId}`, { email: "shopper@example.com" }, from("203.0.113.43"))
    expect(res.status).toBe(200)
    expect(await db.all("SELECT hits FROM rate_limit WHERE key = ?", "cart-code-attempt:client:203.0.113.43")).toEqual([])
  })

  it("more than 10 codes in one update → 400 invalid_data, nothing counted or applied", async () => {
    const cartId = await newCart()
    const codes = Array.from({ length: 11 }, (_, i) => ({ code: `MANY-${i}` }))
    const res = await api.post(`/store/carts/${cartId}`, { gift_cards: codes }, from("203.0.113.44"))
    expect(res.status).toBe(400)
    expect(res.body).toEqual({ type: "invalid_data", message: expect.stringContaining("at most 10 codes") })
    expect(await db.all("SELECT hits FROM rate_limit WHERE key = ?", "cart-code-attempt:client:203.0.113.44")).toEqual([])
  })
})
