/**
 * The seed file: Medusa v1's `medusa seed -f` format plus the store data v1 only creates through its admin API
 * (discounts, gift cards, return reasons, tax rates, customers, sales channels, shipping profiles).
 * The README section "Loading data" documents every field. Objects are strict, so a misspelt field is reported, not ignored.
 */
import { z } from "zod"

const text = z.string().min(1)
const id = text
const metadata = z.record(z.string(), z.unknown()).nullable().optional()
const money = z.number().int().min(0)
const dimension = z.number().int().min(0).nullable().optional()
const idRef = z.object({ id }).strict()

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/
/** An ISO 8601 date or date-time; stored normalized to `toISOString()`. */
const isoDate = z
  .string()
  .refine((v) => ISO_DATE.test(v) && !Number.isNaN(Date.parse(v)), "must be an ISO 8601 date or date-time")

/** When the record was created (default: the import time); also its first updated_at. */
const created_at = isoDate.optional()

const taxRatePercent = z.number().min(0).max(100)
const currencyCode = z.string().regex(/^[A-Za-z]{3}$/, "must be a 3-letter ISO 4217 currency code")

export const StoreSeed = z
  .object({
    id: id.optional(),
    created_at,
    name: text.optional(),
    currencies: z.array(currencyCode).optional(),
    default_currency_code: currencyCode.optional(),
    default_sales_channel_id: id.optional(),
    swap_link_template: z.string().nullable().optional(),
    payment_link_template: z.string().nullable().optional(),
    invite_link_template: z.string().nullable().optional(),
    metadata,
  })
  .strict()

export const RegionSeed = z
  .object({
    id: id.optional(),
    created_at,
    name: text,
    currency_code: currencyCode,
    tax_rate: taxRatePercent,
    tax_code: z.string().nullable().optional(),
    countries: z.array(z.string().regex(/^[A-Za-z]{2}$/, "must be a 2-letter ISO 3166 country code")).default([]),
    payment_providers: z.array(text).default([]),
    fulfillment_providers: z.array(text).default([]),
    automatic_taxes: z.boolean().optional(),
    gift_cards_taxable: z.boolean().optional(),
    includes_tax: z.boolean().optional(),
    tax_provider_id: z.string().nullable().optional(),
    metadata,
  })
  .strict()

export const ShippingProfileSeed = z
  .object({ id: id.optional(), created_at, name: text, type: z.enum(["default", "gift_card", "custom"]), metadata })
  .strict()

const Requirement = z
  .object({ id: id.optional(), type: z.enum(["min_subtotal", "max_subtotal"]), amount: money })
  .strict()

export const ShippingOptionSeed = z
  .object({
    id: id.optional(),
    created_at,
    name: text,
    region_id: id,
    provider_id: id,
    profile_id: id.optional(),
    price_type: z.enum(["flat_rate", "calculated"]),
    amount: money.nullable().optional(),
    is_return: z.boolean().optional(),
    admin_only: z.boolean().optional(),
    includes_tax: z.boolean().optional(),
    /** v1's seed command: `is_giftcard: true` puts the option on the gift card shipping profile. */
    is_giftcard: z.boolean().optional(),
    data: z.record(z.string(), z.unknown()).optional(),
    requirements: z.array(Requirement).optional(),
    metadata,
  })
  .strict()

export const CollectionSeed = z
  .object({ id: id.optional(), created_at, title: text, handle: text.optional(), metadata })
  .strict()

export interface CategorySeedInput {
  id?: string | undefined
  created_at?: string | undefined
  name: string
  handle?: string | undefined
  description?: string | undefined
  is_active?: boolean | undefined
  is_internal?: boolean | undefined
  rank?: number | undefined
  metadata?: Record<string, unknown> | null | undefined
  category_children?: CategorySeedInput[] | undefined
}

export const CategorySeed: z.ZodType<CategorySeedInput> = z.lazy(() =>
  z
    .object({
      id: id.optional(),
      created_at,
      name: text,
      handle: text.optional(),
      description: z.string().optional(),
      is_active: z.boolean().optional(),
      is_internal: z.boolean().optional(),
      rank: z.number().int().min(0).optional(),
      metadata,
      category_children: z.array(CategorySeed).optional(),
    })
    .strict(),
)

