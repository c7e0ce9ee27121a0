import http from "node:http"
import path from "node:path"
import { gzipSync } from "node:zlib"
import { afterEach, describe, expect, it } from "vitest"
import { MAX_ATTEMPTS, WRANGLER_DROPPED, freePort, reloadCounter, startFront, type ReloadCounter } from "../../scripts/lib/dev-front.mjs"
import { devArgs, localUrl, resolvePort, toolStateDir, withState } from "../../scripts/lib/local.mjs"

// The local tooling around the Worker (scripts/, bench/, soak/): `npm start`'s front, its PORT, and the state the
// bench and the soak keep to themselves. Runs in Node and starts no wrangler: a plain HTTP server stands in for
// `wrangler dev`, answering as its ProxyWorker does.

const ROOT = path.resolve(import.meta.dirname, "../..")

interface Seen { method: string; url: string; body: string; headers: http.IncomingHttpHeaders }
type Answer = (seen: Seen, n: number) => { status: number; body: string | Buffer; headers?: Record<string, string> }

let closers: (() => Promise<void>)[] = []
afterEach(async () => {
  await Promise.all(closers.map((close) => close()))
  closers = []
})

const closeServer = (server: http.Server) => () => new Promise<void>((resolve) => server.close(() => resolve()))

/** A stand-in for wrangler dev (answering with `answer`) and the front before it; resolves with both ends. */
async function frontOver(answer: Answer, reloads: ReloadCounter = reloadCounter()) {
  const seen: Seen[] = []
  const upstream = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on("data", (c: Buffer) => chunks.push(c))
    req.on("end", () => {
      const s = { method: req.method!, url: req.url!, body: Buffer.concat(chunks).toString("utf8"), headers: req.headers }
      seen.push(s)
      const a = answer(s, seen.length)
      res.writeHead(a.status, a.headers ?? { "content-type": "text/plain;charset=UTF-8" })
      res.end(a.body)
    })
  })
  await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve))
  closers.push(closeServer(upstream))
  const port = await freePort()
  const resent: string[] = []
  const front = await startFront({
    port,
    upstreamPort: (upstream.address() as { port: number }).port,
    reloads,
    onResend: (method, url) => resent.push(`${method} ${url}`),
  })
  closers.push(closeServer(front))
  return { url: `http://127.0.0.1:${port}`, seen, resent }
}

const dropped = { status: 503, body: WRANGLER_DROPPED, headers: { "retry-after": "0", "content-type": "text/plain;charset=UTF-8" } }
const cartWrite = { email: "shopper@example.com", metadata: { note: "ünïcode ✓" } }

