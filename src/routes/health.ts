import { Hono } from "hono"
import type { AppEnv } from "../env"
import { errorFields, log } from "../log"

/**
 * GET /health: answers 200 when the Worker can reach D1 (`SELECT 1`), else 503, so an uptime check or a load balancer
 * sees a broken database binding, not only a running Worker. No data and no configuration in the body.
 */
export const health = new Hono<AppEnv>().get("/", async (c) => {
  c.header("cache-control", "no-store")
  try {
    await c.env.DB.prepare("SELECT 1").first()
    return c.json({ status: "ok", d1: "ok" })
  } catch (err) {
    log("error", "health check failed", { request_id: c.var.requestId, check: "d1", ...errorFields(err) })
    return c.json({ status: "unavailable", d1: "error" }, 503)
  }
})
