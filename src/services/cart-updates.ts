import type { UpdateCartInput } from "../schemas/carts"
import { checkDiscountApplicable, hasFreeShipping, withRules } from "../domain/discounts"
import { invalidData, notAllowed, notFound } from "../domain/errors"
import { newId } from "../domain/ids"
import { selectPrice } from "../domain/pricing"
import {
  assertRegionChangeAllowed,
  checkGiftCardUsable,
  chooseCartDiscounts,
  countryAfterRegionChange,
  customerGroupsAllow,
  discountsNotFound,
  freeShippingPrices,
  normalizeDiscountCode,
  repriceLines,
} from "../domain/cart-updates"
import type { CartAggregate, RegionRow } from "../db/queries/carts"
import { updateReferencesRead, type UpdateReferences } from "../db/queries/cart-updates"
import { mapRead } from "../db/reads"
import type { CartState } from "./cart-state"
import { setAddress, writeAddress } from "./cart-addresses"
import type { CartChange, CartContext, CartPlan } from "./cart-context"
import { validateSalesChannelParam } from "../domain/sales-channels"
import { assertSwapCartMoveAllowed } from "../domain/swap-carts"

/**
 * POST /store/carts/:id (v1 CartService.update, in its order): customer or guest email, re-pricing, region,
 * billing then shipping address, sales channel, discounts, gift cards, context. Everything the update needs
 * beyond the cart is read in the command's read batch; the result is written in one batch by the command runner.
 *
 * A region change deletes the payment sessions (v1 setRegion_); otherwise mutateCart brings existing sessions in
 * line with the new total, as v1's route does with setPaymentSessions.
 */
export function planUpdateCart(ctx: CartContext, input: UpdateCartInput, known: CartAggregate | undefined): CartPlan | undefined {
  // v1 lets anyone attach any customer (and so read their email back); here only the logged-in customer may be set.
  const customerId = ctx.customerId ?? input.customer_id ?? undefined
  const email = customerId ? undefined : (input.email?.toLowerCase() ?? undefined)
  const regionId = input.region_id ?? undefined
  const channelId = input.sales_channel_id ?? undefined
  const discountCodes = (input.discounts ?? []).map((d) => normalizeDiscountCode(d.code))
  const giftCardCodes = (input.gift_cards ?? []).map((g) => g.code)
  const addressIds = [input.billing_address, input.shipping_address].filter((a) => typeof a === "string")
  const maybeChannelChange = channelId !== undefined
  const countryCodes = addressCountryCodes(input)
  const needsLookup =
    customerId !== undefined || email !== undefined || regionId !== undefined || maybeChannelChange ||
    addressIds.length > 0 || discountCodes.length > 0 || giftCardCodes.length > 0
  const apply = (refs: UpdateReferences | undefined): CartChange => (state, aggregate) =>
    applyUpdate(ctx, input, state, aggregate, refs, { customerId, email, regionId, channelId, discountCodes, giftCardCodes })
  if (!needsLookup && countryCodes.length === 0) return { change: apply(undefined) }
  // The lookups depend on the cart (prices of its lines, products a new channel must carry, countries its region
  // does not vouch for): know the cart first.
  if (!known) return undefined
  // Countries the region does not vouch for must at least exist (v1: 404 "Country with country_code … does not exist.").
  const regionCountries = known.regionRelations.countries.map((c) => c.iso_2)
  const foreignCountries = countryCodes.filter((code) => !regionCountries.includes(code))
  if (!needsLookup && foreignCountries.length === 0) return { change: apply(undefined) }
  const channelChange = channelId !== undefined && channelId !== known.cart.sales_channel_id
  const reprice = regionId !== undefined || customerId !== undefined
  const now = ctx.now().toISOString()
  return {
    read: mapRead(
      updateReferencesRead(ctx.db, {
        customerId,
        guest: email ? { id: newId("customer"), email, now } : undefined,
        regionId,
        addressIds,
        salesChannelId: channelChange ? channelId : undefined,
        channelProductIds: channelChange ? productIdsOf(known.items, known) : undefined,
        priceVariantIds: reprice ? known.items.flatMap((i) => (i.variant_id ? [i.variant_id] : [])) : undefined,
        discountCodes,
        giftCardCodes,
        countryCodes: foreignCountries,
      }),
      apply,
    ),
  }
}

