import { env } from "cloudflare:workers"
import { drizzle } from "drizzle-orm/d1"
import { eq, inArray } from "drizzle-orm"
import * as schema from "../../src/db/schema"

const db = drizzle(env.DB, { schema })
const T = "2026-01-01T00:00:00.000Z"
const stamp = { created_at: T, updated_at: T }
let seq = 0
const uid = (prefix: string) => `${prefix}_t${Date.now().toString(36)}${(seq++).toString(36)}`

/**
 * A fixture that writes a cart's rows directly bypasses the cart's Durable Object: it touches the cart row, whose
 * trigger (migration 0014) moves `cart.version`, so the object notices and reloads instead of answering (and
 * writing on top of) the cart it remembers — the contract for any write outside the object.
 */
export async function touchCart(cartId: string): Promise<void> {
  await env.DB.prepare("UPDATE cart SET updated_at = updated_at WHERE id = ?").bind(cartId).run()
}

export interface VariantFixture {
  id: string
  title?: string
  prices: { currency_code: string; amount: number; region_id?: string | null }[]
  inventory_quantity?: number
  manage_inventory?: boolean
  allow_backorder?: boolean
}

/** A small store for cart tests: one region (+countries), a sales channel, a profile and products. */
export async function arrangeStore(opts: {
  region?: { currency_code?: string; tax_rate?: number; countries?: string[]; automatic_taxes?: boolean }
  products?: { title?: string; discountable?: boolean; type_id?: string | null; variants: VariantFixture[]; inChannel?: boolean }[]
} = {}) {
  const regionId = uid("reg")
  const channelId = uid("sc")
  const profileId = uid("sp")
  await db.insert(schema.region).values({
    id: regionId,
    name: "Test region",
    currency_code: opts.region?.currency_code ?? "usd",
    tax_rate: opts.region?.tax_rate ?? 0,
    tax_code: null,
    gift_cards_taxable: true,
    automatic_taxes: opts.region?.automatic_taxes ?? true,
    tax_provider_id: null,
    includes_tax: false,
    metadata: null,
    ...stamp,
    deleted_at: null,
  })
  const countries = opts.region?.countries ?? []
  if (countries.length) await db.update(schema.country).set({ region_id: regionId }).where(inArray(schema.country.iso_2, countries))
  await db.insert(schema.regionPaymentProvider).values({ region_id: regionId, provider_id: "manual" })
  await db.insert(schema.salesChannel).values({ id: channelId, name: "Channel", description: null, is_disabled: false, metadata: null, ...stamp, deleted_at: null })
  await db.insert(schema.shippingProfile).values({ id: profileId, name: "Default Shipping Profile", type: "default", metadata: null, ...stamp, deleted_at: null })
  const products = []
  for (const p of opts.products ?? []) {
    const productId = uid("prod")
    await db.insert(schema.product).values({
      id: productId, title: p.title ?? "Product", subtitle: null, description: null, handle: productId, is_giftcard: false,
      status: "published", thumbnail: null, weight: null, length: null, height: null, width: null, hs_code: null,
      origin_country: null, mid_code: null, material: null, collection_id: null, type_id: p.type_id ?? null,
      profile_id: profileId, discountable: p.discountable ?? true, external_id: null, metadata: null, ...stamp, deleted_at: null,
    })
    if (p.inChannel !== false) await db.insert(schema.productSalesChannel).values({ product_id: productId, sales_channel_id: channelId })
    for (const [rank, v] of p.variants.entries()) {
      await db.insert(schema.productVariant).values({
        id: v.id, title: v.title ?? v.id, product_id: productId, sku: null, barcode: null, ean: null, upc: null,
        variant_rank: rank, inventory_quantity: v.inventory_quantity ?? 100, allow_backorder: v.allow_backorder ?? false,
        manage_inventory: v.manage_inventory ?? true, hs_code: null, origin_country: null, mid_code: null, material: null,
        weight: null, length: null, height: null, width: null, metadata: null, ...stamp, deleted_at: null,
      })
      for (const price of v.prices) {
        await db.insert(schema.moneyAmount).values({
          id: uid("ma"), variant_id: v.id, currency_code: price.currency_code, amount: price.amount,
          region_id: price.region_id === undefined ? null : price.region_id === "$region" ? regionId : price.region_id,
          min_quantity: null, max_quantity: null, price_list_id: null, ...stamp, deleted_at: null,
        })
      }
    }
    products.push({ id: productId })
  }
  return { regionId, channelId, profileId, products }
}

export async function variantStock(variantId: string): Promise<number> {
  const [row] = await db.select().from(schema.productVariant).where(eq(schema.productVariant.id, variantId))
  return row!.inventory_quantity
}

export const fixtureId = uid
