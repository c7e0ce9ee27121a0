import { afterEach, beforeAll, describe, expect, it, vi } from "vitest"
import { env } from "cloudflare:workers"
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test"
import { api } from "../helpers/api"
import { arrangeStore, fixtureId } from "../helpers/cart-fixtures"
import { buildApp } from "../../src/app"

/** Every structured line the Worker (and the cart's Durable Object, same isolate here) wrote to the console. */
function captureLogs() {
  const lines: Record<string, unknown>[] = []
  const record = (...args: unknown[]) => {
    if (typeof args[0] !== "string" || !args[0].startsWith("{")) return
    lines.push(JSON.parse(args[0]) as Record<string, unknown>)
  }
  vi.spyOn(console, "log").mockImplementation(record)
  vi.spyOn(console, "warn").mockImplementation(record)
  vi.spyOn(console, "error").mockImplementation(record)
  return lines
}
afterEach(() => vi.restoreAllMocks())

const mug = fixtureId("variant")
let store: Awaited<ReturnType<typeof arrangeStore>>
beforeAll(async () => {
  store = await arrangeStore({ products: [{ title: "Mug", variants: [{ id: mug, prices: [{ currency_code: "usd", amount: 1000 }] }] }] })
})

describe("GET /health", () => {
  it("answers 200 when D1 answers SELECT 1", async () => {
    const res = await api.get("/health")
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ status: "ok", d1: "ok" })
    expect(res.headers.get("cache-control")).toBe("no-store")
  })

  it("answers 503 and logs the failure when D1 does not answer", async () => {
    const logs = captureLogs()
    // A D1 binding whose every query fails, as when the database is unreachable (the real one cannot be broken).
    const down = { prepare: () => ({ first: () => Promise.reject(new Error("D1_ERROR: Network connection lost.")) }) }
    const ctx = createExecutionContext()
    const res = await buildApp().fetch(
      new Request("http://store.test/health", { headers: { "x-request-id": "req-health-1" } }),
      { ...env, DB: down as unknown as D1Database },
      ctx,
    )
    await waitOnExecutionContext(ctx)
    expect(res.status).toBe(503)
    expect(await res.json()).toEqual({ status: "unavailable", d1: "error" })
    expect(logs).toContainEqual(
      expect.objectContaining({ level: "error", msg: "health check failed", request_id: "req-health-1", check: "d1", error_message: "D1_ERROR: Network connection lost." }),
    )
  })
})

describe("structured request logs", () => {
  it("logs one JSON line per request with its id, route, status and D1 round trips", async () => {
    const logs = captureLogs()
    const res = await api.get("/store/regions", { headers: { "x-request-id": "req-log-1" } })
    expect(res.headers.get("x-request-id")).toBe("req-log-1")
    const line = logs.find((l) => l.msg === "request" && l.request_id === "req-log-1")
    expect(line).toMatchObject({ level: "info", method: "GET", path: "/store/regions", status: 200, d1_round_trips: res.roundTrips })
    expect(typeof line?.duration_ms).toBe("number")
  })

  it("logs client errors at info and keeps the caller's id on them", async () => {
    const logs = captureLogs()
    await api.get("/store/carts/cart_missing", { headers: { "x-request-id": "req-log-2" } })
    expect(logs.find((l) => l.request_id === "req-log-2")).toMatchObject({ level: "info", msg: "request", status: 404 })
  })

  it("replaces a request id that is not a plain token, so clients cannot forge log fields", async () => {
    const logs = captureLogs()
    for (const forged of ['req" , "level": "debug', "r".repeat(129)]) {
      const res = await api.get("/store/regions", { headers: { "x-request-id": forged } })
      const id = res.headers.get("x-request-id")
      expect(id).toMatch(/^req_[0-9A-Z]{26}$/)
      expect(logs.filter((l) => l.msg === "request").at(-1)?.request_id).toBe(id)
    }
  })

  it("carries the request id into the cart's Durable Object", async () => {
    const cart = (await api.post("/store/carts", { region_id: store.regionId })).body.cart
    const logs = captureLogs()
    const res = await api.post(`/store/carts/${cart.id}/line-items`, { variant_id: mug, quantity: 2 }, { headers: { "x-request-id": "req-do-1" } })
    expect(res.status).toBe(200)
    expect(logs).toContainEqual(
      expect.objectContaining({ level: "info", msg: "cart command", request_id: "req-do-1", cart_id: cart.id, command: "add_line_item", status: 200 }),
    )
    await api.post(`/store/carts/${cart.id}/line-items`, { variant_id: "variant_nope", quantity: 1 }, { headers: { "x-request-id": "req-do-2" } })
    expect(logs).toContainEqual(
      expect.objectContaining({ msg: "cart command", request_id: "req-do-2", command: "add_line_item", error_type: "invalid_data" }),
    )
  })
})
