import { Hono } from "hono"
import { bodyLimit } from "hono/body-limit"
import { HTTPException } from "hono/http-exception"
import type { AppEnv } from "../../env"
import { requireAdmin } from "../../http/admin-auth"
import { adminOrders } from "./orders"
import { adminReturns } from "./returns"
import { adminOrderEdits } from "./order-edits"

/**
 * The minimal Admin API slice (v1 paths and shapes) a shop needs to reach the store's after-sale flows. Every route,
 * known or not, answers 401 without the ADMIN_API_TOKEN secret.
 */
export const admin = new Hono<AppEnv>()
  .use("*", requireAdmin)
  .use("*", (c, next) =>
    bodyLimit({
      maxSize: Number(c.env.MAX_BODY_BYTES) || 1024 * 1024,
      // 413 with Medusa's error body (src/http/errors.ts maps it); v1 answers an HTML page with a stack trace.
      onError: () => {
        throw new HTTPException(413)
      },
    })(c, next),
  )
  .route("/orders", adminOrders)
  .route("/returns", adminReturns)
  .route("/order-edits", adminOrderEdits)
