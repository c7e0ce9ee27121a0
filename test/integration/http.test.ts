import { describe, expect, it } from "vitest"
import { SELF } from "cloudflare:test"
import { api } from "../helpers/api"

// vitest.config.ts sets STORE_CORS to "http://localhost:8000,/\.example\.com$/"
const preflight = (origin: string) =>
  SELF.fetch("http://store.test/store/carts", {
    method: "OPTIONS",
    headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "content-type,idempotency-key" },
  })

describe("CORS on /store (STORE_CORS)", () => {
  it("allows a configured origin with credentials and exposes Idempotency-Key", async () => {
    const res = await preflight("http://localhost:8000")
    expect(res.status).toBe(204)
    expect(res.headers.get("access-control-allow-origin")).toBe("http://localhost:8000")
    expect(res.headers.get("access-control-allow-credentials")).toBe("true")
    expect(res.headers.get("access-control-allow-headers")?.toLowerCase()).toContain("idempotency-key")
    const get = await SELF.fetch("http://store.test/store/regions", { headers: { origin: "http://localhost:8000" } })
    expect(get.headers.get("access-control-allow-origin")).toBe("http://localhost:8000")
    expect(get.headers.get("access-control-expose-headers")?.toLowerCase()).toContain("idempotency-key")
  })

  it("allows origins matching a /regex/ entry", async () => {
    const res = await preflight("https://shop.example.com")
    expect(res.headers.get("access-control-allow-origin")).toBe("https://shop.example.com")
  })

  it("gives other origins no CORS grant", async () => {
    for (const origin of ["http://evil.test", "https://example.com.evil.test", "http://localhost:8001"]) {
      const res = await preflight(origin)
      expect(res.headers.get("access-control-allow-origin")).toBeNull()
    }
  })
})

describe("security headers and request ids", () => {
  it("sets standard security headers and echoes a request id", async () => {
    const res = await SELF.fetch("http://store.test/store/regions", { headers: { "x-request-id": "req-test-1" } })
    expect(res.headers.get("x-content-type-options")).toBe("nosniff")
    expect(res.headers.get("x-frame-options")).toBe("SAMEORIGIN")
    expect(res.headers.get("x-request-id")).toBe("req-test-1")
    const generated = await SELF.fetch("http://store.test/store/regions")
    expect(generated.headers.get("x-request-id")).toMatch(/^req_[0-9A-Z]{26}$/)
  })
})

describe("bad input never crashes", () => {
  it("rejects a body over MAX_BODY_BYTES with 413 invalid_data", async () => {
    const big = JSON.stringify({ region_id: "x".repeat(1_100_000) })
    const res = await api.post("/store/carts", big)
    expect(res.status).toBe(413)
    expect(res.body).toEqual({ type: "invalid_data", message: "Request body is too large" })
  })

  it.each([
    ["malformed JSON", '{"region_id": ', "Malformed JSON in request body"],
    ["a JSON array", "[1,2]", "body must be an object"],
    ["a JSON string", '"hello"', "body must be an object"],
    ["null", "null", "body must be an object"],
  ])("answers %s with 400 invalid_data", async (_name, body, message) => {
    const res = await api.post("/store/carts", body)
    expect(res.status).toBe(400)
    expect(res.body).toEqual({ type: "invalid_data", message })
  })

  it("answers unknown methods on known paths with a JSON 404", async () => {
    const res = await api.request("PUT", "/store/carts/cart_x", { email: "a@b.co" })
    expect(res.status).toBe(404)
    expect(res.body).toEqual({ type: "not_found", message: "Cannot PUT /store/carts/cart_x" })
  })

  it("survives hostile query strings", async () => {
    // prototype keys are never assigned by the query parser, and refused like any unknown parameter
    const res = await api.get("/store/products?__proto__[polluted]=1")
    expect([res.status, res.body]).toEqual([400, { type: "invalid_data", message: "property __proto__ should not exist" }])
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    const deep = await api.get(`/store/products?${"a[".repeat(50)}=1`)
    expect(deep.status).toBe(400)
  })
})
