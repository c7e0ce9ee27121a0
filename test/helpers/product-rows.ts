/**
 * Catalog fixtures for integration tests, written through Drizzle. One statement per row (D1 binds at most 100
 * parameters per statement), sent in batches.
 */
import { env } from "cloudflare:workers"
import { drizzle } from "drizzle-orm/d1"
import { sql } from "drizzle-orm"
import type { BatchItem } from "drizzle-orm/batch"
import { sqliteTable, text } from "drizzle-orm/sqlite-core"
import * as schema from "../../src/db/schema"
import { collectionSearchTerms, productSearchTerms } from "../../src/seed/search"

export const db = drizzle(env.DB, { schema })

/** The FTS5 table, declared here only so fixtures can insert into it through Drizzle. */
export const productSearch = sqliteTable("product_search", {
  product_id: text("product_id").notNull(),
  title: text("title"),
  subtitle: text("subtitle"),
  description: text("description"),
  handle: text("handle"),
  variant_text: text("variant_text"),
  collection_title: text("collection_title"),
})
export const TS = "2026-01-01T00:00:00.000Z"

type Insert<T extends keyof typeof schema> = (typeof schema)[T] extends { $inferInsert: infer I } ? I : never

export interface PriceSpec {
  id: string
  currency_code: string
  amount: number
  region_id?: string | null
  min_quantity?: number | null
  max_quantity?: number | null
  price_list_id?: string | null
}

export interface VariantSpec {
  id: string
  title: string
  sku?: string | null
  inventory_quantity?: number
  allow_backorder?: boolean
  manage_inventory?: boolean
  /** Option values in the order of the product's `options`. */
  options?: string[]
  prices?: PriceSpec[]
  deleted_at?: string | null
}

export interface ProductSpec {
  id: string
  title: string
  handle?: string | null
  subtitle?: string | null
  description?: string | null
  status?: "draft" | "proposed" | "published" | "rejected"
  is_giftcard?: boolean
  discountable?: boolean
  thumbnail?: string | null
  weight?: number | null
  material?: string | null
  collection_id?: string | null
  type_id?: string | null
  profile_id?: string | null
  created_at?: string
  updated_at?: string
  deleted_at?: string | null
  options?: string[]
  variants?: VariantSpec[]
  tags?: string[]
  images?: { id: string; url: string }[]
  categories?: string[]
  channels?: string[]
  /** Write the product_search row and the search_term words too, as the importer does. Default true. */
  searchable?: boolean
}

/** Option ids are derived: `opt_<product>_<n>`, values `optval_<variant>_<n>`. */
export const optionId = (productId: string, index: number) => `opt_${productId}_${index}`

