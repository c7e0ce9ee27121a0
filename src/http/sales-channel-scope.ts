import { createMiddleware } from "hono/factory"
import type { AppEnv } from "../env"
import { loadPublishableKeyScopes } from "../db/queries/publishable-keys"

export const PUBLISHABLE_KEY_HEADER = "x-publishable-api-key"

/** The request's publishable key, as sent (trimmed); undefined without the header. */
export function publishableKeyOf(header: string | undefined): string | undefined {
  return header?.trim() || undefined
}

/**
 * Route middleware (v1 extendRequestParams): when `x-publishable-api-key` is sent, loads the key's sales channels
 * into `c.var.publishableKeyScopes` (one query; none when the header is absent).
 */
export const salesChannelScope = createMiddleware<AppEnv>(async (c, next) => {
  const key = publishableKeyOf(c.req.header(PUBLISHABLE_KEY_HEADER))
  if (key) c.set("publishableKeyScopes", await loadPublishableKeyScopes(c.var.db, key))
  await next()
})
