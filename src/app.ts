import { Hono } from "hono"
import { cors } from "hono/cors"
import { secureHeaders } from "hono/secure-headers"
import { bodyLimit } from "hono/body-limit"
import { HTTPException } from "hono/http-exception"
import type { AppEnv } from "./env"
import { createDb } from "./db/client"
import { FAULT_HEADER, faultPlan } from "./faults/plan"
import { toErrorResponse } from "./http/errors"
import { corsGrant, parseCorsOrigins } from "./http/cors"
import { newId } from "./domain/ids"
import { regions } from "./routes/regions"
import { products } from "./routes/products"
import { variants } from "./routes/variants"
import { productTags } from "./routes/product-tags"
import { productTypes } from "./routes/product-types"
import { productCategories } from "./routes/product-categories"
import { collections } from "./routes/collections"
import { shippingOptions } from "./routes/shipping-options"
import { cartShippingOptions } from "./routes/cart-shipping-options"
import { returnReasons } from "./routes/return-reasons"
import { giftCards } from "./routes/gift-cards"
import { carts } from "./routes/carts"
import { orders } from "./routes/orders"
import { auth } from "./routes/auth"
import { customers } from "./routes/customers"
import { authenticateCustomer } from "./http/auth"
import { health } from "./routes/health"
import { chooseRequestId, errorFields, log } from "./log"
import { docs } from "./routes/docs"
import { hooks } from "./routes/hooks"
import { catalogCache, stockChangeSignal } from "./http/catalog-cache"
import { returns } from "./routes/returns"
import { swaps } from "./routes/swaps"
import { orderEdits } from "./routes/order-edits"
import { paymentCollections } from "./routes/payment-collections"
import { admin } from "./routes/admin"

const DEFAULT_MAX_BODY_BYTES = 1024 * 1024

/** The Cloudflare data center that served the request (absent in local dev). */
const colo = (req: Request): string | undefined => {
  const cf = (req as Request & { cf?: { colo?: unknown } }).cf
  return typeof cf?.colo === "string" ? cf.colo : undefined
}

export function buildApp() {
  const app = new Hono<AppEnv>()

  app.use("*", async (c, next) => {
    const faults = faultPlan(c.env.FAULTS, c.req.header(FAULT_HEADER))
    c.set("faults", faults)
    const { db, count } = createDb(c.env.DB, faults?.d1)
    c.set("db", db)
    c.set("d1RoundTrips", count)
    c.set("requestId", chooseRequestId(c.req.header("x-request-id"), () => newId("idempotencyKey").replace("ikey_", "req_")))
    c.set("now", () => new Date())
    const started = Date.now()
    await next()
    c.header("x-request-id", c.var.requestId)
    log(c.res.status >= 500 ? "error" : "info", "request", {
      request_id: c.var.requestId,
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      duration_ms: Date.now() - started,
      // c.var.d1RoundTrips, not count: the catalog cache swaps in a D1 session with its own counter.
      d1_round_trips: c.var.d1RoundTrips() + (c.var.remoteD1RoundTrips ?? 0),
      colo: colo(c.req.raw),
    })
    if (c.env.EXPOSE_D1_COUNT === "true") c.header("x-d1-round-trips", String(c.var.d1RoundTrips() + (c.var.remoteD1RoundTrips ?? 0)))
  })

  app.use("*", secureHeaders({ crossOriginResourcePolicy: false }))

  // A sale, swap, restock or order edit that succeeded: this data center's next catalog read shows the new stock.
  app.use("*", stockChangeSignal)

  app.use("/store/*", (c, next) => {
    const grant = corsGrant(c.req.header("origin"), parseCorsOrigins(c.env.STORE_CORS))
    return cors({
      origin: () => grant.allowOrigin,
      // Only a listed origin hears that credentials are allowed: an unlisted one gets no CORS grant at all, and `*` none.
      credentials: grant.credentials,
      allowHeaders: ["Content-Type", "Authorization", "Idempotency-Key", "x-publishable-api-key", "x-request-id", "x-d1-bookmark"],
      allowMethods: ["GET", "POST", "DELETE", "OPTIONS"],
      exposeHeaders: ["Idempotency-Key", "x-request-id", "x-d1-bookmark"],
      maxAge: 600,
    })(c, next)
  })

  app.use("/store/*", (c, next) =>
    bodyLimit({
      maxSize: Number(c.env.MAX_BODY_BYTES) || DEFAULT_MAX_BODY_BYTES,
      // 413 with Medusa's error body (src/http/errors.ts maps it); v1 answers an HTML page with a stack trace.
      onError: () => {
        throw new HTTPException(413)
      },
    })(c, next),
  )

  // v1 authenticateCustomer(): session cookie or Bearer JWT on every /store route; never rejects by itself.
  app.use("/store/*", authenticateCustomer)

  // Catalog GETs from the edge cache (a no-op for every other route).
  app.use("/store/*", catalogCache)

  app.route("/store/auth", auth)
  app.route("/store/customers", customers)
  app.route("/store/regions", regions)
  app.route("/store/products", products)
  app.route("/store/variants", variants)
  app.route("/store/product-tags", productTags)
  app.route("/store/product-types", productTypes)
  app.route("/store/product-categories", productCategories)
  app.route("/store/collections", collections)
  app.route("/store/shipping-options", shippingOptions)
  app.route("/store/shipping-options", cartShippingOptions)
  app.route("/store/return-reasons", returnReasons)
  app.route("/store/gift-cards", giftCards)
  app.route("/store/carts", carts)
  app.route("/store/orders", orders)
  app.route("/store/returns", returns)
  app.route("/store/swaps", swaps)
  app.route("/store/order-edits", orderEdits)
  app.route("/store/payment-collections", paymentCollections)
  app.route("/admin", admin)

  app.route("/health", health)
  app.route("/", docs)
  app.route("/", hooks)

  app.notFound((c) => c.json({ type: "not_found", message: `Cannot ${c.req.method} ${new URL(c.req.url).pathname}` }, 404))

  app.onError((err, c) => {
    const { status, body } = toErrorResponse(err)
    if (status >= 500) log("error", "unhandled error", { request_id: c.var.requestId, ...errorFields(err) })
    if (c.env.EXPOSE_D1_COUNT === "true" && c.var.d1RoundTrips) {
      c.header("x-d1-round-trips", String(c.var.d1RoundTrips() + (c.var.remoteD1RoundTrips ?? 0)))
    }
    c.header("x-request-id", c.var.requestId)
    return c.json(body, status)
  })

  return app
}