export function productStatements(spec: ProductSpec): BatchItem<"sqlite">[] {
  const created = spec.created_at ?? TS
  const stamps = { created_at: created, updated_at: spec.updated_at ?? created }
  const out: BatchItem<"sqlite">[] = []
  const productRow: Insert<"product"> = {
    id: spec.id,
    title: spec.title,
    handle: spec.handle === undefined ? spec.id.replace(/^prod_/, "") : spec.handle,
    subtitle: spec.subtitle ?? null,
    description: spec.description ?? null,
    status: spec.status ?? "published",
    is_giftcard: spec.is_giftcard ?? false,
    discountable: spec.discountable ?? !(spec.is_giftcard ?? false),
    thumbnail: spec.thumbnail ?? null,
    weight: spec.weight ?? null,
    material: spec.material ?? null,
    collection_id: spec.collection_id ?? null,
    type_id: spec.type_id ?? null,
    profile_id: spec.profile_id ?? null,
    deleted_at: spec.deleted_at ?? null,
    ...stamps,
  }
  out.push(db.insert(schema.product).values(productRow))
  ;(spec.options ?? []).forEach((title, i) =>
    out.push(db.insert(schema.productOption).values({ id: optionId(spec.id, i), title, product_id: spec.id, ...stamps })),
  )
  ;(spec.variants ?? []).forEach((v, rank) => {
    out.push(
      db.insert(schema.productVariant).values({
        id: v.id,
        title: v.title,
        product_id: spec.id,
        sku: v.sku ?? null,
        variant_rank: rank,
        inventory_quantity: v.inventory_quantity ?? 0,
        allow_backorder: v.allow_backorder ?? false,
        manage_inventory: v.manage_inventory ?? true,
        deleted_at: v.deleted_at ?? null,
        ...stamps,
      }),
    )
    ;(v.options ?? []).forEach((value, i) =>
      out.push(
        db.insert(schema.productOptionValue).values({
          id: `optval_${v.id}_${i}`,
          value,
          option_id: optionId(spec.id, i),
          variant_id: v.id,
          ...stamps,
        }),
      ),
    )
    for (const p of v.prices ?? []) {
      out.push(
        db.insert(schema.moneyAmount).values({
          id: p.id,
          variant_id: v.id,
          currency_code: p.currency_code,
          amount: p.amount,
          region_id: p.region_id ?? null,
          min_quantity: p.min_quantity ?? null,
          max_quantity: p.max_quantity ?? null,
          price_list_id: p.price_list_id ?? null,
          ...stamps,
        }),
      )
    }
  })
  for (const tag of spec.tags ?? []) out.push(db.insert(schema.productTags).values({ product_id: spec.id, product_tag_id: tag }))
  ;(spec.images ?? []).forEach((img, position) => {
    out.push(db.insert(schema.image).values({ id: img.id, url: img.url, ...stamps }))
    out.push(db.insert(schema.productImages).values({ product_id: spec.id, image_id: img.id, position }))
  })
  for (const cat of spec.categories ?? []) {
    out.push(db.insert(schema.productCategoryProduct).values({ product_category_id: cat, product_id: spec.id }))
  }
  for (const sc of spec.channels ?? []) {
    out.push(db.insert(schema.productSalesChannel).values({ product_id: spec.id, sales_channel_id: sc }))
  }
  if (spec.searchable ?? true) {
    const liveVariants = (spec.variants ?? []).filter((v) => !v.deleted_at)
    const variantText = liveVariants.map((v) => [v.title, v.sku ?? ""].join(" ").trim()).join(" ")
    out.push(
      db.insert(productSearch).values({
        product_id: spec.id,
        title: spec.title,
        subtitle: spec.subtitle ?? null,
        description: spec.description ?? null,
        handle: productRow.handle ?? null,
        variant_text: variantText,
        collection_title: sql`(SELECT title FROM product_collection WHERE id = ${spec.collection_id ?? null})`,
      }),
    )
    // The importer's own word list for the product (src/seed/search.ts); collection words come with the collection.
    const terms = productSearchTerms({ title: spec.title, subtitle: spec.subtitle, description: spec.description, handle: productRow.handle, variants: liveVariants })
    out.push(...searchTermStatements(spec.id, terms))
  }
  return out
}

/** search_term rows for one source, 50 per statement (two bound parameters each). */
export function searchTermStatements(sourceId: string, terms: readonly string[]): BatchItem<"sqlite">[] {
  const out: BatchItem<"sqlite">[] = []
  for (let i = 0; i < terms.length; i += 50) {
    out.push(db.insert(schema.searchTerm).values(terms.slice(i, i + 50).map((term) => ({ source_id: sourceId, term }))))
  }
  return out
}

/** Executes statements in batches of 80 (one round trip each). */
export async function runStatements(statements: readonly BatchItem<"sqlite">[]): Promise<void> {
  for (let i = 0; i < statements.length; i += 80) {
    const chunk = statements.slice(i, i + 80)
    await db.batch(chunk as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]])
  }
}

export const insertProducts = (specs: readonly ProductSpec[]) => runStatements(specs.flatMap(productStatements))

export function regionRow(id: string, currency: string, taxRate: number, extra: Partial<Insert<"region">> = {}): Insert<"region"> {
  return {
    id,
    name: id,
    currency_code: currency,
    tax_rate: taxRate,
    gift_cards_taxable: true,
    automatic_taxes: true,
    includes_tax: false,
    created_at: TS,
    updated_at: TS,
    ...extra,
  }
}

export const collectionRow = (id: string, title: string, handle: string) =>
  db.insert(schema.productCollection).values({ id, title, handle, created_at: TS, updated_at: TS })
/** A collection with its search words, as the importer writes it. */
export const searchableCollection = (id: string, title: string, handle: string): BatchItem<"sqlite">[] => [
  collectionRow(id, title, handle),
  ...searchTermStatements(id, collectionSearchTerms(title)),
]
export const typeRow = (id: string, value: string) => db.insert(schema.productType).values({ id, value, created_at: TS, updated_at: TS })
export const tagRow = (id: string, value: string) => db.insert(schema.productTag).values({ id, value, created_at: TS, updated_at: TS })
export const profileRow = (id: string, name: string, type = "default") =>
  db.insert(schema.shippingProfile).values({ id, name, type, created_at: TS, updated_at: TS })

