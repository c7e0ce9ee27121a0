import type { SQL } from "drizzle-orm"
import type { Database } from "../env"
import { MultipleErrors, notFound } from "../domain/errors"
import { priceVariant, type TaxRate } from "../domain/pricing"
import { resolveFindConfig, type FindConfig, type FindConfigSpec } from "../http/find-config"
import {
  activeKeyScopes,
  listChannelScope,
  salesChannelParamErrors,
  variantNotInKeyChannels,
} from "../http/sales-channel-scope"
import { runBatch, type OptionValueRow, type PriceRow, type ProductRow, type VariantRow } from "../db/queries/products"
import {
  findVariantQueries,
  listVariantsQueries,
  variantInChannelsQuery,
  variantRelationReads,
  type VariantFilter,
  type VariantRelations,
} from "../db/queries/variants"
import { productTaxRateQueries, toProductTaxRates } from "../db/queries/tax-rates"
import { pricingContextQuery, taxRegionRef, toResolvedPricing, type PricingContextInput, type ResolvedPricing } from "./pricing-context"
import type { GetVariantQuery, ListVariantsQuery } from "../schemas/variants"

/** Picks `keys` from `row` in that order: the wire objects keep v1's key order, whatever the table order is. */
export function pickOrdered<T extends object>(row: T, keys: readonly (keyof T & string)[]): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const key of keys) out[key] = row[key]
  return out
}

export const VARIANT_COLUMNS = [
  "id", "created_at", "updated_at", "deleted_at", "title", "product_id", "sku", "barcode", "ean", "upc",
  "variant_rank", "inventory_quantity", "allow_backorder", "manage_inventory", "hs_code", "origin_country",
  "mid_code", "material", "weight", "length", "height", "width", "metadata",
] as const satisfies readonly (keyof VariantRow)[]

export const OPTION_VALUE_COLUMNS = [
  "id", "created_at", "updated_at", "deleted_at", "value", "option_id", "variant_id", "metadata",
] as const satisfies readonly (keyof OptionValueRow)[]

/** Product columns in v1's wire order (relations loaded, collection_id may move: see services/products.ts). */
export const PRODUCT_COLUMNS = [
  "id", "created_at", "updated_at", "deleted_at", "title", "subtitle", "description", "handle", "is_giftcard",
  "status", "thumbnail", "weight", "length", "height", "width", "hs_code", "origin_country", "mid_code", "material",
  "collection_id", "type_id", "discountable", "external_id", "metadata",
] as const satisfies readonly (keyof ProductRow)[]

/** A money amount as v1 serializes it (its `price_list` relation is always null in the store). */
export function serializePrice(price: PriceRow): Record<string, unknown> {
  return {
    id: price.id,
    created_at: price.created_at,
    updated_at: price.updated_at,
    deleted_at: price.deleted_at,
    currency_code: price.currency_code,
    amount: price.amount,
    min_quantity: price.min_quantity,
    max_quantity: price.max_quantity,
    price_list_id: price.price_list_id,
    region_id: price.region_id,
    price_list: null,
    variant_id: price.variant_id,
  }
}

/**
 * v1 PricingService.setVariantPrices: with a region or currency the variant's `prices` become the ones in that
 * context (region's prices or the currency's), unless none match; then the PricedVariant fields follow. Without a
 * context every price stays and the priced fields are null (and `calculated_price_type` is absent).
 */
