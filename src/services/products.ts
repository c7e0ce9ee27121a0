import type { Database } from "../env"
import { MultipleErrors, invalidData, notFound } from "../domain/errors"
import type { TaxRate } from "../domain/pricing"
import { resolveFindConfig, type FindConfig, type FindConfigSpec } from "../http/find-config"
import {
  activeKeyScopes,
  productNotInKeyChannels,
  publishableKeyScopesQuery,
  requestChannelScope,
  salesChannelParamErrors,
  toKeyScopes,
} from "../http/sales-channel-scope"
import {
  findProductQuery,
  loadProductRelations,
  productInKeyChannelsQuery,
  productPageQueries,
  productRelationStatements,
  runBatch,
  type ProductRelationKey,
  type ProductRelationRows,
  type PriceRow,
  type ProductRow,
  type VariantRow,
} from "../db/queries/products"
import { productTaxRateQueries, taxRatesForProducts, toProductTaxRates } from "../db/queries/tax-rates"
import type { IdSet } from "../db/sql"
import type { BatchItem } from "drizzle-orm/batch"
import { sql, type SQLWrapper } from "drizzle-orm"
import { pricingContextQuery, taxRegionRef, toResolvedPricing, type PricingContextInput, type ResolvedPricing } from "./pricing-context"
import {
  OPTION_VALUE_COLUMNS,
  PRODUCT_COLUMNS,
  VARIANT_COLUMNS,
  pickOrdered,
  pricedVariantFields,
  serializePrice,
} from "./variants"
import type { GetProductQuery, ListProductsQuery } from "../schemas/products"

/** v1 defaultStoreProductsFields (profile_id is not among them: it shows up with the `profiles` relation). */
const DEFAULT_FIELDS = [
  "id", "title", "subtitle", "status", "external_id", "description", "handle", "is_giftcard", "discountable",
  "thumbnail", "collection_id", "type_id", "weight", "length", "height", "width", "hs_code", "origin_country",
  "mid_code", "material", "created_at", "updated_at", "deleted_at", "metadata",
] as const
/** v1 allowedStoreProductsFields: also what `order` may name. */
const ALLOWED_FIELDS = [...DEFAULT_FIELDS, "profile_id", "variants.title", "variants.prices.amount"] as const
export const DEFAULT_RELATIONS = [
  "variants", "variants.prices", "variants.options", "options", "options.values", "images", "tags", "collection",
  "type", "profiles",
] as const
const ALLOWED_RELATIONS = [...DEFAULT_RELATIONS, "variants.inventory_items", "sales_channels", "categories"] as const

const productFindSpec: FindConfigSpec = {
  defaultFields: DEFAULT_FIELDS,
  allowedFields: ALLOWED_FIELDS,
  defaultRelations: DEFAULT_RELATIONS,
  allowedRelations: ALLOWED_RELATIONS,
  allowedOrderFields: ALLOWED_FIELDS,
}

export interface ProductConfig extends FindConfig {
  /** v1 prices variants only when the relations name both `variants` and `variants.prices`. */
  pricing: boolean
  /** The request selected exactly the default columns (then `profile_id` rides along with `profiles`). */
  defaultSelect: boolean
}

const splitList = (value: string | undefined) => value?.split(",").map((s) => s.trim()).filter(Boolean)

export function resolveProductConfig(query: { fields?: string | undefined; expand?: string | undefined; order?: string | undefined }, isList: boolean): ProductConfig {
  // v1 rejects relation names in `fields` (only allowedStoreProductsFields may be selected).
  const invalid = (splitList(query.fields) ?? [])
    .map((f) => f.replace(/^[+-]/, ""))
    .filter((f) => !(ALLOWED_FIELDS as readonly string[]).includes(f))
  if (invalid.length) throw invalidData(`Requested fields [${invalid.join(", ")}] are not valid`)
  const config = resolveFindConfig({ ...productFindSpec, isList }, query)
  const requested = splitList(query.expand) ?? DEFAULT_RELATIONS
  return {
    ...config,
    pricing: requested.includes("variants") && requested.includes("variants.prices"),
    defaultSelect: DEFAULT_FIELDS.every((f) => config.fields.has(f)),
  }
}

