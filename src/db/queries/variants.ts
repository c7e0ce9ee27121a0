import { and, asc, eq, gt, gte, inArray, isNull, lt, lte, sql, type SQL } from "drizzle-orm"
import type { Database } from "../../env"
import { inList } from "../sql"
import { moneyAmount, product, productOption, productOptionValue, productSalesChannel, productVariant } from "../schema"
import {
  channelCondition,
  regionPricesFirst,
  type ChannelScope,
  type OptionValueRow,
  type PriceRow,
  type VariantRow,
} from "./products"

export type NumberRange = { lt?: number | undefined; gt?: number | undefined; lte?: number | undefined; gte?: number | undefined }

export interface VariantFilter {
  ids?: readonly string[] | undefined
  titles?: readonly string[] | undefined
  inventory_quantity?: number | NumberRange | undefined
  channels: ChannelScope
}

function quantityFilters(value: number | NumberRange | undefined): SQL[] {
  if (value === undefined) return []
  if (typeof value === "number") return [eq(productVariant.inventory_quantity, value)]
  const out: SQL[] = []
  if (value.lt !== undefined) out.push(lt(productVariant.inventory_quantity, value.lt))
  if (value.gt !== undefined) out.push(gt(productVariant.inventory_quantity, value.gt))
  if (value.lte !== undefined) out.push(lte(productVariant.inventory_quantity, value.lte))
  if (value.gte !== undefined) out.push(gte(productVariant.inventory_quantity, value.gte))
  return out
}

const rowid = (table: string) => sql.raw(`"${table}".rowid`)

/**
 * A page of variants, and their products, as two statements for one batch (a join would put two "id" columns in
 * one row, which D1's batch results cannot tell apart). v1 sets no order here, so Postgres answered in insertion
 * order; rowid order is the same thing in SQLite.
 */
export function listVariantsQueries(db: Database, filter: VariantFilter, page: { limit: number; offset: number }) {
  const where = and(
    isNull(productVariant.deleted_at),
    sql`${productVariant.product_id} IN (SELECT id FROM product WHERE deleted_at IS NULL)`,
    filter.ids ? inList(productVariant.id, filter.ids) : undefined,
    filter.titles ? inList(productVariant.title, filter.titles) : undefined,
    ...quantityFilters(filter.inventory_quantity),
    channelCondition(productVariant.product_id, filter.channels),
  )
  const variants = db.select().from(productVariant).where(where).orderBy(rowid("product_variant")).limit(page.limit).offset(page.offset)
  const pageOf = (column: "id" | "product_id") =>
    sql`(SELECT ${sql.raw(column)} FROM (${db
      .select({ [column]: productVariant[column] })
      .from(productVariant)
      .where(where)
      .orderBy(rowid("product_variant"))
      .limit(page.limit)
      .offset(page.offset)}))`
  const productIds = pageOf("product_id")
  return {
    variants,
    products: db.select().from(product).where(sql`${product.id} IN ${productIds}`),
    /** The page's variant and product ids as subqueries, so relations and tax rates share the page's batch. */
    variantIds: pageOf("id"),
    productIds,
  }
}

/** One live variant of a live product, and that product: two statements for one batch. */
export function findVariantQueries(db: Database, id: string) {
  const where = and(
    eq(productVariant.id, id),
    isNull(productVariant.deleted_at),
    sql`${productVariant.product_id} IN (SELECT id FROM product WHERE deleted_at IS NULL)`,
  )
  const productIds = sql`(SELECT product_id FROM product_variant WHERE ${where})`
  return {
    variants: db.select().from(productVariant).where(where).limit(1),
    products: db.select().from(product).where(sql`${product.id} IN ${productIds}`),
    variantIds: sql`(SELECT id FROM product_variant WHERE ${where})`,
    productIds,
  }
}

/** Whether a variant's product is in any of `channelIds` (v1 ProductVariantService.isVariantInSalesChannels). */
export function variantInChannelsQuery(db: Database, variantId: string, channelIds: readonly string[]) {
  return db
    .select({ product_id: productSalesChannel.product_id })
    .from(productSalesChannel)
    .innerJoin(productVariant, eq(productVariant.product_id, productSalesChannel.product_id))
    .where(and(eq(productVariant.id, variantId), inList(productSalesChannel.sales_channel_id, channelIds)))
    .limit(1)
}

export interface VariantRelations {
  prices: Map<string, PriceRow[]>
  options: Map<string, OptionValueRow[]>
}

function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>()
  for (const row of rows) {
    const k = key(row)
    const list = out.get(k)
    if (list) list.push(row)
    else out.set(k, [row])
  }
  return out
}

/**
 * Prices (always: pricing needs them) and, when asked, option values of the variants `variantIds` selects, as
 * statements for the caller's batch and a parser for their results.
 */
export function variantRelationReads(db: Database, variantIds: SQL, want: { options: boolean }) {
  const prices = db
    .select()
    .from(moneyAmount)
    .where(and(sql`${moneyAmount.variant_id} IN ${variantIds}`, isNull(moneyAmount.deleted_at)))
    .orderBy(regionPricesFirst, rowid("money_amount"))
  const options = db
    .select({ value: productOptionValue })
    .from(productOptionValue)
    .innerJoin(productOption, eq(productOption.id, productOptionValue.option_id))
    .where(and(want.options ? sql`${productOptionValue.variant_id} IN ${variantIds}` : sql`0`, isNull(productOptionValue.deleted_at)))
    .orderBy(rowid("product_option"), asc(productOptionValue.id))
  return {
    statements: [prices, options] as const,
    parse: (priceRows: unknown, optionRows: unknown): VariantRelations => ({
      prices: groupBy(priceRows as Awaited<typeof prices>, (p) => p.variant_id),
      options: groupBy((optionRows as Awaited<typeof options>).map((r) => r.value), (v) => v.variant_id),
    }),
  }
}

