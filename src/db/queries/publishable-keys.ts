import { and, asc, eq, isNull } from "drizzle-orm"
import type { Database } from "../../env"
import { publishableApiKey, publishableApiKeySalesChannel, store } from "../schema"
import { toKeyScopes } from "../../domain/sales-channels"

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

/** The store's default sales channel id, if a store row and a default exist (for callers outside SQL scoping). */
export async function defaultSalesChannelId(db: Database): Promise<string | undefined> {
  const [row] = await db.select({ id: store.default_sales_channel_id }).from(store).limit(1)
  return row?.id ?? undefined
}