describe("npm start's front before wrangler dev", () => {
  it("resends a cart write that wrangler's proxy dropped before the Worker saw it, byte for byte, and answers the Worker's answer", async () => {
    const { url, seen, resent } = await frontOver((s, n) =>
      n === 1 ? dropped : { status: 200, body: JSON.stringify({ cart: { id: "cart_1", email: JSON.parse(s.body).email } }), headers: { "content-type": "application/json" } },
    )
    const res = await fetch(`${url}/store/carts/cart_1?expand=items`, {
      method: "POST",
      headers: { "content-type": "application/json", "idempotency-key": "k-1", cookie: "connect.sid=abc" },
      body: JSON.stringify(cartWrite),
    })
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ cart: { id: "cart_1", email: "shopper@example.com" } })
    expect(seen).toHaveLength(2)
    expect(seen.map((s) => [s.method, s.url, s.body])).toEqual([
      ["POST", "/store/carts/cart_1?expand=items", JSON.stringify(cartWrite)],
      ["POST", "/store/carts/cart_1?expand=items", JSON.stringify(cartWrite)],
    ])
    // The Worker sees the shopper's own host, key and cookie, and a body of the length it was sent with.
    expect(seen[1]!.headers).toMatchObject({
      host: new URL(url).host,
      "idempotency-key": "k-1",
      cookie: "connect.sid=abc",
      "content-length": String(Buffer.byteLength(JSON.stringify(cartWrite))),
    })
    expect(resent).toEqual(["POST /store/carts/cart_1?expand=items"])
  })

  it("recognises wrangler's 503 gzipped, as workerd sends it to a client that accepts gzip", async () => {
    const gzipped = { status: 503, body: gzipSync(WRANGLER_DROPPED), headers: { "content-type": "text/plain;charset=UTF-8", "content-encoding": "gzip" } }
    const { url, seen } = await frontOver((_, n) => (n === 1 ? gzipped : { status: 200, body: '{"cart":{"id":"cart_1"}}', headers: { "content-type": "application/json" } }))
    const res = await fetch(`${url}/store/carts/cart_1/shipping-methods`, { method: "POST", headers: { "content-type": "application/json" }, body: '{"option_id":"so_1"}' })
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ cart: { id: "cart_1" } })
    expect(seen.map((s) => s.body)).toEqual(['{"option_id":"so_1"}', '{"option_id":"so_1"}'])
  })

  it("passes wrangler's 503 on when the Worker reloaded while the request was in flight: the old Worker may have run it", async () => {
    const reloads = reloadCounter()
    const { url, seen, resent } = await frontOver(() => {
      reloads.feed("\u001b[2m⎔ Reloading local server...\u001b[22m\n")
      return dropped
    }, reloads)
    const res = await fetch(`${url}/store/carts/cart_1/line-items`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" })
    expect(res.status).toBe(503)
    expect(await res.text()).toBe(WRANGLER_DROPPED)
    expect(seen).toHaveLength(1)
    expect(resent).toEqual([])
  })

  it("passes the Worker's own 503 on untouched, sent once", async () => {
    const own = JSON.stringify({ type: "unexpected_state", message: "busy" })
    const { url, seen } = await frontOver(() => ({ status: 503, body: own, headers: { "content-type": "application/json" } }))
    const res = await fetch(`${url}/store/carts`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" })
    expect(res.status).toBe(503)
    expect(await res.text()).toBe(own)
    expect(seen).toHaveLength(1)
  })

  it(`sends one request at most ${MAX_ATTEMPTS} times, then passes wrangler's 503 on`, async () => {
    const { url, seen } = await frontOver(() => dropped)
    const res = await fetch(`${url}/store/carts/cart_1/complete`, { method: "POST" })
    expect(res.status).toBe(503)
    expect(await res.text()).toBe(WRANGLER_DROPPED)
    expect(MAX_ATTEMPTS).toBe(6)
    expect(seen).toHaveLength(6)
  })

  it("passes ordinary answers through with their status, headers and body", async () => {
    const { url, seen } = await frontOver(() => ({ status: 404, body: '{"type":"not_found","message":"Cart with cart_x was not found"}', headers: { "content-type": "application/json", "x-request-id": "req_1" } }))
    const res = await fetch(`${url}/store/carts/cart_x`)
    expect(res.status).toBe(404)
    expect(res.headers.get("x-request-id")).toBe("req_1")
    expect(await res.json()).toEqual({ type: "not_found", message: "Cart with cart_x was not found" })
    expect(seen.map((s) => [s.method, s.url, s.body])).toEqual([["GET", "/store/carts/cart_x", ""]])
  })

  it("counts a reload line however wrangler's output is cut into chunks, on stdout and stderr alike", () => {
    const reloads = reloadCounter()
    reloads.feed("[wrangler:info] Ready\n⎔ Reload")
    reloads.feed("[wrangler:warn] something else\n", "stderr")
    expect(reloads.count).toBe(0)
    reloads.feed("ing local server...\n⎔ Local server updated and ready\n")
    expect(reloads.count).toBe(1)
    reloads.feed("⎔ Reloading local server...", "stderr")
    expect(reloads.count).toBe(2)
    reloads.feed("\n", "stderr")
    expect(reloads.count).toBe(2)
  })
})

describe("PORT for npm start and npm run dev", () => {
  it("defaults to 8787 and takes PORT from the environment", () => {
    expect(resolvePort({})).toBe(8787)
    expect(resolvePort({ PORT: "" })).toBe(8787)
    expect(resolvePort({ PORT: "8795" })).toBe(8795)
    expect(localUrl({ PORT: "8795" })).toBe("http://127.0.0.1:8795")
    expect(localUrl({})).toBe("http://127.0.0.1:8787")
  })

  it("refuses a PORT that is not a whole number from 1 to 65535", () => {
    for (const bad of ["abc", "0", "65536", "80.5", "-1", "8787abc", "1e3"]) {
      expect(() => resolvePort({ PORT: bad }), bad).toThrow(`PORT must be a whole number from 1 to 65535, not '${bad}'`)
    }
  })

  it("runs wrangler dev on its private loopback port, on D1_PERSIST_TO's state when set", () => {
    expect(devArgs({}, 40123)).toEqual(["dev", "--ip", "127.0.0.1", "--port", "40123"])
    expect(devArgs({ D1_PERSIST_TO: "/tmp/state" }, 40123)).toEqual(["dev", "--ip", "127.0.0.1", "--port", "40123", "--persist-to", "/tmp/state"])
  })
})

describe("the bench's and the soak's own database", () => {
  it("lives under .wrangler/<tool>, never in the developer's .wrangler/state", () => {
    expect(toolStateDir(ROOT, "bench")).toBe(path.join(ROOT, ".wrangler", "bench"))
    expect(toolStateDir(ROOT, "soak")).toBe(path.join(ROOT, ".wrangler", "soak"))
    expect(() => toolStateDir(ROOT, "../state")).toThrow("not a tool name: '../state'")
    // wrangler's own directories: the developer's database and wrangler dev's build output.
    expect(() => toolStateDir(ROOT, "state")).toThrow("not a tool name: 'state'")
    expect(() => toolStateDir(ROOT, "tmp")).toThrow("not a tool name: 'tmp'")
  })

  it("reaches the seed script and wrangler as D1_PERSIST_TO", () => {
    const env = withState({ PATH: "/bin", D1_PERSIST_TO: "/somewhere/else" }, toolStateDir(ROOT, "bench"))
    expect(env).toEqual({ PATH: "/bin", D1_PERSIST_TO: path.join(ROOT, ".wrangler", "bench") })
  })
})
