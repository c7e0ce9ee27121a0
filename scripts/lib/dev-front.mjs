// The front of `npm start` / `npm run dev`: a small HTTP proxy on PORT in front of `wrangler dev` (which listens on a
// private port), there for one wrangler fault.
//
// wrangler dev runs the Worker behind its own ProxyWorker, in a second workerd process, over pooled keep-alive
// connections. kj closes an idle connection after 5 s on both ends (client pool idleTimeout, server
// pipelineTimeout), so a request written to a connection that has idled ~5 s can meet the close: it never reaches
// the Worker, and wrangler (4.86; cloudflare/workers-sdk#14641, unfixed for requests with a body) answers a POST
// with `503 Your worker restarted mid-request…` although nothing restarted. A soak of 16 shoppers met it on about one
// cart write in 15–3,000 (more the busier the machine); the Worker's log showed none of the dropped requests.
//
// The front resends such a request — buffered, byte for byte — when wrangler did not reload the Worker while it was
// in flight: then the Worker never saw it (its own 5xx answers are JSON and pass through untouched). When wrangler
// did reload (a file changed), the old Worker may have run it, so the 503 passes through as wrangler sent it.
import http from "node:http"
import net from "node:net"
import zlib from "node:zlib"

/** The exact body wrangler's ProxyWorker answers when its fetch to the Worker failed (non-GET/HEAD requests). */
export const WRANGLER_DROPPED = "Your worker restarted mid-request. Please try sending the request again. Only GET or HEAD requests are retried automatically."
/**
 * How often one request is sent at most. On a loaded machine several pooled connections go stale together and each
 * attempt may draw another (a soak on two busy cores needed up to 4).
 */
export const MAX_ATTEMPTS = 6

/** A wrangler line that starts a reload (the Worker's code or config changed): in-flight requests may have run. */
export const isReloadLine = (line) => line.includes("Reloading local server")

/**
 * Whether to send a request again after an answer: only wrangler's dropped-connection 503 (exact body), only while no
 * reload started since the request went out, and only MAX_ATTEMPTS times.
 */
export function shouldResend({ status, body, reloadsAtSend, reloadsNow, attempt }) {
  return status === 503 && body === WRANGLER_DROPPED && reloadsAtSend === reloadsNow && attempt < MAX_ATTEMPTS
}

/** A reload counter fed with wrangler's output (stdout and stderr: each keeps its own unfinished line). */
export function reloadCounter() {
  let reloads = 0
  const pending = {}
  return {
    get count() {
      return reloads
    },
    /** Feeds a chunk of one of wrangler's streams; a reload line counts as soon as its text has arrived. */
    feed(chunk, stream = "stdout") {
      const lines = ((pending[stream] ?? "") + chunk).split("\n")
      let rest = lines.pop() ?? ""
      for (const line of lines) if (isReloadLine(line)) reloads++
      if (isReloadLine(rest)) {
        reloads++
        rest = ""
      }
      pending[stream] = rest
    },
  }
}

// Hop-by-hop headers belong to one connection, not to the request: each side of the front sets its own.
const HOP_BY_HOP = new Set(["connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade", "te", "trailer"])

/** Raw headers ([name, value, name, value, …]) without the hop-by-hop ones. */
export function endToEnd(rawHeaders) {
  const out = []
  for (let i = 0; i < rawHeaders.length; i += 2) {
    if (!HOP_BY_HOP.has(rawHeaders[i].toLowerCase())) out.push(rawHeaders[i], rawHeaders[i + 1])
  }
  return out
}

/** A body's text under its Content-Encoding (workerd compresses for clients that accept it); null if undecodable. */
export function decodedText(bytes, contentEncoding) {
  try {
    const encoding = (contentEncoding ?? "identity").trim().toLowerCase()
    const plain =
      encoding === "gzip" ? zlib.gunzipSync(bytes) :
      encoding === "deflate" ? zlib.inflateSync(bytes) :
      encoding === "br" ? zlib.brotliDecompressSync(bytes) :
      encoding === "identity" || encoding === "" ? bytes : null
    return plain === null ? null : plain.toString("utf8")
  } catch {
    return null
  }
}

