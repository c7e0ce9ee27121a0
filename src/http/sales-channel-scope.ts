import type { Context } from "hono"
import { createMiddleware } from "hono/factory"
import type { AppEnv } from "../env"
import { loadPublishableKeyScopes } from "../db/queries/publishable-keys"
import { referenceMemo } from "../services/reference-memo"
import { referenceVersion } from "./catalog-version"

export const PUBLISHABLE_KEY_HEADER = "x-publishable-api-key"

/** The request's publishable key, as sent (trimmed); undefined without the header. */
export function publishableKeyOf(header: string | undefined): string | undefined {
  return header?.trim() || undefined
}

/**
 * Route middleware (v1 extendRequestParams): when `x-publishable-api-key` is sent, loads the key's sales channels
 * into `c.var.publishableKeyScopes` (one query; none when the header is absent). Keys and their channels are catalog
 * data (their changes bump the catalog version), so an isolate remembers a key's channels under the version it knows
 * (services/reference-memo.ts); CATALOG_CACHE=off reads them every time.
 */
export const salesChannelScope = createMiddleware<AppEnv>(async (c, next) => {
  const key = publishableKeyOf(c.req.header(PUBLISHABLE_KEY_HEADER))
  if (key) c.set("publishableKeyScopes", await keyScopes(c, key))
  await next()
})

async function keyScopes(c: Context<AppEnv>, key: string): Promise<string[] | undefined> {
  const version = await referenceVersion(c)
  if (version === undefined) return loadPublishableKeyScopes(c.var.db, key)
  const memo = referenceMemo(version)
  const memoKey = `publishable-key:${key}`
  const known = memo.get<{ scopes: string[] | undefined }>(memoKey)
  if (known) return known.scopes
  const scopes = await loadPublishableKeyScopes(c.var.db, key)
  memo.set(memoKey, { scopes })
  return scopes
}
