import { beforeAll, describe, expect, it } from "vitest"
import { api } from "../helpers/api"
import { catalogVersionWindowPassed } from "../helpers/catalog-cache"
import {
  day,
  insertRows,
  productRow,
  regionRow,
  requirementRow,
  shippingOptionRow,
  shippingProfileRow,
  taxRateRow,
} from "../helpers/catalog-rows"
import {
  product,
  region,
  shippingOption,
  shippingOptionRequirement,
  shippingProfile,
  shippingTaxRate,
  taxRate,
} from "../../src/db/schema"

type Option = { id: string; price_incl_tax: number; tax_amount: number; tax_rates: unknown[] }
const ids = (body: { shipping_options: Option[] }) => body.shipping_options.map((o) => o.id)
const byId = (body: { shipping_options: Option[] }, id: string) => body.shipping_options.find((o) => o.id === id)

const NA_DEFAULT_RATE = [{ rate: 0, name: "default", code: "default" }]
const EU_DEFAULT_RATE = [{ rate: 25, name: "default", code: "default" }]

beforeAll(async () => {
  await insertRows(region, [
    regionRow({ id: "reg_na", name: "NA", tax_rate: 0 }),
    regionRow({ id: "reg_eu", name: "EU", currency_code: "eur", tax_rate: 25 }),
    regionRow({ id: "reg_manual", name: "Manual taxes", tax_rate: 20, automatic_taxes: false }),
  ])
  await insertRows(taxRate, [
    taxRateRow({ id: "txr_reduced", region_id: "reg_eu", rate: 10, name: "Reduced", code: "RED" }),
    // An override from another region never applies to an EU option.
    taxRateRow({ id: "txr_na_ship", region_id: "reg_na", rate: 5 }),
  ])
  await insertRows(shippingProfile, [
    shippingProfileRow({ id: "sp_default" }),
    shippingProfileRow({ id: "sp_gift", type: "gift_card" }),
    shippingProfileRow({ id: "sp_other", type: "custom" }),
  ])
  await insertRows(product, [
    productRow({ id: "prod_shirt", title: "Shirt", profile_id: "sp_default" }),
    productRow({ id: "prod_card", title: "Gift card", is_giftcard: true, profile_id: "sp_gift" }),
    productRow({ id: "prod_deleted", title: "Gone", profile_id: "sp_other", deleted_at: day(2) }),
  ])
  const na = { region_id: "reg_na", profile_id: "sp_default" }
  const eu = { region_id: "reg_eu", profile_id: "sp_default" }
  await insertRows(shippingOption, [
    shippingOptionRow({ id: "so_na_std", name: "Standard Shipping", ...na, amount: 1000, data: { id: "manual-fulfillment" } }),
    shippingOptionRow({ id: "so_na_free", name: "Free Shipping", ...na, amount: 0 }),
    shippingOptionRow({ id: "so_na_return", name: "NA Return Shipping", ...na, amount: 500, is_return: true }),
    shippingOptionRow({ id: "so_na_admin", name: "Admin only", ...na, admin_only: true }),
    shippingOptionRow({ id: "so_na_deleted", name: "Deleted", ...na, deleted_at: day(2) }),
    shippingOptionRow({ id: "so_na_gift", name: "NA Gift Card Delivery", region_id: "reg_na", profile_id: "sp_gift", amount: 0 }),
    shippingOptionRow({ id: "so_na_other", name: "Other profile", region_id: "reg_na", profile_id: "sp_other", amount: 700 }),
    shippingOptionRow({ id: "so_eu_std", name: "EU Standard", ...eu, amount: 800 }),
    shippingOptionRow({ id: "so_eu_express", name: "EU Express", ...eu, amount: 2000 }),
    shippingOptionRow({ id: "so_eu_return", name: "EU Return Shipping", ...eu, amount: 500, is_return: true }),
    shippingOptionRow({ id: "so_eu_calc", name: "EU Calculated", ...eu, price_type: "calculated", amount: null }),
    shippingOptionRow({ id: "so_manual", name: "Manual", region_id: "reg_manual", profile_id: "sp_default", amount: 1000 }),
  ])
  await insertRows(shippingOptionRequirement, [
    requirementRow({ id: "sor_min", shipping_option_id: "so_na_free", type: "min_subtotal", amount: 10000 }),
    requirementRow({ id: "sor_gone", shipping_option_id: "so_na_free", type: "max_subtotal", amount: 1, deleted_at: day(2) }),
  ])
  await insertRows(shippingTaxRate, [
    { shipping_option_id: "so_eu_express", rate_id: "txr_reduced" },
    { shipping_option_id: "so_eu_std", rate_id: "txr_na_ship" },
  ])
})

