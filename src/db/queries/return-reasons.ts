import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm"
import type { Database } from "../../env"
import { returnReason } from "../schema"

export type ReturnReasonRow = typeof returnReason.$inferSelect

/** v1 sends no ORDER BY: Postgres answers in insertion order, which created_at then rowid reproduces. */
const insertionOrder = () => [asc(returnReason.created_at), asc(sql.raw(`"return_reason".rowid`))]

const live = () => isNull(returnReason.deleted_at)

/** One round trip: the top-level reasons and their children. */
export async function listTopLevelReturnReasons(db: Database) {
  const topLevel = and(live(), isNull(returnReason.parent_return_reason_id))
  const [rows, children] = await db.batch([
    db.select().from(returnReason).where(topLevel).orderBy(...insertionOrder()),
    db
      .select()
      .from(returnReason)
      .where(
        and(
          live(),
          inArray(returnReason.parent_return_reason_id, db.select({ id: returnReason.id }).from(returnReason).where(topLevel)),
        ),
      )
      .orderBy(...insertionOrder()),
  ])
  return { rows, children }
}

/** One round trip: a reason, its parent and its children. */
export async function findReturnReason(db: Database, id: string) {
  const ownParent = sql`(SELECT r.parent_return_reason_id FROM return_reason AS r WHERE r.id = ${id})`
  const [[row], parents, children] = await db.batch([
    db.select().from(returnReason).where(and(eq(returnReason.id, id), live())).limit(1),
    db.select().from(returnReason).where(and(live(), eq(returnReason.id, ownParent))),
    db
      .select()
      .from(returnReason)
      .where(and(live(), eq(returnReason.parent_return_reason_id, id)))
      .orderBy(...insertionOrder()),
  ])
  return { row, parent: parents[0] ?? null, children }
}