const PriceSeed = z
  .object({
    id: id.optional(),
    currency_code: currencyCode.optional(),
    region_id: id.optional(),
    amount: money,
    min_quantity: z.number().int().min(1).nullable().optional(),
    max_quantity: z.number().int().min(1).nullable().optional(),
  })
  .strict()

const VariantSeed = z
  .object({
    id: id.optional(),
    title: text.optional(),
    sku: text.nullable().optional(),
    barcode: text.nullable().optional(),
    ean: text.nullable().optional(),
    upc: text.nullable().optional(),
    variant_rank: z.number().int().min(0).optional(),
    inventory_quantity: z.number().int().optional(),
    allow_backorder: z.boolean().optional(),
    manage_inventory: z.boolean().optional(),
    hs_code: z.string().nullable().optional(),
    origin_country: z.string().nullable().optional(),
    mid_code: z.string().nullable().optional(),
    material: z.string().nullable().optional(),
    weight: dimension,
    length: dimension,
    height: dimension,
    width: dimension,
    metadata,
    prices: z.array(PriceSeed).default([]),
    options: z.array(z.object({ id: id.optional(), value: z.string() }).strict()).default([]),
  })
  .strict()

const ImageSeed = z.union([text, z.object({ id: id.optional(), url: text }).strict()], {
  error: "must be a URL string or {url, id?}",
})

export const ProductSeed = z
  .object({
    id: id.optional(),
    created_at,
    title: text,
    subtitle: z.string().nullable().optional(),
    description: z.string().nullable().optional(),
    handle: text.optional(),
    is_giftcard: z.boolean().optional(),
    discountable: z.boolean().optional(),
    status: z.enum(["draft", "proposed", "published", "rejected"]).optional(),
    thumbnail: z.string().nullable().optional(),
    weight: dimension,
    length: dimension,
    height: dimension,
    width: dimension,
    hs_code: z.string().nullable().optional(),
    origin_country: z.string().nullable().optional(),
    mid_code: z.string().nullable().optional(),
    material: z.string().nullable().optional(),
    external_id: z.string().nullable().optional(),
    collection_id: id.nullable().optional(),
    profile_id: id.optional(),
    type: z.object({ id: id.optional(), value: text }).strict().nullable().optional(),
    tags: z.array(z.object({ id: id.optional(), value: text }).strict()).default([]),
    categories: z.array(idRef).default([]),
    sales_channels: z.array(idRef).optional(),
    images: z.array(ImageSeed).default([]),
    options: z
      .array(z.object({ id: id.optional(), title: text, values: z.array(z.string()).optional() }).strict())
      .default([]),
    variants: z.array(VariantSeed).default([]),
    metadata,
  })
  .strict()

export const SalesChannelSeed = z
  .object({
    id: id.optional(),
    created_at,
    name: text,
    description: z.string().nullable().optional(),
    is_disabled: z.boolean().optional(),
    metadata,
  })
  .strict()

export const PublishableKeySeed = z
  .object({ id: id.optional(), created_at, title: text, sales_channels: z.array(idRef).optional() })
  .strict()

const ConditionSeed = z
  .object({
    id: id.optional(),
    type: z.enum(["products", "product_types", "product_collections", "product_tags"]),
    operator: z.enum(["in", "not_in"]),
    ids: z.array(id).min(1),
  })
  .strict()

export const DiscountSeed = z
  .object({
    id: id.optional(),
    created_at,
    code: text,
    rule: z
      .object({
        id: id.optional(),
        type: z.enum(["percentage", "fixed", "free_shipping"]),
        value: money,
        allocation: z.enum(["total", "item"]).optional(),
        description: z.string().nullable().optional(),
        metadata,
      })
      .strict(),
    regions: z.array(id).min(1, "must contain at least 1 region"),
    usage_limit: z.number().int().min(1).nullable().optional(),
    /** Times used so far (a migrated store's count); written only when the discount is created. */
    usage_count: z.number().int().min(0).optional(),
    starts_at: isoDate.optional(),
    ends_at: isoDate.nullable().optional(),
    valid_duration: z.string().nullable().optional(),
    is_disabled: z.boolean().optional(),
    is_dynamic: z.boolean().optional(),
    conditions: z.array(ConditionSeed).default([]),
    metadata,
  })
  .strict()

