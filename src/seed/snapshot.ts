/**
 * What the planner needs to know about the database before it writes: reference data (currencies, countries,
 * providers), the store singleton, existing regions, and — for the natural keys and ids the seed mentions — the
 * ids already stored under them. Importing into a non-empty database then reuses existing rows instead of
 * tripping over UNIQUE constraints, and references to rows outside the file can be checked.
 *
 * `snapshotQueries` renders the lookups as literal SQL; every runner (D1 in tests, wrangler in the CLI) executes
 * them and hands the rows to `buildSnapshot`.
 */
import { MAX_STATEMENT_BYTES, sqlString, utf8Length } from "./sql"

export interface SnapshotRow {
  k: string
  key: string
  id: string | null
  x: string | null
}

export interface RegionInfo {
  name: string
  currency_code: string
  tax_rate: number
  gift_cards_taxable: boolean
  fulfillment_providers: string[]
}

export interface StoreInfo {
  id: string
  default_sales_channel_id: string | null
  default_currency_code: string
  currencies: string[]
}

export interface Snapshot {
  /** Reference data; undefined when unknown (planning without a database), which skips those checks. */
  currencies?: Set<string> | undefined
  countries?: Map<string, string | null> | undefined
  paymentProviders?: Set<string> | undefined
  fulfillmentProviders?: Set<string> | undefined
  store: StoreInfo | null
  /** Existing default / gift_card shipping profile ids by type. */
  profiles: Map<string, string>
  regions: Map<string, RegionInfo>
  /** `${kind}\u0000${key}` → stored id (+ extra column). */
  keys: Map<string, { id: string; x: string | null }>
}

export function emptySnapshot(): Snapshot {
  return { store: null, profiles: new Map(), regions: new Map(), keys: new Map() }
}

/** Natural keys and ids the seed mentions, per lookup kind (see LOOKUPS). */
export type LookupRequest = Partial<Record<LookupKind, Iterable<string>>>

const LOOKUPS = {
  "product.handle": "SELECT handle AS key, id, NULL AS x FROM product WHERE handle",
  "product.id": "SELECT id AS key, id, NULL AS x FROM product WHERE id",
  "variant.sku": "SELECT sku AS key, id, product_id AS x FROM product_variant WHERE sku",
  "variant.id": "SELECT id AS key, id, product_id AS x FROM product_variant WHERE id",
  "customer.id": "SELECT id AS key, id, NULL AS x FROM customer WHERE id",
  "collection.handle": "SELECT handle AS key, id, NULL AS x FROM product_collection WHERE handle",
  "collection.id": "SELECT id AS key, id, NULL AS x FROM product_collection WHERE id",
  "category.handle": "SELECT handle AS key, id, NULL AS x FROM product_category WHERE handle",
  "category.id": "SELECT id AS key, id, mpath AS x FROM product_category WHERE id",
  "type.value": "SELECT value AS key, id, NULL AS x FROM product_type WHERE value",
  "type.id": "SELECT id AS key, id, NULL AS x FROM product_type WHERE id",
  "tag.value": "SELECT value AS key, id, NULL AS x FROM product_tag WHERE value",
  "tag.id": "SELECT id AS key, id, NULL AS x FROM product_tag WHERE id",
  "image.url": "SELECT url AS key, min(id) AS id, NULL AS x FROM image WHERE url",
  "sales_channel.id": "SELECT id AS key, id, NULL AS x FROM sales_channel WHERE id",
  "shipping_option.id": "SELECT id AS key, id, region_id AS x FROM shipping_option WHERE id",
  "shipping_profile.id": "SELECT id AS key, id, type AS x FROM shipping_profile WHERE id",
  "return_reason.value": "SELECT value AS key, id, parent_return_reason_id AS x FROM return_reason WHERE value",
  "return_reason.id": "SELECT id AS key, id, parent_return_reason_id AS x FROM return_reason WHERE id",
  "discount.code": "SELECT upper(code) AS key, id, rule_id AS x FROM discount WHERE upper(code)",
  "gift_card.code": "SELECT upper(code) AS key, id, NULL AS x FROM gift_card WHERE upper(code)",
  "customer.email": "SELECT lower(email) || '|' || has_account AS key, id, password_hash AS x FROM customer WHERE lower(email) || '|' || has_account",
  "publishable_key.title": "SELECT title AS key, min(id) AS id, NULL AS x FROM publishable_api_key WHERE title",
} as const

