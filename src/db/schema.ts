/**
 * Drizzle table definitions. They mirror migrations/*.sql column for column (test/unit/schema.test.ts checks it).
 * Wire-facing rows keep Medusa's snake_case names, so serialization is a pick, not a rename.
 */
import { sqliteTable, text, integer, real, primaryKey } from "drizzle-orm/sqlite-core"

type Json = Record<string, unknown>

const timestamps = {
  created_at: text("created_at").notNull(),
  updated_at: text("updated_at").notNull(),
}
const softDelete = { deleted_at: text("deleted_at") }
const metadata = { metadata: text("metadata", { mode: "json" }).$type<Json | null>() }
const bool = (name: string) => integer(name, { mode: "boolean" })

export const currency = sqliteTable("currency", {
  code: text("code").primaryKey(),
  symbol: text("symbol").notNull(),
  symbol_native: text("symbol_native").notNull(),
  name: text("name").notNull(),
})

export const country = sqliteTable("country", {
  id: integer("id").primaryKey(),
  iso_2: text("iso_2").notNull(),
  iso_3: text("iso_3").notNull(),
  num_code: integer("num_code").notNull(),
  name: text("name").notNull(),
  display_name: text("display_name").notNull(),
  region_id: text("region_id"),
})

export const store = sqliteTable("store", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  default_currency_code: text("default_currency_code").notNull(),
  default_sales_channel_id: text("default_sales_channel_id"),
  swap_link_template: text("swap_link_template"),
  payment_link_template: text("payment_link_template"),
  invite_link_template: text("invite_link_template"),
  ...metadata,
  ...timestamps,
})

export const storeCurrency = sqliteTable(
  "store_currency",
  { store_id: text("store_id").notNull(), currency_code: text("currency_code").notNull() },
  (t) => [primaryKey({ columns: [t.store_id, t.currency_code] })],
)

export const region = sqliteTable("region", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  currency_code: text("currency_code").notNull(),
  tax_rate: real("tax_rate").notNull(),
  tax_code: text("tax_code"),
  gift_cards_taxable: bool("gift_cards_taxable").notNull(),
  automatic_taxes: bool("automatic_taxes").notNull(),
  tax_provider_id: text("tax_provider_id"),
  includes_tax: bool("includes_tax").notNull(),
  ...metadata,
  ...timestamps,
  ...softDelete,
})

export const paymentProvider = sqliteTable("payment_provider", {
  id: text("id").primaryKey(),
  is_installed: bool("is_installed").notNull(),
})

export const fulfillmentProvider = sqliteTable("fulfillment_provider", {
  id: text("id").primaryKey(),
  is_installed: bool("is_installed").notNull(),
})

export const regionPaymentProvider = sqliteTable(
  "region_payment_provider",
  { region_id: text("region_id").notNull(), provider_id: text("provider_id").notNull() },
  (t) => [primaryKey({ columns: [t.region_id, t.provider_id] })],
)

export const regionFulfillmentProvider = sqliteTable(
  "region_fulfillment_provider",
  { region_id: text("region_id").notNull(), provider_id: text("provider_id").notNull() },
  (t) => [primaryKey({ columns: [t.region_id, t.provider_id] })],
)

export const salesChannel = sqliteTable("sales_channel", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  description: text("description"),
  is_disabled: bool("is_disabled").notNull(),
  ...metadata,
  ...timestamps,
  ...softDelete,
})

export const publishableApiKey = sqliteTable("publishable_api_key", {
  id: text("id").primaryKey(),
  title: text("title").notNull(),
  created_by: text("created_by"),
  revoked_by: text("revoked_by"),
  revoked_at: text("revoked_at"),
  ...timestamps,
})

export const publishableApiKeySalesChannel = sqliteTable(
  "publishable_api_key_sales_channel",
  { publishable_key_id: text("publishable_key_id").notNull(), sales_channel_id: text("sales_channel_id").notNull() },
  (t) => [primaryKey({ columns: [t.publishable_key_id, t.sales_channel_id] })],
)

