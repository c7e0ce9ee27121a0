import { afterAll, beforeAll, describe, expect, inject, it } from "vitest"
import { startStore, storefrontClient, type RunningStore } from "./store"

// A storefront's catalog pages, through the official client against the demo store (seed/demo.json).
let store: RunningStore
beforeAll(async () => {
  store = await startStore(inject("seededState"))
})
afterAll(() => store?.stop())

interface Variant { sku: string; calculated_price: number; original_price: number; calculated_price_incl_tax: number }
interface Product { id: string; handle: string; title: string; variants: Variant[] }

describe("browsing the demo store with @medusajs/medusa-js", () => {
  it("lists regions with their countries and payment providers", async () => {
    const { medusa } = storefrontClient(store.baseUrl)
    const { regions } = await medusa.regions.list()
    expect(regions.map((r: { id: string; currency_code: string }) => [r.id, r.currency_code])).toEqual([["reg_na", "usd"], ["reg_eu", "eur"]])
    const { region } = await medusa.regions.retrieve("reg_eu")
    expect(region.countries.map((c: { iso_2: string }) => c.iso_2).sort()).toEqual(["de", "dk", "es", "fr", "it", "nl", "se"])
    expect(region.payment_providers).toEqual([{ id: "manual", is_installed: true }])
  })

  it("pages products with region prices and looks one up by handle", async () => {
    const { medusa } = storefrontClient(store.baseUrl, { publishableApiKey: "pk_demo_storefront" })
    const page = await medusa.products.list({ region_id: "reg_eu", limit: 5, offset: 0 })
    // 20 published products in the webshop channel (the draft down jacket is not listed)
    expect(page).toMatchObject({ count: 20, offset: 0, limit: 5 })
    expect(page.products).toHaveLength(5)
    const { products } = await medusa.products.list({ handle: "classic-tee", region_id: "reg_eu" })
    const [tee] = products as Product[]
    expect(tee).toMatchObject({ id: "prod_classic_tee", title: "Classic Tee" })
    const medium = tee!.variants.find((v) => v.sku === "TEE-M-BLACK")
    // 1800 at 25 % VAT → 450 tax, 2250 incl. tax
    expect(medium).toMatchObject({ original_price: 1800, calculated_price: 1800, calculated_price_incl_tax: 2250 })
    const { product } = await medusa.products.retrieve("prod_mug")
    expect(product).toMatchObject({ handle: "enamel-mug", collection: { handle: "home-office" } })
  })

  it("searches products as the search box does", async () => {
    const { medusa } = storefrontClient(store.baseUrl)
    const { hits } = await medusa.products.search({ q: "hoodie" })
    expect(hits.map((h: { id: string }) => h.id)).toEqual(["prod_hoodie"])
    const typo = await medusa.products.search({ q: "sweatshrit" })
    expect(typo.hits.map((h: { id: string }) => h.id)).toContain("prod_sweatshirt")
  })

  it("lists collections, categories, tags and shipping options", async () => {
    const { medusa } = storefrontClient(store.baseUrl)
    const { collections } = await medusa.collections.list()
    expect(collections.map((c: { handle: string }) => c.handle).sort()).toEqual(["home-office", "outdoor", "spring-essentials"])
    const outdoor = await medusa.products.list({ collection_id: ["pcol_outdoor"], limit: 100 })
    // hoodie, shorts, rain jacket, beanie, daypack, socks, bottle (the draft jacket stays hidden)
    expect(outdoor.count).toBe(7)
    const { shipping_options } = await medusa.shippingOptions.list({ region_id: "reg_eu" })
    expect(shipping_options.map((o: { name: string; amount: number }) => [o.name, o.amount])).toEqual(
      expect.arrayContaining([["Standard Shipping", 700], ["Express Shipping", 1800]]),
    )
  })

  it("checks a gift card code", async () => {
    const { medusa } = storefrontClient(store.baseUrl)
    const { gift_card } = await medusa.giftCards.retrieve("DEMO-GIFT-EU-25")
    expect(gift_card).toMatchObject({ code: "DEMO-GIFT-EU-25", value: 2500, balance: 2500, region: { id: "reg_eu" } })
    await expect(medusa.giftCards.retrieve("NOPE-NOPE")).rejects.toMatchObject({ response: { status: 404 } })
  })
})
