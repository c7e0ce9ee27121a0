import { Hono } from "hono"
import type { AppEnv } from "../../env"
import { validate, validateQuery } from "../../http/validate"
import { AdminFulfillmentBody, AdminListOrdersQuery } from "../../schemas/admin"
import { captureOrder, createFulfillment, listAdminOrders, retrieveAdminOrder } from "../../services/admin-orders"

const ctx = (c: { var: AppEnv["Variables"]; env: AppEnv["Bindings"] }) => ({ db: c.var.db, now: c.var.now, env: c.env })

/** /admin/orders: the merchant side the store's after-sale flows need (v1 admin paths and shapes). */
export const adminOrders = new Hono<AppEnv>()
  .get("/", validateQuery(AdminListOrdersQuery), async (c) => c.json(await listAdminOrders(c.var.db, c.req.valid("query"))))
  .get("/:id", async (c) => c.json({ order: await retrieveAdminOrder(c.var.db, c.req.param("id")) }))
  .post("/:id/capture", async (c) => c.json({ order: await captureOrder(ctx(c), c.req.param("id")) }))
  .post("/:id/fulfillment", validate("json", AdminFulfillmentBody), async (c) =>
    c.json({ order: await createFulfillment(ctx(c), c.req.param("id"), c.req.valid("json")) }),
  )
