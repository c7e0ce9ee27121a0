import { and, inArray, isNull, or, sql } from "drizzle-orm"
import type { Database } from "../../env"
import * as t from "../schema"
import { inList } from "../sql"

/**
 * Statements that load live discounts by (normalized) code with everything applying them needs: rules, regions
 * (a dynamic discount's parent's too, v1 isValidForRegion), conditions and their targets. Put them in the
 * caller's batch; an empty code list loads nothing.
 */
export function discountsByCodeQueries(db: Database, codes: readonly string[]) {
  // discount.code is COLLATE NOCASE, so IN matches whatever case the stored code has.
  const live = and(inList(t.discount.code, codes), isNull(t.discount.deleted_at))
  const ids = db.select({ id: t.discount.id }).from(t.discount).where(live)
  const parents = db.select({ id: sql<string>`${t.discount.parent_discount_id}` }).from(t.discount).where(live)
  const ruleIds = db.select({ id: t.discount.rule_id }).from(t.discount).where(live)
  const conditionIds = db
    .select({ id: t.discountCondition.id })
    .from(t.discountCondition)
    .where(and(inArray(t.discountCondition.discount_rule_id, ruleIds), isNull(t.discountCondition.deleted_at)))
  return [
    db.select().from(t.discount).where(live),
    db.select().from(t.discountRule).where(inArray(t.discountRule.id, ruleIds)),
    db
      .select()
      .from(t.discountRegions)
      .where(or(inArray(t.discountRegions.discount_id, ids), inArray(t.discountRegions.discount_id, parents))),
    db.select().from(t.discountCondition).where(inArray(t.discountCondition.id, conditionIds)),
    db.select().from(t.discountConditionTarget).where(inArray(t.discountConditionTarget.condition_id, conditionIds)),
  ] as const
}

/**
 * Live gift cards by exact code. v1 matches the code as given (`gift-100` does not find GIFT-100); the column is
 * COLLATE NOCASE for uniqueness, so the BINARY comparison keeps v1's exact match.
 */
export function giftCardsByCodeQuery(db: Database, codes: readonly string[]) {
  return db
    .select()
    .from(t.giftCard)
    .where(and(sql`${t.giftCard.code} COLLATE BINARY IN (SELECT value FROM json_each(${JSON.stringify(codes)}))`, isNull(t.giftCard.deleted_at)))
}