export const taxRate = sqliteTable("tax_rate", {
  id: text("id").primaryKey(),
  rate: real("rate"),
  code: text("code"),
  name: text("name").notNull(),
  region_id: text("region_id").notNull(),
  ...metadata,
  ...timestamps,
})

export const productTaxRate = sqliteTable(
  "product_tax_rate",
  { product_id: text("product_id").notNull(), rate_id: text("rate_id").notNull() },
  (t) => [primaryKey({ columns: [t.product_id, t.rate_id] })],
)

export const productTypeTaxRate = sqliteTable(
  "product_type_tax_rate",
  { product_type_id: text("product_type_id").notNull(), rate_id: text("rate_id").notNull() },
  (t) => [primaryKey({ columns: [t.product_type_id, t.rate_id] })],
)

export const shippingTaxRate = sqliteTable(
  "shipping_tax_rate",
  { shipping_option_id: text("shipping_option_id").notNull(), rate_id: text("rate_id").notNull() },
  (t) => [primaryKey({ columns: [t.shipping_option_id, t.rate_id] })],
)

// ---- catalog

export const shippingProfile = sqliteTable("shipping_profile", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  type: text("type").notNull(),
  ...metadata,
  ...timestamps,
  ...softDelete,
})

export const productCollection = sqliteTable("product_collection", {
  id: text("id").primaryKey(),
  title: text("title").notNull(),
  handle: text("handle"),
  ...metadata,
  ...timestamps,
  ...softDelete,
})

export const productType = sqliteTable("product_type", {
  id: text("id").primaryKey(),
  value: text("value").notNull(),
  ...metadata,
  ...timestamps,
  ...softDelete,
})

export const productTag = sqliteTable("product_tag", {
  id: text("id").primaryKey(),
  value: text("value").notNull(),
  ...metadata,
  ...timestamps,
  ...softDelete,
})

export const productCategory = sqliteTable("product_category", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  description: text("description").notNull(),
  handle: text("handle").notNull(),
  mpath: text("mpath").notNull(),
  is_active: bool("is_active").notNull(),
  is_internal: bool("is_internal").notNull(),
  parent_category_id: text("parent_category_id"),
  rank: integer("rank").notNull(),
  ...metadata,
  ...timestamps,
})

export const product = sqliteTable("product", {
  id: text("id").primaryKey(),
  title: text("title").notNull(),
  subtitle: text("subtitle"),
  description: text("description"),
  handle: text("handle"),
  is_giftcard: bool("is_giftcard").notNull(),
  status: text("status").notNull(),
  thumbnail: text("thumbnail"),
  weight: integer("weight"),
  length: integer("length"),
  height: integer("height"),
  width: integer("width"),
  hs_code: text("hs_code"),
  origin_country: text("origin_country"),
  mid_code: text("mid_code"),
  material: text("material"),
  collection_id: text("collection_id"),
  type_id: text("type_id"),
  profile_id: text("profile_id"),
  discountable: bool("discountable").notNull(),
  external_id: text("external_id"),
  ...metadata,
  ...timestamps,
  ...softDelete,
})

export const productOption = sqliteTable("product_option", {
  id: text("id").primaryKey(),
  title: text("title").notNull(),
  product_id: text("product_id").notNull(),
  ...metadata,
  ...timestamps,
  ...softDelete,
})

export const productVariant = sqliteTable("product_variant", {
  id: text("id").primaryKey(),
  title: text("title").notNull(),
  product_id: text("product_id").notNull(),
  sku: text("sku"),
  barcode: text("barcode"),
  ean: text("ean"),
  upc: text("upc"),
  variant_rank: integer("variant_rank").notNull(),
  inventory_quantity: integer("inventory_quantity").notNull(),
  allow_backorder: bool("allow_backorder").notNull(),
  manage_inventory: bool("manage_inventory").notNull(),
  hs_code: text("hs_code"),
  origin_country: text("origin_country"),
  mid_code: text("mid_code"),
  material: text("material"),
  weight: integer("weight"),
  length: integer("length"),
  height: integer("height"),
  width: integer("width"),
  ...metadata,
  ...timestamps,
  ...softDelete,
})

