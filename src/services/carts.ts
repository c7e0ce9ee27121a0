import { eq, sql } from "drizzle-orm"
import type { BatchItem } from "drizzle-orm/batch"
import type { Database } from "../env"
import * as t from "../db/schema"
import { invalidData, notAllowed, notFound } from "../domain/errors"
import { validateSalesChannelParam } from "../domain/sales-channels"
import { newId } from "../domain/ids"
import type { CartAggregate } from "../db/queries/carts"
import { regionForCartRead } from "../db/queries/regions"
import { variantsForCartRead } from "../db/queries/cart-variants"
import { defineRead, runReads } from "../db/reads"
import { aggregateWithState, newCartWrites, type CartState } from "./cart-state"
import { serializeCart } from "./cart-view"
import { refreshDerivedState, type CartContext } from "./cart-mutation"
import { applyItemsToState, variantIdsOf, type NewLineItem } from "./line-items"
import { referenceMemo } from "./reference-memo"

export interface CreateCartInput {
  region_id?: string | undefined
  sales_channel_id?: string | undefined
  country_code?: string | null | undefined
  items?: NewLineItem[] | undefined
  context?: Record<string, unknown> | undefined
}

/**
 * The sales channel a new cart asks for (catalog §3(e)), decided before anything is read: the requested one (within
 * the publishable key's scope), else the key's only channel; undefined means the store default.
 */
function requestedChannel(requested: string | undefined, keyScopes: string[] | undefined): string | undefined {
  // A key without channels restricts nothing, as everywhere else (http/sales-channel-scope.ts).
  const scopes = keyScopes?.length ? keyScopes : undefined
  validateSalesChannelParam(scopes, requested)
  if (!requested && scopes && scopes.length > 1) {
    // v1 answers this with a 500; it is the client's configuration, so say so with a 400.
    throw invalidData("The PublishableApiKey provided in the request header has multiple associated sales channels.")
  }
  return requested ?? (scopes?.length === 1 ? scopes[0] : undefined)
}

/** The channel row (the requested one, else the store default) and which id was meant, as one read. */
function channelRead(db: Database, channelId: string | undefined) {
  const storeDefault = sql`(SELECT default_sales_channel_id FROM store LIMIT 1)`
  return defineRead(
    [
      db.select({ id: storeDefault }).from(t.store).limit(1),
      db.select().from(t.salesChannel).where(channelId ? eq(t.salesChannel.id, channelId) : sql`${t.salesChannel.id} = ${storeDefault}`),
    ] as const,
    ([[store], [row]]) => ({ id: channelId ?? (store?.id as string | null | undefined) ?? undefined, row }),
  )
}


/**
 * POST /store/carts: ONE read batch (the region with its relations and tax rates, the sales channel, the customer,
 * the variants of `items`), the whole new cart built in memory, ONE write batch; answers the cart from that state.
 */
export async function createCart(
  ctx: CartContext,
  input: CreateCartInput,
  requestContext: { ip?: string | undefined; user_agent?: string | undefined },
  /**
   * A statement run first in the write batch (the creation limit's guarded counter): when it fails, nothing is
   * created and `refusal` names the error to answer instead.
   */
  guard?: { statement: BatchItem<"sqlite">; refusal(err: unknown): Error | undefined },
): Promise<Record<string, unknown>> {
  const wantedChannel = requestedChannel(input.sales_channel_id, ctx.publishableKeyScopes)
  const items = input.items ?? []
  const customerRead = ctx.customerId
    ? defineRead([ctx.db.select().from(t.customer).where(eq(t.customer.id, ctx.customerId))] as const, ([[row]]) => row ?? null)
    : undefined
  // The region and channel rows are catalog data: reused under the catalog version when the isolate knows it.
  const memo = ctx.catalogVersion === undefined ? undefined : referenceMemo(ctx.catalogVersion)
  const regionKey = `cart-region:${input.region_id ?? ""}`
  const channelKey = `cart-channel:${wantedChannel ?? ""}`
  type RegionRefs = ReturnType<ReturnType<typeof regionForCartRead>["parse"]>
  const knownRegion = memo?.get<NonNullable<RegionRefs>>(regionKey)
  const knownChannel = memo?.get<ReturnType<ReturnType<typeof channelRead>["parse"]>>(channelKey)
  const [readRegion, readChannel, loadedCustomer, refs] = await runReads(ctx.db, [
    knownRegion ? undefined : regionForCartRead(ctx.db, input.region_id),
    knownChannel ? undefined : channelRead(ctx.db, wantedChannel),
    customerRead,
    items.length ? variantsForCartRead(ctx.db, variantIdsOf(items)) : undefined,
  ])
  if (readRegion) memo?.set(regionKey, readRegion)
  if (readChannel) memo?.set(channelKey, readChannel)
  const found = knownRegion ?? readRegion
  const channel = knownChannel ?? readChannel!
  if (!found) {
    if (input.region_id) throw notFound(`Region with ${input.region_id} was not found`)
    throw invalidData("A region is required to create a cart")
  }
  const { row: region, relations: regionRelations, taxRates: regionTaxRates } = found
  let salesChannel: typeof channel.row | null = null
  if (channel.id) {
    if (!channel.row || channel.row.deleted_at) throw notFound(`Sales channel with id: ${channel.id} was not found`)
    if (channel.row.is_disabled) throw invalidData(`Unable to assign the cart to a disabled Sales Channel "${channel.row.name}"`)
    salesChannel = channel.row
  }
  const customer = loadedCustomer ?? null
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
  if (refs) applyItemsToState(ctx, state, aggregate, items, refs)
  refreshDerivedState(state, aggregate)
  const [first, ...rest] = newCartWrites(ctx.db, state)
  try {
    await ctx.db.batch(guard ? [guard.statement, first!, ...rest] : [first!, ...rest])
  } catch (err) {
    throw guard?.refusal(err) ?? err
  }
  // Lines in the order a read lists them (created_at, then id).
  state.items.sort((a, b) => a.created_at.localeCompare(b.created_at) || a.id.localeCompare(b.id))
  return serializeCart(aggregateWithState(aggregate, state))
}
