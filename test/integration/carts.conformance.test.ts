import { beforeAll, describe, expect, it } from "vitest"
import { api } from "../helpers/api"
import { arrangeStore, fixtureId } from "../helpers/cart-fixtures"
import { insertSalesChannel } from "../helpers/promotion-fixtures"
import { publishableKey, runStatements } from "../helpers/product-rows"

// What Medusa 1.20.11 answers (asked at 127.0.0.1:9000 with its seeded regions NA = us, ca and EU = de, fr, dk).
const MULTIPLE = "Provided request body contains errors. Please check the data and retry the request"
const keyError = (id: string) =>
  `Provided sales channel id param: ${id} is not associated with the Publishable API Key passed in the header of the request.`
const withKey = (key: string) => ({ headers: { "x-publishable-api-key": key } })

const v = { mug: fixtureId("variant"), crate: fixtureId("variant") }
let na: Awaited<ReturnType<typeof arrangeStore>>
let eu: Awaited<ReturnType<typeof arrangeStore>>
let se: Awaited<ReturnType<typeof arrangeStore>>
let wholesale: string
let outlet: string

beforeAll(async () => {
  eu = await arrangeStore({ region: { currency_code: "eur", countries: ["de", "fr", "dk"] } })
  se = await arrangeStore({ region: { currency_code: "sek", countries: ["se"] } })
  na = await arrangeStore({
    region: { currency_code: "usd", countries: ["us", "ca"] },
    products: [{ title: "Mug", variants: [{ id: v.mug, prices: [{ currency_code: "usd", amount: 1000 }] }] }],
  })
  wholesale = await insertSalesChannel({ name: "Wholesale", productIds: na.products.map((p) => p.id) })
  outlet = await insertSalesChannel({ name: "Outlet" })
  await runStatements([
    ...publishableKey("pk_wholesale", [wholesale]),
    ...publishableKey("pk_two", [wholesale, outlet]),
    ...publishableKey("pk_none", []),
    ...publishableKey("pk_revoked", [outlet], "2026-01-02T00:00:00.000Z"),
  ])
})

const create = (body: Record<string, unknown>, init = {}) => api.post("/store/carts", body, init)
const newCart = async (body: Record<string, unknown> = {}) => {
  const res = await create({ region_id: na.regionId, ...body })
  expect(res.status).toBe(200)
  return res.body.cart
}
const update = (cartId: string, body: unknown, init = {}) => api.post(`/store/carts/${cartId}`, body, init)

describe("POST /store/carts country_code (v1 CartService.create)", () => {
  it.each([
    ["a country of another region", "dk"],
    ["an upper-case country of another region", "DK"],
    ["a code that is no country", "zz"],
    ["blanks", "  "],
  ])("refuses %s with 400 not_allowed 'Shipping country not in region'", async (_label, country_code) => {
    const res = await create({ region_id: na.regionId, country_code })
    expect(res.status).toBe(400)
    expect(res.body).toEqual({ type: "not_allowed", message: "Shipping country not in region" })
  })

  it("lower-cases a country of the region", async () => {
    expect((await newCart({ country_code: "CA" })).shipping_address).toMatchObject({ country_code: "ca" })
  })

  it("reads an empty or null country_code as none: no address, or the only country of a one-country region", async () => {
    expect((await newCart({ country_code: "" })).shipping_address).toBeNull()
    expect((await newCart({ country_code: null })).shipping_address).toBeNull()
    const single = await create({ region_id: se.regionId, country_code: "" })
    expect(single.body.cart.shipping_address).toMatchObject({ country_code: "se" })
  })

  it("still rejects a country_code that is not a string", async () => {
    const res = await create({ region_id: na.regionId, country_code: 5 })
    expect(res.status).toBe(400)
    expect(res.body).toEqual({ type: "invalid_data", message: "country_code must be a string" })
  })
})