/** Which loaders a product response needs. */
function relationKeys(config: ProductConfig): Set<ProductRelationKey> {
  const rel = config.relations
  const keys = new Set<ProductRelationKey>()
  if (rel.has("collection")) keys.add("collections")
  if (rel.has("type")) keys.add("types")
  if (rel.has("profiles")) keys.add("profiles")
  if (rel.has("images")) keys.add("images")
  if (rel.has("tags")) keys.add("tags")
  if (rel.has("options")) keys.add("options")
  if (rel.has("options.values") || rel.has("variants.options")) keys.add("optionValues")
  if (rel.has("variants")) keys.add("variants")
  if (rel.has("variants.prices")) keys.add("prices")
  if (rel.has("sales_channels")) keys.add("salesChannels")
  if (rel.has("categories")) keys.add("categories")
  return keys
}

const COLLECTION_KEYS = ["id", "created_at", "updated_at", "deleted_at", "title", "handle", "metadata"] as const
const TYPE_KEYS = ["id", "created_at", "updated_at", "deleted_at", "value", "metadata"] as const
const PROFILE_KEYS = ["id", "created_at", "updated_at", "deleted_at", "name", "type", "metadata"] as const
const IMAGE_KEYS = ["id", "created_at", "updated_at", "deleted_at", "url", "metadata"] as const
const OPTION_KEYS = ["id", "created_at", "updated_at", "deleted_at", "title", "product_id", "metadata"] as const
const CHANNEL_KEYS = ["id", "created_at", "updated_at", "deleted_at", "name", "description", "is_disabled", "metadata"] as const
const CATEGORY_KEYS = [
  "id", "created_at", "updated_at", "name", "description", "handle", "is_active", "is_internal",
  "parent_category_id", "rank", "metadata",
] as const

/** Relations render in this order (TypeORM's: alphabetical by property). */
const RELATION_ORDER = [
  "categories", "collection", "images", "options", "profiles", "sales_channels", "tags", "type", "variants",
] as const

/** Relation rows grouped by owner (product, variant or option), built once per page. */
class PageRelations {
  private readonly groups = new Map<string, unknown[]>()

  constructor(readonly rows: Partial<ProductRelationRows>) {
    for (const r of rows.images ?? []) this.add("images", r.product_id, pickOrdered(r.image, IMAGE_KEYS))
    for (const r of rows.tags ?? []) this.add("tags", r.product_id, pickOrdered(r.tag, TYPE_KEYS))
    for (const r of rows.salesChannels ?? []) this.add("sales_channels", r.product_id, pickOrdered(r.channel, CHANNEL_KEYS))
    for (const r of rows.categories ?? []) this.add("categories", r.product_id, pickOrdered(r.category, CATEGORY_KEYS))
    for (const o of rows.options ?? []) this.add("options", o.product_id, o)
    for (const v of rows.variants ?? []) this.add("variants", v.product_id, v)
    for (const { value } of rows.optionValues ?? []) {
      const wire = pickOrdered(value, OPTION_VALUE_COLUMNS)
      this.add("option.values", value.option_id, wire)
      this.add("variant.options", value.variant_id, wire)
    }
    for (const price of rows.prices ?? []) this.add("variant.prices", price.variant_id, price)
  }

  private add(key: string, ownerId: string, value: unknown) {
    const id = `${key}:${ownerId}`
    const list = this.groups.get(id)
    if (list) list.push(value)
    else this.groups.set(id, [value])
  }

  list<T>(key: string, ownerId: string): T[] {
    return (this.groups.get(`${key}:${ownerId}`) ?? []) as T[]
  }
}

interface SerializeOptions {
  config: ProductConfig
  pricing: ResolvedPricing
  taxRates: Map<string, TaxRate[]>
  /** v1's free-text path leaves collection_id among the columns; the default path moves it after `collection`. */
  collectionIdAfterRelation: boolean
}

function serializeVariants(product: ProductRow, page: PageRelations, options: SerializeOptions) {
  const { config, pricing } = options
  return page.list<VariantRow>("variants", product.id).map((variant) => {
    const out = pickOrdered(variant, VARIANT_COLUMNS)
    if (config.relations.has("variants.inventory_items")) out.inventory_items = []
    if (config.relations.has("variants.options")) {
      out.options = page.list("variant.options", variant.id)
    }
    const own = page.list<PriceRow>("variant.prices", variant.id)
    if (config.pricing) {
      const priced = pricedVariantFields(own, pricing, options.taxRates.get(product.id) ?? null)
      out.prices = priced.prices.map(serializePrice)
      Object.assign(out, priced.fields)
    } else if (config.relations.has("variants.prices")) {
      out.prices = own.map(serializePrice)
    }
    return out
  })
}