interface UpdateWants {
  customerId: string | undefined
  email: string | undefined
  regionId: string | undefined
  channelId: string | undefined
  discountCodes: string[]
  giftCardCodes: string[]
}

function applyUpdate(
  ctx: CartContext,
  input: UpdateCartInput,
  state: CartState,
  aggregate: CartAggregate,
  refs: UpdateReferences | undefined,
  { customerId, email, regionId, channelId, discountCodes, giftCardCodes }: UpdateWants,
): void {
  const now = ctx.now().toISOString()
  // v1 checks the key only on create; a storefront's key bounds every channel it may move a cart to.
  validateSalesChannelParam(ctx.publishableKeyScopes, input.sales_channel_id ?? undefined)
  // v1 lets anyone attach any customer (and so read their email back); here only the logged-in customer may be set.
  if (input.customer_id != null && input.customer_id !== ctx.customerId) {
    throw notAllowed("A cart can only be assigned to the logged-in customer")
  }
  const channelChange = channelId !== undefined && channelId !== state.cart.sales_channel_id
  const reprice = regionId !== undefined || customerId !== undefined
  const regionCountries = aggregate.regionRelations.countries.map((c) => c.iso_2)
  if (refs) {
    setCustomer(state, aggregate, refs, customerId, email)
    if (regionId !== undefined) {
      const region = refs.region
      if (!region) throw notFound(`Region with ${regionId} was not found`)
      const regionChange = region.id !== state.cart.region_id
      if (regionChange) {
        assertSwapCartMoveAllowed(state.cart, "region")
        assertRegionChangeAllowed(state.cart)
      }
      repriceItems(state, refs, region, regionChange, now)
      if (regionChange) moveToRegion(state, aggregate, refs, region, input, now)
    } else if (reprice) {
      repriceItems(state, refs, aggregate.region, false, now)
    }
  }
  const countries = aggregate.regionRelations.countries.map((c) => c.iso_2)
  const knownCountries = new Set([...regionCountries, ...countries, ...(refs?.knownCountries ?? [])])
  const linkable = refs?.addresses ?? []
  if (input.billing_address !== undefined) setAddress(state, ctx, "billing", input.billing_address, linkable, countries, knownCountries, now)
  if (input.shipping_address !== undefined) setAddress(state, ctx, "shipping", input.shipping_address, linkable, countries, knownCountries, now)
  if (refs && channelChange) moveToSalesChannel(state, aggregate, refs, channelId)
  if (input.discounts) setDiscounts(ctx, state, aggregate, refs, discountCodes)
  if (input.gift_cards !== undefined) setGiftCards(state, aggregate, refs, giftCardCodes)
  if (input.context) state.cart.context = { ...(state.cart.context ?? {}), ...input.context }
}

/** The lower-cased country codes of the address objects in an update (ids and nulls carry none). */
function addressCountryCodes(input: UpdateCartInput): string[] {
  return [input.billing_address, input.shipping_address].flatMap((a) =>
    a && typeof a === "object" && typeof a.country_code === "string" ? [a.country_code.toLowerCase()] : [],
  )
}

/** DELETE /store/carts/:id/discounts/:code: removing a code that is not applied changes nothing (v1). */
export function planRemoveDiscount(code: string): CartPlan {
  return { change: (state, aggregate) => {
    const target = normalizeDiscountCode(code)
    const had = cartHasFreeShipping(state.discountIds, aggregate)
    state.discountIds = state.discountIds.filter((id) => {
      const discount = aggregate.discounts.find((d) => d.id === id)
      return !discount || normalizeDiscountCode(discount.code) !== target
    })
    restoreShippingPrices(state, aggregate, had)
  } }
}

