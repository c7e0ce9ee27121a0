import type { ChannelScope } from "../db/queries/products"

/**
 * Which sales channels a request may see (v1 publishable API keys). Pure rules: the middleware that loads a key's
 * channels lives in http/sales-channel-scope.ts, the queries in db/queries/sales-channels.ts.
 */
export type { ChannelScope }

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