export function category(id: string, mpath: string, extra: Partial<Insert<"productCategory">> = {}): BatchItem<"sqlite"> {
  const parts = mpath.split(".")
  return db.insert(schema.productCategory).values({
    id,
    name: id,
    handle: id,
    mpath,
    description: "",
    is_active: true,
    is_internal: false,
    rank: 0,
    parent_category_id: parts.length > 1 ? (parts[parts.length - 2] ?? null) : null,
    created_at: TS,
    updated_at: TS,
    ...extra,
  })
}

export function salesChannelRow(id: string, extra: Partial<Insert<"salesChannel">> = {}): BatchItem<"sqlite"> {
  return db.insert(schema.salesChannel).values({ id, name: id, is_disabled: false, created_at: TS, updated_at: TS, ...extra })
}

export function publishableKey(id: string, channels: readonly string[], revokedAt: string | null = null): BatchItem<"sqlite">[] {
  return [
    db.insert(schema.publishableApiKey).values({ id, title: id, revoked_at: revokedAt, created_at: TS, updated_at: TS }),
    ...channels.map((sc) => db.insert(schema.publishableApiKeySalesChannel).values({ publishable_key_id: id, sales_channel_id: sc })),
  ]
}

export function storeRow(defaultChannel: string | null): BatchItem<"sqlite"> {
  return db.insert(schema.store).values({
    id: "store_test",
    name: "Test Store",
    default_currency_code: "usd",
    default_sales_channel_id: defaultChannel,
    created_at: TS,
    updated_at: TS,
  })
}

/**
 * `n` bare published products (`<prefix>_00001` …) with one variant each, created one second apart, in `channel`.
 * Generated inside SQLite (a recursive CTE) because tens of thousands of single-row inserts would be slow.
 */
export async function insertBulkProducts(prefix: string, n: number, channel: string): Promise<void> {
  await env.DB.batch([
    env.DB.prepare(
      `WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < ?1)
       INSERT INTO product (id, title, handle, status, is_giftcard, discountable, created_at, updated_at)
       SELECT ?2 || '_' || printf('%05d', i), 'Bulk ' || i, ?2 || '-' || i, 'published', 0, 1,
              strftime('%Y-%m-%dT%H:%M:%fZ', '2025-01-01', '+' || i || ' seconds'),
              strftime('%Y-%m-%dT%H:%M:%fZ', '2025-01-01', '+' || i || ' seconds')
       FROM seq`,
    ).bind(n, prefix),
    env.DB.prepare(
      `INSERT INTO product_variant (id, title, product_id, variant_rank, inventory_quantity, allow_backorder, manage_inventory, created_at, updated_at)
       SELECT 'variant_' || id, 'Default', id, 0, 1, 0, 1, created_at, created_at FROM product WHERE id LIKE ?1 || '\\_%' ESCAPE '\\'`,
    ).bind(prefix),
    env.DB.prepare(
      `INSERT INTO money_amount (id, variant_id, currency_code, amount, created_at, updated_at)
       SELECT 'ma_' || id, 'variant_' || id, 'usd', 1000, created_at, created_at FROM product WHERE id LIKE ?1 || '\\_%' ESCAPE '\\'`,
    ).bind(prefix),
    env.DB.prepare(
      `INSERT INTO product_sales_channel (product_id, sales_channel_id)
       SELECT id, ?2 FROM product WHERE id LIKE ?1 || '\\_%' ESCAPE '\\'`,
    ).bind(prefix, channel),
  ])
}

// ---- a small store shaped like the golden recordings' seed (shared by the catalog test files)

const usdEur = (variantId: string, usd: number, eur: number): PriceSpec[] => [
  { id: `ma_${variantId}_usd`, currency_code: "usd", amount: usd },
  { id: `ma_${variantId}_eur`, currency_code: "eur", amount: eur },
]