function setCustomer(state: CartState, aggregate: CartAggregate, refs: UpdateReferences, customerId?: string, email?: string) {
  if (customerId !== undefined) {
    const customer = refs.customer
    if (!customer) throw notFound(`Customer with id: ${customerId} was not found`)
    state.cart.customer_id = customer.id
    state.cart.email = customer.email
    aggregate.customer = customer
  } else if (email !== undefined && refs.guest) {
    state.cart.customer_id = refs.guest.id
    state.cart.email = refs.guest.email
    aggregate.customer = refs.guest
  }
}

function repriceItems(state: CartState, refs: UpdateReferences, region: RegionRow, clearShipping: boolean, now: string) {
  const priceOf = (variantId: string, quantity: number) =>
    selectPrice(
      refs.prices.filter((p) => p.variant_id === variantId),
      { region_id: region.id, currency_code: region.currency_code, quantity },
    )?.amount
  const unchanged = new Set(state.items)
  const { lines } = repriceLines(state.items, priceOf, clearShipping)
  state.items = lines.map((line) => (unchanged.has(line) ? line : { ...line, updated_at: now }))
}

/** v1 setRegion_: new region, shipping country moved, methods/sessions/gift cards dropped, foreign discounts dropped. */
function moveToRegion(
  state: CartState,
  aggregate: CartAggregate,
  refs: UpdateReferences,
  region: RegionRow,
  input: UpdateCartInput,
  now: string,
) {
  const payload = typeof input.shipping_address === "object" ? input.shipping_address : undefined
  const country = countryAfterRegionChange(input.country_code || payload?.country_code, refs.countries.map((c) => c.iso_2))
  state.cart.region_id = region.id
  aggregate.region = region
  aggregate.regionRelations = { ...aggregate.regionRelations, countries: refs.countries }
  writeAddress(state, "shipping", { country_code: country }, now)
  state.shippingMethods = []
  state.discountIds = state.discountIds.filter((id) =>
    aggregate.discountRegions.some((r) => r.discount_id === id && r.region_id === region.id),
  )
  state.giftCardIds = []
  state.paymentSessions = []
}

function productIdsOf(items: CartState["items"], aggregate: CartAggregate): string[] {
  return items.flatMap((item) => {
    const variant = aggregate.variants.find((v) => v.id === item.variant_id)
    const productId = variant?.product_id ?? item.product_id
    return productId ? [productId] : []
  })
}

/** v1 onSalesChannelChange: lines whose product the new channel does not carry are removed. */
function moveToSalesChannel(state: CartState, aggregate: CartAggregate, refs: UpdateReferences, channelId: string) {
  const channel = refs.salesChannel
  if (!channel) throw notFound(`Sales channel with id: ${channelId} was not found`)
  // The swap's credit lines would go with products the new channel does not carry.
  assertSwapCartMoveAllowed(state.cart, "sales channel")
  if (channel.is_disabled) throw invalidData(`Unable to assign the cart to a disabled Sales Channel "${channel.name}"`)
  const carried = new Set(refs.channelProductIds)
  state.items = state.items.filter((item) => {
    const variant = aggregate.variants.find((v) => v.id === item.variant_id)
    const productId = variant?.product_id ?? item.product_id
    return productId === null || carried.has(productId)
  })
  state.cart.sales_channel_id = channel.id
  aggregate.salesChannel = channel
}

/**
 * v1 update with `discounts`: an empty list removes every discount; otherwise the cart's discounts are replaced
 * by the codes given, each validated against the cart (v1 validateDiscountForCartOrThrow), keeping one regular
 * and one free-shipping discount.
 */
