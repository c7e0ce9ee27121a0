import { Hono } from "hono"
import type { AppEnv } from "../env"
import { validate, validateQuery } from "../http/validate"
import { FindParams } from "../schemas/common"
import { AddLineItemBody, AddShippingMethodBody, CreateCartBody, UpdateCartBody, UpdateLineItemBody } from "../schemas/carts"
import { createCart } from "../services/carts"
import { cartResponse } from "../services/cart-view"
import { respondWithCartCommand } from "../http/cart-commands"

export const carts = new Hono<AppEnv>()
  // Creating needs no Durable Object: the id is new, so nothing can contend.
  .post("/", validate("json", CreateCartBody), async (c) => {
    const id = await createCart(
      { db: c.var.db, env: c.env, now: c.var.now, customerId: c.var.customerId, publishableKeyScopes: c.var.publishableKeyScopes },
      c.req.valid("json"),
      { ip: c.req.header("cf-connecting-ip") ?? "127.0.0.1", user_agent: c.req.header("user-agent") },
    )
    return c.json({ cart: await cartResponse(c.var.db, id) })
  })
  // Reads bypass the Durable Object: it writes to D1 before it answers.
  .get("/:id", validateQuery(FindParams), async (c) => c.json({ cart: await cartResponse(c.var.db, c.req.param("id")) }))
  .post("/:id/line-items", validate("json", AddLineItemBody), (c) =>
    respondWithCartCommand(c, c.req.param("id"), { kind: "add_line_item", input: c.req.valid("json") }),
  )
  .post("/:id/line-items/:line_id", validate("json", UpdateLineItemBody), (c) =>
    respondWithCartCommand(c, c.req.param("id"), { kind: "update_line_item", lineId: c.req.param("line_id"), input: c.req.valid("json") }),
  )
  .delete("/:id/line-items/:line_id", (c) =>
    respondWithCartCommand(c, c.req.param("id"), { kind: "delete_line_item", lineId: c.req.param("line_id") }),
  )
  .post("/:id", validate("json", UpdateCartBody), (c) =>
    respondWithCartCommand(c, c.req.param("id"), { kind: "update_cart", input: c.req.valid("json") }),
  )
  .delete("/:id/discounts/:code", (c) =>
    respondWithCartCommand(c, c.req.param("id"), { kind: "remove_discount", code: c.req.param("code") }),
  )
  .post("/:id/shipping-methods", validate("json", AddShippingMethodBody), (c) =>
    respondWithCartCommand(c, c.req.param("id"), { kind: "add_shipping_method", input: c.req.valid("json") }),
  )
  .post("/:id/taxes", (c) => respondWithCartCommand(c, c.req.param("id"), { kind: "calculate_taxes" }))