/** Published unless noted, all created at TS (so the default order falls back to id), all in `sc_main`. */
export const CATALOG: ProductSpec[] = [
  {
    id: "prod_tshirt",
    title: "Medusa T-Shirt",
    handle: "t-shirt",
    subtitle: "Soft cotton tee",
    description: "Reimagine the feeling of a classic T-shirt.",
    thumbnail: "https://cdn.test/tee-black-front.png",
    weight: 400,
    material: "cotton",
    collection_id: "pcol_summer",
    type_id: "ptyp_shirt",
    profile_id: "sp_default",
    updated_at: "2026-03-01T00:00:00.000Z",
    options: ["Size", "Color"],
    variants: [
      { id: "variant_tshirt_s_black", title: "S / Black", sku: "TSHIRT-S-BLACK", inventory_quantity: 100, options: ["S", "Black"], prices: usdEur("tshirt_s", 1950, 1800) },
      { id: "variant_tshirt_m_black", title: "M / Black", sku: "TSHIRT-M-BLACK", inventory_quantity: 5, options: ["M", "Black"], prices: usdEur("tshirt_m", 1950, 1800) },
      { id: "variant_tshirt_l_white", title: "L / White", sku: "TSHIRT-L-WHITE", inventory_quantity: 0, options: ["L", "White"], prices: usdEur("tshirt_l", 1950, 1800) },
      { id: "variant_tshirt_gone", title: "XL / Gone", sku: "TSHIRT-GONE", deleted_at: TS, options: ["XL", "Gone"], prices: usdEur("tshirt_gone", 1, 1) },
    ],
    tags: ["ptag_cotton", "ptag_summer"],
    images: [
      { id: "img_tee_black", url: "https://cdn.test/tee-black-front.png" },
      { id: "img_tee_white", url: "https://cdn.test/tee-white-front.png" },
    ],
    categories: ["pcat_shirts"],
    channels: ["sc_main"],
  },
  {
    id: "prod_sweatshirt",
    title: "Medusa Sweatshirt",
    handle: "sweatshirt",
    description: "Reimagine the feeling of a classic sweatshirt.",
    collection_id: "pcol_essentials",
    type_id: "ptyp_shirt",
    profile_id: "sp_default",
    options: ["Size"],
    variants: [
      { id: "variant_sweatshirt_s", title: "S", sku: "SWEATSHIRT-S", inventory_quantity: 50, options: ["S"], prices: usdEur("sweatshirt_s", 4500, 4000) },
      { id: "variant_sweatshirt_m", title: "M", sku: "SWEATSHIRT-M", inventory_quantity: 50, options: ["M"], prices: usdEur("sweatshirt_m", 4500, 4000) },
    ],
    categories: ["pcat_shirts"],
    channels: ["sc_main"],
  },
  {
    id: "prod_sweatpants",
    title: "Medusa Sweatpants",
    handle: "sweatpants",
    description: "Comfortable pants.",
    collection_id: "pcol_essentials",
    profile_id: "sp_default",
    options: ["Size"],
    variants: [
      { id: "variant_sweatpants_s", title: "S", sku: "SWEATPANTS-S", inventory_quantity: 10, options: ["S"], prices: usdEur("sweatpants_s", 3500, 3200) },
      { id: "variant_sweatpants_m", title: "M", sku: "SWEATPANTS-M", allow_backorder: true, options: ["M"], prices: usdEur("sweatpants_m", 3500, 3200) },
    ],
    categories: ["pcat_pants", "pcat_hidden_sale"],
    channels: ["sc_main"],
  },
  {
    id: "prod_mug",
    title: "Medusa Coffee Mug",
    handle: "coffee-mug",
    description: "Every programmer's best friend.",
    weight: 300,
    collection_id: "pcol_summer",
    type_id: "ptyp_merch",
    profile_id: "sp_default",
    options: ["Size"],
    variants: [
      {
        id: "variant_mug_one",
        title: "One Size",
        sku: "MUG-ONE",
        inventory_quantity: 1000,
        options: ["One Size"],
        prices: [
          { id: "ma_mug_eu", currency_code: "eur", amount: 850, region_id: "reg_eu" },
          { id: "ma_mug_usd", currency_code: "usd", amount: 1000 },
          { id: "ma_mug_eur", currency_code: "eur", amount: 900 },
        ],
      },
    ],
    tags: ["ptag_kitchen"],
    categories: ["pcat_merch", "pcat_internal"],
    channels: ["sc_main"],
  },
  {
    id: "prod_sticker",
    title: "Medusa Sticker Pack",
    handle: "sticker-pack",
    description: "Stick it anywhere. 100% vinyl.",
    profile_id: "sp_default",
    options: ["Pack"],
    variants: [
      { id: "variant_sticker_pack", title: "Pack", sku: "STICKER-PACK", manage_inventory: false, options: ["Pack"], prices: usdEur("sticker", 500, 450) },
    ],
    categories: ["pcat_merch"],
    channels: ["sc_main"],
  },
  {
    id: "prod_giftcard",
    title: "Gift Card",
    handle: "gift-card",
    description: "Digital gift card.",
    is_giftcard: true,
    profile_id: "sp_gift",
    options: ["Denomination"],
    variants: [
      { id: "variant_giftcard_25", title: "25", sku: "GC-25", manage_inventory: false, options: ["25"], prices: usdEur("gc_25", 2500, 2500) },
      { id: "variant_giftcard_100", title: "100", sku: "GC-100", manage_inventory: false, options: ["100"], prices: usdEur("gc_100", 10000, 10000) },
    ],
    channels: ["sc_main"],
  },
  {
    id: "prod_draft_hoodie",
    title: "Medusa Hoodie (draft)",
    handle: "hoodie",
    status: "draft",
    profile_id: "sp_default",
    options: ["Size"],
    variants: [{ id: "variant_draft_hoodie_m", title: "M", sku: "HOODIE-M", inventory_quantity: 10, options: ["M"], prices: usdEur("hoodie_m", 6000, 5500) }],
    channels: ["sc_main"],
  },
  {
    id: "prod_wholesale_crate",
    title: "Wholesale Crate",
    handle: "wholesale-crate",
    profile_id: "sp_default",
    variants: [{ id: "variant_crate", title: "Crate", sku: "CRATE", inventory_quantity: 3, prices: usdEur("crate", 9900, 9900) }],
    channels: ["sc_wholesale"],
  },
  {
    id: "prod_deleted",
    title: "Deleted Shirt",
    handle: "deleted-shirt",
    deleted_at: TS,
    variants: [{ id: "variant_deleted", title: "One", sku: "DELETED-ONE", prices: usdEur("deleted", 100, 100) }],
    channels: ["sc_main"],
    searchable: false,
  },
]