function readAll(stream) {
  return new Promise((resolve, reject) => {
    const chunks = []
    stream.on("data", (c) => chunks.push(c))
    stream.on("end", () => resolve(Buffer.concat(chunks)))
    stream.on("error", reject)
  })
}

/**
 * Starts the front on host:port, forwarding to http://127.0.0.1:upstreamPort. `reloads` is a reloadCounter (its
 * output must be fed before the answers it concerns arrive: wrangler logs the reload before it restarts the Worker).
 * Resolves with the http.Server once listening.
 */
export function startFront({ port, host = "127.0.0.1", upstreamPort, reloads, onResend = () => {}, onPassOn = () => {} }) {
  // Kept-alive upstream connections (a connection closed after each answer made wrangler's proxy drop more requests
  // to the Worker), each closed by us after 2 s idle: well before wrangler's own 5 s close, so we never race it.
  const agent = new http.Agent({ keepAlive: true, timeout: 2000 })
  const send = (req, body) =>
    new Promise((resolve, reject) => {
      const headers = endToEnd(req.rawHeaders) // the buffered body's length replaces the client's framing
      const withLength = []
      for (let i = 0; i < headers.length; i += 2) if (headers[i].toLowerCase() !== "content-length") withLength.push(headers[i], headers[i + 1])
      if (body.length || !["GET", "HEAD"].includes(req.method)) withLength.push("content-length", String(body.length))
      const upstream = http.request({ host: "127.0.0.1", port: upstreamPort, method: req.method, path: req.url, headers: withLength, agent }, resolve)
      // A reused connection wrangler had closed: nothing of the request was read, so it is sent again (Node's rule).
      upstream.on("error", (err) => (upstream.reusedSocket && err.code === "ECONNRESET" ? resolve(send(req, body)) : reject(err)))
      upstream.end(body)
    })

  const server = http.createServer(async (req, res) => {
    try {
      const body = await readAll(req)
      for (let attempt = 1; ; attempt++) {
        const reloadsAtSend = reloads.count
        const answer = await send(req, body)
        if (answer.statusCode === 503) {
          const text = await readAll(answer)
          // wrangler logs a reload before it restarts the Worker; let that output be read before deciding.
          await new Promise((r) => setTimeout(r, 50))
          const decision = { status: 503, body: decodedText(text, answer.headers["content-encoding"]), reloadsAtSend, reloadsNow: reloads.count, attempt }
          if (shouldResend(decision)) {
            onResend(req.method, req.url, attempt)
            continue
          }
          if (decision.body === WRANGLER_DROPPED) onPassOn(req.method, req.url, decision.reloadsNow !== reloadsAtSend ? "the Worker reloaded meanwhile" : `${attempt} attempts`)
          res.writeHead(answer.statusCode, answer.statusMessage, endToEnd(answer.rawHeaders))
          res.end(text)
          return
        }
        res.writeHead(answer.statusCode ?? 502, answer.statusMessage, endToEnd(answer.rawHeaders))
        answer.pipe(res)
        return
      }
    } catch (err) {
      if (!res.headersSent) res.writeHead(502, { "content-type": "text/plain" })
      res.end(`npm start: wrangler dev did not answer (${err.message})`)
    }
  })

  // WebSocket upgrades (none in the Store API; wrangler's own tooling may use them): a plain byte pipe.
  server.on("upgrade", (req, socket, head) => {
    const upstream = net.connect(upstreamPort, "127.0.0.1", () => {
      const lines = [`${req.method} ${req.url} HTTP/${req.httpVersion}`]
      for (let i = 0; i < req.rawHeaders.length; i += 2) lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`)
      upstream.write(`${lines.join("\r\n")}\r\n\r\n`)
      if (head?.length) upstream.write(head)
      upstream.pipe(socket)
      socket.pipe(upstream)
    })
    upstream.on("error", () => socket.destroy())
    socket.on("error", () => upstream.destroy())
  })

  return new Promise((resolve, reject) => {
    server.once("error", reject)
    server.listen(port, host, () => resolve(server))
  })
}

/** A free TCP port on 127.0.0.1 (for wrangler dev behind the front). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer()
    probe.once("error", reject)
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address()
      probe.close(() => resolve(port))
    })
  })
}