export function pricedVariantFields(
  prices: readonly PriceRow[],
  pricing: ResolvedPricing,
  taxRates: readonly TaxRate[] | null,
): { prices: PriceRow[]; fields: Record<string, unknown> } {
  let shown = [...prices]
  if (pricing.applies) {
    const inContext = prices.filter(
      (p) =>
        p.price_list_id === null &&
        ((pricing.region !== null && p.region_id === pricing.region.id) || p.currency_code === pricing.currency_code),
    )
    if (inContext.length) shown = inContext
  }
  const priced = priceVariant(prices, pricing.context, pricing.region ? taxRates : null, pricing.region?.includes_tax ?? false)
  const fields: Record<string, unknown> = {
    original_price: priced.original_price,
    calculated_price: priced.calculated_price,
  }
  if (priced.calculated_price_type !== null) fields.calculated_price_type = priced.calculated_price_type
  Object.assign(fields, {
    original_price_incl_tax: priced.original_price_incl_tax,
    calculated_price_incl_tax: priced.calculated_price_incl_tax,
    original_tax: priced.original_tax,
    calculated_tax: priced.calculated_tax,
    tax_rates: priced.tax_rates,
  })
  return { prices: shown, fields }
}

// ---- /store/variants

const VARIANT_RELATIONS = ["prices", "options", "product", "inventory_items"] as const
type VariantRelation = (typeof VARIANT_RELATIONS)[number]

const variantFindSpec: FindConfigSpec = {
  defaultFields: VARIANT_COLUMNS,
  allowedFields: VARIANT_COLUMNS,
  defaultRelations: ["prices", "options", "product"],
  allowedRelations: VARIANT_RELATIONS,
}

interface VariantBundle {
  row: VariantRow
  product: ProductRow | undefined
  options: OptionValueRow[]
  prices: PriceRow[]
}

/**
 * A PricedVariant. Key order follows v1: columns, then relations, then `prices` and the priced fields. `prices` is
 * always present because pricing always loads it; a GET with `prices` among its relations keeps it in the
 * entity's position (options, prices, product), the list appends it after the relations.
 */
function serializeVariant(
  bundle: VariantBundle,
  config: FindConfig,
  pricing: ResolvedPricing,
  taxRates: readonly TaxRate[] | null,
  mode: "list" | "get",
): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const column of VARIANT_COLUMNS) if (config.fields.has(column)) out[column] = bundle.row[column]
  const priced = pricedVariantFields(bundle.prices, pricing, taxRates)
  const has = (rel: VariantRelation) => config.relations.has(rel)
  const pricesInline = mode === "get" && has("prices")
  if (has("inventory_items")) out.inventory_items = []
  if (has("options")) out.options = bundle.options.map((v) => pickOrdered(v, OPTION_VALUE_COLUMNS))
  if (pricesInline) out.prices = priced.prices.map(serializePrice)
  if (has("product")) out.product = bundle.product ? pickOrdered(bundle.product, PRODUCT_COLUMNS) : null
  if (!pricesInline) out.prices = priced.prices.map(serializePrice)
  return Object.assign(out, priced.fields)
}

interface CatalogCtx {
  db: Database
  keyScopes: readonly string[] | undefined
}

/** Serializes a page of variants from rows its one batch read. */
function serializeVariants(
  rows: readonly VariantRow[],
  products: readonly ProductRow[],
  relations: VariantRelations,
  config: FindConfig,
  pricing: ResolvedPricing,
  taxRates: ReadonlyMap<string, TaxRate[]>,
  mode: "list" | "get",
) {
  const productById = new Map(products.map((p) => [p.id, p]))
  return rows.map((row) =>
    serializeVariant(
      {
        row,
        product: productById.get(row.product_id),
        options: relations.options.get(row.id) ?? [],
        prices: relations.prices.get(row.id) ?? [],
      },
      config,
      pricing,
      taxRates.get(row.product_id) ?? null,
      mode,
    ),
  )
}

/**
 * The statements a page of variants needs besides the page — prices, option values, tax rates (with a pricing
 * region), the pricing context — for the page's one batch, and how to read them back.
 */
