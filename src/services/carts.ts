import { asc, eq, isNull, sql } from "drizzle-orm"
import type { Database } from "../env"
import * as t from "../db/schema"
import { invalidData, MultipleErrors, notAllowed, notFound } from "../domain/errors"
import { newId } from "../domain/ids"
import type { CartAggregate } from "../db/queries/carts"
import { findRegion, loadRegionRelations } from "../db/queries/regions"
import { newCartWrites, type CartState } from "./cart-state"
import { refreshDerivedState, type CartContext } from "./cart-mutation"
import { addItemsToState, type NewLineItem } from "./line-items"

export interface CreateCartInput {
  region_id?: string | undefined
  sales_channel_id?: string | undefined
  country_code?: string | null | undefined
  items?: NewLineItem[] | undefined
  context?: Record<string, unknown> | undefined
}

/**
 * The region a new cart gets: the one asked for, else the first region (v1 regionService.list()[0], which has no
 * ORDER BY, so Postgres answers in insertion order: ties on created_at go to the region stored first (rowid),
 * as recording 40 shows — reg_na, seeded before reg_eu at the same instant).
 */
async function regionForNewCart(db: Database, regionId: string | undefined) {
  if (regionId) {
    const region = await findRegion(db, regionId)
    if (!region) throw notFound(`Region with ${regionId} was not found`)
    return region
  }
  const [first] = await db.select().from(t.region).where(isNull(t.region.deleted_at)).orderBy(asc(t.region.created_at), sql`rowid`).limit(1)
  if (!first) throw invalidData("A region is required to create a cart")
  return first
}

/**
 * The sales channel of a new cart (catalog §3(e)): the requested one (within the publishable key's scope), else the
 * key's only channel, else the store default.
 */
async function salesChannelForNewCart(db: Database, requested: string | undefined, keyScopes: string[] | undefined) {
  // A key without channels restricts nothing, as everywhere else (http/sales-channel-scope.ts).
  const scopes = keyScopes?.length ? keyScopes : undefined
  assertChannelInKeyScopes(scopes, requested)
  let channelId = requested
  if (!channelId && scopes && scopes.length > 1) {
    // v1 answers this with a 500; it is the client's configuration, so say so with a 400.
    throw invalidData("The PublishableApiKey provided in the request header has multiple associated sales channels.")
  }
  if (!channelId && scopes?.length === 1) channelId = scopes[0]
  if (!channelId) {
    const [store] = await db.select({ id: t.store.default_sales_channel_id }).from(t.store).limit(1)
    channelId = store?.id ?? undefined
  }
  if (!channelId) return null
  const [channel] = await db.select().from(t.salesChannel).where(eq(t.salesChannel.id, channelId))
  if (!channel || channel.deleted_at) throw notFound(`Sales channel with id: ${channelId} was not found`)
  if (channel.is_disabled) throw invalidData(`Unable to assign the cart to a disabled Sales Channel "${channel.name}"`)
  return channel
}

/** v1 validateSalesChannelParam: a requested channel outside the key's channels is a multiple-errors 400. */
export function assertChannelInKeyScopes(scopes: readonly string[] | undefined, requested: string | null | undefined) {
  if (requested && scopes?.length && !scopes.includes(requested)) {
    throw new MultipleErrors([
      `Provided sales channel id param: ${requested} is not associated with the Publishable API Key passed in the header of the request.`,
    ])
  }
}

/** POST /store/carts: builds the whole new cart in memory and writes it in one batch. Returns the new id. */
export async function createCart(
  ctx: CartContext,
  input: CreateCartInput,
  requestContext: { ip?: string | undefined; user_agent?: string | undefined },
): Promise<string> {
  const region = await regionForNewCart(ctx.db, input.region_id)
  const [relations, salesChannel, [regionTaxRates], customer] = await Promise.all([
    loadRegionRelations(ctx.db, [region]),
    salesChannelForNewCart(ctx.db, input.sales_channel_id, ctx.publishableKeyScopes),
    ctx.db.batch([ctx.db.select().from(t.taxRate).where(eq(t.taxRate.region_id, region.id))]),
    ctx.customerId
      ? ctx.db.select().from(t.customer).where(eq(t.customer.id, ctx.customerId)).then((rows) => rows[0] ?? null)
      : Promise.resolve(null),
  ])
  const regionRelations = relations.get(region.id)!
  const now = ctx.now().toISOString()
  const cartId = newId("cart")
  const state: CartState = {
    cart: {
      id: cartId,
      email: customer?.email ?? null,
      billing_address_id: null,
      shipping_address_id: null,
      region_id: region.id,
      customer_id: customer?.id ?? null,
      payment_id: null,
      type: "default",
      completed_at: null,
      payment_authorized_at: null,
      idempotency_key: null,
      context: { ...requestContext, ...(input.context ?? {}) },
      sales_channel_id: salesChannel?.id ?? null,
      metadata: null,
      version: 0,
      created_at: now,
      updated_at: now,
      deleted_at: null,
    },
    items: [], adjustments: [], itemTaxLines: [], shippingMethods: [], methodTaxLines: [],
    paymentSessions: [], addresses: [], discountIds: [], giftCardIds: [],
  }
  const countries = regionRelations.countries.map((c) => c.iso_2)
  // v1's route only sets the address for a truthy country_code; CartService.create then pre-fills a single-country
  // region's country and refuses one outside the region with not_allowed (also for an unknown code).
  const country = input.country_code ? input.country_code.toLowerCase() : countries.length === 1 ? countries[0] : undefined
  if (country) {
    if (!countries.includes(country)) throw notAllowed("Shipping country not in region")
    const address = {
      id: newId("address"), customer_id: null, company: null, first_name: null, last_name: null, address_1: null,
      address_2: null, city: null, country_code: country, province: null, postal_code: null, phone: null,
      metadata: null, created_at: now, updated_at: now, deleted_at: null,
    }
    state.addresses.push(address)
    state.cart.shipping_address_id = address.id
  }
  const aggregate: CartAggregate = {
    cart: state.cart, region, regionRelations, regionTaxRates, items: [], adjustments: [], itemTaxLines: [],
    variants: [], products: [], profiles: [], productTagIds: [], shippingMethods: [], shippingOptions: [],
    methodTaxLines: [], discounts: [], discountRules: [], discountRegions: [], discountConditions: [],
    discountConditionTargets: [], giftCards: [], paymentSessions: [], addresses: [], salesChannel, customer,
    productTaxRates: [], productTypeTaxRates: [], shippingTaxRates: [], payment: null,
  }
  await addItemsToState(ctx, state, aggregate, input.items ?? [])
  refreshDerivedState(state, aggregate)
  const [first, ...rest] = newCartWrites(ctx.db, state)
  await ctx.db.batch([first!, ...rest])
  return cartId
}
