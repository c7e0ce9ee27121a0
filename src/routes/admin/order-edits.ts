import { Hono } from "hono"
import type { AppEnv } from "../../env"
import { validate } from "../../http/validate"
import { AdminAddOrderEditItemBody, AdminCreateOrderEditBody, AdminUpdateOrderEditItemBody } from "../../schemas/admin"
import {
  addOrderEditItem, createOrderEdit, deleteOrderEditChange, requestOrderEdit, updateOrderEditItem,
} from "../../services/admin-order-edits"
import { loadEditOrThrow, serializeOrderEdit } from "../../services/order-edits"

const ctx = (c: { var: AppEnv["Variables"]; env: AppEnv["Bindings"] }) => ({ db: c.var.db, now: c.var.now, env: c.env })

/** /admin/order-edits: the merchant drafts an edit, then requests the shopper's confirmation (v1 paths and shapes). */
export const adminOrderEdits = new Hono<AppEnv>()
  .post("/", validate("json", AdminCreateOrderEditBody), async (c) => c.json({ order_edit: await createOrderEdit(ctx(c), c.req.valid("json")) }))
  .get("/:id", async (c) => c.json({ order_edit: serializeOrderEdit(await loadEditOrThrow(ctx(c), c.req.param("id")), "admin") }))
  .post("/:id/items", validate("json", AdminAddOrderEditItemBody), async (c) =>
    c.json({ order_edit: await addOrderEditItem(ctx(c), c.req.param("id"), c.req.valid("json")) }),
  )
  .post("/:id/items/:item_id", validate("json", AdminUpdateOrderEditItemBody), async (c) =>
    c.json({ order_edit: await updateOrderEditItem(ctx(c), c.req.param("id"), c.req.param("item_id"), c.req.valid("json").quantity) }),
  )
  .delete("/:id/changes/:change_id", async (c) => c.json(await deleteOrderEditChange(ctx(c), c.req.param("id"), c.req.param("change_id"))))
  .post("/:id/request", async (c) => c.json({ order_edit: await requestOrderEdit(ctx(c), c.req.param("id")) }))
