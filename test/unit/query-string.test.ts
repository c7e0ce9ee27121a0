import { describe, expect, it } from "vitest"
import { parseQuery, parseQueryString, queryParamNames } from "../../src/http/query-string"

describe("parseQueryString (qs semantics)", () => {
  it.each([
    ["?a=1", { a: "1" }],
    ["?a=1&a=2", { a: ["1", "2"] }],
    ["?id[]=x&id[]=y", { id: ["x", "y"] }],
    ["?id[0]=x&id[1]=y", { id: ["x", "y"] }],
    ["?created_at[gt]=2024-01-01&created_at[lt]=2025-01-01", { created_at: { gt: "2024-01-01", lt: "2025-01-01" } }],
    ["?expand=a,b&fields=", { expand: "a,b", fields: "" }],
    ["?q=caf%C3%A9+au+lait", { q: "café au lait" }],
    ["?a[b][c]=1", { a: { b: { c: "1" } } }],
  ])("%s", (search, expected) => {
    expect({ ...parseQueryString(search) }).toEqual(expected)
  })

  it("ignores prototype-polluting keys", () => {
    const parsed = parseQueryString("?__proto__[x]=1&constructor[prototype][y]=2&ok=1")
    expect(Object.keys(parsed)).toEqual(["ok"])
    expect(({} as Record<string, unknown>).x).toBeUndefined()
  })

  it("caps nesting depth", () => {
    const parsed = parseQueryString("?a[b][c][d][e][f][g][h]=1")
    expect(JSON.stringify(parsed).split("{").length - 1).toBeLessThanOrEqual(7)
  })

  it("skips empty keys", () => {
    expect({ ...parseQueryString("?=x&&a=1") }).toEqual({ a: "1" })
  })
})

describe("parseQuery: what the parser refuses to build", () => {
  it.each([
    ["?constructor=1", ["constructor"]],
    ["?__proto__=1&ok=1", ["__proto__"]],
    ["?prototype[]=1", ["prototype"]],
    ["?__proto__[x]=1", ["__proto__"]],
    ["?created_at[constructor]=1", ["created_at.constructor"]],
    ["?a[b][__proto__]=1", ["a.b.__proto__"]],
    ["?ok=1", []],
  ])("%s", (search, unsafe) => {
    expect(parseQuery(search).unsafeKeys).toEqual(unsafe)
  })
})

describe("queryParamNames: the top-level names the parser builds (what the catalog cache decides on)", () => {
  it.each([
    ["?cart_id=1", ["cart_id"]],
    ["?cart_id%5B=1", ["cart_id"]],
    ["?cart_id[=1", ["cart_id"]],
    ["?cart_id[]=1&cart_id[x]=2", ["cart_id"]],
    ["?%63art_id=1", ["cart_id"]],
    ["?region_id=r&fields=id", ["region_id", "fields"]],
    ["?=x&[a]=1", ["[a]"]],
  ])("%s", (search, names) => {
    expect(queryParamNames(search)).toEqual(names)
  })
})
