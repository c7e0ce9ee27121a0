import { and, asc, count, eq, isNull, or, sql, type SQL } from "drizzle-orm"
import { storeProductColumns } from "./product-columns"
import { productWhere, type ChannelScope } from "./products"
import type { Database } from "../../env"
import { product, productCategory, productCategoryProduct } from "../schema"
import { inList, likeTerm } from "../sql"

export type CategoryRow = typeof productCategory.$inferSelect

/** v1 defaultStoreCategoryScope: the store only ever sees active, public categories (at every tree level). */
const visible = () => and(eq(productCategory.is_active, true), eq(productCategory.is_internal, false))

/** v1 orders by rank only and leaves ties to Postgres; created_at then id makes ties deterministic. */
const categoryOrder = () => [asc(productCategory.rank), asc(productCategory.created_at), asc(productCategory.id)]

/** A never-true condition for statements a request does not need (keeps the batch shape fixed). */
const nothing = sql`0`


export type CategoryProductRow = Awaited<ReturnType<typeof productsOf>>[number]

export interface CategoryListFilter {
  q?: string | undefined
  handle?: string | undefined
  parent_category_id?: string | null | undefined
  limit: number
  offset: number
}

/** Which relation statements a request needs. */
export interface CategoryRelationNeeds {
  children: boolean
  parent: boolean
  descendants: boolean
  products: boolean
}

export interface CategoryRelationRows {
  /** Visible direct children (non-tree mode). */
  children: CategoryRow[]
  /** Visible parents of the loaded categories. */
  parents: CategoryRow[]
  /** Every visible descendant of the loaded categories (tree mode), ordered by rank. */
  descendants: CategoryRow[]
  products: CategoryProductRow[]
}

/**
 * ONE round trip for a page of visible categories: the page, the total count and every relation the request needs,
 * the relations keyed by the page's own subquery. Descendants come from ONE statement matching the materialized path
 * (`mpath` starts with a page category's mpath + "."), however deep the tree is.
 */
export async function listCategoryPageWithRelations(
  db: Database,
  filter: CategoryListFilter,
  needs: CategoryRelationNeeds,
  productChannels: ChannelScope,
) {
  const where = and(
    visible(),
    // v1: `name ILIKE %q% OR handle ILIKE %q%` (q replaces any name/handle filter).
    ...(filter.q ? [or(likeTerm(productCategory.name, filter.q, "contains"), likeTerm(productCategory.handle, filter.q, "contains"))] : []),
    ...(filter.handle !== undefined && !filter.q ? [eq(productCategory.handle, filter.handle)] : []),
    ...(filter.parent_category_id === null ? [isNull(productCategory.parent_category_id)] : []),
    ...(typeof filter.parent_category_id === "string" ? [eq(productCategory.parent_category_id, filter.parent_category_id)] : []),
  )
  const pageIds = sql`(SELECT id FROM (${db
    .select({ id: productCategory.id })
    .from(productCategory)
    .where(where)
    .orderBy(...categoryOrder())
    .limit(filter.limit)
    .offset(filter.offset)}))`
  const [rows, [total], children, parents, descendants, products] = await db.batch([
    db.select().from(productCategory).where(where).orderBy(...categoryOrder()).limit(filter.limit).offset(filter.offset),
    db.select({ value: count() }).from(productCategory).where(where),
    db
      .select()
      .from(productCategory)
      .where(needs.children ? and(visible(), sql`${productCategory.parent_category_id} IN ${pageIds}`) : nothing)
      .orderBy(...categoryOrder()),
    db
      .select()
      .from(productCategory)
      .where(
        needs.parent
          ? and(visible(), sql`${productCategory.id} IN (SELECT c.parent_category_id FROM product_category AS c WHERE c.id IN ${pageIds})`)
          : nothing,
      ),
    db
      .select()
      .from(productCategory)
      .where(
        needs.descendants
          ? and(
              visible(),
              sql`EXISTS (SELECT 1 FROM product_category AS p WHERE p.id IN ${pageIds}
                AND substr(${productCategory.mpath}, 1, length(p.mpath) + 1) = p.mpath || '.')`,
            )
          : nothing,
      )
      .orderBy(...categoryOrder()),
    productsOf(db, needs.products ? sql`${productCategoryProduct.product_category_id} IN ${pageIds}` : nothing, productChannels),
  ])
  return { rows, count: total?.value ?? 0, relations: { children, parents, descendants, products } satisfies CategoryRelationRows }
}

/** A category's products as the store shows products (published, live, in the request's sales channels). */
function productsOf(db: Database, categoryIds: SQL, channels: ChannelScope) {
  return db
    .select({ ...storeProductColumns, category_id: productCategoryProduct.product_category_id })
    .from(productCategoryProduct)
    .innerJoin(product, eq(product.id, productCategoryProduct.product_id))
    .where(and(categoryIds, productWhere({ published_only: true, channels })))
    .orderBy(asc(sql.raw(`"product_category_product".rowid`)))
}

/**
 * One round trip: a visible category by id together with its visible descendants (by mpath prefix), its visible
 * parent and its products.
 */
export async function findCategoryWithRelations(db: Database, id: string, needs: CategoryRelationNeeds, productChannels: ChannelScope) {
  const ownMpath = sql`(SELECT c.mpath FROM product_category AS c WHERE c.id = ${id})`
  const ownParent = sql`(SELECT c.parent_category_id FROM product_category AS c WHERE c.id = ${id})`
  const [[row], descendants, parents, products] = await db.batch([
    db.select().from(productCategory).where(and(eq(productCategory.id, id), visible())).limit(1),
    db
      .select()
      .from(productCategory)
      .where(
        needs.descendants
          ? and(visible(), sql`substr(${productCategory.mpath}, 1, length(${ownMpath}) + 1) = ${ownMpath} || '.'`)
          : nothing,
      )
      .orderBy(...categoryOrder()),
    db
      .select()
      .from(productCategory)
      .where(needs.parent ? and(visible(), eq(productCategory.id, ownParent)) : nothing),
    productsOf(db, needs.products ? eq(productCategoryProduct.product_category_id, id) : nothing, productChannels),
  ])
  return { row, relations: { children: [], parents, descendants, products } satisfies CategoryRelationRows }
}