describe("POST /store/carts/:id addresses (v1 updateShippingAddress_ / updateBillingAddress_)", () => {
  it("refuses a shipping country outside the region with invalid_data, also an unknown one", async () => {
    const cart = await newCart()
    for (const country_code of ["dk", "zz"]) {
      const res = await update(cart.id, { shipping_address: { country_code } })
      expect(res.status).toBe(400)
      expect(res.body).toEqual({ type: "invalid_data", message: "Shipping country must be in the cart region" })
    }
  })

  it("accepts a billing country of another region but answers 404 for one that does not exist", async () => {
    const cart = await newCart()
    const ok = await update(cart.id, { billing_address: { country_code: "dk" } })
    expect(ok.status).toBe(200)
    expect(ok.body.cart.billing_address.country_code).toBe("dk")
    const res = await update(cart.id, { billing_address: { country_code: "zz" } })
    expect(res.status).toBe(404)
    expect(res.body).toEqual({ type: "not_found", message: "Country with country_code zz does not exist." })
    expect((await api.get(`/store/carts/${cart.id}`)).body.cart.billing_address.country_code).toBe("dk")
  })

  it("answers 404 for an empty country code (v1: the message 'null')", async () => {
    const cart = await newCart()
    for (const kind of ["shipping_address", "billing_address"]) {
      const res = await update(cart.id, { [kind]: { country_code: "" } })
      expect(res.status).toBe(404)
      expect(res.body).toEqual({ type: "not_found", message: "Country with country_code  does not exist." })
    }
  })

  it("matches country codes case-insensitively (v1 answers 404 for 'US')", async () => {
    const cart = await newCart()
    const res = await update(cart.id, { shipping_address: { country_code: "US" }, billing_address: { country_code: "FR" } })
    expect(res.status).toBe(200)
    expect(res.body.cart.shipping_address.country_code).toBe("us")
    expect(res.body.cart.billing_address.country_code).toBe("fr")
  })

  it("keeps a billing country of the old region valid while the region changes in the same update", async () => {
    const cart = await newCart({ country_code: "us" })
    const res = await update(cart.id, { region_id: eu.regionId, billing_address: { country_code: "ca" } })
    expect(res.status).toBe(200)
    expect(res.body.cart).toMatchObject({ region_id: eu.regionId, billing_address: { country_code: "ca" }, shipping_address: { country_code: null } })
  })

  it("refuses a region change whose shipping country is outside the new region with not_allowed", async () => {
    const cart = await newCart({ country_code: "us" })
    const res = await update(cart.id, { region_id: eu.regionId, shipping_address: { country_code: "us" } })
    expect(res.status).toBe(400)
    expect(res.body).toEqual({ type: "not_allowed", message: "Country not available in region" })
    const moved = await update(cart.id, { region_id: eu.regionId, shipping_address: { country_code: "de" } })
    expect(moved.body.cart).toMatchObject({ region_id: eu.regionId, shipping_address: { country_code: "de" } })
  })
})

describe("publishable API key on cart routes (v1 extendRequestParams + validateSalesChannelParam)", () => {
  it("puts a new cart in the key's only sales channel", async () => {
    const res = await create({ region_id: na.regionId }, withKey("pk_wholesale"))
    expect(res.status).toBe(200)
    expect(res.body.cart.sales_channel_id).toBe(wholesale)
    expect(res.body.cart.sales_channel).toMatchObject({ id: wholesale, name: "Wholesale" })
  })

  it("adds items the key's channel carries in the same request", async () => {
    const res = await create({ region_id: na.regionId, items: [{ variant_id: v.mug, quantity: 2 }] }, withKey("pk_wholesale"))
    expect(res.status).toBe(200)
    expect(res.body.cart).toMatchObject({ sales_channel_id: wholesale, subtotal: 2000 })
  })

  it("answers v1's multiple-errors 400 for a sales_channel_id outside the key's channels", async () => {
    const res = await create({ region_id: na.regionId, sales_channel_id: na.channelId }, withKey("pk_wholesale"))
    expect(res.status).toBe(400)
    expect(res.body).toEqual({ errors: [keyError(na.channelId)], message: MULTIPLE })
  })

  it("takes a sales_channel_id inside the key's channels, and needs one when the key has several", async () => {
    const chosen = await create({ region_id: na.regionId, sales_channel_id: outlet }, withKey("pk_two"))
    expect(chosen.body.cart.sales_channel_id).toBe(outlet)
    const ambiguous = await create({ region_id: na.regionId }, withKey("pk_two"))
    expect(ambiguous.status).toBe(400)
    expect(ambiguous.body).toEqual({
      type: "invalid_data",
      message: "The PublishableApiKey provided in the request header has multiple associated sales channels.",
    })
  })

  it.each([
    ["no key", undefined],
    ["a key without channels", "pk_none"],
    ["a revoked key", "pk_revoked"],
    ["an unknown key", "pk_unknown"],
  ])("uses the store's channel rules with %s, and any requested channel", async (_label, key) => {
    const init = key ? withKey(key) : {}
    const res = await create({ region_id: na.regionId, sales_channel_id: outlet }, init)
    expect(res.status).toBe(200)
    expect(res.body.cart.sales_channel_id).toBe(outlet)
  })

  it("refuses to move a cart to a channel outside the key's channels, and allows one inside", async () => {
    const created = await create({ region_id: na.regionId, sales_channel_id: wholesale }, withKey("pk_two"))
    const id = created.body.cart.id as string
    const refused = await update(id, { sales_channel_id: na.channelId }, withKey("pk_two"))
    expect(refused.status).toBe(400)
    expect(refused.body).toEqual({ errors: [keyError(na.channelId)], message: MULTIPLE })
    expect((await api.get(`/store/carts/${id}`)).body.cart.sales_channel_id).toBe(wholesale)
    const moved = await update(id, { sales_channel_id: outlet }, withKey("pk_two"))
    expect(moved.status).toBe(200)
    expect(moved.body.cart.sales_channel_id).toBe(outlet)
  })
})
