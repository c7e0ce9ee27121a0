/**
 * Stock shown by the catalog cache after a sale. The suite runs with the cache on (production config); these reads
 * go through the Worker with CATALOG_VERSION_TTL and CATALOG_INVENTORY_TTL at 60 s, so neither expiry can be what
 * makes the new stock visible: the sale itself must.
 */
import { beforeAll, describe, expect, it } from "vitest"
import { env } from "cloudflare:workers"
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test"
import worker from "../../src/index"
import { adminApi } from "../helpers/admin"
import { api } from "../helpers/api"
import { db } from "../helpers/db"
import { fixtureId } from "../helpers/cart-fixtures"
import { arrangeShippingOption } from "../helpers/shipping-fixtures"
import { arrangeCheckoutStore, cartReadyToComplete, complete, type CheckoutStore } from "../helpers/checkout-fixtures"
import { forgetLocalStockChange } from "../../src/http/catalog-cache"

const v = { mug: fixtureId("variant"), cap: fixtureId("variant") }
let store: CheckoutStore
let returnOptionId: string

/** A catalog GET as a storefront in the same data center makes it, with long cache TTLs. */
async function read(path: string) {
  const ctx = createExecutionContext()
  const res = await worker.fetch(
    new Request(`http://store.test${path}`),
    { ...env, CATALOG_VERSION_TTL: "60", CATALOG_INVENTORY_TTL: "60" },
    ctx,
  )
  await waitOnExecutionContext(ctx)
  return { status: res.status, cache: res.headers.get("x-cache"), body: (await res.json()) as any }
}

type Stock = { product: number; variant: number; list: number }

/** What the product page, the variant and a product list page show for `variantId` (with the cache states). */
async function shown(productId: string, variantId: string): Promise<{ stock: Stock; cache: string[] }> {
  const product = await read(`/store/products/${productId}`)
  const variant = await read(`/store/variants/${variantId}`)
  const list = await read(`/store/products?id=${productId}`)
  expect([product.status, variant.status, list.status]).toEqual([200, 200, 200])
  const inProduct = (p: { variants: { id: string; inventory_quantity: number }[] }) => p.variants.find((x) => x.id === variantId)!.inventory_quantity
  return {
    stock: { product: inProduct(product.body.product), variant: variant.body.variant.inventory_quantity, list: inProduct(list.body.products[0]) },
    cache: [product.cache!, variant.cache!, list.cache!],
  }
}

/** Reads twice so the answers are in the cache, and checks they are. */
async function warm(productId: string, variantId: string): Promise<Stock> {
  await shown(productId, variantId)
  const cached = await shown(productId, variantId)
  expect(cached.cache).toEqual(["HIT", "HIT", "HIT"])
  return cached.stock
}

const stockOf = async (variantId: string) =>
  (await db.all<{ q: number }>("SELECT inventory_quantity AS q FROM product_variant WHERE id = ?", variantId))[0]!.q

async function placeOrder(lines: { variant_id: string; quantity: number }[]) {
  const cartId = await cartReadyToComplete(store, lines, { email: "stock@example.com" })
  const res = await complete(cartId)
  expect([res.status, res.body.type]).toEqual([200, "order"])
  return res.body.data as { id: string; items: { id: string; variant_id: string }[] }
}

beforeAll(async () => {
  store = await arrangeCheckoutStore({
    region: { currency_code: "usd", countries: ["us"] },
    products: [
      { title: "Mug", variants: [{ id: v.mug, prices: [{ currency_code: "usd", amount: 1000 }], inventory_quantity: 50 }] },
      { title: "Cap", variants: [{ id: v.cap, prices: [{ currency_code: "usd", amount: 500 }], inventory_quantity: 20 }] },
    ],
  })
  returnOptionId = await arrangeShippingOption({ regionId: store.regionId, profileId: store.profileId, name: "Return", amount: 0, is_return: true })
})

const mugProduct = () => store.products[0]!.id
const capProduct = () => store.products[1]!.id

describe("a stock change is visible to the next catalog read in the same data center", () => {
  it("order placed: the product, the variant and a product list page show the decremented inventory_quantity", async () => {
    const before = await warm(mugProduct(), v.mug)
    await placeOrder([{ variant_id: v.mug, quantity: 3 }])
    const after = await shown(mugProduct(), v.mug)
    const expected = before.variant - 3
    expect(await stockOf(v.mug)).toBe(expected)
    expect(after.stock).toEqual({ product: expected, variant: expected, list: expected })
    expect(after.cache).toEqual(["MISS", "MISS", "MISS"])
    // The new answers are cached in turn.
    expect((await shown(mugProduct(), v.mug)).cache).toEqual(["HIT", "HIT", "HIT"])
  })

  it("order placed, read by another isolate of the data center (it learns of the sale through the data center's cache)", async () => {
    const before = await warm(mugProduct(), v.mug)
    await placeOrder([{ variant_id: v.mug, quantity: 2 }])
    forgetLocalStockChange() // as an isolate that did not serve the sale
    const after = await shown(mugProduct(), v.mug)
    const expected = before.variant - 2
    expect(after.stock).toEqual({ product: expected, variant: expected, list: expected })
  })

  it("swap completed: the additional items' stock is decremented on the product, the variant and the list page", async () => {
    const order = await placeOrder([{ variant_id: v.mug, quantity: 1 }])
    expect((await adminApi.post(`/admin/orders/${order.id}/capture`)).status).toBe(200)
    const mugLine = order.items.find((i) => i.variant_id === v.mug)!.id
    expect((await adminApi.post(`/admin/orders/${order.id}/fulfillment`, { items: [{ item_id: mugLine, quantity: 1 }] })).status).toBe(200)
    const swap = await api.post("/store/swaps", {
      order_id: order.id, return_items: [{ item_id: mugLine, quantity: 1 }], additional_items: [{ variant_id: v.cap, quantity: 4 }],
      return_shipping_option: returnOptionId,
    })
    expect(swap.status).toBe(200)
    const cartId: string = swap.body.swap.cart_id
    expect((await api.post(`/store/carts/${cartId}/shipping-methods`, { option_id: store.shippingOptionId })).status).toBe(200)
    expect((await api.post(`/store/carts/${cartId}/payment-sessions`)).status).toBe(200)

    const before = await warm(capProduct(), v.cap)
    const done = await complete(cartId)
    expect([done.status, done.body.type]).toEqual([200, "swap"])
    const after = await shown(capProduct(), v.cap)
    expect(await stockOf(v.cap)).toBe(before.variant - 4)
    expect(after.stock).toEqual({ product: before.variant - 4, variant: before.variant - 4, list: before.variant - 4 })
  })

  it("an answer the sale does not change (regions) stays cached: a stock change is not a catalog change", async () => {
    await read("/store/regions")
    expect((await read("/store/regions")).cache).toBe("HIT")
    await placeOrder([{ variant_id: v.cap, quantity: 1 }])
    expect((await read("/store/regions")).cache).toBe("HIT")
  })
})
