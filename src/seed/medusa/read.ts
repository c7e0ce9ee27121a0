/**
 * Reads a Medusa 1.20 database, read-only, in one consistent snapshot (REPEATABLE READ READ ONLY), table by table
 * with keyset pagination so a big shop never loads a table in one query. The caller supplies how to run SQL
 * (`pg` in the CLI, PGlite in tests); nothing here depends on a driver.
 */

export type Row = Record<string, unknown>
/** Runs one parameterised statement ($1, $2 …) and returns its rows. */
export type PgQuery = (sql: string, params?: unknown[]) => Promise<Row[]>

export interface Progress {
  table: string
  done: number
  total: number
  ms: number
}

export interface ReadOptions {
  /** Rows per page (default 1000). */
  pageSize?: number
  onProgress?: (p: Progress) => void
}

/** A table the import maps, with an optional extra filter (soft-deleted rows are always left out). */
interface TableSpec {
  name: string
  where?: string
}

/** What the mapping reads. Join tables have no `id`; they are paged on all their columns. */
export const IMPORTED_TABLES: readonly TableSpec[] = [
  { name: "store" },
  { name: "store_currencies" },
  { name: "sales_channel" },
  { name: "publishable_api_key" },
  { name: "publishable_api_key_sales_channel" },
  { name: "shipping_profile" },
  { name: "region" },
  { name: "country", where: "region_id IS NOT NULL" },
  { name: "region_payment_providers" },
  { name: "region_fulfillment_providers" },
  { name: "tax_rate" },
  { name: "product_tax_rate" },
  { name: "product_type_tax_rate" },
  { name: "shipping_tax_rate" },
  { name: "shipping_option" },
  { name: "shipping_option_requirement" },
  { name: "product_collection" },
  { name: "product_category" },
  { name: "product_category_product" },
  { name: "product_type" },
  { name: "product_tag" },
  { name: "product_tags" },
  { name: "image" },
  { name: "product_images" },
  { name: "product" },
  { name: "product_sales_channel" },
  { name: "product_shipping_profile" },
  { name: "product_option" },
  { name: "product_option_value" },
  { name: "product_variant" },
  { name: "product_variant_money_amount" },
  { name: "money_amount", where: "price_list_id IS NULL" },
  { name: "discount" },
  { name: "discount_rule" },
  { name: "discount_rule_products" },
  { name: "discount_regions" },
  { name: "discount_condition" },
  { name: "discount_condition_product" },
  { name: "discount_condition_product_type" },
  { name: "discount_condition_product_collection" },
  { name: "discount_condition_product_tag" },
  { name: "discount_condition_customer_group" },
  { name: "gift_card" },
  { name: "return_reason" },
  { name: "customer" },
  { name: "address" },
  { name: "order" },
  { name: "line_item", where: "order_id IS NOT NULL" },
  { name: "shipping_method", where: "order_id IS NOT NULL" },
  { name: "payment", where: "order_id IS NOT NULL" },
]

/**
 * Rows the seed format cannot hold yet: counted (live rows only) and reported by name, never dropped silently.
 * Each entry is a label and the query's FROM … WHERE part.
 */
export const COUNTED_ONLY: readonly { label: string; from: string }[] = [
  { label: "price lists", from: "price_list WHERE deleted_at IS NULL" },
  { label: "price list prices", from: "money_amount WHERE price_list_id IS NOT NULL AND deleted_at IS NULL" },
  { label: "customer groups", from: "customer_group WHERE deleted_at IS NULL" },
  { label: "customer billing addresses", from: "customer WHERE billing_address_id IS NOT NULL AND deleted_at IS NULL" },
  { label: "claims", from: "claim_order WHERE deleted_at IS NULL" },
  { label: "draft orders", from: "draft_order" },
  { label: "swaps", from: "swap WHERE deleted_at IS NULL" },
  { label: "returns", from: "return" },
  { label: "fulfillments", from: "fulfillment" },
  { label: "refunds", from: "refund" },
  { label: "order discounts", from: "order_discounts" },
  { label: "order gift cards", from: "order_gift_cards" },
  { label: "gift card transactions", from: "gift_card_transaction" },
  { label: "order edits", from: "order_edit" },
  { label: "order notes", from: "note WHERE deleted_at IS NULL" },
  { label: "line item adjustments", from: "line_item_adjustment" },
  { label: "open carts", from: "cart WHERE completed_at IS NULL AND deleted_at IS NULL" },
]

export interface MedusaRows {
  tables: Record<string, Row[]>
  /** Label → number of rows the seed format cannot hold (only non-zero counts). */
  counted: Record<string, number>
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`

export async function readMedusa(q: PgQuery, opts: ReadOptions = {}): Promise<MedusaRows> {
  const pageSize = opts.pageSize ?? 1000
  await q("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
  try {
    const columns = new Map<string, string[]>()
    for (const r of await q(
      "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position",
    )) {
      const t = String(r.table_name)
      columns.set(t, [...(columns.get(t) ?? []), String(r.column_name)])
    }
    const tables: Record<string, Row[]> = {}
    for (const spec of IMPORTED_TABLES) {
      const cols = columns.get(spec.name)
      if (!cols) throw new Error(`table ${spec.name} is missing: is this a Medusa 1.x database?`)
      tables[spec.name] = await readTable(q, spec, cols, pageSize, opts.onProgress)
    }
    const counted: Record<string, number> = {}
    for (const c of COUNTED_ONLY) {
      const table = c.from.split(" ")[0] as string
      if (!columns.has(table)) continue
      const [row] = await q(`SELECT count(*) AS n FROM ${quote(table)}${c.from.slice(table.length)}`)
      const n = Number(row?.n ?? 0)
      if (n > 0) counted[c.label] = n
    }
    return { tables, counted }
  } finally {
    await q("COMMIT")
  }
}

async function readTable(q: PgQuery, spec: TableSpec, cols: string[], pageSize: number, onProgress?: (p: Progress) => void): Promise<Row[]> {
  const filters = [...(cols.includes("deleted_at") ? ["deleted_at IS NULL"] : []), ...(spec.where ? [spec.where] : [])]
  const key = cols.includes("id") ? ["id"] : cols
  const keyList = key.map(quote).join(", ")
  const from = `FROM ${quote(spec.name)}`
  const where = (extra: string[]) => {
    const all = [...filters, ...extra]
    return all.length ? ` WHERE ${all.join(" AND ")}` : ""
  }
  const started = Date.now()
  const [countRow] = await q(`SELECT count(*) AS n ${from}${where([])}`)
  const total = Number(countRow?.n ?? 0)
  const rows: Row[] = []
  let last: Row | undefined
  for (;;) {
    const after = last ? [`(${keyList}) > (${key.map((_, i) => `$${i + 1}`).join(", ")})`] : []
    const page = await q(`SELECT * ${from}${where(after)} ORDER BY ${keyList} LIMIT ${pageSize}`, last ? key.map((k) => last?.[k]) : [])
    rows.push(...page)
    onProgress?.({ table: spec.name, done: rows.length, total, ms: Date.now() - started })
    if (page.length < pageSize) break
    last = page[page.length - 1]
  }
  return rows
}