function setDiscounts(
  ctx: CartContext,
  state: CartState,
  aggregate: CartAggregate,
  refs: UpdateReferences | undefined,
  codes: readonly string[],
) {
  const had = cartHasFreeShipping(state.discountIds, aggregate)
  if (codes.length === 0 || !refs) {
    state.discountIds = []
    restoreShippingPrices(state, aggregate, had)
    return
  }
  if (refs.discounts.length !== codes.length) throw discountsNotFound(codes)
  rememberDiscounts(aggregate, refs)
  const rules = new Map(refs.discountRules.map((r) => [r.id, r]))
  const requested = [...new Set(codes)].flatMap((code) => refs.discounts.filter((d) => normalizeDiscountCode(d.code) === code))
  for (const discount of requested) {
    const conditions = refs.discountConditions
      .filter((c) => c.discount_rule_id === discount.rule_id)
      .map((c) => ({
        type: c.type,
        operator: c.operator,
        target_ids: refs.discountConditionTargets.filter((t) => t.condition_id === c.id).map((t) => t.target_id),
      }))
    const regionOwner = discount.parent_discount_id ?? discount.id
    checkDiscountApplicable(
      {
        ...discount,
        region_ids: refs.discountRegions.filter((r) => r.discount_id === regionOwner).map((r) => r.region_id),
        has_customer_group_condition: conditions.some((c) => c.type === "customer_groups"),
      },
      {
        now: ctx.now(),
        regionId: state.cart.region_id,
        customerId: state.cart.customer_id,
        // Customer-group membership is not stored yet, so a customer belongs to no group.
        customerEligible: customerGroupsAllow(conditions, []),
      },
    )
  }
  const chosen = chooseCartDiscounts(requested.map((d) => ({ id: d.id, type: rules.get(d.rule_id)?.type ?? "" })))
  state.discountIds = chosen.map((d) => d.id)
  restoreShippingPrices(state, aggregate, had)
}

function setGiftCards(state: CartState, aggregate: CartAggregate, refs: UpdateReferences | undefined, codes: readonly string[]) {
  const ids: string[] = []
  for (const code of codes) {
    const card = refs?.giftCards.find((g) => g.code === code)
    checkGiftCardUsable(card, code, state.cart.region_id)
    if (!ids.includes(card.id)) ids.push(card.id)
    if (!aggregate.giftCards.some((g) => g.id === card.id)) aggregate.giftCards.push({ ...card, position: aggregate.giftCards.length })
  }
  state.giftCardIds = ids
}

/** Adds loaded discount rows to the aggregate so refreshDerivedState can compute their adjustments. */
function rememberDiscounts(aggregate: CartAggregate, refs: UpdateReferences) {
  const add = <T>(list: T[], rows: readonly T[], same: (a: T, b: T) => boolean) => {
    for (const row of rows) if (!list.some((r) => same(r, row))) list.push(row)
  }
  const byId = (a: { id: string }, b: { id: string }) => a.id === b.id
  add(aggregate.discounts, refs.discounts, byId)
  add(aggregate.discountRules, refs.discountRules, byId)
  add(aggregate.discountConditions, refs.discountConditions, byId)
  add(aggregate.discountRegions, refs.discountRegions, (a, b) => a.discount_id === b.discount_id && a.region_id === b.region_id)
  add(
    aggregate.discountConditionTargets,
    refs.discountConditionTargets,
    (a, b) => a.condition_id === b.condition_id && a.target_id === b.target_id,
  )
}

/** Whether the discounts `discountIds` names include a free-shipping one (domain/discounts.ts decides). */
function cartHasFreeShipping(discountIds: readonly string[], aggregate: CartAggregate): boolean {
  return hasFreeShipping(withRules(aggregate.discounts.filter((d) => discountIds.includes(d.id)), aggregate.discountRules))
}

/** v1 adjustFreeShipping_ after the discounts changed: methods cost 0 with free shipping, their price without. */
function restoreShippingPrices(state: CartState, aggregate: CartAggregate, had: boolean) {
  const has = cartHasFreeShipping(state.discountIds, aggregate)
  const amountOf = (optionId: string) => aggregate.shippingOptions.find((o) => o.id === optionId)?.amount
  state.shippingMethods = freeShippingPrices(state.shippingMethods, amountOf, had, has)
}
