/**
 * The resolved import: rows per table, link sets per owner and stale-child pruning, collected by the resolvers and
 * rendered to statements by `emitStatements`. Column lists mirror migrations/*.sql.
 */
import {
  linkStatements,
  pruneStatements,
  upsertStatements,
  type LinkSpec,
  type PruneSpec,
  type Row,
  type SqlValue,
} from "./sql"
import { productSearchSyncStatements } from "./search"

interface EntitySpec {
  columns: readonly string[]
  /** created_at / updated_at columns. */
  timestamps: boolean
  /** deleted_at column (re-importing a soft-deleted row revives it). */
  softDelete: boolean
}

const e = (columns: string, timestamps = true, softDelete = true): EntitySpec => ({
  columns: columns.split(/\s*,\s*/),
  timestamps,
  softDelete,
})

/** Entity tables in write order. */
export const ENTITIES = {
  store: e("id, name, default_currency_code, default_sales_channel_id, swap_link_template, payment_link_template, invite_link_template, metadata", true, false),
  sales_channel: e("id, name, description, is_disabled, metadata"),
  publishable_api_key: e("id, title, created_by, revoked_by, revoked_at", true, false),
  shipping_profile: e("id, name, type, metadata"),
  region: e("id, name, currency_code, tax_rate, tax_code, gift_cards_taxable, automatic_taxes, tax_provider_id, includes_tax, metadata"),
  shipping_option: e("id, name, region_id, profile_id, provider_id, price_type, amount, is_return, admin_only, includes_tax, data, metadata"),
  shipping_option_requirement: e("id, shipping_option_id, type, amount", false, true),
  product_collection: e("id, title, handle, metadata"),
  product_category: e("id, name, description, handle, mpath, is_active, is_internal, parent_category_id, rank, metadata", true, false),
  product_type: e("id, value, metadata"),
  product_tag: e("id, value, metadata"),
  image: e("id, url, metadata"),
  product: e("id, title, subtitle, description, handle, is_giftcard, status, thumbnail, weight, length, height, width, hs_code, origin_country, mid_code, material, collection_id, type_id, profile_id, discountable, external_id, metadata"),
  product_option: e("id, title, product_id, metadata"),
  product_variant: e("id, title, product_id, sku, barcode, ean, upc, variant_rank, inventory_quantity, allow_backorder, manage_inventory, hs_code, origin_country, mid_code, material, weight, length, height, width, metadata"),
  product_option_value: e("id, value, option_id, variant_id, metadata"),
  money_amount: e("id, variant_id, currency_code, amount, region_id, min_quantity, max_quantity, price_list_id"),
  tax_rate: e("id, rate, code, name, region_id, metadata", true, false),
  return_reason: e("id, value, label, description, parent_return_reason_id, metadata"),
  discount_rule: e("id, description, type, value, allocation, metadata"),
  discount: e("id, code, is_dynamic, rule_id, is_disabled, parent_discount_id, starts_at, ends_at, valid_duration, usage_limit, usage_count, metadata"),
  discount_condition: e("id, type, operator, discount_rule_id, metadata"),
  gift_card: e("id, code, value, balance, region_id, order_id, is_disabled, ends_at, tax_rate, metadata"),
  customer: e("id, email, first_name, last_name, billing_address_id, password_hash, phone, has_account, metadata"),
  address: e("id, customer_id, company, first_name, last_name, address_1, address_2, city, country_code, province, postal_code, phone, metadata"),
} as const satisfies Record<string, EntitySpec>

export type EntityTable = keyof typeof ENTITIES

const l = (table: string, key: string, update?: string): LinkSpec => {
  const keys = key.split(/\s*,\s*/)
  const extra = update ? update.split(/\s*,\s*/) : []
  return { table, owner: keys[0] as string, key: keys, columns: [...keys, ...extra], update: extra }
}

/** Link tables: the links of each listed owner are replaced by the given set. */
export const LINKS = {
  store_currency: l("store_currency", "store_id, currency_code"),
  region_payment_provider: l("region_payment_provider", "region_id, provider_id"),
  region_fulfillment_provider: l("region_fulfillment_provider", "region_id, provider_id"),
  publishable_api_key_sales_channel: l("publishable_api_key_sales_channel", "publishable_key_id, sales_channel_id"),
  product_images: l("product_images", "product_id, image_id", "position"),
  product_tags: l("product_tags", "product_id, product_tag_id"),
  product_category_product: l("product_category_product", "product_id, product_category_id"),
  product_sales_channel: l("product_sales_channel", "product_id, sales_channel_id"),
  product_tax_rate: l("product_tax_rate", "rate_id, product_id"),
  product_type_tax_rate: l("product_type_tax_rate", "rate_id, product_type_id"),
  shipping_tax_rate: l("shipping_tax_rate", "rate_id, shipping_option_id"),
  discount_regions: l("discount_regions", "discount_id, region_id"),
  discount_condition_target: l("discount_condition_target", "condition_id, target_id"),
  /** A product's or collection's words (search.ts). */
  search_term: l("search_term", "source_id, term"),
} as const satisfies Record<string, LinkSpec>

export type LinkTable = keyof typeof LINKS