/** Regions, channels (default `sc_main`), collections, types, tags, profiles, categories, a reduced tax rate, CATALOG. */
export async function insertCatalog(): Promise<void> {
  await runStatements([
    db.insert(schema.region).values(regionRow("reg_na", "usd", 0, { name: "NA", tax_code: "NA-TAX" })),
    db.insert(schema.region).values(regionRow("reg_eu", "eur", 25, { name: "EU", tax_code: "EU-VAT" })),
    // Stickers are taxed at a reduced 10% in the EU (a product-level override of the region's 25%).
    db.insert(schema.taxRate).values({ id: "txr_reduced", rate: 10, code: "RED", name: "Reduced", region_id: "reg_eu", created_at: TS, updated_at: TS }),
    db.insert(schema.productTaxRate).values({ product_id: "prod_sticker", rate_id: "txr_reduced" }),
    salesChannelRow("sc_main", { name: "Default Sales Channel", description: "Created by Medusa" }),
    salesChannelRow("sc_wholesale", { name: "Wholesale" }),
    storeRow("sc_main"),
    ...searchableCollection("pcol_summer", "Summer Collection", "summer"),
    ...searchableCollection("pcol_essentials", "Essentials", "essentials"),
    typeRow("ptyp_shirt", "Shirt"),
    typeRow("ptyp_merch", "Merch"),
    tagRow("ptag_cotton", "cotton"),
    tagRow("ptag_summer", "summer"),
    tagRow("ptag_kitchen", "kitchen"),
    profileRow("sp_default", "Default Shipping Profile"),
    profileRow("sp_gift", "Gift Card Profile", "gift_card"),
    category("pcat_apparel", "pcat_apparel"),
    category("pcat_shirts", "pcat_apparel.pcat_shirts"),
    category("pcat_pants", "pcat_apparel.pcat_pants", { rank: 1 }),
    category("pcat_hidden_sale", "pcat_apparel.pcat_pants.pcat_hidden_sale", { is_active: false }),
    category("pcat_merch", "pcat_merch", { rank: 1 }),
    category("pcat_internal", "pcat_internal", { is_internal: true, rank: 2 }),
  ])
  await insertProducts(CATALOG)
}

/** The ids GET /store/products answers with for CATALOG and no filters (created_at DESC, then id). */
export const VISIBLE_IDS = ["prod_giftcard", "prod_mug", "prod_sticker", "prod_sweatpants", "prod_sweatshirt", "prod_tshirt"]