function relationValue(name: (typeof RELATION_ORDER)[number], product: ProductRow, page: PageRelations, options: SerializeOptions): unknown {
  const rows = page.rows
  switch (name) {
    case "collection": {
      const found = rows.collections?.find((c) => c.id === product.collection_id)
      return found ? pickOrdered(found, COLLECTION_KEYS) : null
    }
    case "type": {
      const found = rows.types?.find((t) => t.id === product.type_id)
      return found ? pickOrdered(found, TYPE_KEYS) : null
    }
    case "profiles":
      return (rows.profiles ?? []).filter((p) => p.id === product.profile_id).map((p) => pickOrdered(p, PROFILE_KEYS))
    case "options": {
      const withValues = options.config.relations.has("options.values")
      return page.list<NonNullable<ProductRelationRows["options"]>[number]>("options", product.id).map((option) => {
        const out = pickOrdered(option, OPTION_KEYS)
        if (withValues) {
          out.values = page.list("option.values", option.id)
        }
        return out
      })
    }
    case "variants":
      return serializeVariants(product, page, options)
    default:
      return page.list(name, product.id)
  }
}

/** A product (PricedProduct when pricing applies) in v1's key order. */
function serializeProduct(product: ProductRow, page: PageRelations, options: SerializeOptions): Record<string, unknown> {
  const { config } = options
  const out: Record<string, unknown> = {}
  const moveCollectionId = options.collectionIdAfterRelation && config.relations.has("collection")
  for (const column of PRODUCT_COLUMNS) {
    if (!config.fields.has(column) || (column === "collection_id" && moveCollectionId)) continue
    out[column] = product[column]
  }
  const profilesLoaded = config.relations.has("profiles")
  const showProfileId = config.fields.has("profile_id") || (profilesLoaded && config.defaultSelect)
  if (showProfileId && !profilesLoaded) out.profile_id = product.profile_id
  for (const name of RELATION_ORDER) {
    if (!config.relations.has(name)) continue
    out[name] = relationValue(name, product, page, options)
    if (name === "collection" && moveCollectionId && config.fields.has("collection_id")) out.collection_id = product.collection_id
    if (name === "profiles" && showProfileId) out.profile_id = product.profile_id
  }
  return out
}

/** Loads the relations (one batch) and, with a region, the tax rates (one more, in parallel), then serializes. */
export async function decorateProducts(
  db: Database,
  rows: readonly ProductRow[],
  config: ProductConfig,
  pricing: ResolvedPricing,
  collectionIdAfterRelation = true,
): Promise<Record<string, unknown>[]> {
  const needsTaxes = config.pricing && pricing.region !== null && rows.length > 0
  const [relationRows, taxRates] = await Promise.all([
    loadProductRelations(db, rows, relationKeys(config)),
    needsTaxes && pricing.region ? taxRatesForProducts(db, pricing.region, rows) : Promise.resolve(new Map<string, TaxRate[]>()),
  ])
  return serializeProducts(rows, relationRows, { config, pricing, taxRates, collectionIdAfterRelation })
}

function serializeProducts(rows: readonly ProductRow[], relationRows: Partial<ProductRelationRows>, options: SerializeOptions) {
  const page = new PageRelations(relationRows)
  return rows.map((row) => serializeProduct(row, page, options))
}

export interface CatalogCtx {
  db: Database
  keyScopes: readonly string[] | undefined
}

/** Products routes read the publishable key inside their one batch, so they take the key itself. */
export interface ProductsCtx {
  db: Database
  publishableKey: string | undefined
}

const pricingInput = (query: PricingContextInput): PricingContextInput => ({
  cart_id: query.cart_id,
  region_id: query.region_id,
  currency_code: query.currency_code,
})

type PricingRows = Parameters<typeof toResolvedPricing>[1]
type RateRows = Awaited<ReturnType<typeof productTaxRateQueries>[number]>


/**
 * The statements a page of products needs besides the page itself — relations, tax rates, the pricing context and
 * the publishable key's channels — in one list for one batch, and how to read them back.
 */
function productReads(ctx: ProductsCtx, ids: IdSet, config: ProductConfig, input: PricingContextInput) {
  const relations = productRelationStatements(ctx.db, ids, relationKeys(config))
  const taxRegion = config.pricing ? taxRegionRef(input) : undefined
  const taxes = taxRegion !== undefined ? productTaxRateQueries(ctx.db, taxRegion, ids) : []
  const pricingQuery = pricingContextQuery(ctx.db, input)
  const keyQuery = ctx.publishableKey ? publishableKeyScopesQuery(ctx.db, ctx.publishableKey) : undefined
  const statements: BatchItem<"sqlite">[] = [...relations.statements, ...taxes]
  const at = { pricing: pricingQuery ? statements.push(pricingQuery) - 1 : -1, key: keyQuery ? statements.push(keyQuery) - 1 : -1 }
  return {
    statements,
    read(results: readonly unknown[]) {
      const n = relations.statements.length
      return {
        relations: relations.read(results.slice(0, n)),
        taxRows: taxes.length ? { byProduct: results[n] as RateRows, byType: results[n + 1] as RateRows } : undefined,
        pricingRows: (at.pricing >= 0 ? results[at.pricing] : undefined) as PricingRows,
        keyScopes: at.key >= 0 ? toKeyScopes(results[at.key] as { channel_id: string | null }[]) : undefined,
      }
    },
  }
}