export const GiftCardSeed = z
  .object({
    id: id.optional(),
    created_at,
    code: text,
    value: money,
    balance: money.optional(),
    region_id: id,
    tax_rate: taxRatePercent.nullable().optional(),
    is_disabled: z.boolean().optional(),
    ends_at: isoDate.nullable().optional(),
    metadata,
  })
  .strict()

export interface ReturnReasonSeedInput {
  id?: string | undefined
  created_at?: string | undefined
  value: string
  label: string
  description?: string | null | undefined
  parent_return_reason_id?: string | null | undefined
  metadata?: Record<string, unknown> | null | undefined
  return_reason_children?: ReturnReasonSeedInput[] | undefined
}

export const ReturnReasonSeed: z.ZodType<ReturnReasonSeedInput> = z.lazy(() =>
  z
    .object({
      id: id.optional(),
      created_at,
      value: text,
      label: text,
      description: z.string().nullable().optional(),
      parent_return_reason_id: id.nullable().optional(),
      metadata,
      return_reason_children: z.array(ReturnReasonSeed).optional(),
    })
    .strict(),
)

export const TaxRateSeed = z
  .object({
    id: id.optional(),
    created_at,
    region_id: id,
    rate: taxRatePercent.nullable().optional(),
    code: z.string().nullable().optional(),
    name: text,
    products: z.array(id).default([]),
    product_types: z.array(id).default([]),
    shipping_options: z.array(id).default([]),
    metadata,
  })
  .strict()

const AddressSeed = z
  .object({
    id: id.optional(),
    company: z.string().nullable().optional(),
    first_name: z.string().nullable().optional(),
    last_name: z.string().nullable().optional(),
    address_1: z.string().nullable().optional(),
    address_2: z.string().nullable().optional(),
    city: z.string().nullable().optional(),
    country_code: z.string().regex(/^[A-Za-z]{2}$/, "must be a 2-letter ISO 3166 country code").nullable().optional(),
    province: z.string().nullable().optional(),
    postal_code: z.string().nullable().optional(),
    phone: z.string().nullable().optional(),
    metadata,
  })
  .strict()

export const CustomerSeed = z
  .object({
    id: id.optional(),
    created_at,
    email: z.email("must be a valid email address"),
    password: text.optional(),
    /**
     * A hash exported from a Medusa database (scrypt-kdf, base64) or this project's `pbkdf2$…`; the customer logs in
     * with their old password and is re-hashed to PBKDF2. Written only when the customer is created.
     */
    password_hash: z
      .string()
      .regex(/^(c2NyeXB0[A-Za-z0-9+/]{120}|pbkdf2\$\d+\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+)$/, "must be a Medusa scrypt-kdf hash or a pbkdf2$ hash")
      .optional(),
    first_name: z.string().nullable().optional(),
    last_name: z.string().nullable().optional(),
    phone: z.string().nullable().optional(),
    shipping_addresses: z.array(AddressSeed).default([]),
    metadata,
  })
  .strict()
  .refine((c) => !(c.password && c.password_hash), { message: "give either password or password_hash", path: ["password_hash"] })

const count = z.number().int().min(0)

/** An order item: a variant of the file or the database; unit_price defaults to the variant's price in the region. */
const OrderItemSeed = z
  .object({
    id: id.optional(),
    variant_id: id,
    quantity: count.min(1),
    unit_price: count.optional(),
    fulfilled_quantity: count.optional(),
    shipped_quantity: count.optional(),
    returned_quantity: count.optional(),
    metadata,
  })
  .strict()

/**
 * An order as a test or migrated store starts with it, in any state. Written once: re-importing the file leaves an
 * existing order (and what happened to it since) alone.
 */
