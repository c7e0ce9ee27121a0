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
  /** The provider call's key; UNIQUE (migrations/0023_refund_idempotency_key.sql). */
  idempotency_key: text("idempotency_key"),
  ...timestamps,
})


// migrations/0019_order_edits_payment_collections.sql

export const orderEdit = sqliteTable("order_edit", {
  id: text("id").primaryKey(),
  order_id: text("order_id").notNull(),
  internal_note: text("internal_note"),
  created_by: text("created_by").notNull(),
  requested_by: text("requested_by"),
  requested_at: text("requested_at"),
  confirmed_by: text("confirmed_by"),
  confirmed_at: text("confirmed_at"),
  declined_by: text("declined_by"),
  declined_reason: text("declined_reason"),
  declined_at: text("declined_at"),
  canceled_by: text("canceled_by"),
  canceled_at: text("canceled_at"),
  payment_collection_id: text("payment_collection_id"),
  ...timestamps,
})

export const orderItemChange = sqliteTable("order_item_change", {
  id: text("id").primaryKey(),
  type: text("type").notNull(),
  order_edit_id: text("order_edit_id").notNull(),
  original_line_item_id: text("original_line_item_id"),
  line_item_id: text("line_item_id"),
  ...timestamps,
  deleted_at: text("deleted_at"),
})

export const paymentCollection = sqliteTable("payment_collection", {
  id: text("id").primaryKey(),
  type: text("type").notNull(),
  status: text("status").notNull(),
  description: text("description"),
  amount: integer("amount").notNull(),
  authorized_amount: integer("authorized_amount"),
  region_id: text("region_id").notNull(),
  currency_code: text("currency_code").notNull(),
  ...metadata,
  created_by: text("created_by").notNull(),
  ...timestamps,
  deleted_at: text("deleted_at"),
})

export const paymentCollectionSessions = sqliteTable(
  "payment_collection_sessions",
  { payment_collection_id: text("payment_collection_id").notNull(), payment_session_id: text("payment_session_id").notNull() },
  (t) => [primaryKey({ columns: [t.payment_collection_id, t.payment_session_id] })],
)

export const paymentCollectionPayments = sqliteTable(
  "payment_collection_payments",
  { payment_collection_id: text("payment_collection_id").notNull(), payment_id: text("payment_id").notNull() },
  (t) => [primaryKey({ columns: [t.payment_collection_id, t.payment_id] })],
)

/** v1 Swap (migrations/0021_swaps.sql): a return plus additional items, paid through a `swap` cart. */
export const swap = sqliteTable("swap", {
  id: text("id").primaryKey(),
  fulfillment_status: text("fulfillment_status").notNull(),
  payment_status: text("payment_status").notNull(),
  order_id: text("order_id").notNull(),
  difference_due: integer("difference_due"),
  shipping_address_id: text("shipping_address_id"),
  cart_id: text("cart_id"),
  confirmed_at: text("confirmed_at"),
  canceled_at: text("canceled_at"),
  no_notification: bool("no_notification"),
  allow_backorder: bool("allow_backorder").notNull(),
  idempotency_key: text("idempotency_key"),
  ...metadata,
  ...timestamps,
  deleted_at: text("deleted_at"),
})