function serializeOptions(
  rows: readonly ProductRow[],
  read: ReturnType<ReturnType<typeof productReads>["read"]>,
  config: ProductConfig,
  input: PricingContextInput,
  collectionIdAfterRelation: boolean,
): SerializeOptions {
  const pricing = toResolvedPricing(input, read.pricingRows)
  const taxRates =
    read.taxRows && pricing.region
      ? toProductTaxRates(pricing.region, rows, read.taxRows.byProduct, read.taxRows.byType)
      : new Map<string, TaxRate[]>()
  return { config, pricing, taxRates, collectionIdAfterRelation }
}

/**
 * GET /store/products: published products in the request's sales channels. ONE round trip: the page, the count,
 * every relation (keyed by the page's subquery), tax rates, the pricing context and the key's channels.
 */
export async function listProductsResponse(ctx: ProductsCtx, query: ListProductsQuery) {
  const config = resolveProductConfig(query, true)
  const { rows, count, pageIds } = productPageQueries(
    ctx.db,
    {
      published_only: true,
      channels: requestChannelScope(query.sales_channel_id, ctx.publishableKey),
      ids: typeof query.id === "string" ? [query.id] : query.id,
      q: query.q,
      title: query.title,
      handle: query.handle,
      description: query.description,
      is_giftcard: query.is_giftcard,
      collection_ids: query.collection_id,
      type_ids: query.type_id,
      tag_ids: query.tags,
      category_ids: query.category_id,
      include_category_children: query.include_category_children,
      created_at: query.created_at,
      updated_at: query.updated_at,
    },
    { limit: query.limit, offset: query.offset, order: config.order },
  )
  const input = pricingInput(query)
  const reads = productReads(ctx, pageIds, config, input)
  const [pageRows, countRows, ...rest] = await runBatch(ctx.db, [rows, count, ...reads.statements])
  const read = reads.read(rest)
  // v1 checks the sales_channel_id param against the key before anything else.
  const paramErrors = salesChannelParamErrors(read.keyScopes, query.sales_channel_id)
  if (paramErrors.length) throw new MultipleErrors(paramErrors)
  const page = pageRows as Awaited<typeof rows>
  const options = serializeOptions(page, read, config, input, !query.q)
  return {
    products: serializeProducts(page, read.relations, options),
    count: (countRows as Awaited<typeof count>)[0]?.value ?? 0,
    offset: query.offset,
    limit: query.limit,
  }
}

/**
 * GET /store/products/:id, in ONE round trip. As in v1: the publishable-key checks come first (a product outside
 * the key's channels, even an unknown one, is a multiple-errors 400), then 404; the status is not checked (a draft
 * can be fetched by id).
 */
export async function retrieveProductResponse(ctx: ProductsCtx, id: string, query: GetProductQuery) {
  const config = resolveProductConfig(query, false)
  const find = findProductQuery(ctx.db, id)
  const inKeyChannels = ctx.publishableKey ? productInKeyChannelsQuery(ctx.db, id, ctx.publishableKey) : undefined
  const input = pricingInput(query)
  const reads = productReads(ctx, [id], config, input)
  const results = await runBatch(ctx.db, [find, ...reads.statements, ...(inKeyChannels ? [inKeyChannels] : [])])
  const [found, ...rest] = results
  const read = reads.read(rest)
  const inChannels = inKeyChannels ? (results[results.length - 1] as unknown[]) : []
  const errors = salesChannelParamErrors(read.keyScopes, query.sales_channel_id)
  if (activeKeyScopes(read.keyScopes) && inChannels.length === 0) errors.push(productNotInKeyChannels(id))
  if (errors.length) throw new MultipleErrors(errors)
  const [row] = found as Awaited<typeof find>
  if (!row) throw notFound(`Product with id: ${id} was not found`)
  return { product: serializeProducts([row], read.relations, serializeOptions([row], read, config, input, true))[0] }
}
