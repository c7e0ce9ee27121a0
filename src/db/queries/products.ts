import { and, asc, count, desc, eq, inArray, isNull, sql, type SQL } from "drizzle-orm"
import { storeProductColumns } from "./product-columns"
import type { BatchItem } from "drizzle-orm/batch"
import type { SQLiteColumn } from "drizzle-orm/sqlite-core"
import type { Database } from "../../env"
import { inList, isIn, likeTerm, type IdSet } from "../sql"
import { dateRangeFilters } from "./regions"
import type { DateRange } from "../../schemas/common"
import {
  image,
  moneyAmount,
  product,
  productCategory,
  productCategoryProduct,
  productCollection,
  productImages,
  productOption,
  productOptionValue,
  productSalesChannel,
  productTag,
  productTags,
  productType,
  productVariant,
  salesChannel,
  shippingProfile,
} from "../schema"

export type ProductRow = typeof product.$inferSelect
export type VariantRow = typeof productVariant.$inferSelect
export type PriceRow = typeof moneyAmount.$inferSelect
export type OptionRow = typeof productOption.$inferSelect
export type OptionValueRow = typeof productOptionValue.$inferSelect

/**
 * Which sales channels a catalog read is limited to:
 * - `channels`: exactly these (a `sales_channel_id` param, or the publishable key's channels);
 * - `store_default`: the store's default channel, or no limit when there is no store row / default channel;
 * - `all`: no channel filter.
 */
export type ChannelScope =
  | { kind: "channels"; ids: readonly string[] }
  | { kind: "store_default" }
  | { kind: "all" }
  /** A publishable key's channels, resolved in SQL (no separate lookup); a key without live channels = store_default. */
  | { kind: "key"; keyId: string }

/**
 * Runs statements as one D1 batch (one round trip); results come back in order, untyped.
 * Batch rows arrive as objects, so a statement must never select two columns with the same name (e.g. two
 * tables' `id` in a join): Drizzle would map them by position and shift every value after the collision.
 */
export async function runBatch(db: Database, statements: readonly BatchItem<"sqlite">[]): Promise<unknown[]> {
  if (statements.length === 0) return []
  return (await db.batch(statements as unknown as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]])) as unknown[]
}

/** `productId` (a column or expression) belongs to one of the scope's channels. */
export function channelCondition(productId: SQLiteColumn | SQL, scope: ChannelScope): SQL | undefined {
  switch (scope.kind) {
    case "all":
      return undefined
    case "channels":
      return sql`EXISTS (SELECT 1 FROM product_sales_channel psc WHERE psc.product_id = ${productId} AND ${inList(
        sql`psc.sales_channel_id`,
        scope.ids,
      )})`
    case "key": {
      const storeDefault = channelCondition(productId, { kind: "store_default" })
      return sql`(CASE WHEN EXISTS (${keyChannelIds(scope.keyId)}) THEN EXISTS (SELECT 1 FROM product_sales_channel psc WHERE psc.product_id = ${productId} AND psc.sales_channel_id IN (${keyChannelIds(scope.keyId)})) ELSE ${storeDefault} END)`
    }
    case "store_default":
      // Resolved inside SQL so default scoping costs no extra round trip; no store row (or no default) = no limit.
      // The store lookups are uncorrelated (evaluated once); per product it is one primary-key probe.
      return sql`(NOT EXISTS (SELECT 1 FROM store WHERE default_sales_channel_id IS NOT NULL) OR EXISTS (SELECT 1 FROM product_sales_channel psc WHERE psc.product_id = ${productId} AND psc.sales_channel_id = (SELECT default_sales_channel_id FROM store WHERE default_sales_channel_id IS NOT NULL LIMIT 1)))`
  }
}

/** The channels of a live (not revoked) publishable key, as a subquery (v1 extendRequestParams' scopes). */
export function keyChannelIds(keyId: string): SQL {
  return sql`SELECT ks.sales_channel_id FROM publishable_api_key_sales_channel ks JOIN publishable_api_key k ON k.id = ks.publishable_key_id WHERE k.id = ${keyId} AND k.revoked_at IS NULL`
}

export interface ProductFilter {
  ids?: readonly string[] | undefined
  q?: string | undefined
  title?: string | undefined
  handle?: string | undefined
  description?: string | undefined
  collection_ids?: readonly string[] | undefined
  tag_ids?: readonly string[] | undefined
  type_ids?: readonly string[] | undefined
  category_ids?: readonly string[] | undefined
  include_category_children?: boolean | undefined
  is_giftcard?: boolean | undefined
  created_at?: DateRange | undefined
  updated_at?: DateRange | undefined
  /** Store lists show published products only. */
  published_only: boolean
  channels: ChannelScope
}