const OrderSeed = z
  .object({
    id,
    display_id: z.number().int().min(1).optional(),
    email: z.string().email(),
    /** A customer of the file or the database; without one, the email's guest customer (created if missing). */
    customer_id: id.optional(),
    region_id: id,
    sales_channel_id: id.optional(),
    status: z.enum(["pending", "completed", "archived", "canceled", "requires_action"]).default("pending"),
    payment_status: z.enum(["not_paid", "awaiting", "captured", "partially_refunded", "refunded", "canceled", "requires_action"]).default("awaiting"),
    fulfillment_status: z
      .enum(["not_fulfilled", "partially_fulfilled", "fulfilled", "partially_shipped", "shipped", "partially_returned", "returned", "canceled", "requires_action"])
      .default("not_fulfilled"),
    shipping_address: AddressSeed.optional(),
    items: z.array(OrderItemSeed).min(1),
    /** `id` keeps a migrated method's id; without it one is derived from the order id. */
    shipping_methods: z.array(z.object({ id: id.optional(), shipping_option_id: id, price: count.optional() }).strict()).default([]),
    /** The order's payment for its total; `captured` marks it captured. Omitted: no payment (e.g. not_paid). `id` as above. */
    payment: z.object({ id: id.optional(), provider_id: id.default("manual"), captured: z.boolean().default(false) }).strict().optional(),
    created_at,
    metadata,
  })
  .strict()

/** An order edit of an order of the file or the database: a draft (`created`) or `requested` from the shopper. */
const OrderEditSeed = z
  .object({
    id,
    order_id: id,
    status: z.enum(["created", "requested"]).default("created"),
    internal_note: z.string().optional(),
    changes: z
      .array(
        z.discriminatedUnion("type", [
          z.object({ type: z.literal("item_add"), variant_id: id, quantity: count.min(1), unit_price: count.optional() }).strict(),
          z.object({ type: z.literal("item_update"), item_id: id, quantity: count.min(1) }).strict(),
        ]),
      )
      .default([]),
  })
  .strict()

export const SeedFile = z
  .object({
    store: StoreSeed.optional(),
    /** Medusa admin users: this project has no admin, so they are accepted and ignored. */
    users: z.array(z.unknown()).optional(),
    /** Medusa v2-flag pricing rule types: accepted and ignored. */
    rule_types: z.array(z.unknown()).optional(),
    regions: z.array(RegionSeed).default([]),
    shipping_profiles: z.array(ShippingProfileSeed).default([]),
    shipping_options: z.array(ShippingOptionSeed).default([]),
    product_collections: z.array(CollectionSeed).default([]),
    categories: z.array(CategorySeed).default([]),
    products: z.array(ProductSeed).default([]),
    sales_channels: z.array(SalesChannelSeed).default([]),
    publishable_api_keys: z.array(PublishableKeySeed).default([]),
    discounts: z.array(DiscountSeed).default([]),
    gift_cards: z.array(GiftCardSeed).default([]),
    return_reasons: z.array(ReturnReasonSeed).default([]),
    tax_rates: z.array(TaxRateSeed).default([]),
    customers: z.array(CustomerSeed).default([]),
    orders: z.array(OrderSeed).default([]),
    order_edits: z.array(OrderEditSeed).default([]),
  })
  .strict()

export type SeedFile = z.infer<typeof SeedFile>
export type ProductSeed = z.infer<typeof ProductSeed>
export type VariantSeed = ProductSeed["variants"][number]
export type RegionSeed = z.infer<typeof RegionSeed>
export type ShippingOptionSeed = z.infer<typeof ShippingOptionSeed>
export type DiscountSeed = z.infer<typeof DiscountSeed>
export type GiftCardSeed = z.infer<typeof GiftCardSeed>
export type TaxRateSeed = z.infer<typeof TaxRateSeed>
export type CustomerSeed = z.infer<typeof CustomerSeed>
export type OrderSeed = z.infer<typeof OrderSeed>
export type OrderEditSeed = z.infer<typeof OrderEditSeed>
