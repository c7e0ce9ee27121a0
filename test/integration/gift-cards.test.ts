import { beforeAll, describe, expect, it } from "vitest"
import { api } from "../helpers/api"
import { db } from "../helpers/db"
import { day, giftCardRow, insertRows, regionRow } from "../helpers/catalog-rows"
import { giftCard, region } from "../../src/db/schema"

const na = regionRow({ id: "reg_gc_na", name: "NA", tax_code: "NA-TAX", created_at: day(1), updated_at: day(2) })

beforeAll(async () => {
  await insertRows(region, [na, regionRow({ id: "reg_gc_gone", name: "Gone", deleted_at: day(3) })])
  await insertRows(giftCard, [
    giftCardRow({ id: "gift_100", code: "GIFT-100", region_id: "reg_gc_na", value: 10000, balance: 7500, ends_at: day(30) }),
    giftCardRow({ id: "gift_disabled", code: "DISABLED-1", region_id: "reg_gc_na", value: 500, balance: 500, is_disabled: true }),
    giftCardRow({ id: "gift_orphan", code: "ORPHAN-1", region_id: "reg_gc_gone", value: 100, balance: 100 }),
    giftCardRow({ id: "gift_deleted", code: "DELETED-1", region_id: "reg_gc_na", deleted_at: day(4) }),
  ])
})

describe("GET /store/gift-cards/:code", () => {
  it("returns id, code, value, balance and the region's columns, in one round trip", async () => {
    const res = await api.get("/store/gift-cards/GIFT-100")
    expect(res.status).toBe(200)
    expect(res.body).toEqual({
      gift_card: {
        id: "gift_100",
        code: "GIFT-100",
        value: 10000,
        balance: 7500,
        region: {
          id: "reg_gc_na",
          created_at: day(1),
          updated_at: day(2),
          deleted_at: null,
          name: "NA",
          currency_code: "usd",
          tax_rate: 0,
          tax_code: "NA-TAX",
          gift_cards_taxable: true,
          automatic_taxes: true,
          tax_provider_id: null,
          metadata: null,
        },
      },
    })
    expect(res.roundTrips).toBe(1)
  })

  it("still returns a disabled card (v1 only refuses it when applied to a cart)", async () => {
    const res = await api.get("/store/gift-cards/DISABLED-1")
    expect(res.status).toBe(200)
    expect(res.body.gift_card).toMatchObject({ id: "gift_disabled", code: "DISABLED-1", value: 500, balance: 500 })
  })

  it("answers a card whose region was deleted with region null", async () => {
    expect((await api.get("/store/gift-cards/ORPHAN-1")).body.gift_card.region).toBeNull()
  })

  it("honours fields: replace (id stays) or +/- adjust", async () => {
    const replaced = await api.get("/store/gift-cards/GIFT-100?fields=balance&expand=")
    expect(replaced.body).toEqual({ gift_card: { id: "gift_100", balance: 7500 } })
    const adjusted = await api.get("/store/gift-cards/DISABLED-1?fields=%2Bis_disabled,%2Bends_at,%2Bregion_id,-value&expand=")
    expect(adjusted.body).toEqual({
      gift_card: { id: "gift_disabled", code: "DISABLED-1", balance: 500, region_id: "reg_gc_na", is_disabled: true, ends_at: null },
    })
    expect(Object.keys(adjusted.body.gift_card)).toEqual(["id", "code", "balance", "region_id", "is_disabled", "ends_at"])
    const withEnd = await api.get("/store/gift-cards/GIFT-100?fields=ends_at,region&expand=")
    expect(withEnd.body.gift_card).toMatchObject({ id: "gift_100", ends_at: day(30), region: { id: "reg_gc_na", name: "NA" } })
    expect(Object.keys(withEnd.body.gift_card)).toEqual(["id", "ends_at", "region"])
    expect(withEnd.roundTrips).toBe(1)
  })

  it("honours expand: the region by default, nothing with expand=", async () => {
    const none = await api.get("/store/gift-cards/GIFT-100?expand=")
    expect(none.body).toEqual({ gift_card: { id: "gift_100", code: "GIFT-100", value: 10000, balance: 7500 } })
    const region = await api.get("/store/gift-cards/GIFT-100?expand=region&fields=code")
    expect(region.body.gift_card).toMatchObject({ id: "gift_100", code: "GIFT-100", region: { id: "reg_gc_na", currency_code: "usd" } })
    expect(Object.keys(region.body.gift_card)).toEqual(["id", "code", "region"])
  })

  it("rejects unknown keys, private or unknown fields and relations with invalid_data", async () => {
    const cases: [string, string][] = [
      ["foo=1", "property foo should not exist"],
      ["fields=code&foo=1", "property foo should not exist"],
      ["fields=order_id", "Requested fields [order_id] are not valid"],
      ["fields=%2Bmetadata", "Requested fields [metadata] are not valid"],
      ["expand=order", "Requested fields [order] are not valid"],
      ["expand[]=region", "expand must be a string"],
    ]
    for (const [qs, message] of cases) {
      const res = await api.get(`/store/gift-cards/GIFT-100?${qs}`)
      expect(res.status, qs).toBe(400)
      expect(res.body, qs).toEqual({ type: "invalid_data", message })
    }
  })

  it("matches the code exactly, as v1 does (a different case is a 404)", async () => {
    const res = await api.get("/store/gift-cards/gift-100")
    expect(res.status).toBe(404)
    expect(res.body).toEqual({ type: "not_found", message: "Gift card with code: gift-100 was not found" })
  })

  it("answers 404 with v1's message for unknown and deleted cards", async () => {
    expect((await api.get("/store/gift-cards/NOPE-NOPE")).body).toEqual({
      type: "not_found",
      message: "Gift card with code: NOPE-NOPE was not found",
    })
    const deleted = await api.get("/store/gift-cards/DELETED-1")
    expect(deleted.status).toBe(404)
    expect(deleted.body.message).toBe("Gift card with code: DELETED-1 was not found")
  })
})

describe("GET /store/gift-cards/:code is rate-limited per client address", () => {
  const from = (ip: string) => ({ headers: { "cf-connecting-ip": ip } })

  it("answers 30 lookups per address per 10 minutes, then 429 with Retry-After, even for a real code; another address is unaffected", async () => {
    const guesser = "198.51.100.77"
    for (let i = 0; i < 30; i++) {
      const res = await api.get(`/store/gift-cards/GUESS-${String(i).padStart(4, "0")}`, from(guesser))
      expect(res.status, `guess ${i}`).toBe(404)
    }
    // The 31st guess is the merchant's real code: refused, and nothing of the card is in the answer.
    const blocked = await api.get("/store/gift-cards/GIFT-100", from(guesser))
    expect(blocked.status).toBe(429)
    const retryAfter = Number(blocked.headers.get("retry-after"))
    expect(retryAfter).toBeGreaterThan(0)
    expect(retryAfter).toBeLessThanOrEqual(600)
    expect(blocked.body).toEqual({ type: "too_many_requests", message: `Too many attempts. Try again in ${retryAfter} seconds.` })
    // Counted in D1, per address, in the lookup's own round trip.
    expect(blocked.roundTrips).toBe(1)
    const [row] = await db.all<{ hits: number }>("SELECT hits FROM rate_limit WHERE key = ?", `gift-card-lookup:client:${guesser}`)
    expect(row!.hits).toBe(31)

    const other = await api.get("/store/gift-cards/GIFT-100", from("198.51.100.78"))
    expect(other.status).toBe(200)
    expect(other.body.gift_card.balance).toBe(7500)
  })
})