/** Category filter: only active, non-internal categories count; children via the materialized path. */
function categoryCondition(ids: readonly string[], withChildren: boolean): SQL {
  const own = inList(sql`c.id`, ids)
  const descendants = withChildren
    ? sql` OR EXISTS (SELECT 1 FROM product_category parent WHERE ${inList(sql`parent.id`, ids)} AND parent.is_active = 1 AND parent.is_internal = 0 AND substr(c.mpath, 1, length(parent.mpath) + 1) = parent.mpath || '.')`
    : sql``
  return sql`${product.id} IN (SELECT pcp.product_id FROM product_category_product pcp JOIN product_category c ON c.id = pcp.product_category_id WHERE c.is_active = 1 AND c.is_internal = 0 AND (${own}${descendants}))`
}

/**
 * v1's `q`: a case-insensitive substring of the title, description, a variant's title or SKU, or the collection
 * title (v1 uses ILIKE '%q%'). Read from the denormalized `product_search` document rather than by joining
 * variants and collections.
 */
function textCondition(q: string): SQL {
  const [title, description, variants, collection] = ["title", "description", "variant_text", "collection_title"].map((column) =>
    likeTerm(sql`${sql.identifier(column)}`, q, "contains", { escape: true }),
  )
  return sql`${product.id} IN (SELECT product_id FROM product_search WHERE ${title} OR ${description} OR ${variants} OR ${collection})`
}

export function productWhere(filter: ProductFilter): SQL | undefined {
  const conditions: (SQL | undefined)[] = [
    // (status, deleted_at) lead the list index: migrations/0006_catalog_indexes.sql
    filter.published_only ? eq(product.status, "published") : undefined,
    isNull(product.deleted_at),
    filter.ids ? inList(product.id, filter.ids) : undefined,
    filter.title !== undefined ? eq(product.title, filter.title) : undefined,
    filter.handle !== undefined ? eq(product.handle, filter.handle) : undefined,
    filter.description !== undefined ? eq(product.description, filter.description) : undefined,
    filter.is_giftcard !== undefined ? eq(product.is_giftcard, filter.is_giftcard) : undefined,
    filter.collection_ids ? inList(product.collection_id, filter.collection_ids) : undefined,
    filter.type_ids ? inList(product.type_id, filter.type_ids) : undefined,
    filter.tag_ids
      ? sql`${product.id} IN (SELECT product_id FROM product_tags WHERE ${inList(sql`product_tag_id`, filter.tag_ids)})`
      : undefined,
    filter.category_ids ? categoryCondition(filter.category_ids, filter.include_category_children ?? false) : undefined,
    filter.q ? textCondition(filter.q) : undefined,
    ...dateRangeFilters(product.created_at, filter.created_at),
    ...dateRangeFilters(product.updated_at, filter.updated_at),
    channelCondition(product.id, filter.channels),
  ]
  return and(...conditions)
}

/** Product columns `order` may name (v1 allowedStoreProductsFields), plus the two relation fields v1 allows. */
const ORDER_COLUMNS: Record<string, SQLiteColumn> = { ...storeProductColumns, profile_id: product.profile_id }

export interface ProductOrder {
  field: string
  direction: "asc" | "desc"
}

/**
 * ORDER BY terms. Ties break on id ascending (what v1 answered for equal created_at in the recordings), which the
 * default `created_at DESC, id` order reads straight off idx_product_store_list.
 */
export function productOrderBy(order: ProductOrder): SQL[] {
  const dir = order.direction === "desc" ? desc : asc
  // A relation field sorts by the product's best variant: the smallest value ascending, the largest descending.
  const agg = order.direction === "desc" ? sql.raw("MAX") : sql.raw("MIN")
  let primary: SQL
  if (order.field === "variants.title") {
    primary = sql`(SELECT ${agg}(v.title) FROM product_variant v WHERE v.product_id = ${product.id} AND v.deleted_at IS NULL)`
  } else if (order.field === "variants.prices.amount") {
    primary = sql`(SELECT ${agg}(ma.amount) FROM money_amount ma JOIN product_variant v ON v.id = ma.variant_id WHERE v.product_id = ${product.id} AND v.deleted_at IS NULL AND ma.deleted_at IS NULL)`
  } else {
    const column = ORDER_COLUMNS[order.field] ?? product.created_at
    primary = sql`${column}`
  }
  return order.field === "id" ? [dir(primary)] : [dir(primary), asc(product.id)]
}

