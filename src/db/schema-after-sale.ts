/**
 * Drizzle tables of the after-sale flows (migrations/0018_fulfillments_returns.sql). Kept beside schema.ts, which
 * re-exports them, so that file stays the one list of tables.
 */
import { sqliteTable, text, integer, primaryKey } from "drizzle-orm/sqlite-core"

type Json = Record<string, unknown>

const timestamps = {
  created_at: text("created_at").notNull(),
  updated_at: text("updated_at").notNull(),
}
const metadata = { metadata: text("metadata", { mode: "json" }).$type<Json | null>() }
const bool = (name: string) => integer(name, { mode: "boolean" })

export const fulfillment = sqliteTable("fulfillment", {
  id: text("id").primaryKey(),
  order_id: text("order_id"),
  swap_id: text("swap_id"),
  claim_order_id: text("claim_order_id"),
  provider_id: text("provider_id").notNull(),
  location_id: text("location_id"),
  tracking_numbers: text("tracking_numbers", { mode: "json" }).$type<string[]>().notNull(),
  data: text("data", { mode: "json" }).$type<Json>().notNull(),
  shipped_at: text("shipped_at"),
  canceled_at: text("canceled_at"),
  no_notification: bool("no_notification"),
  ...metadata,
  idempotency_key: text("idempotency_key"),
  ...timestamps,
})

export const fulfillmentItem = sqliteTable(
  "fulfillment_item",
  {
    fulfillment_id: text("fulfillment_id").notNull(),
    item_id: text("item_id").notNull(),
    quantity: integer("quantity").notNull(),
  },
  (t) => [primaryKey({ columns: [t.fulfillment_id, t.item_id] })],
)

export const orderReturn = sqliteTable("return", {
  id: text("id").primaryKey(),
  status: text("status").notNull(),
  swap_id: text("swap_id"),
  claim_order_id: text("claim_order_id"),
  order_id: text("order_id"),
  location_id: text("location_id"),
  shipping_data: text("shipping_data", { mode: "json" }).$type<Json | null>(),
  refund_amount: integer("refund_amount").notNull(),
  received_at: text("received_at"),
  no_notification: bool("no_notification"),
  ...metadata,
  idempotency_key: text("idempotency_key"),
  ...timestamps,
})

export const returnItem = sqliteTable(
  "return_item",
  {
    return_id: text("return_id").notNull(),
    item_id: text("item_id").notNull(),
    quantity: integer("quantity").notNull(),
    is_requested: bool("is_requested").notNull(),
    requested_quantity: integer("requested_quantity"),
    received_quantity: integer("received_quantity"),
    reason_id: text("reason_id"),
    note: text("note"),
    ...metadata,
  },
  (t) => [primaryKey({ columns: [t.return_id, t.item_id] })],
)

export const refund = sqliteTable("refund", {
  id: text("id").primaryKey(),
  order_id: text("order_id"),
  payment_id: text("payment_id"),
  amount: integer("amount").notNull(),
  note: text("note"),
  reason: text("reason").notNull(),
  ...metadata,
  idempotency_key: text("idempotency_key"),
  ...timestamps,
})

export const afterSaleEventPending = sqliteTable("after_sale_event_pending", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  data: text("data", { mode: "json" }).$type<Json>().notNull(),
  created_at: text("created_at").notNull(),
})