/** Children of an imported owner that the file no longer lists. */
const PRUNES = {
  product_option: { table: "product_option", owner: "product_id", key: ["product_id", "id"], soft: true },
  product_variant: { table: "product_variant", owner: "product_id", key: ["product_id", "id"], soft: true },
  product_option_value: { table: "product_option_value", owner: "variant_id", key: ["variant_id", "id"], soft: false },
  money_amount: { table: "money_amount", owner: "variant_id", key: ["variant_id", "id"], soft: false, where: "price_list_id IS NULL" },
  shipping_option_requirement: { table: "shipping_option_requirement", owner: "shipping_option_id", key: ["shipping_option_id", "id"], soft: false },
  discount_condition: { table: "discount_condition", owner: "discount_rule_id", key: ["discount_rule_id", "id"], soft: false },
} as const

export type PruneTable = keyof typeof PRUNES

export interface EntityRow {
  values: Record<string, SqlValue>
  path: string
  /** Columns written on insert only (the file did not set them, so a re-import keeps what the database has). */
  insertOnly?: readonly string[]
}

export class PlanModel {
  readonly entities = new Map<EntityTable, EntityRow[]>()
  readonly links = new Map<LinkTable, { owners: Set<string>; rows: Row[] }>()
  readonly prunes = new Map<PruneTable, { owners: Set<string>; keep: SqlValue[][] }>()
  readonly countryStatements: string[] = []
  /** Orders and order edits (resolve-orders.ts): written once, after the catalog they reference. */
  readonly orderStatements: string[] = []

  entity(table: EntityTable, path: string, values: Record<string, SqlValue>, insertOnly?: readonly string[]): void {
    const rows = this.entities.get(table) ?? []
    rows.push({ values, path, ...(insertOnly?.length ? { insertOnly } : {}) })
    this.entities.set(table, rows)
  }

  /** Declares that `owner`'s links in `table` are exactly `targets` (each a tuple after the owner column). */
  link(table: LinkTable, owner: string, targets: readonly (readonly SqlValue[])[], path: string): void {
    const entry = this.links.get(table) ?? { owners: new Set<string>(), rows: [] }
    entry.owners.add(owner)
    for (const t of targets) entry.rows.push({ values: [owner, ...t], path })
    this.links.set(table, entry)
  }

  /** Declares that `owner`'s children in `table` are exactly `keepIds`; others are removed. */
  keepChildren(table: PruneTable, owner: string, keepIds: readonly string[]): void {
    const entry = this.prunes.get(table) ?? { owners: new Set<string>(), keep: [] }
    entry.owners.add(owner)
    for (const id of keepIds) entry.keep.push([owner, id])
    this.prunes.set(table, entry)
  }

  count(table: EntityTable): number {
    return this.entities.get(table)?.length ?? 0
  }
}

/** Renders the model; throws RowTooLargeError when one record cannot fit in a D1 statement. */
export function emitStatements(model: PlanModel, now: string): string[] {
  const out: string[] = []
  for (const table of Object.keys(ENTITIES) as EntityTable[]) {
    const rows = model.entities.get(table)
    if (rows?.length) out.push(...entityStatements(table, rows, now))
  }
  for (const table of Object.keys(PRUNES) as PruneTable[]) {
    const entry = model.prunes.get(table)
    if (!entry) continue
    const p = PRUNES[table]
    const spec: PruneSpec = {
      table: p.table,
      owner: p.owner,
      key: p.key,
      ...("where" in p ? { where: p.where } : {}),
      ...(p.soft ? { softDeleteAt: now } : {}),
    }
    out.push(...pruneStatements(spec, [...entry.owners], entry.keep))
  }
  if (model.prunes.has("discount_condition")) {
    out.push("DELETE FROM discount_condition_target WHERE condition_id NOT IN (SELECT id FROM discount_condition)")
  }
  for (const table of Object.keys(LINKS) as LinkTable[]) {
    const entry = model.links.get(table)
    if (entry) out.push(...linkStatements(LINKS[table], [...entry.owners], entry.rows))
  }
  out.push(...model.countryStatements)
  out.push(...model.orderStatements)
  out.push(...productSearchSyncStatements())
  return out
}

function entityStatements(table: EntityTable, rows: readonly EntityRow[], now: string): string[] {
  const spec: EntitySpec = ENTITIES[table]
  const columns = [...spec.columns]
  if (spec.timestamps) columns.push("created_at", "updated_at")
  if (spec.softDelete) columns.push("deleted_at")

  // Rows that leave different columns insert-only need different DO UPDATE lists.
  const groups = new Map<string, Row[]>()
  for (const row of rows) {
    for (const key of Object.keys(row.values)) {
      if (!spec.columns.includes(key) && key !== "created_at") throw new Error(`${table}.${key} is not a column`)
    }
    const signature = [...(row.insertOnly ?? [])].sort().join(",")
    // A record's own created_at (from the file) is also its first updated_at; later changes stamp `now`.
    const created = row.values.created_at ?? now
    const stamps: SqlValue[] = [...(spec.timestamps ? [created, created] : []), ...(spec.softDelete ? [null] : [])]
    const values = [...spec.columns.map((c) => row.values[c] ?? null), ...stamps]
    const group = groups.get(signature) ?? []
    group.push({ values, path: row.path })
    groups.set(signature, group)
  }
  const out: string[] = []
  for (const [signature, group] of groups) {
    const insertOnly = new Set(signature ? signature.split(",") : [])
    const update = columns.filter((c) => c !== "id" && c !== "created_at" && c !== "updated_at" && !insertOnly.has(c))
    out.push(...upsertStatements({ table, columns, conflict: "id", update, touch: spec.timestamps ? now : false }, group))
  }
  return out
}
