import { and, eq, isNull, sql } from "drizzle-orm"
import type { Database } from "../../env"
import { giftCard, region } from "../schema"

/**
 * A live gift card by its exact code, with its (live) region: two statements for the caller's batch (where the
 * lookup shares its round trip with the lookup's rate-limit counter; a join's equal column names collide in D1's
 * batch results). v1 matches the code exactly (`GET /store/gift-cards/gift-100` is a 404 when the card is GIFT-100),
 * while the column is COLLATE NOCASE for uniqueness: the NOCASE equality lets SQLite use the unique index, the
 * BINARY one keeps v1's exact match.
 */
export function giftCardByCodeQueries(db: Database, code: string) {
  const live = and(eq(giftCard.code, code), sql`${giftCard.code} = ${code} COLLATE BINARY`, isNull(giftCard.deleted_at))
  const regionId = db.select({ id: giftCard.region_id }).from(giftCard).where(live).limit(1)
  return [
    db.select().from(giftCard).where(live).limit(1),
    db.select().from(region).where(and(eq(region.id, regionId), isNull(region.deleted_at))),
  ] as const
}