export const productOptionValue = sqliteTable("product_option_value", {
  id: text("id").primaryKey(),
  value: text("value").notNull(),
  option_id: text("option_id").notNull(),
  variant_id: text("variant_id").notNull(),
  ...metadata,
  ...timestamps,
  ...softDelete,
})

export const moneyAmount = sqliteTable("money_amount", {
  id: text("id").primaryKey(),
  variant_id: text("variant_id").notNull(),
  currency_code: text("currency_code").notNull(),
  amount: integer("amount").notNull(),
  region_id: text("region_id"),
  min_quantity: integer("min_quantity"),
  max_quantity: integer("max_quantity"),
  price_list_id: text("price_list_id"),
  ...timestamps,
  ...softDelete,
})

export const image = sqliteTable("image", {
  id: text("id").primaryKey(),
  url: text("url").notNull(),
  ...metadata,
  ...timestamps,
  ...softDelete,
})

export const productImages = sqliteTable(
  "product_images",
  { product_id: text("product_id").notNull(), image_id: text("image_id").notNull(), position: integer("position").notNull() },
  (t) => [primaryKey({ columns: [t.product_id, t.image_id] })],
)

export const productTags = sqliteTable(
  "product_tags",
  { product_id: text("product_id").notNull(), product_tag_id: text("product_tag_id").notNull() },
  (t) => [primaryKey({ columns: [t.product_id, t.product_tag_id] })],
)

export const productCategoryProduct = sqliteTable(
  "product_category_product",
  { product_category_id: text("product_category_id").notNull(), product_id: text("product_id").notNull() },
  (t) => [primaryKey({ columns: [t.product_category_id, t.product_id] })],
)

export const productSalesChannel = sqliteTable(
  "product_sales_channel",
  { product_id: text("product_id").notNull(), sales_channel_id: text("sales_channel_id").notNull() },
  (t) => [primaryKey({ columns: [t.product_id, t.sales_channel_id] })],
)

/** The words of the product_search documents by source (product or collection id): migrations/0006_catalog_indexes.sql. */
export const searchTerm = sqliteTable(
  "search_term",
  { source_id: text("source_id").notNull(), term: text("term").notNull() },
  (t) => [primaryKey({ columns: [t.source_id, t.term] })],
)

// ---- shipping

export const shippingOption = sqliteTable("shipping_option", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  region_id: text("region_id").notNull(),
  profile_id: text("profile_id").notNull(),
  provider_id: text("provider_id").notNull(),
  price_type: text("price_type").notNull(),
  amount: integer("amount"),
  is_return: bool("is_return").notNull(),
  admin_only: bool("admin_only").notNull(),
  includes_tax: bool("includes_tax").notNull(),
  data: text("data", { mode: "json" }).$type<Json>().notNull(),
  ...metadata,
  ...timestamps,
  ...softDelete,
})

export const shippingOptionRequirement = sqliteTable("shipping_option_requirement", {
  id: text("id").primaryKey(),
  shipping_option_id: text("shipping_option_id").notNull(),
  type: text("type").notNull(),
  amount: integer("amount").notNull(),
  ...softDelete,
})

export const returnReason = sqliteTable("return_reason", {
  id: text("id").primaryKey(),
  value: text("value").notNull(),
  label: text("label").notNull(),
  description: text("description"),
  parent_return_reason_id: text("parent_return_reason_id"),
  ...metadata,
  ...timestamps,
  ...softDelete,
})

// ---- promotions

export const discountRule = sqliteTable("discount_rule", {
  id: text("id").primaryKey(),
  description: text("description"),
  type: text("type").notNull(),
  value: integer("value").notNull(),
  allocation: text("allocation"),
  ...metadata,
  ...timestamps,
  ...softDelete,
})

