/**
 * scripts/compare-medusa.mjs (npm run compare:medusa) against two small HTTP servers standing in for Medusa and the
 * Worker: the same answers exit 0, a changed field exits 1 and is printed as `resource id field: medusa=… worker=…`,
 * and a difference on the documented list (a variant's updated_at older here) is listed as expected, not failed.
 */
import { execFile } from "node:child_process"
import { createServer, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import { afterEach, describe, expect, test } from "vitest"

type Shop = { regions: object[]; collections: object[]; variants: object[] }

const region = { id: "reg_1", name: "EU", currency_code: "eur", tax_rate: 25, countries: [{ id: 60, iso_2: "dk" }, { id: 82, iso_2: "de" }] }
const collection = { id: "pcol_1", title: "Summer", handle: "summer" }
const variant = { id: "variant_1", title: "M", product_id: "prod_1", inventory_quantity: 5, prices: [], updated_at: "2026-12-01T00:00:00.000Z" }
const shop = (over: Partial<Shop> = {}): Shop => ({ regions: [region], collections: [collection], variants: [variant], ...over })

/** The GET routes the script reads, answered from `shop`; lists in one page with `count`. */
function serve(s: Shop): Promise<Server> {
  const lists: Record<string, [string, object[]]> = {
    "/store/regions": ["regions", s.regions],
    "/store/products": ["products", []],
    "/store/variants": ["variants", s.variants],
    "/store/collections": ["collections", s.collections],
    "/store/product-categories": ["product_categories", []],
    "/store/product-tags": ["product_tags", []],
    "/store/product-types": ["product_types", []],
    "/store/shipping-options": ["shipping_options", []],
    "/store/return-reasons": ["return_reasons", []],
  }
  const single: Record<string, [string, object[]]> = {
    regions: ["region", s.regions],
    variants: ["variant", s.variants],
    collections: ["collection", s.collections],
  }
  const server = createServer((req, res) => {
    const path = new URL(req.url!, "http://x").pathname
    const send = (status: number, body: object) => res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body))
    const list = lists[path]
    if (list) return send(200, { [list[0]]: list[1], count: list[1].length })
    const [, route, id] = path.match(/^\/store\/([a-z-]+)\/([^/]+)$/) ?? []
    const one = route ? single[route] : undefined
    const row = one?.[1].find((r) => (r as { id: string }).id === id)
    return one && row ? send(200, { [one[0]]: row }) : send(404, { type: "not_found", message: path })
  })
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)))
}

const servers: Server[] = []
afterEach(() => {
  for (const s of servers.splice(0)) s.close()
})

async function compare(medusa: Shop, worker: Shop): Promise<{ code: number; out: string }> {
  const [m, w] = await Promise.all([serve(medusa), serve(worker)])
  servers.push(m, w)
  const url = (s: Server) => `http://127.0.0.1:${(s.address() as AddressInfo).port}`
  return new Promise((resolve) => {
    const script = new URL("../../scripts/compare-medusa.mjs", import.meta.url).pathname
    execFile(process.execPath, [script, "--medusa", url(m), "--worker", url(w)], (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code) : 0, out: stdout + stderr }),
    )
  })
}

describe("npm run compare:medusa", () => {
  test("the same answers: exit 0, every record counted as matched (countries matched by id, not by order)", async () => {
    const reordered = { ...region, countries: [...region.countries].reverse() }
    const { code, out } = await compare(shop(), shop({ regions: [reordered] }))
    expect(out).toMatch(/^region\s+1\s+0\s+0\s+0\s+0$/m)
    expect(out).toMatch(/^region \(by id\)\s+1\s+0\s+0\s+0\s+0$/m)
    expect(out).toMatch(/^collection\s+1\s+0\s+0\s+0\s+0$/m)
    expect(out).toMatch(/^variant\s+1\s+0\s+0\s+0\s+0$/m)
    expect(code).toBe(0)
  })

  test("a changed field and a record missing on one side: exit 1, each printed with both values", async () => {
    const { code, out } = await compare(
      shop({ collections: [collection, { id: "pcol_2", title: "Winter", handle: "winter" }] }),
      shop({ variants: [{ ...variant, inventory_quantity: 4 }] }),
    )
    expect(out).toContain("variant variant_1 inventory_quantity: medusa=5 worker=4")
    expect(out).toContain('collection pcol_2 (record): medusa="present" worker="missing"')
    expect(out).toMatch(/^collection\s+1\s+0\s+0\s+1\s+0$/m)
    expect(out).toMatch(/collection \(by id\) pcol_2 \(request failed: GET http:\/\/127\.0\.0\.1:\d+\/store\/collections\/pcol_2 → 404/)
    expect(out).toContain("✘ 4 unexpected difference(s)") // the variant in its list and by id, the collection in its list and by id
    expect(code).toBe(1)
  })

  test("a documented deviation (a variant's updated_at older here) is listed with its reason and exits 0", async () => {
    const { code, out } = await compare(shop({ variants: [{ ...variant, updated_at: "2026-12-08T06:19:16.830Z" }] }), shop())
    expect(out).toMatch(/^variant\s+0\s+1\s+0\s+0\s+0$/m)
    expect(out).toContain('variant variant_1 .updated_at: medusa="2026-12-08T06:19:16.830Z" worker="2026-12-01T00:00:00.000Z"')
    expect(out).toContain("updated_at is not carried over")
    expect(code).toBe(0)
  })

  test("the same deviation the other way round (newer here) is not excused", async () => {
    const { code, out } = await compare(shop(), shop({ variants: [{ ...variant, updated_at: "2026-12-08T06:19:16.830Z" }] }))
    expect(out).toMatch(/^variant\s+0\s+0\s+1\s+0\s+0$/m)
    expect(code).toBe(1)
  })
})
