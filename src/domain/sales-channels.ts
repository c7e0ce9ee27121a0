/**
 * The pure rules of publishable-key sales-channel scoping (v1 extendRequestParams / validateSalesChannelParam /
 * withDefaultSalesChannel): which channels a request sees and which requested channels it may name. No I/O.
 */
import { MultipleErrors } from "./errors"
import type { ChannelScope } from "../db/queries/products"

export type { ChannelScope }

/** A key's channel rows as scopes: undefined when the key does not exist or is revoked (no rows). */
export function toKeyScopes(rows: readonly { channel_id: string | null }[]): string[] | undefined {
  if (rows.length === 0) return undefined
  return rows.map((r) => r.channel_id).filter((id): id is string => id !== null)
}

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