export const discount = sqliteTable("discount", {
  id: text("id").primaryKey(),
  code: text("code").notNull(),
  is_dynamic: bool("is_dynamic").notNull(),
  rule_id: text("rule_id").notNull(),
  is_disabled: bool("is_disabled").notNull(),
  parent_discount_id: text("parent_discount_id"),
  starts_at: text("starts_at").notNull(),
  ends_at: text("ends_at"),
  valid_duration: text("valid_duration"),
  usage_limit: integer("usage_limit"),
  usage_count: integer("usage_count").notNull(),
  ...metadata,
  ...timestamps,
  ...softDelete,
})

export const discountRegions = sqliteTable(
  "discount_regions",
  { discount_id: text("discount_id").notNull(), region_id: text("region_id").notNull() },
  (t) => [primaryKey({ columns: [t.discount_id, t.region_id] })],
)

export const discountCondition = sqliteTable("discount_condition", {
  id: text("id").primaryKey(),
  type: text("type").notNull(),
  operator: text("operator").notNull(),
  discount_rule_id: text("discount_rule_id").notNull(),
  ...metadata,
  ...timestamps,
  ...softDelete,
})

export const discountConditionTarget = sqliteTable(
  "discount_condition_target",
  { condition_id: text("condition_id").notNull(), target_id: text("target_id").notNull() },
  (t) => [primaryKey({ columns: [t.condition_id, t.target_id] })],
)

export const giftCard = sqliteTable("gift_card", {
  id: text("id").primaryKey(),
  code: text("code").notNull(),
  value: integer("value").notNull(),
  balance: integer("balance").notNull(),
  region_id: text("region_id").notNull(),
  order_id: text("order_id"),
  is_disabled: bool("is_disabled").notNull(),
  ends_at: text("ends_at"),
  tax_rate: real("tax_rate"),
  ...metadata,
  ...timestamps,
  ...softDelete,
})

// ---- customers

export const customer = sqliteTable("customer", {
  id: text("id").primaryKey(),
  email: text("email").notNull(),
  first_name: text("first_name"),
  last_name: text("last_name"),
  billing_address_id: text("billing_address_id"),
  password_hash: text("password_hash"),
  phone: text("phone"),
  has_account: bool("has_account").notNull(),
  ...metadata,
  ...timestamps,
  ...softDelete,
  /** Bumped by every password change: access tokens issued before it stop working (migration 0025). */
  password_version: integer("password_version").notNull().default(0),
})

export const address = sqliteTable("address", {
  id: text("id").primaryKey(),
  customer_id: text("customer_id"),
  company: text("company"),
  first_name: text("first_name"),
  last_name: text("last_name"),
  address_1: text("address_1"),
  address_2: text("address_2"),
  city: text("city"),
  country_code: text("country_code"),
  province: text("province"),
  postal_code: text("postal_code"),
  phone: text("phone"),
  ...metadata,
  ...timestamps,
  ...softDelete,
})

// ---- carts

export const cart = sqliteTable("cart", {
  id: text("id").primaryKey(),
  email: text("email"),
  billing_address_id: text("billing_address_id"),
  shipping_address_id: text("shipping_address_id"),
  region_id: text("region_id").notNull(),
  customer_id: text("customer_id"),
  payment_id: text("payment_id"),
  type: text("type").notNull(),
  completed_at: text("completed_at"),
  payment_authorized_at: text("payment_authorized_at"),
  idempotency_key: text("idempotency_key"),
  context: text("context", { mode: "json" }).$type<Json | null>(),
  sales_channel_id: text("sales_channel_id"),
  ...metadata,
  version: integer("version").notNull(),
  ...timestamps,
  ...softDelete,
})

export const lineItem = sqliteTable("line_item", {
  id: text("id").primaryKey(),
  cart_id: text("cart_id"),
  order_id: text("order_id"),
  swap_id: text("swap_id"),
  claim_order_id: text("claim_order_id"),
  original_item_id: text("original_item_id"),
  order_edit_id: text("order_edit_id"),
  title: text("title").notNull(),
  description: text("description"),
  thumbnail: text("thumbnail"),
  is_return: bool("is_return").notNull(),
  is_giftcard: bool("is_giftcard").notNull(),
  should_merge: bool("should_merge").notNull(),
  allow_discounts: bool("allow_discounts").notNull(),
  has_shipping: bool("has_shipping"),
  unit_price: integer("unit_price").notNull(),
  variant_id: text("variant_id"),
  product_id: text("product_id"),
  quantity: integer("quantity").notNull(),
  fulfilled_quantity: integer("fulfilled_quantity"),
  returned_quantity: integer("returned_quantity"),
  shipped_quantity: integer("shipped_quantity"),
  includes_tax: bool("includes_tax").notNull(),
  ...metadata,
  ...timestamps,
})