describe("GET /store/shipping-options", () => {
  it("lists a region's store options with requirements and tax-inclusive prices, in one round trip", async () => {
    catalogVersionWindowPassed()
    const res = await api.get("/store/shipping-options?region_id=reg_na")
    expect(res.status).toBe(200)
    expect(ids(res.body)).toEqual(["so_na_std", "so_na_free", "so_na_return", "so_na_gift", "so_na_other"])
    expect(res.body.shipping_options[0]).toEqual({
      id: "so_na_std",
      created_at: day(1),
      updated_at: day(1),
      deleted_at: null,
      name: "Standard Shipping",
      region_id: "reg_na",
      profile_id: "sp_default",
      provider_id: "manual",
      price_type: "flat_rate",
      amount: 1000,
      is_return: false,
      admin_only: false,
      data: { id: "manual-fulfillment" },
      metadata: null,
      requirements: [],
      price_incl_tax: 1000,
      tax_rates: NA_DEFAULT_RATE,
      tax_amount: 0,
    })
    expect(res.body.shipping_options[1].requirements).toEqual([
      { id: "sor_min", shipping_option_id: "so_na_free", type: "min_subtotal", amount: 10000, deleted_at: null },
    ])
    // the version read (the window has passed) + the page and its relations in one batch
    expect(res.roundTrips).toBe(2)
  })

  it("prices every option in its own region when no region_id is given", async () => {
    const res = await api.get("/store/shipping-options")
    expect(ids(res.body)).toEqual([
      "so_na_std", "so_na_free", "so_na_return", "so_na_gift", "so_na_other",
      "so_eu_std", "so_eu_express", "so_eu_return", "so_eu_calc", "so_manual",
    ])
    const pricing = (id: string) => {
      const o = byId(res.body, id)
      return o && { price_incl_tax: o.price_incl_tax, tax_amount: o.tax_amount, tax_rates: o.tax_rates }
    }
    // 800 + 25% = 200 tax (the NA-region override linked to this option is ignored)
    expect(pricing("so_eu_std")).toEqual({ price_incl_tax: 1000, tax_amount: 200, tax_rates: EU_DEFAULT_RATE })
    // the option's EU override replaces the default: 2000 + 10% = 200 tax
    expect(pricing("so_eu_express")).toEqual({
      price_incl_tax: 2200,
      tax_amount: 200,
      tax_rates: [{ rate: 10, name: "Reduced", code: "RED" }],
    })
    // 500 + 25% = 125 tax
    expect(pricing("so_eu_return")).toEqual({ price_incl_tax: 625, tax_amount: 125, tax_rates: EU_DEFAULT_RATE })
    // a calculated option without an amount prices as 0
    expect(pricing("so_eu_calc")).toEqual({ price_incl_tax: 0, tax_amount: 0, tax_rates: EU_DEFAULT_RATE })
    // no automatic taxes in the region: no rates, no tax
    expect(pricing("so_manual")).toEqual({ price_incl_tax: 1000, tax_amount: 0, tax_rates: [] })
    expect(res.roundTrips).toBe(1)
  })

  it("filters by is_return the way v1 reads it (only the string true means true)", async () => {
    expect(ids((await api.get("/store/shipping-options?is_return=true&region_id=reg_na")).body)).toEqual(["so_na_return"])
    const outbound = ["so_na_std", "so_na_free", "so_na_gift", "so_na_other"]
    expect(ids((await api.get("/store/shipping-options?is_return=false&region_id=reg_na")).body)).toEqual(outbound)
    expect(ids((await api.get("/store/shipping-options?is_return=1&region_id=reg_na")).body)).toEqual(outbound)
    expect(ids((await api.get("/store/shipping-options?is_return=0&region_id=reg_na")).body)).toEqual(outbound)
    expect(ids((await api.get("/store/shipping-options?is_return=true")).body)).toEqual(["so_na_return", "so_eu_return"])
  })

  it("keeps options whose shipping profile matches one of product_ids' profiles", async () => {
    expect(ids((await api.get("/store/shipping-options?product_ids=prod_card")).body)).toEqual(["so_na_gift"])
    expect(ids((await api.get("/store/shipping-options?region_id=reg_na&product_ids=prod_shirt,prod_card")).body)).toEqual([
      "so_na_std", "so_na_free", "so_na_return", "so_na_gift",
    ])
    expect((await api.get("/store/shipping-options?product_ids=prod_deleted")).body).toEqual({ shipping_options: [] })
    expect((await api.get("/store/shipping-options?product_ids=prod_nope")).body).toEqual({ shipping_options: [] })
    expect((await api.get("/store/shipping-options?product_ids=")).body.shipping_options).toHaveLength(10)
  })

  it("answers an empty list for an unknown region", async () => {
    expect((await api.get("/store/shipping-options?region_id=reg_nope")).body).toEqual({ shipping_options: [] })
  })

  it("rejects what v1's StoreGetShippingOptionsParams rejects", async () => {
    const cases: [string, string][] = [
      ["foo=1", "property foo should not exist"],
      ["expand=region", "property expand should not exist"],
      ["fields=name", "property fields should not exist"],
      ["is_return=yes", "is_return must be a boolean string"],
      ["is_return=TRUE", "is_return must be a boolean string"],
      ["region_id=reg_na&region_id=reg_eu", "region_id must be a string"],
      ["product_ids[]=prod_shirt", "product_ids must be a string"],
    ]
    for (const [qs, message] of cases) {
      const res = await api.get(`/store/shipping-options?${qs}`)
      expect(res.status, qs).toBe(400)
      expect(res.body, qs).toEqual({ type: "invalid_data", message })
    }
  })
})
