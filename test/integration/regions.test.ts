import { beforeAll, describe, expect, it } from "vitest"
import { env } from "cloudflare:workers"
import { api } from "../helpers/api"
import { catalogVersionWindowPassed } from "../helpers/catalog-cache"

beforeAll(async () => {
  await env.DB.batch([
    env.DB.prepare(
      `INSERT INTO region (id, name, currency_code, tax_rate, tax_code, created_at, updated_at) VALUES
       ('reg_na', 'NA', 'usd', 0, 'NA-TAX', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
       ('reg_eu', 'EU', 'eur', 25, 'EU-VAT', '2026-02-01T00:00:00.000Z', '2026-02-01T00:00:00.000Z')`,
    ),
    env.DB.prepare(`UPDATE country SET region_id = 'reg_na' WHERE iso_2 IN ('us', 'ca')`),
    env.DB.prepare(`UPDATE country SET region_id = 'reg_eu' WHERE iso_2 IN ('de', 'fr')`),
    env.DB.prepare(`INSERT INTO region_payment_provider VALUES ('reg_na', 'manual'), ('reg_eu', 'manual')`),
    env.DB.prepare(`INSERT INTO region_fulfillment_provider VALUES ('reg_na', 'manual'), ('reg_eu', 'manual')`),
  ])
})

describe("GET /store/regions", () => {
  it("lists regions newest first with countries, currency and providers", async () => {
    const res = await api.get("/store/regions")
    expect(res.status).toBe(200)
    expect(res.body.count).toBe(2)
    expect(res.body.limit).toBe(100)
    expect(res.body.offset).toBe(0)
    expect(res.body.regions.map((r: { id: string }) => r.id)).toEqual(["reg_eu", "reg_na"])
    const eu = res.body.regions[0]
    expect(eu).toMatchObject({ name: "EU", currency_code: "eur", tax_rate: 25, gift_cards_taxable: true, metadata: null })
    expect(eu.currency).toEqual({ code: "eur", symbol: "€", symbol_native: "€", name: "Euro" })
    expect(eu.countries.map((c: { iso_2: string }) => c.iso_2).sort()).toEqual(["de", "fr"])
    expect(eu.countries.find((c: { iso_2: string }) => c.iso_2 === "de")).toEqual({
      id: 82, iso_2: "de", iso_3: "deu", num_code: 276, name: "GERMANY", display_name: "Germany", region_id: "reg_eu",
    })
    expect(eu.payment_providers).toEqual([{ id: "manual", is_installed: true }])
    expect(eu.fulfillment_providers).toEqual([{ id: "manual", is_installed: true }])
  })

  it("loads a page of regions and all their relations in one D1 round trip", async () => {
    // A query no earlier test sent (a cache miss), after the version window: the version read + the page.
    catalogVersionWindowPassed()
    const res = await api.get("/store/regions?offset=0")
    expect([res.headers.get("x-cache"), res.roundTrips]).toEqual(["MISS", 2])
    const byId = await api.get("/store/regions/reg_eu")
    expect([byId.headers.get("x-cache"), byId.roundTrips]).toEqual(["MISS", 1])
  })

  it("loads relations for exactly the requested page", async () => {
    const res = await api.get("/store/regions?limit=1")
    expect(res.body.regions).toHaveLength(1)
    expect(res.body.regions[0].countries.map((c: { iso_2: string }) => c.iso_2).sort()).toEqual(["de", "fr"])
    expect(res.body.regions[0].currency.code).toBe("eur")
  })

  it("pages with limit and offset", async () => {
    const res = await api.get("/store/regions?limit=1&offset=1")
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ count: 2, limit: 1, offset: 1 })
    expect(res.body.regions.map((r: { id: string }) => r.id)).toEqual(["reg_na"])
  })

  it("filters by created_at range (qs operators)", async () => {
    const res = await api.get("/store/regions?created_at[gt]=2026-01-15")
    expect(res.body.regions.map((r: { id: string }) => r.id)).toEqual(["reg_eu"])
    expect(res.body.count).toBe(1)
  })

  it("honours fields and expand", async () => {
    const res = await api.get("/store/regions?fields=name&expand=countries")
    expect(Object.keys(res.body.regions[0]).sort()).toEqual(["countries", "created_at", "id", "name"])
  })

  it("rejects unknown query keys and bad numbers with invalid_data", async () => {
    expect((await api.get("/store/regions?foo=bar")).body).toEqual({ type: "invalid_data", message: "property foo should not exist" })
    const bad = await api.get("/store/regions?limit=abc")
    expect(bad.status).toBe(400)
    expect(bad.body).toEqual({ type: "invalid_data", message: "limit must be a number conforming to the specified constraints" })
    expect((await api.get("/store/regions?limit=-1")).status).toBe(400)
    expect((await api.get("/store/regions?created_at[gt]=notadate")).status).toBe(400)
    expect((await api.get("/store/regions?expand=nope")).body).toEqual({
      type: "invalid_data",
      message: "Requested fields [nope] are not valid",
    })
  })
})

describe("GET /store/regions/:id", () => {
  it("returns one region", async () => {
    const res = await api.get("/store/regions/reg_na")
    expect(res.status).toBe(200)
    expect(res.body.region.id).toBe("reg_na")
    expect(res.body.region.countries.map((c: { iso_2: string }) => c.iso_2).sort()).toEqual(["ca", "us"])
  })

  it("answers 404 with Medusa's message for an unknown id", async () => {
    const res = await api.get("/store/regions/reg_doesnotexist")
    expect(res.status).toBe(404)
    expect(res.body).toEqual({ type: "not_found", message: "Region with reg_doesnotexist was not found" })
  })
})

describe("cross-cutting", () => {
  it("answers unknown routes with a JSON 404", async () => {
    const res = await api.get("/store/nope")
    expect(res.status).toBe(404)
    expect(res.body).toEqual({ type: "not_found", message: "Cannot GET /store/nope" })
  })
})

describe("paging validation", () => {
  it("says which bound a number broke", async () => {
    expect((await api.get("/store/regions?limit=-1")).body).toEqual({ type: "invalid_data", message: "limit must not be less than 0" })
    expect((await api.get("/store/regions?offset=1.5")).body).toEqual({ type: "invalid_data", message: "offset must be an integer number" })
    expect((await api.get("/store/regions?limit=1001")).body).toEqual({ type: "invalid_data", message: "limit must not be greater than 1000" })
  })
})
