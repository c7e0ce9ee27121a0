import { beforeAll, describe, expect, it } from "vitest"
import { env } from "cloudflare:workers"
import { api } from "../helpers/api"
import { seedGoldenStore } from "../helpers/seed"
import { invariantTable, runShoppers, SOAK_STORE } from "../../soak/journeys.mjs"
import { arrangeD1Fixtures, readD1State } from "../../soak/d1-state.mjs"

/**
 * The soak in small (`npm run soak` runs it for minutes): 8 concurrent shoppers, 24 journeys over 10 units of three
 * tees, a 10 % discount usable 3 times and two 2500 gift cards, with duplicate payment choices and triple-clicked Pay.
 * Every invariant of the soak's table must hold, and the numbers must add up.
 */
function seededRandom(seed: number) {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const send = async (method: string, path: string, body?: unknown, headers?: Record<string, string>) => {
  const res = method === "GET" ? await api.get(path, { headers: headers ?? {} }) : await api.post(path, body, { headers: headers ?? {} })
  return { status: res.status, body: res.body }
}

let rows: { invariant: string; holds: boolean; detail: string }[]
let state: Awaited<ReturnType<typeof readD1State>>
let run: Awaited<ReturnType<typeof runShoppers>>

beforeAll(async () => {
  await seedGoldenStore()
  const fixtures = await arrangeD1Fixtures(env.DB, { runId: "test", stock: [4, 3, 3], discountLimit: 3, giftCards: 2, giftCardValue: 2500 })
  run = await runShoppers(send, fixtures, { shoppers: 8, deadline: Date.now() + 60_000, random: seededRandom(7), maxJourneys: 24 })
  const cartIds = run.journeys.flatMap((j: { cartId: string | null }) => (j.cartId ? [j.cartId] : []))
  state = await readD1State(env.DB, fixtures, cartIds)
  rows = invariantTable(state, run)
}, 120_000)

describe("soak (small)", () => {
  it("ran every journey and was refused somewhere: the stock is oversubscribed", () => {
    expect(run.journeys).toHaveLength(24)
    expect(run.log.byClass["4xx"]).toBeGreaterThan(0)
    expect(run.log.byClass["5xx"]).toBe(0)
    expect(Object.keys(state.ordersPerCart).length).toBeGreaterThan(0)
  })

  it("holds every invariant of the table", () => {
    expect(rows.map((r) => [r.invariant, r.holds])).toEqual(rows.map((r) => [r.invariant, true]))
  })

  it("adds up: what was ordered left the stock, never more than there was", () => {
    for (const id of SOAK_STORE.variants) {
      expect(state.stock[id]! + (state.orderedByVariant[id] ?? 0)).toBe(state.initialStock[id])
      expect(state.stock[id]).toBeGreaterThanOrEqual(0)
    }
    const ordered = Object.values(state.orderedByVariant).reduce((a, b) => a + b, 0)
    expect(ordered).toBeLessThanOrEqual(10)
    expect(state.discount.usage_count).toBeLessThanOrEqual(3)
    expect(state.discount.usage_count).toBe(state.discount.orders)
    for (const card of state.giftCards) expect(card.balance).toBe(2500 - card.used)
    // The cards were spent by some orders (this seed's shoppers use them), so the balance check is not vacuous.
    expect(state.giftCards.reduce((sum, card) => sum + card.used, 0)).toBeGreaterThan(0)
  })
})