export interface ProductPage {
  limit: number
  offset: number
  order: ProductOrder
}

/**
 * The page of products and the total count, as two statements for one batch. The page is a deferred join: the
 * ids are paged on the covering index, and only the page's rows are read, so a deep offset skips index entries
 * rather than table rows.
 */
export function productPageQueries(db: Database, filter: ProductFilter, page: ProductPage) {
  const where = productWhere(filter)
  const orderBy = productOrderBy(page.order)
  const pageIds = db.select({ id: product.id }).from(product).where(where).orderBy(...orderBy).limit(page.limit).offset(page.offset)
  return {
    rows: db.select().from(product).where(inArray(product.id, pageIds)).orderBy(...orderBy),
    count: db.select({ value: count() }).from(product).where(where),
    /** The page's ids as a subquery, for relation statements in the same batch. */
    pageIds,
  }
}

export function findProductQuery(db: Database, id: string) {
  return db.select().from(product).where(and(eq(product.id, id), isNull(product.deleted_at))).limit(1)
}

/** Whether a product is in one of a publishable key's channels, for the same batch as the key's lookup. */
export function productInKeyChannelsQuery(db: Database, productId: string, keyId: string) {
  return db
    .select({ product_id: productSalesChannel.product_id })
    .from(productSalesChannel)
    .where(and(eq(productSalesChannel.product_id, productId), sql`${productSalesChannel.sales_channel_id} IN (${keyChannelIds(keyId)})`))
    .limit(1)
}

/** Whether a product is in any of `channelIds` (v1 ProductService.isProductInSalesChannels). */
export function productInChannelsQuery(db: Database, productId: string, channelIds: readonly string[]) {
  return db
    .select({ product_id: productSalesChannel.product_id })
    .from(productSalesChannel)
    .where(and(eq(productSalesChannel.product_id, productId), inList(productSalesChannel.sales_channel_id, channelIds)))
    .limit(1)
}

// ---- relations

/** Every relation a product response can carry (the shapes are in ProductRelationRows). */
export type ProductRelationKey =
  | "collections"
  | "types"
  | "profiles"
  | "images"
  | "tags"
  | "options"
  | "optionValues"
  | "variants"
  | "prices"
  | "salesChannels"
  | "categories"

const rowid = (table: string) => sql.raw(`"${table}".rowid`)
/** v1 writes a variant's region prices before its currency prices, so that is the order it reads them back in. */
export const regionPricesFirst = sql`${moneyAmount.region_id} IS NULL`
const liveVariantIds = (productIds: IdSet) =>
  sql`SELECT id FROM product_variant WHERE ${isIn(sql`product_id`, productIds)} AND deleted_at IS NULL`
/** A column of the products in `ids` (collection_id, type_id, profile_id), as a subquery. */
const productsColumn = (ids: IdSet, column: "collection_id" | "type_id" | "profile_id") =>
  sql`SELECT ${sql.identifier(column)} FROM product WHERE ${isIn(sql`id`, ids)}`

/**
 * One statement per relation, each keyed on the products' ids: a list (one bound parameter via json_each) or the
 * page's own subquery, so the relations ride in the page's batch.
 */