export const lineItemAdjustment = sqliteTable("line_item_adjustment", {
  id: text("id").primaryKey(),
  item_id: text("item_id").notNull(),
  description: text("description").notNull(),
  discount_id: text("discount_id"),
  amount: real("amount").notNull(),
  ...metadata,
})

export const lineItemTaxLine = sqliteTable("line_item_tax_line", {
  id: text("id").primaryKey(),
  item_id: text("item_id").notNull(),
  rate: real("rate").notNull(),
  name: text("name").notNull(),
  code: text("code"),
  ...metadata,
  ...timestamps,
})

export const shippingMethod = sqliteTable("shipping_method", {
  id: text("id").primaryKey(),
  shipping_option_id: text("shipping_option_id").notNull(),
  order_id: text("order_id"),
  claim_order_id: text("claim_order_id"),
  cart_id: text("cart_id"),
  swap_id: text("swap_id"),
  return_id: text("return_id"),
  price: integer("price").notNull(),
  data: text("data", { mode: "json" }).$type<Json>().notNull(),
  includes_tax: bool("includes_tax").notNull(),
})

export const shippingMethodTaxLine = sqliteTable("shipping_method_tax_line", {
  id: text("id").primaryKey(),
  shipping_method_id: text("shipping_method_id").notNull(),
  rate: real("rate").notNull(),
  name: text("name").notNull(),
  code: text("code"),
  ...metadata,
  ...timestamps,
})

export const cartDiscounts = sqliteTable(
  "cart_discounts",
  { cart_id: text("cart_id").notNull(), discount_id: text("discount_id").notNull() },
  (t) => [primaryKey({ columns: [t.cart_id, t.discount_id] })],
)

export const cartGiftCards = sqliteTable(
  "cart_gift_cards",
  { cart_id: text("cart_id").notNull(), gift_card_id: text("gift_card_id").notNull(), position: integer("position").notNull() },
  (t) => [primaryKey({ columns: [t.cart_id, t.gift_card_id] })],
)

export const paymentSession = sqliteTable("payment_session", {
  id: text("id").primaryKey(),
  cart_id: text("cart_id"),
  provider_id: text("provider_id").notNull(),
  is_selected: bool("is_selected"),
  is_initiated: bool("is_initiated").notNull(),
  status: text("status").notNull(),
  data: text("data", { mode: "json" }).$type<Json>().notNull(),
  idempotency_key: text("idempotency_key"),
  amount: integer("amount"),
  payment_authorized_at: text("payment_authorized_at"),
  ...timestamps,
})


// ---- checkout (migrations/0011_checkout.sql)

export const idempotencyKey = sqliteTable("idempotency_key", {
  id: text("id").primaryKey(),
  idempotency_key: text("idempotency_key").notNull(),
  created_at: text("created_at").notNull(),
  locked_at: text("locked_at"),
  request_method: text("request_method"),
  request_params: text("request_params"),
  request_path: text("request_path"),
  response_code: integer("response_code"),
  /** The serialized response body, replayed verbatim once the key is finished. */
  response_body: text("response_body"),
  recovery_point: text("recovery_point").notNull(),
  /** When the key reached `finished` (migrations/0020); the cron prunes it 24 h later. */
  finished_at: text("finished_at"),
})