function variantReads(db: Database, ids: { variantIds: SQL; productIds: SQL }, config: FindConfig, input: PricingContextInput) {
  const relations = variantRelationReads(db, ids.variantIds, { options: config.relations.has("options") })
  const taxRegion = taxRegionRef(input)
  const taxes = taxRegion !== undefined ? productTaxRateQueries(db, taxRegion, ids.productIds) : []
  const ctxQuery = pricingContextQuery(db, input)
  return {
    statements: [...relations.statements, ...taxes, ...(ctxQuery ? [ctxQuery] : [])],
    read(results: readonly unknown[], products: readonly ProductRow[]) {
      const pricing = toResolvedPricing(input, (ctxQuery ? results[2 + taxes.length] : undefined) as PricingRows)
      const taxRates =
        taxes.length && pricing.region
          ? toProductTaxRates(pricing.region, products, results[2] as RateRows, results[3] as RateRows)
          : new Map<string, TaxRate[]>()
      return { relations: relations.parse(results[0], results[1]), pricing, taxRates }
    },
  }
}

type RateRows = Parameters<typeof toProductTaxRates>[2]

type PricingRows = Parameters<typeof toResolvedPricing>[1]

function pricingInput(query: PricingContextInput): PricingContextInput {
  return { cart_id: query.cart_id, region_id: query.region_id, currency_code: query.currency_code }
}

/** GET /store/variants in ONE round trip: `ids` (comma list) overrides `id`; scoped to the request's sales channels. */
export async function listVariantsResponse(ctx: CatalogCtx, query: ListVariantsQuery) {
  const paramErrors = salesChannelParamErrors(ctx.keyScopes, query.sales_channel_id)
  if (paramErrors.length) throw new MultipleErrors(paramErrors)
  const config = resolveFindConfig({ ...variantFindSpec, isList: true }, query)
  const ids = query.ids !== undefined ? query.ids.split(",").map((s) => s.trim()).filter(Boolean) : query.id
  const filter: VariantFilter = {
    ids: typeof ids === "string" ? [ids] : ids,
    titles: typeof query.title === "string" ? [query.title] : query.title,
    inventory_quantity: query.inventory_quantity,
    channels: listChannelScope(query.sales_channel_id, ctx.keyScopes),
  }
  const list = listVariantsQueries(ctx.db, filter, { limit: query.limit, offset: query.offset })
  const reads = variantReads(ctx.db, list, config, pricingInput(query))
  const [rows, products, ...rest] = await runBatch(ctx.db, [list.variants, list.products, ...reads.statements])
  const page = rows as Awaited<typeof list.variants>
  const pageProducts = products as Awaited<typeof list.products>
  const read = reads.read(rest, pageProducts)
  return { variants: serializeVariants(page, pageProducts, read.relations, config, read.pricing, read.taxRates, "list") }
}

/** GET /store/variants/:id in ONE round trip — key scope checks first (v1 middleware order), then 404, then pricing. */
export async function retrieveVariantResponse(ctx: CatalogCtx, id: string, query: GetVariantQuery) {
  const config = resolveFindConfig(variantFindSpec, query)
  const errors = salesChannelParamErrors(ctx.keyScopes, query.sales_channel_id)
  const scopes = activeKeyScopes(ctx.keyScopes)
  const find = findVariantQueries(ctx.db, id)
  const reads = variantReads(ctx.db, find, config, pricingInput(query))
  const inChannels = scopes ? variantInChannelsQuery(ctx.db, id, scopes) : undefined
  const results = await runBatch(ctx.db, [find.variants, find.products, ...reads.statements, ...(inChannels ? [inChannels] : [])])
  const [found] = results[0] as Awaited<typeof find.variants>
  const products = results[1] as Awaited<typeof find.products>
  if (inChannels && (results[results.length - 1] as unknown[]).length === 0) errors.push(variantNotInKeyChannels(id))
  if (errors.length) throw new MultipleErrors(errors)
  if (!found) throw notFound(`Variant with id: ${id} was not found`)
  const read = reads.read(results.slice(2), products)
  const [variant] = serializeVariants([found], products, read.relations, config, read.pricing, read.taxRates, "get")
  return { variant }
}