export type LookupKind = keyof typeof LOOKUPS

const GROUP_BY: Partial<Record<LookupKind, string>> = {
  "image.url": " GROUP BY url",
  "publishable_key.title": " GROUP BY title",
}

const REFERENCE_QUERIES = [
  "SELECT 'currency' AS k, code AS key, code AS id, NULL AS x FROM currency",
  "SELECT 'country' AS k, iso_2 AS key, region_id AS id, NULL AS x FROM country",
  "SELECT 'payment_provider' AS k, id AS key, id, NULL AS x FROM payment_provider",
  "SELECT 'fulfillment_provider' AS k, id AS key, id, NULL AS x FROM fulfillment_provider",
  `SELECT 'store' AS k, 'store' AS key, s.id AS id, json_object('default_sales_channel_id', s.default_sales_channel_id,
     'default_currency_code', s.default_currency_code,
     'currencies', (SELECT json_group_array(currency_code) FROM store_currency WHERE store_id = s.id)) AS x
   FROM (SELECT * FROM store ORDER BY created_at, id LIMIT 1) s`,
  `SELECT 'profile' AS k, type AS key, min(id) AS id, NULL AS x FROM shipping_profile
   WHERE deleted_at IS NULL AND type IN ('default', 'gift_card') GROUP BY type`,
  `SELECT 'region' AS k, r.id AS key, r.id AS id, json_object('name', r.name, 'currency_code', r.currency_code,
     'tax_rate', r.tax_rate, 'gift_cards_taxable', r.gift_cards_taxable,
     'fulfillment_providers', (SELECT json_group_array(provider_id) FROM region_fulfillment_provider WHERE region_id = r.id)) AS x
   FROM region r WHERE r.deleted_at IS NULL`,
]

/** The lookups for `request`, chunked so each statement stays under D1's size limit. */
export function snapshotQueries(request: LookupRequest): string[] {
  const out = [...REFERENCE_QUERIES]
  for (const kind of Object.keys(LOOKUPS) as LookupKind[]) {
    const keys = [...new Set(request[kind] ?? [])]
    if (!keys.length) continue
    const head = `SELECT '${kind}' AS k, * FROM (${LOOKUPS[kind]} IN (SELECT value FROM json_each(`
    const tail = `))${GROUP_BY[kind] ?? ""})`
    let chunk: string[] = []
    let size = 0
    const flush = () => {
      if (chunk.length) out.push(head + sqlString(JSON.stringify(chunk)) + tail)
      chunk = []
      size = 0
    }
    for (const key of keys) {
      const bytes = utf8Length(JSON.stringify(key)) * 2 + 1
      if (size + bytes > MAX_STATEMENT_BYTES - 1000) flush()
      chunk.push(key)
      size += bytes
    }
    flush()
  }
  return out
}

export function buildSnapshot(rows: readonly SnapshotRow[]): Snapshot {
  const snap: Snapshot = {
    ...emptySnapshot(),
    currencies: new Set(),
    countries: new Map(),
    paymentProviders: new Set(),
    fulfillmentProviders: new Set(),
  }
  for (const row of rows) {
    switch (row.k) {
      case "currency":
        snap.currencies?.add(row.key)
        break
      case "country":
        snap.countries?.set(row.key, row.id)
        break
      case "payment_provider":
        snap.paymentProviders?.add(row.key)
        break
      case "fulfillment_provider":
        snap.fulfillmentProviders?.add(row.key)
        break
      case "store": {
        const x = JSON.parse(row.x ?? "{}") as Omit<StoreInfo, "id">
        snap.store = { id: String(row.id), ...x }
        break
      }
      case "profile":
        if (row.id) snap.profiles.set(row.key, row.id)
        break
      case "region": {
        const x = JSON.parse(row.x ?? "{}") as Omit<RegionInfo, "gift_cards_taxable"> & { gift_cards_taxable: number }
        snap.regions.set(row.key, { ...x, gift_cards_taxable: Boolean(x.gift_cards_taxable) })
        break
      }
      default:
        if (row.id) snap.keys.set(`${row.k}\u0000${row.key}`, { id: row.id, x: row.x })
    }
  }
  return snap
}

export function lookup(snap: Snapshot, kind: LookupKind, key: string): { id: string; x: string | null } | undefined {
  return snap.keys.get(`${kind}\u0000${key}`)
}