export const payment = sqliteTable("payment", {
  id: text("id").primaryKey(),
  swap_id: text("swap_id"),
  cart_id: text("cart_id"),
  order_id: text("order_id"),
  amount: integer("amount").notNull(),
  currency_code: text("currency_code").notNull(),
  amount_refunded: integer("amount_refunded").notNull(),
  provider_id: text("provider_id").notNull(),
  data: text("data", { mode: "json" }).$type<Json>().notNull(),
  captured_at: text("captured_at"),
  canceled_at: text("canceled_at"),
  ...metadata,
  idempotency_key: text("idempotency_key"),
  ...timestamps,
})

export const order = sqliteTable("order", {
  id: text("id").primaryKey(),
  status: text("status").notNull(),
  fulfillment_status: text("fulfillment_status").notNull(),
  payment_status: text("payment_status").notNull(),
  display_id: integer("display_id").notNull(),
  cart_id: text("cart_id"),
  customer_id: text("customer_id").notNull(),
  email: text("email").notNull(),
  billing_address_id: text("billing_address_id"),
  shipping_address_id: text("shipping_address_id"),
  region_id: text("region_id").notNull(),
  currency_code: text("currency_code").notNull(),
  tax_rate: real("tax_rate"),
  draft_order_id: text("draft_order_id"),
  canceled_at: text("canceled_at"),
  ...metadata,
  no_notification: bool("no_notification"),
  idempotency_key: text("idempotency_key"),
  external_id: text("external_id"),
  sales_channel_id: text("sales_channel_id"),
  ...timestamps,
})

export const orderDiscounts = sqliteTable(
  "order_discounts",
  { order_id: text("order_id").notNull(), discount_id: text("discount_id").notNull() },
  (t) => [primaryKey({ columns: [t.order_id, t.discount_id] })],
)

export const orderGiftCards = sqliteTable(
  "order_gift_cards",
  { order_id: text("order_id").notNull(), gift_card_id: text("gift_card_id").notNull() },
  (t) => [primaryKey({ columns: [t.order_id, t.gift_card_id] })],
)

export const giftCardTransaction = sqliteTable("gift_card_transaction", {
  id: text("id").primaryKey(),
  gift_card_id: text("gift_card_id").notNull(),
  order_id: text("order_id").notNull(),
  amount: integer("amount").notNull(),
  is_taxable: bool("is_taxable"),
  tax_rate: real("tax_rate"),
  created_at: text("created_at").notNull(),
})

export const rateLimit = sqliteTable("rate_limit", {
  key: text("key").primaryKey(),
  window_start: integer("window_start").notNull(),
  hits: integer("hits").notNull(),
})

// ---- customer sessions and the event outbox (auth issue)

export const customerSession = sqliteTable("customer_session", {
  id_hash: text("id_hash").primaryKey(),
  customer_id: text("customer_id").notNull(),
  expires_at: integer("expires_at").notNull(),
  created_at: text("created_at").notNull(),
})

export const eventOutbox = sqliteTable("event_outbox", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  payload: text("payload", { mode: "json" }).$type<Json>().notNull(),
  created_at: text("created_at").notNull(),
  attempts: integer("attempts").notNull(),
  delivered_at: text("delivered_at"),
  last_error: text("last_error"),
})

/** Webhook events already handled, by the provider's event id (migration 0017). */
export const paymentWebhookEvent = sqliteTable("payment_webhook_event", {
  id: text("id").primaryKey(),
  provider_id: text("provider_id").notNull(),
  type: text("type").notNull(),
  payment_intent_id: text("payment_intent_id"),
  cart_id: text("cart_id"),
  order_id: text("order_id"),
  outcome: text("outcome").notNull(),
  message: text("message"),
  created_at: text("created_at").notNull(),
})

/**
 * One row (id 1): `version` is bumped by triggers on every catalog table (migrations/0015_catalog_version.sql),
 * `stock_version` by every change of a variant's inventory_quantity (migrations/0027_stock_version.sql).
 */
export const catalogVersion = sqliteTable("catalog_version", {
  id: integer("id").primaryKey(),
  version: integer("version").notNull(),
  stock_version: integer("stock_version").notNull().default(0),
})
export * from "./schema-after-sale"
export * from "./schema-payment-claims"
