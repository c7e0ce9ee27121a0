/**
 * Helpers around the mapped seed document: say which Medusa row a seed problem is about, and keep the runtime state
 * this side already holds when the import runs again.
 */
import type { SeedProblem } from "../problems"

/** Seed key → the Medusa table its records come from (`options` depends on the owner). */
const TABLES: Record<string, string> = {
  store: "store",
  sales_channels: "sales_channel",
  shipping_profiles: "shipping_profile",
  regions: "region",
  shipping_options: "shipping_option",
  requirements: "shipping_option_requirement",
  tax_rates: "tax_rate",
  product_collections: "product_collection",
  categories: "product_category",
  category_children: "product_category",
  products: "product",
  variants: "product_variant",
  prices: "money_amount",
  images: "image",
  tags: "product_tag",
  type: "product_type",
  publishable_api_keys: "publishable_api_key",
  discounts: "discount",
  rule: "discount_rule",
  conditions: "discount_condition",
  gift_cards: "gift_card",
  return_reasons: "return_reason",
  customers: "customer",
  shipping_addresses: "address",
  shipping_address: "address",
  orders: "order",
  items: "line_item",
}

/** `products[3].variants[0].sku` → `["products", 3, "variants", 0, "sku"]`. */
function segments(path: string): (string | number)[] {
  return [...path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map((m) => (m[2] !== undefined ? Number(m[2]) : (m[1] as string)))
}

/** The Medusa row a problem is about: the deepest record on its path that carries an id. */
export function problemRow(seed: unknown, path: string): { table: string; id: string } | undefined {
  let node: unknown = seed
  let table: string | undefined
  let found: { table: string; id: string } | undefined
  for (const key of segments(path)) {
    if (node === null || typeof node !== "object") break
    if (typeof key === "string") {
      const owner = table
      table = key === "options" ? (owner === "product_variant" ? "product_option_value" : "product_option") : (TABLES[key] ?? table)
    }
    node = (node as Record<string | number, unknown>)[key]
    const id = node && typeof node === "object" && !Array.isArray(node) ? (node as { id?: unknown }).id : undefined
    if (table && typeof id === "string") found = { table, id }
  }
  return found
}

/** `✘ product_variant variant_x — products[0].variants[1].sku: duplicate SKU …` */
export function formatMedusaProblems(seed: unknown, problems: readonly SeedProblem[]): string {
  return problems
    .map((p) => {
      const row = problemRow(seed, p.path)
      return `  ${row ? `${row.table} ${row.id}` : "(file)"} — ${p.path || "(file)"}: ${p.message}`
    })
    .join("\n")
}

/** Ids this side already holds for the records whose runtime state it owns. */
export interface ExistingRows {
  variants: ReadonlySet<string>
  giftCards: ReadonlySet<string>
}

/** Literal queries (D1/SQLite) that list those ids. */
export const EXISTING_ROWS_QUERIES = ["SELECT id FROM product_variant", "SELECT id FROM gift_card"] as const

export function existingRows(results: { id: unknown }[][]): ExistingRows {
  const ids = (rows: { id: unknown }[] | undefined) => new Set((rows ?? []).map((r) => String(r.id)))
  return { variants: ids(results[0]), giftCards: ids(results[1]) }
}

/**
 * On a re-run this side wins for state that moves while the shop runs here: stock of a variant that is already
 * imported and the balance of a gift card that is already imported are left out of the document, so the seed
 * importer keeps the stored values (it writes them only when the row is created). Discount usage counts, customer
 * password hashes and orders are create-only in the importer itself.
 */
export function keepRuntimeState(seed: Record<string, unknown>, existing: ExistingRows): Record<string, unknown> {
  const products = (seed.products as { variants?: Record<string, unknown>[] }[] | undefined) ?? []
  const giftCards = (seed.gift_cards as Record<string, unknown>[] | undefined) ?? []
  return {
    ...seed,
    products: products.map((p) => ({
      ...p,
      variants: (p.variants ?? []).map((v) => {
        if (!existing.variants.has(String(v.id))) return v
        const { inventory_quantity: _, ...rest } = v
        return rest
      }),
    })),
    gift_cards: giftCards.map((g) => {
      if (!existing.giftCards.has(String(g.id))) return g
      const { balance: _, ...rest } = g
      return rest
    }),
  }
}
