import { and, eq, isNull, sql } from "drizzle-orm"
import type { Database } from "../../env"
import { giftCard, region } from "../schema"

/**
 * A live gift card by its exact code, with its (live) region, in one statement. v1 matches the code exactly
 * (`GET /store/gift-cards/gift-100` is a 404 when the card is GIFT-100), while the column is COLLATE NOCASE for
 * uniqueness: the NOCASE equality lets SQLite use the unique index, the BINARY one keeps v1's exact match.
 */
export async function findGiftCardByCode(db: Database, code: string) {
  const [row] = await db
    .select({ card: giftCard, region })
    .from(giftCard)
    .leftJoin(region, and(eq(region.id, giftCard.region_id), isNull(region.deleted_at)))
    .where(and(eq(giftCard.code, code), sql`${giftCard.code} = ${code} COLLATE BINARY`, isNull(giftCard.deleted_at)))
    .limit(1)
  return row
}
