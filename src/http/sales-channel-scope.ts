import { createMiddleware } from "hono/factory"
import type { AppEnv } from "../env"
import { loadPublishableKeyScopes } from "../db/queries/sales-channels"

// The rules and queries moved out of http/ (domain/sales-channels.ts, db/queries/sales-channels.ts). They are
// re-exported here so the catalog modules that import them from this file, edited in parallel, need not change.
export * from "../domain/sales-channels"
export { defaultSalesChannelId, loadPublishableKeyScopes } from "../db/queries/sales-channels"

export const PUBLISHABLE_KEY_HEADER = "x-publishable-api-key"

/**
 * Route middleware (v1 extendRequestParams): when `x-publishable-api-key` is sent, loads the key's sales channels
 * into `c.var.publishableKeyScopes` (one query; none when the header is absent).
 */
export const salesChannelScope = createMiddleware<AppEnv>(async (c, next) => {
  const key = c.req.header(PUBLISHABLE_KEY_HEADER)?.trim()
  if (key) c.set("publishableKeyScopes", await loadPublishableKeyScopes(c.var.db, key))
  await next()
})