function relationStatement(db: Database, key: ProductRelationKey, ids: IdSet) {
  switch (key) {
    case "collections":
      return db
        .select()
        .from(productCollection)
        .where(and(sql`${productCollection.id} IN (${productsColumn(ids, "collection_id")})`, isNull(productCollection.deleted_at)))
    case "types":
      return db
        .select()
        .from(productType)
        .where(and(sql`${productType.id} IN (${productsColumn(ids, "type_id")})`, isNull(productType.deleted_at)))
    case "profiles":
      return db
        .select()
        .from(shippingProfile)
        .where(and(sql`${shippingProfile.id} IN (${productsColumn(ids, "profile_id")})`, isNull(shippingProfile.deleted_at)))
    case "images":
      return db
        .select({ product_id: productImages.product_id, image })
        .from(productImages)
        .innerJoin(image, eq(image.id, productImages.image_id))
        .where(and(isIn(productImages.product_id, ids), isNull(image.deleted_at)))
        .orderBy(asc(productImages.position), rowid("product_images"))
    case "tags":
      return db
        .select({ product_id: productTags.product_id, tag: productTag })
        .from(productTags)
        .innerJoin(productTag, eq(productTag.id, productTags.product_tag_id))
        .where(and(isIn(productTags.product_id, ids), isNull(productTag.deleted_at)))
        .orderBy(rowid("product_tags"))
    case "options":
      return db
        .select()
        .from(productOption)
        .where(and(isIn(productOption.product_id, ids), isNull(productOption.deleted_at)))
        .orderBy(rowid("product_option"))
    case "optionValues":
      return db
        .select({ value: productOptionValue })
        .from(productOptionValue)
        .innerJoin(productOption, eq(productOption.id, productOptionValue.option_id))
        .where(
          and(
            isIn(productOption.product_id, ids),
            isNull(productOptionValue.deleted_at),
            // A deleted variant's values go with it (v1 soft-removes them together).
            sql`${productOptionValue.variant_id} IN (${liveVariantIds(ids)})`,
          ),
        )
        .orderBy(rowid("product_option"), rowid("product_option_value"))
    case "variants":
      return db
        .select()
        .from(productVariant)
        .where(and(isIn(productVariant.product_id, ids), isNull(productVariant.deleted_at)))
        .orderBy(asc(productVariant.variant_rank), rowid("product_variant"))
    case "prices":
      return db
        .select()
        .from(moneyAmount)
        .where(and(sql`${moneyAmount.variant_id} IN (${liveVariantIds(ids)})`, isNull(moneyAmount.deleted_at)))
        .orderBy(regionPricesFirst, rowid("money_amount"))
    case "salesChannels":
      return db
        .select({ product_id: productSalesChannel.product_id, channel: salesChannel })
        .from(productSalesChannel)
        .innerJoin(salesChannel, eq(salesChannel.id, productSalesChannel.sales_channel_id))
        .where(and(isIn(productSalesChannel.product_id, ids), isNull(salesChannel.deleted_at)))
        .orderBy(rowid("product_sales_channel"))
    case "categories":
      // The store never shows inactive or internal categories (v1 defaultStoreCategoryScope).
      return db
        .select({ product_id: productCategoryProduct.product_id, category: productCategory })
        .from(productCategoryProduct)
        .innerJoin(productCategory, eq(productCategory.id, productCategoryProduct.product_category_id))
        .where(
          and(
            isIn(productCategoryProduct.product_id, ids),
            eq(productCategory.is_active, true),
            eq(productCategory.is_internal, false),
          ),
        )
        .orderBy(asc(productCategory.rank), rowid("product_category_product"))
  }
}

export interface ProductRelationRows {
  collections: (typeof productCollection.$inferSelect)[]
  types: (typeof productType.$inferSelect)[]
  profiles: (typeof shippingProfile.$inferSelect)[]
  images: { product_id: string; image: typeof image.$inferSelect }[]
  tags: { product_id: string; tag: typeof productTag.$inferSelect }[]
  options: OptionRow[]
  optionValues: { value: OptionValueRow }[]
  variants: VariantRow[]
  prices: PriceRow[]
  salesChannels: { product_id: string; channel: typeof salesChannel.$inferSelect }[]
  categories: { product_id: string; category: typeof productCategory.$inferSelect }[]
}

/**
 * Every requested relation of a page of products in ONE batch (one round trip, whatever the page size).
 * Relations not requested stay undefined.
 */
export async function loadProductRelations(
  db: Database,
  products: readonly ProductRow[],
  keys: ReadonlySet<ProductRelationKey>,
): Promise<Partial<ProductRelationRows>> {
  if (products.length === 0 || keys.size === 0) return {}
  const relations = productRelationStatements(db, products.map((p) => p.id), keys)
  return relations.read(await runBatch(db, relations.statements))
}

/** The statements for `keys` (to put in a caller's batch) and how to read their results back, in order. */
export function productRelationStatements(db: Database, ids: IdSet, keys: ReadonlySet<ProductRelationKey>) {
  const order = [...keys]
  return {
    statements: order.map((key) => relationStatement(db, key, ids)),
    read(results: readonly unknown[]): Partial<ProductRelationRows> {
      const out: Partial<Record<ProductRelationKey, unknown>> = {}
      order.forEach((key, i) => {
        out[key] = results[i]
      })
      return out as Partial<ProductRelationRows>
    },
  }
}
