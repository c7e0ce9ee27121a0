/**
 * Row builders for catalog tests: each returns a complete insert object with Medusa-like defaults, so a test names
 * only what it asserts on. Insert them with `catalogDb().insert(table).values([...])` in a file's beforeAll.
 */
import { drizzle } from "drizzle-orm/d1"
import { getTableColumns } from "drizzle-orm"
import type { SQLiteTable } from "drizzle-orm/sqlite-core"
import { env } from "cloudflare:workers"
import * as schema from "../../src/db/schema"

export const catalogDb = () => drizzle(env.DB, { schema })

/** Inserts rows in chunks that stay under D1's 100 bound parameters per statement, all in one batch. */
export async function insertRows<T extends SQLiteTable>(table: T, rows: T["$inferInsert"][]): Promise<void> {
  const db = catalogDb()
  const perRow = Object.keys(getTableColumns(table)).length
  const size = Math.max(1, Math.floor(100 / perRow))
  const statements = []
  for (let i = 0; i < rows.length; i += size) statements.push(db.insert(table).values(rows.slice(i, i + size)))
  const [first, ...rest] = statements
  if (first) await db.batch([first, ...rest])
}

/** Midnight UTC of the given day of January 2026, as the ISO string the DB stores. */
export const day = (n: number) => new Date(Date.UTC(2026, 0, n)).toISOString()

const stamps = (created = day(1)) => ({ created_at: created, updated_at: created })

type Insert<T extends { $inferInsert: unknown }> = T["$inferInsert"]

export const regionRow = (over: Pick<Insert<typeof schema.region>, "id"> & Partial<Insert<typeof schema.region>>) => ({
  name: over.id,
  currency_code: "usd",
  tax_rate: 0,
  tax_code: null,
  gift_cards_taxable: true,
  automatic_taxes: true,
  tax_provider_id: null,
  includes_tax: false,
  metadata: null,
  deleted_at: null,
  ...stamps(),
  ...over,
})

export const taxRateRow = (over: Pick<Insert<typeof schema.taxRate>, "id" | "region_id" | "rate"> & Partial<Insert<typeof schema.taxRate>>) => ({
  name: over.id,
  code: over.id,
  metadata: null,
  ...stamps(),
  ...over,
})

export const tagRow = (over: Pick<Insert<typeof schema.productTag>, "id" | "value"> & Partial<Insert<typeof schema.productTag>>) => ({
  metadata: null,
  deleted_at: null,
  ...stamps(),
  ...over,
})

export const typeRow = (over: Pick<Insert<typeof schema.productType>, "id" | "value"> & Partial<Insert<typeof schema.productType>>) => ({
  metadata: null,
  deleted_at: null,
  ...stamps(),
  ...over,
})

export const collectionRow = (
  over: Pick<Insert<typeof schema.productCollection>, "id" | "title"> & Partial<Insert<typeof schema.productCollection>>,
) => ({
  handle: null,
  metadata: null,
  deleted_at: null,
  ...stamps(),
  ...over,
})

export type CategoryInsert = Insert<typeof schema.productCategory>

/** A category whose mpath extends its parent's (ancestor ids joined by "."). */
export const categoryRow = (
  over: Pick<CategoryInsert, "id" | "name"> & Partial<Omit<CategoryInsert, "mpath" | "parent_category_id">> & { parent?: CategoryInsert },
): CategoryInsert => {
  const { parent, ...rest } = over
  return {
    description: "",
    handle: over.id.replace(/^pcat_/, ""),
    is_active: true,
    is_internal: false,
    rank: 0,
    metadata: null,
    ...stamps(),
    ...rest,
    parent_category_id: parent ? parent.id : null,
    mpath: parent ? `${parent.mpath}.${over.id}` : over.id,
  }
}

export const shippingProfileRow = (
  over: Pick<Insert<typeof schema.shippingProfile>, "id"> & Partial<Insert<typeof schema.shippingProfile>>,
) => ({
  name: over.id,
  type: "default",
  metadata: null,
  deleted_at: null,
  ...stamps(),
  ...over,
})

export const productRow = (over: Pick<Insert<typeof schema.product>, "id" | "title"> & Partial<Insert<typeof schema.product>>) => ({
  subtitle: null,
  description: null,
  handle: over.id.replace(/^prod_/, ""),
  is_giftcard: false,
  status: "published",
  thumbnail: null,
  weight: null,
  length: null,
  height: null,
  width: null,
  hs_code: null,
  origin_country: null,
  mid_code: null,
  material: null,
  collection_id: null,
  type_id: null,
  profile_id: null,
  discountable: true,
  external_id: null,
  metadata: null,
  deleted_at: null,
  ...stamps(),
  ...over,
})

export const shippingOptionRow = (
  over: Pick<Insert<typeof schema.shippingOption>, "id" | "name" | "region_id" | "profile_id"> &
    Partial<Insert<typeof schema.shippingOption>>,
) => ({
  provider_id: "manual",
  price_type: "flat_rate",
  amount: 1000,
  is_return: false,
  admin_only: false,
  includes_tax: false,
  data: {},
  metadata: null,
  deleted_at: null,
  ...stamps(),
  ...over,
})

export const requirementRow = (
  over: Pick<Insert<typeof schema.shippingOptionRequirement>, "id" | "shipping_option_id"> &
    Partial<Insert<typeof schema.shippingOptionRequirement>>,
) => ({ type: "min_subtotal", amount: 0, deleted_at: null, ...over })

export const returnReasonRow = (
  over: Pick<Insert<typeof schema.returnReason>, "id" | "value"> & Partial<Insert<typeof schema.returnReason>>,
) => ({
  label: over.value,
  description: null,
  parent_return_reason_id: null,
  metadata: null,
  deleted_at: null,
  ...stamps(),
  ...over,
})

export const giftCardRow = (
  over: Pick<Insert<typeof schema.giftCard>, "id" | "code" | "region_id"> & Partial<Insert<typeof schema.giftCard>>,
) => ({
  value: 10000,
  balance: 10000,
  order_id: null,
  is_disabled: false,
  ends_at: null,
  tax_rate: null,
  metadata: null,
  deleted_at: null,
  ...stamps(),
  ...over,
})

export const discountRuleRow = (id: string) => ({
  id,
  description: null,
  type: "percentage",
  value: 10,
  allocation: "total",
  metadata: null,
  deleted_at: null,
  ...stamps(),
})

export const discountConditionRow = (id: string, ruleId: string, type: string) => ({
  id,
  type,
  operator: "in",
  discount_rule_id: ruleId,
  metadata: null,
  deleted_at: null,
  ...stamps(),
})
