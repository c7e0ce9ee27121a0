import { createMiddleware } from "hono/factory"
import { and, asc, eq, isNull } from "drizzle-orm"
import type { AppEnv, Database } from "../env"
import { MultipleErrors } from "../domain/errors"
import { publishableApiKey, publishableApiKeySalesChannel, store } from "../db/schema"
import type { ChannelScope } from "../db/queries/products"

export type { ChannelScope }

export const PUBLISHABLE_KEY_HEADER = "x-publishable-api-key"

/**
 * The sales channels a publishable key grants, in one query. `undefined` when the key does not exist or has been
 * revoked.
 *
 * v1's extendRequestParams does no existence or revocation check (an unknown key simply has no scopes, and then
 * no default-channel scoping applies either, so an unknown key would widen what a storefront sees). Here an
 * unknown or revoked key, like a key without channels, grants nothing and the request is scoped as if no key had
 * been sent: to the store's default sales channel.
 */
export async function loadPublishableKeyScopes(db: Database, keyId: string): Promise<string[] | undefined> {
  return toKeyScopes(await publishableKeyScopesQuery(db, keyId))
}

/** The statement behind loadPublishableKeyScopes, for a caller's batch. */
export function publishableKeyScopesQuery(db: Database, keyId: string) {
  return db
    .select({ key_id: publishableApiKey.id, channel_id: publishableApiKeySalesChannel.sales_channel_id })
    .from(publishableApiKey)
    .leftJoin(publishableApiKeySalesChannel, eq(publishableApiKeySalesChannel.publishable_key_id, publishableApiKey.id))
    .where(and(eq(publishableApiKey.id, keyId), isNull(publishableApiKey.revoked_at)))
    .orderBy(asc(publishableApiKeySalesChannel.sales_channel_id))
}

export function toKeyScopes(rows: readonly { channel_id: string | null }[]): string[] | undefined {
  if (rows.length === 0) return undefined
  return rows.map((r) => r.channel_id).filter((id): id is string => id !== null)
}

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

/** The key's scopes when they restrict anything (a key with no channels restricts nothing, as in v1). */
export function activeKeyScopes(scopes: readonly string[] | undefined): readonly string[] | undefined {
  return scopes && scopes.length > 0 ? scopes : undefined
}

/**
 * v1 validateSalesChannelParam: every requested sales channel must be one of the key's. Returns the error strings
 * (v1 collects them in `req.errors` and answers them together as a multiple-errors 400).
 */
export function salesChannelParamErrors(
  scopes: readonly string[] | undefined,
  requested: string | readonly string[] | undefined,
): string[] {
  const active = activeKeyScopes(scopes)
  if (!active || requested === undefined) return []
  const ids = typeof requested === "string" ? [requested] : requested
  if (ids.length === 0 || ids.every((id) => active.includes(id))) return []
  // v1 interpolates the array into a template string, which joins it with ",".
  return [
    `Provided sales channel id param: ${ids.join(",")} is not associated with the Publishable API Key passed in the header of the request.`,
  ]
}

/** Throws the multiple-errors 400 for `salesChannelParamErrors`. */
export function validateSalesChannelParam(
  scopes: readonly string[] | undefined,
  requested: string | readonly string[] | undefined,
): void {
  const errors = salesChannelParamErrors(scopes, requested)
  if (errors.length) throw new MultipleErrors(errors)
}

export const productNotInKeyChannels = (id: string) =>
  `Product with id: ${id} is not associated with sales channels defined by the Publishable API Key passed in the header of the request.`
export const variantNotInKeyChannels = (id: string) =>
  `Variant with id: ${id} is not associated with sales channels defined by the Publishable API Key passed in the header of the request.`

/**
 * The channel filter for a catalog list (v1 withDefaultSalesChannel + the products list handler): an explicit
 * `sales_channel_id` wins, then the key's channels, then the store's default channel.
 */
export function listChannelScope(
  requested: string | readonly string[] | undefined,
  keyScopes: readonly string[] | undefined,
): ChannelScope {
  const explicit = typeof requested === "string" ? [requested] : requested
  if (explicit && explicit.length > 0) return { kind: "channels", ids: explicit }
  const active = activeKeyScopes(keyScopes)
  if (active) return { kind: "channels", ids: active }
  return { kind: "store_default" }
}

/** listChannelScope for a batch that has not read the key yet: the key's channels are resolved in SQL. */
export function requestChannelScope(requested: string | readonly string[] | undefined, keyId: string | undefined): ChannelScope {
  const explicit = typeof requested === "string" ? [requested] : requested
  if (explicit && explicit.length > 0) return { kind: "channels", ids: explicit }
  return keyId ? { kind: "key", keyId } : { kind: "store_default" }
}

/** The store's default sales channel id, if a store row and a default exist (for callers outside SQL scoping). */
export async function defaultSalesChannelId(db: Database): Promise<string | undefined> {
  const [row] = await db.select({ id: store.default_sales_channel_id }).from(store).limit(1)
  return row?.id ?? undefined
}
