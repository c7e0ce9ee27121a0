import { and, eq, isNull, sql, type SQLWrapper } from "drizzle-orm"
import type { Database } from "../env"
import { notFound } from "../domain/errors"
import type { PricingContext } from "../domain/pricing"
import { cart, region } from "../db/schema"

export interface PricingContextInput {
  cart_id?: string | undefined
  region_id?: string | undefined
  currency_code?: string | undefined
}

export interface PricingRegion {
  id: string
  currency_code: string
  tax_rate: number
  includes_tax: boolean
}

/** What a catalog read prices against. `applies` is false when neither a region nor a currency is known. */
export interface ResolvedPricing {
  region: PricingRegion | null
  currency_code: string | undefined
  applies: boolean
  context: PricingContext
}

const regionColumns = {
  id: region.id,
  currency_code: region.currency_code,
  tax_rate: region.tax_rate,
  includes_tax: region.includes_tax,
}

/**
 * The one statement that resolves a pricing context, for the caller to put in its own batch (so pricing costs no
 * extra round trip). Undefined when nothing needs looking up.
 * - `cart_id` wins: the cart's region (and its currency) is used, as v1's product and variant handlers do;
 * - else `region_id`: its currency overrides `currency_code` (v1 PricingService.collectPricingContext).
 */
export function pricingContextQuery(db: Database, input: PricingContextInput) {
  if (input.cart_id !== undefined) {
    return db
      .select({ region_id: cart.region_id, region: regionColumns })
      .from(cart)
      .leftJoin(region, and(eq(region.id, cart.region_id), isNull(region.deleted_at)))
      .where(and(eq(cart.id, input.cart_id), isNull(cart.deleted_at)))
      .limit(1)
  }
  if (input.region_id !== undefined) {
    return db
      // Only the region's columns: a second "id" would collide in D1's batch results (rows come back as objects).
      .select({ region: regionColumns })
      .from(region)
      .where(and(eq(region.id, input.region_id), isNull(region.deleted_at)))
      .limit(1)
  }
  return undefined
}

export type PricingContextRows = { region_id?: string; region: PricingRegion | null }[]

/** Turns the looked-up row into the pricing context; unknown cart or region ids are v1's 404s. */
export function toResolvedPricing(input: PricingContextInput, rows: PricingContextRows | undefined): ResolvedPricing {
  if (input.cart_id === undefined && input.region_id === undefined) {
    const currency = input.currency_code
    return {
      region: null,
      currency_code: currency,
      applies: currency !== undefined,
      context: { currency_code: currency },
    }
  }
  const [row] = rows ?? []
  if (input.cart_id !== undefined && !row) throw notFound(`Cart with ${input.cart_id} was not found`)
  if (!row?.region) throw notFound(`Region with ${row?.region_id ?? input.region_id} was not found`)
  const found: PricingRegion = row.region
  return {
    region: found,
    currency_code: found.currency_code,
    applies: true,
    context: { region_id: found.id, currency_code: found.currency_code },
  }
}

/**
 * Resolves `{cart_id, region_id, currency_code}` into the region and currency a catalog read prices against.
 * One query at most; callers that already run a batch should use `pricingContextQuery` + `toResolvedPricing`.
 */
export async function resolvePricingContext(db: Database, input: PricingContextInput): Promise<ResolvedPricing> {
  const query = pricingContextQuery(db, input)
  return toResolvedPricing(input, query ? await query : undefined)
}

/** The region taxes are computed for, as the batch can name it before reading anything: an id or a cart's region. */
export function taxRegionRef(input: PricingContextInput): string | SQLWrapper | undefined {
  if (input.cart_id !== undefined) return sql`SELECT region_id FROM cart WHERE id = ${input.cart_id} AND deleted_at IS NULL`
  return input.region_id
}
