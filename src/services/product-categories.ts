import type { Database } from "../env"
import { notFound } from "../domain/errors"
import { pickFields, resolveFindConfig, type FindConfig, type FindConfigSpec } from "../domain/find-config"
import {
  findCategoryWithRelations,
  listCategoryPageWithRelations,
  type CategoryProductRow,
  type CategoryRelationNeeds,
  type CategoryRelationRows,
  type CategoryRow,
} from "../db/queries/product-categories"
import type { ListProductCategoriesInput } from "../schemas/product-categories"
import { listChannelScope } from "../domain/sales-channels"

export interface CategoryCtx {
  db: Database
  /** The publishable key's sales channels: expanded products are the ones the store shows in them. */
  keyScopes: readonly string[] | undefined
}

const CATEGORY_FIELDS = [
  "id", "created_at", "updated_at", "name", "description", "handle", "parent_category_id", "rank", "metadata",
] as const

/** v1 findDescendantsTree loads whole entities, so tree nodes also carry is_active/is_internal (never mpath). */
const TREE_NODE_FIELDS = new Set<string>([...CATEGORY_FIELDS, "is_active", "is_internal"])

export const categoryFindSpec: FindConfigSpec = {
  defaultFields: CATEGORY_FIELDS,
  allowedFields: CATEGORY_FIELDS,
  defaultRelations: ["category_children", "parent_category"],
  allowedRelations: ["category_children", "parent_category", "products"],
  allowedOrderFields: CATEGORY_FIELDS,
}

type Json = Record<string, unknown>

const pick = (row: CategoryRow, fields: ReadonlySet<string>): Json => pickFields(row, fields)

function groupByParent(rows: readonly CategoryRow[]): Map<string, CategoryRow[]> {
  const out = new Map<string, CategoryRow[]>()
  for (const row of rows) {
    if (row.parent_category_id === null) continue
    const siblings = out.get(row.parent_category_id)
    if (siblings) siblings.push(row)
    else out.set(row.parent_category_id, [row])
  }
  return out
}

/**
 * The nested `category_children` under `id`. Rows arrive ordered by rank, so siblings keep v1's rank order; a hidden
 * category was never loaded, so its whole subtree drops out (v1 scopes every level).
 */
function subtree(id: string, byParent: ReadonlyMap<string, CategoryRow[]>, fields: ReadonlySet<string>): Json[] {
  return (byParent.get(id) ?? []).map((node) => ({ ...pick(node, fields), category_children: subtree(node.id, byParent, fields) }))
}

function productsFor(id: string, products: readonly CategoryProductRow[]): Json[] {
  return products.filter((p) => p.category_id === id).map(({ category_id: _, ...rest }) => rest)
}

function relationNeeds(config: FindConfig, tree: boolean): CategoryRelationNeeds {
  return {
    children: !tree && config.relations.has("category_children"),
    parent: config.relations.has("parent_category"),
    descendants: tree,
    products: config.relations.has("products"),
  }
}

function serializeListed(row: CategoryRow, rel: CategoryRelationRows, config: FindConfig, tree: boolean, byParent: ReadonlyMap<string, CategoryRow[]>) {
  const out = pick(row, config.fields)
  // include_descendants_tree replaces category_children with the whole visible subtree, whatever `expand` says.
  if (tree) out.category_children = subtree(row.id, byParent, TREE_NODE_FIELDS)
  else if (config.relations.has("category_children")) {
    out.category_children = rel.children.filter((c) => c.parent_category_id === row.id).map((c) => pick(c, config.fields))
  }
  if (config.relations.has("parent_category")) {
    const parent = rel.parents.find((p) => p.id === row.parent_category_id)
    out.parent_category = parent ? pick(parent, config.fields) : null
  }
  if (config.relations.has("products")) out.products = productsFor(row.id, rel.products)
  return out
}

/** ONE round trip whatever the page size or tree depth: the page, its count and every relation in one batch. */
export async function listProductCategoriesResponse(ctx: CategoryCtx, query: ListProductCategoriesInput) {
  const config = resolveFindConfig({ ...categoryFindSpec, isList: true }, query)
  const tree = query.include_descendants_tree === true
  const channels = listChannelScope(undefined, ctx.keyScopes)
  const { rows, count, relations: rel } = await listCategoryPageWithRelations(ctx.db, query, relationNeeds(config, tree), channels)
  const byParent = groupByParent(rel.descendants)
  return {
    count,
    offset: query.offset,
    limit: query.limit,
    product_categories: rows.map((row) => serializeListed(row, rel, config, tree, byParent)),
  }
}

/**
 * One round trip. v1 always returns the full descendant tree under `category_children`, each node reduced to the
 * requested fields (transformTreeNodesWithConfig); a hidden parent reads as null.
 */
export async function retrieveProductCategory(
  ctx: CategoryCtx,
  id: string,
  query: { fields?: string | undefined; expand?: string | undefined },
) {
  const config = resolveFindConfig(categoryFindSpec, query)
  const needs = { ...relationNeeds(config, false), children: false, descendants: config.relations.has("category_children") }
  const { row, relations } = await findCategoryWithRelations(ctx.db, id, needs, listChannelScope(undefined, ctx.keyScopes))
  if (!row) throw notFound(`ProductCategory with id: ${id}, is_internal: false, is_active: true was not found`)
  const out = pick(row, config.fields)
  if (config.relations.has("category_children")) out.category_children = subtree(row.id, groupByParent(relations.descendants), config.fields)
  if (config.relations.has("parent_category")) out.parent_category = relations.parents[0] ? pick(relations.parents[0], config.fields) : null
  if (config.relations.has("products")) out.products = productsFor(row.id, relations.products)
  return out
}
