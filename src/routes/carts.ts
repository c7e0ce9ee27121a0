import { Hono } from "hono"
import type { AppEnv } from "../env"
import { validate, validateQuery } from "../http/validate"
import { FindParams } from "../schemas/common"
import { AddLineItemBody, AddShippingMethodBody, CreateCartBody, UpdateCartBody, UpdateLineItemBody } from "../schemas/carts"
import { createCart } from "../services/carts"
import { shouldAttachCustomer } from "../services/cart-customer"
import { respondWithCartCommand } from "../http/cart-commands"
import { rememberCart } from "../http/known-carts"
import { SelectPaymentSessionBody, UpdatePaymentSessionBody } from "../schemas/payment-sessions"
import { salesChannelScope } from "../http/sales-channel-scope"
import { referenceVersion } from "../http/catalog-version"
import { limitCartCodeAttempts, withRetryAfter } from "../http/rate-limit"
import { cartCreationGuard, cartCreationLimit, clientKey } from "../services/rate-limits"

export const carts = new Hono<AppEnv>()
  // Creating needs no Durable Object: the id is new, so nothing can contend. The publishable key's channels scope
  // the new cart (v1 extendRequestParams + validateSalesChannelParam) and a later sales_channel_id change.
  .post("/", salesChannelScope, validate("json", CreateCartBody), async (c) => {
    // The new cart's region and channel rows are catalog data: reused under the catalog version (CATALOG_CACHE).
    const catalogVersion = await referenceVersion(c)
    // Every cart is stored: each client address may create CART_CREATE_LIMIT per window, counted in the same batch.
    const limit = cartCreationLimit(c.env.CART_CREATE_LIMIT)
    const guard = limit === undefined ? undefined : cartCreationGuard(c.var.db, clientKey(c.req.header("cf-connecting-ip")), limit, c.var.now().getTime())
    const cart = await withRetryAfter(c, () =>
      createCart(
        { db: c.var.db, env: c.env, now: c.var.now, customerId: c.var.customerId, publishableKeyScopes: c.var.publishableKeyScopes, catalogVersion },
        c.req.valid("json"),
        { ip: c.req.header("cf-connecting-ip") ?? "127.0.0.1", user_agent: c.req.header("user-agent") },
        guard,
      ),
    )
    if (typeof cart.id === "string") rememberCart(cart.id)
    return c.json({ cart })
  })
  // Reads go to the cart's Durable Object too: it answers from the cart it remembers when D1's version of the
  // cart still matches (one one-statement read), so a cart of 200 lines costs what a cart of one does.
  .get("/:id", validateQuery(FindParams), async (c) => {
    const id = c.req.param("id")
    // A logged-in customer's fetch attaches the cart to them through the cart's Durable Object (v1).
    if (c.var.customerId && (await shouldAttachCustomer(c.var.db, id, c.var.customerId))) {
      rememberCart(id) // it has just been read: no second existence read
      return respondWithCartCommand(c, id, { kind: "update_cart", input: {} })
    }
    return respondWithCartCommand(c, id, { kind: "read_cart" })
  })
  .post("/:id/line-items", validate("json", AddLineItemBody), (c) =>
    respondWithCartCommand(c, c.req.param("id"), { kind: "add_line_item", input: c.req.valid("json") }),
  )
  .post("/:id/line-items/:line_id", validate("json", UpdateLineItemBody), (c) =>
    respondWithCartCommand(c, c.req.param("id"), { kind: "update_line_item", lineId: c.req.param("line_id"), input: c.req.valid("json") }),
  )
  .delete("/:id/line-items/:line_id", (c) =>
    respondWithCartCommand(c, c.req.param("id"), { kind: "delete_line_item", lineId: c.req.param("line_id") }),
  )
  .post("/:id", salesChannelScope, validate("json", UpdateCartBody), async (c) => {
    const input = c.req.valid("json")
    await limitCartCodeAttempts(c, (input.gift_cards?.length ?? 0) + (input.discounts?.length ?? 0))
    return respondWithCartCommand(c, c.req.param("id"), { kind: "update_cart", input })
  })
  .delete("/:id/discounts/:code", (c) =>
    respondWithCartCommand(c, c.req.param("id"), { kind: "remove_discount", code: c.req.param("code") }),
  )
  .post("/:id/shipping-methods", validate("json", AddShippingMethodBody), (c) =>
    respondWithCartCommand(c, c.req.param("id"), { kind: "add_shipping_method", input: c.req.valid("json") }),
  )
  .post("/:id/taxes", (c) => respondWithCartCommand(c, c.req.param("id"), { kind: "calculate_taxes" }))
  // Payment sessions and completion: exclusive per cart (a concurrent one is answered 409, see durable/commands.ts).
  .post("/:id/payment-sessions", (c) => respondWithCartCommand(c, c.req.param("id"), { kind: "create_payment_sessions" }))
  .post("/:id/payment-session", validate("json", SelectPaymentSessionBody), (c) =>
    respondWithCartCommand(c, c.req.param("id"), { kind: "select_payment_session", providerId: c.req.valid("json").provider_id }),
  )
  .post("/:id/payment-sessions/:provider_id", validate("json", UpdatePaymentSessionBody), (c) =>
    respondWithCartCommand(c, c.req.param("id"), {
      kind: "update_payment_session",
      providerId: c.req.param("provider_id"),
      data: c.req.valid("json").data,
    }),
  )
  .post("/:id/payment-sessions/:provider_id/refresh", (c) =>
    respondWithCartCommand(c, c.req.param("id"), { kind: "refresh_payment_session", providerId: c.req.param("provider_id") }),
  )
  .delete("/:id/payment-sessions/:provider_id", (c) =>
    respondWithCartCommand(c, c.req.param("id"), { kind: "delete_payment_session", providerId: c.req.param("provider_id") }),
  )
  .post("/:id/complete", (c) => respondWithCartCommand(c, c.req.param("id"), { kind: "complete" }))
  // Deprecated v1 alias of /complete (same handler, same idempotency key space).
  .post("/:id/complete-cart", (c) => respondWithCartCommand(c, c.req.param("id"), { kind: "complete" }))
