import { describe, expect, it } from "vitest"
import {
  bypassReason,
  canonicalJson,
  catalogCacheKeyPath,
  catalogRoutePolicy,
  changesStock,
  entryTtlSeconds,
  ifNoneMatchHits,
} from "../../src/domain/catalog-cache"

describe("catalogRoutePolicy", () => {
  it.each([
    ["/store/regions", { showsStock: false, perCustomer: false }],
    ["/store/regions/reg_1", { showsStock: false, perCustomer: false }],
    ["/store/products", { showsStock: true, perCustomer: true }],
    ["/store/products/prod_1", { showsStock: true, perCustomer: true }],
    ["/store/variants/variant_1", { showsStock: true, perCustomer: true }],
    ["/store/product-categories/pcat_1", { showsStock: false, perCustomer: false }],
    ["/store/shipping-options", { showsStock: false, perCustomer: false }],
    ["/store/return-reasons/rr_1", { showsStock: false, perCustomer: false }],
  ])("caches %s", (path, policy) => {
    expect(catalogRoutePolicy("GET", path)).toEqual(policy)
  })

  it("caches the product search POST (stock in its hits, no prices), and no other POST", () => {
    expect(catalogRoutePolicy("POST", "/store/products/search")).toEqual({ showsStock: true, perCustomer: false })
    expect(catalogRoutePolicy("POST", "/store/products")).toBeUndefined()
    expect(catalogRoutePolicy("POST", "/store/carts")).toBeUndefined()
    expect(catalogRoutePolicy("DELETE", "/store/regions")).toBeUndefined()
    expect(catalogRoutePolicy("GET", "/store/products/search")).toEqual({ showsStock: true, perCustomer: true }) // a product id
  })

  it.each([
    "/store/shipping-options/cart_1", // priced against a cart
    "/store/product-tags/ptag_1", // no such route
    "/store/carts/cart_1",
    "/store/gift-cards/CODE", // a balance, not catalog
    "/store/products/prod_1/extra",
    "/health",
  ])("does not cache %s", (path) => {
    expect(catalogRoutePolicy("GET", path)).toBeUndefined()
  })
})

describe("canonicalJson", () => {
  it("sorts object keys at every depth and keeps array order", () => {
    expect(canonicalJson('{"q":"shirt","filter":{"tags":["b","a"],"collection_id":"c"},"limit":5}')).toBe(
      '{"filter":{"collection_id":"c","tags":["b","a"]},"limit":5,"q":"shirt"}',
    )
    expect(canonicalJson('{ "limit": 5, "q": "shirt" }')).toBe(canonicalJson('{"q":"shirt","limit":5}'))
  })

  it("reads an empty body as {} and refuses what is not JSON", () => {
    expect(canonicalJson("")).toBe("{}")
    expect(canonicalJson("{q:")).toBeUndefined()
    expect(canonicalJson("[1,{\"b\":1,\"a\":2}]")).toBe('[1,{"a":2,"b":1}]')
  })

  it("leaves a body nested deeper than any search needs to the route (no key, no stack overflow)", () => {
    const deep = (n: number) => "[".repeat(n) + "]".repeat(n)
    expect(canonicalJson(`{"q":${deep(20)}}`)).toBe(`{"q":${deep(20)}}`)
    expect(canonicalJson(`{"q":${deep(100_000)}}`)).toBeUndefined()
    expect(canonicalJson(`{"a":`.repeat(50_000) + "1" + "}".repeat(50_000))).toBeUndefined()
  })
})

describe("bypassReason", () => {
  const priced = { showsStock: true, perCustomer: true }
  const plain = { showsStock: false, perCustomer: false }
  const anonymous = { queryKeys: ["limit"], customerId: undefined }
  it("bypasses a cart pricing context on any route", () => {
    expect(bypassReason(plain, { ...anonymous, queryKeys: ["cart_id"] })).toBe("cart pricing context")
  })
  it("bypasses a logged-in customer only where prices may depend on them", () => {
    expect(bypassReason(priced, { ...anonymous, customerId: "cus_1" })).toBe("authenticated customer")
    expect(bypassReason(plain, { ...anonymous, customerId: "cus_1" })).toBeUndefined()
  })
  it("caches anonymous requests", () => {
    expect(bypassReason(priced, anonymous)).toBeUndefined()
  })
})

describe("catalogCacheKeyPath", () => {
  const key = (search: string, publishableKey?: string, version = 7) =>
    catalogCacheKeyPath({ version, publishableKey, pathname: "/store/products", search })
  it("sorts parameters by name and keeps repeated names in their order", () => {
    expect(key("?b=1&a=2&id[]=y&id[]=x")).toBe("/__catalog/v7/_/store/products?a=2&b=1&id%5B%5D=y&id%5B%5D=x")
  })
  it("normalizes encodings of the same value", () => {
    expect(key("?q=t%2Dshirt")).toBe(key("?q=t-shirt"))
  })
  it("adds the stock version for answers that show stock", () => {
    expect(catalogCacheKeyPath({ version: 7, stock: 3, publishableKey: undefined, pathname: "/store/products", search: "" })).toBe(
      "/__catalog/v7s3/_/store/products",
    )
    expect(catalogCacheKeyPath({ version: 7, stock: 4, publishableKey: undefined, pathname: "/store/products", search: "" })).not.toBe(
      catalogCacheKeyPath({ version: 7, stock: 3, publishableKey: undefined, pathname: "/store/products", search: "" }),
    )
  })
  it("separates versions, keys and no key", () => {
    expect(new Set([key(""), key("", "pk_1"), key("", "pk_2"), key("", undefined, 8)]).size).toBe(4)
    expect(key("", "pk/1")).toBe("/__catalog/v7/kpk%2F1/store/products")
  })
})

describe("ifNoneMatchHits", () => {
  it.each([
    ['"abc"', true],
    ['W/"abc"', true],
    ['"x", "abc"', true],
    ["*", true],
    ['"abd"', false],
    [undefined, false],
  ])("If-None-Match %s → %s", (header, hits) => {
    expect(ifNoneMatchHits(header, '"abc"')).toBe(hits)
  })
})

describe("entryTtlSeconds", () => {
  it("uses the inventory TTL for answers that show stock, else the catalog TTL", () => {
    expect(entryTtlSeconds({ showsStock: true, perCustomer: true }, { inventory: 10, catalog: 3600 })).toBe(10)
    expect(entryTtlSeconds({ showsStock: false, perCustomer: false }, { inventory: 10, catalog: 3600 })).toBe(3600)
    expect(entryTtlSeconds({ showsStock: true, perCustomer: true }, { inventory: 2.7, catalog: 1 })).toBe(2)
  })
})

describe("changesStock", () => {
  it.each([
    ["POST", "/store/carts/cart_1/complete"],
    ["POST", "/store/carts/cart_1/complete-cart"],
    ["POST", "/admin/returns/ret_1/receive"],
    ["POST", "/store/order-edits/oe_1/complete"],
    ["POST", "/hooks/payment/stripe"],
    ["POST", "/stripe/hooks"],
  ])("%s %s may move stock", (method, path) => {
    expect(changesStock(method, path)).toBe(true)
  })
  it.each([
    ["GET", "/store/carts/cart_1/complete"],
    ["POST", "/store/carts/cart_1/line-items"],
    ["POST", "/store/carts"],
    ["POST", "/store/products/search"],
    ["POST", "/store/carts/cart_1/complete/x"],
    ["POST", "/store/swaps"],
  ])("%s %s does not", (method, path) => {
    expect(changesStock(method, path)).toBe(false)
  })
})
