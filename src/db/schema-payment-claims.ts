/** A payment's provider call in flight (migrations/0024_payment_claims.sql; see services/payment-claims.ts). */
import { primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core"

export const paymentClaim = sqliteTable(
  "payment_claim",
  {
    payment_id: text("payment_id").notNull(),
    /** What is in flight: "capture". */
    action: text("action").notNull(),
    /** The claimant's random token: only it releases the claim. */
    token: text("token").notNull(),
    claimed_at: text("claimed_at").notNull(),
  },
  (table) => [primaryKey({ columns: [table.payment_id, table.action] })],
)
