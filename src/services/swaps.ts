import { and, eq, inArray, isNull } from "drizzle-orm"
import type { BatchItem } from "drizzle-orm/batch"
import type { Database, Env } from "../env"
import * as t from "../db/schema"
import { isGuardFailure } from "../db/guards"
import { isConstraintFailure } from "../db/errors"
import { loadOrderAggregate, type OrderAggregate, type OrderRow } from "../db/queries/orders"
import { loadVariantsForCart } from "../db/queries/cart-variants"
import type { AddressRow, CartRow, LineItemRow } from "../db/queries/carts"
import { assertProductInChannel, hasInventoryFor, insufficientInventory } from "../domain/cart-rules"
import { conflict, invalidData, notAllowed, notFound } from "../domain/errors"
import { newId } from "../domain/ids"
import { omit } from "../domain/objects"
import { selectPrice } from "../domain/pricing"
import type { CreateSwapInput } from "../schemas/swaps"
import { outboxEvent, publishEvents } from "./events"
import {
  createUnderKey, isKeyTaken, keyWrite,
  type IdempotentRequest, type StoredResponse,
} from "./idempotency"
import { planReturn, type PlannedReturn } from "./returns"
import { serializeShippingOptionRow } from "./cart-view"
import { swapReturnLines, type SwapCreditSource } from "./swap-credit"

export type SwapRow = typeof t.swap.$inferSelect

export interface SwapContext {
  db: Database
  env?: Env | undefined
  now: () => Date
  /** The logged-in customer, if any: a customer may only swap their own orders. */
  customerId?: string | undefined
}

/**
 * POST /store/swaps, stage `started` → `swap_created` (v1 SwapService.create + createCart + ReturnService.fulfill):
 * one batch writes the swap, its return (lines guarded against returning more than was bought), and its cart of type
 * `swap` — the additional items at the order region's prices, a "Return shipping" line charging the return
 * option's price, and a credit line (negative unit price) per returned line — plus the `swap.created` event.
 * The shopper then pays that cart through the normal checkout; completing it confirms the swap.
 */
async function requestSwap(ctx: SwapContext, input: CreateSwapInput, request: IdempotentRequest, keyExists: boolean) {
  const { db } = ctx
  const aggregate = await loadOrderAggregate(db, { id: input.order_id })
  if (!aggregate || (ctx.customerId && aggregate.order.customer_id !== ctx.customerId)) {
    throw notFound(`Order with id ${input.order_id} was not found`)
  }
  const order = aggregate.order
  if (order.status === "canceled" || order.canceled_at) throw invalidData("Cannot create a swap on a canceled item.")
  if (order.payment_status !== "captured") throw notAllowed("Cannot swap an order that has not been captured")
  if (order.fulfillment_status === "not_fulfilled") throw notAllowed("Cannot swap an order that has not been fulfilled")

  const now = ctx.now().toISOString()
  const swapId = newId("swap")
  const cartId = newId("cart")
  // Line ids ascend in v1's order (additional items, return shipping, credits): a cart lists lines by id.
  let tick = Date.parse(now)
  const nextLineId = () => newId("lineItem", tick++)
  const additional = await additionalItems(db, aggregate, input.additional_items, { swapId, cartId, now, nextLineId })
  const planned = await planReturn(
    db, aggregate, { items: input.return_items, optionId: input.return_shipping_option },
    { swap_id: swapId, order_id: null, idempotency_key: null, no_notification: true }, now,
  )

  // The order's addresses are copied: a cart edits its address rows in place, and the order's must not change.
  const copies = new Map<string, AddressRow>()
  for (const id of [order.shipping_address_id, order.billing_address_id]) {
    const address = aggregate.addresses.find((a) => a.id === id)
    if (address && !copies.has(address.id)) copies.set(address.id, { ...address, id: newId("address"), created_at: now, updated_at: now })
  }
  const cart: CartRow = {
    id: cartId, email: order.email, billing_address_id: copies.get(order.billing_address_id ?? "")?.id ?? null,
    shipping_address_id: copies.get(order.shipping_address_id ?? "")?.id ?? null, region_id: order.region_id,
    customer_id: order.customer_id || null, payment_id: null, type: "swap", completed_at: null, payment_authorized_at: null,
    idempotency_key: null, context: {}, sales_channel_id: order.sales_channel_id, metadata: { swap_id: swapId, parent_order_id: order.id },
    version: 0, created_at: now, updated_at: now, deleted_at: null,
  }
  const swap: SwapRow = {
    id: swapId, fulfillment_status: "not_fulfilled", payment_status: "not_paid", order_id: order.id, difference_due: null,
    shipping_address_id: null, cart_id: cartId, confirmed_at: null, canceled_at: null, no_notification: true,
    allow_backorder: false, idempotency_key: request.key, metadata: null, created_at: now, updated_at: now, deleted_at: null,
  }
  const credit = swapReturnLines(creditSourceOf(aggregate, planned), cartId, now, nextLineId)
  const event = outboxEvent(db, "swap.created", { id: swapId, no_notification: true }, ctx.now())
  const writes: BatchItem<"sqlite">[] = [
    db.insert(t.swap).values(swap),
    ...[...copies.values()].map((address) => db.insert(t.address).values(address)),
    db.insert(t.cart).values(cart),
    ...[...additional.items, ...credit.items].map((item) => db.insert(t.lineItem).values(item)),
    ...credit.taxLines.map((line) => db.insert(t.lineItemTaxLine).values(line)),
    ...credit.adjustments.map((adjustment) => db.insert(t.lineItemAdjustment).values(adjustment)),
    ...planned.writes,
    event.statement,
  ]
  try {
    await db.batch([keyWrite(db, request, keyExists, "swap_created", now), ...writes])
  } catch (err) {
    if (isKeyTaken(err)) throw conflict(`Idempotency-Key ${request.key} is being used by another request`)
    if (isGuardFailure(err, "return_item.quantity")) throw notAllowed("Cannot return more items than have been purchased")
    if (isConstraintFailure(err, "UNIQUE", "swap.idempotency_key")) throw conflict(`Idempotency-Key ${request.key} is being used by another request`)
    throw err
  }
  if (ctx.env) await publishEvents(ctx.env, [event.id])
}

/** What the new swap's return lines are computed from: the planned return and the order's lines. */
function creditSourceOf(aggregate: OrderAggregate, planned: PlannedReturn): SwapCreditSource {
  return {
    orderItems: aggregate.items, orderTaxLines: aggregate.itemTaxLines, orderAdjustments: aggregate.adjustments,
    returned: planned.rows.map((row) => ({ item_id: row.item_id, quantity: row.quantity })),
    shipping: planned.shipping ? { price: planned.shipping.method.price, taxLines: planned.shipping.taxLines } : null,
  }
}

/** The swap's new lines (v1 LineItemService.generate with the order's region): priced, in stock, on the swap's cart. */
async function additionalItems(
  db: Database,
  aggregate: OrderAggregate,
  requested: CreateSwapInput["additional_items"],
  ids: { swapId: string; cartId: string; now: string; nextLineId: () => string },
) {
  const order = aggregate.order
  const loaded = await loadVariantsForCart(db, requested.map((r) => r.variant_id))
  const items: LineItemRow[] = []
  for (const line of requested) {
    const variant = loaded.variants.find((v) => v.id === line.variant_id)
    const product = loaded.products.find((p) => p.id === variant?.product_id)
    if (!variant || !product) throw notFound(`Variant with id: ${line.variant_id} was not found`)
    // The swap's cart is in the order's channel: the same check as adding the variant to it as a line.
    assertProductInChannel(product, order.sales_channel_id, loaded.productSalesChannels)
    const quantity = requested.filter((r) => r.variant_id === variant.id).reduce((sum, r) => sum + r.quantity, 0)
    if (!hasInventoryFor(variant, quantity)) throw insufficientInventory(variant.id)
    const price = selectPrice(loaded.prices.filter((p) => p.variant_id === variant.id), {
      region_id: order.region_id, currency_code: order.currency_code, quantity: line.quantity,
    })
    if (!price) {
      throw invalidData(`Cannot generate line item for variant "${variant.title ?? product.title}" with id "${variant.id}" because it does not have a price.`)
    }
    items.push({
      id: ids.nextLineId(), cart_id: ids.cartId, order_id: null, swap_id: ids.swapId, claim_order_id: null, original_item_id: null,
      order_edit_id: null, title: product.title, description: variant.title, thumbnail: product.thumbnail, is_return: false,
      is_giftcard: product.is_giftcard, should_merge: true, allow_discounts: product.discountable, has_shipping: null,
      unit_price: price.amount, variant_id: variant.id, product_id: product.id, quantity: line.quantity, fulfilled_quantity: null,
      returned_quantity: null, shipped_quantity: null, includes_tax: false, metadata: {}, created_at: ids.now, updated_at: ids.now,
    })
  }
  return { items }
}

/**
 * POST /store/swaps under an idempotency key (catalog §3(c): started → swap_created → finished). A finished key
 * replays its response; a key at `swap_created` answers the swap created under it.
 */
export async function createSwap(ctx: SwapContext, input: CreateSwapInput, request: IdempotentRequest): Promise<StoredResponse> {
  const created = async () => {
    const [row] = await ctx.db.select().from(t.swap).where(eq(t.swap.idempotency_key, request.key))
    if (!row) throw invalidData("Swap not found")
    // v1 answers the swap entity it just created, which lacks the columns it did not set.
    const { canceled_at: _c, no_notification: _n, allow_backorder: _a, ...swap } = serializeSwap(await loadSwapView(ctx.db, row))
    return JSON.stringify({ swap })
  }
  return createUnderKey(ctx.db, request, {
    create: async (keyExists) => {
      await requestSwap(ctx, input, request, keyExists)
      return created()
    },
    created,
  })
}

/** GET /store/swaps/:cart_id (v1 retrieveByCartId with the store's default relations). */
export async function swapByCartId(ctx: SwapContext, cartId: string) {
  const [row] = await ctx.db.select().from(t.swap).where(and(eq(t.swap.cart_id, cartId), isNull(t.swap.deleted_at)))
  if (!row) throw notFound(`Swap was not found`)
  const view = await loadSwapView(ctx.db, row)
  if (ctx.customerId && view.order && view.order.customer_id !== ctx.customerId) throw notFound(`Swap was not found`)
  return serializeSwap(view)
}

/** The swap by id, as GET answers it (the body of a completed swap cart). */
export async function swapBody(db: Database, swapId: string) {
  const [row] = await db.select().from(t.swap).where(eq(t.swap.id, swapId))
  return row ? serializeSwap(await loadSwapView(db, row)) : undefined
}

interface SwapView {
  swap: SwapRow
  order: OrderRow | undefined
  additionalItems: LineItemRow[]
  variants: (typeof t.productVariant.$inferSelect)[]
  ret: (typeof t.orderReturn.$inferSelect) | undefined
  returnItems: (typeof t.returnItem.$inferSelect)[]
  returnMethods: (typeof t.shippingMethod.$inferSelect)[]
  shippingOptions: (typeof t.shippingOption.$inferSelect)[]
  cart: CartRow | undefined
  payment: (typeof t.payment.$inferSelect) | undefined
  address: AddressRow | undefined
  methods: (typeof t.shippingMethod.$inferSelect)[]
  fulfillments: (typeof t.fulfillment.$inferSelect)[]
}

/** Everything the swap's default relations show, in one round trip. */
async function loadSwapView(db: Database, swap: SwapRow): Promise<SwapView> {
  const returnIds = db.select({ id: t.orderReturn.id }).from(t.orderReturn).where(eq(t.orderReturn.swap_id, swap.id))
  const methodOptionIds = db
    .select({ id: t.shippingMethod.shipping_option_id })
    .from(t.shippingMethod)
    .where(inArray(t.shippingMethod.return_id, returnIds))
  const swapMethodOptionIds = db.select({ id: t.shippingMethod.shipping_option_id }).from(t.shippingMethod).where(eq(t.shippingMethod.swap_id, swap.id))
  const [orders, items, variants, returns, returnItems, returnMethods, options, swapOptions, carts, payments, addresses, methods, fulfillments] =
    await db.batch([
      db.select().from(t.order).where(eq(t.order.id, swap.order_id)),
      db.select().from(t.lineItem).where(eq(t.lineItem.swap_id, swap.id)),
      db.select().from(t.productVariant).where(inArray(t.productVariant.id, db.select({ id: t.lineItem.variant_id }).from(t.lineItem).where(eq(t.lineItem.swap_id, swap.id)))),
      db.select().from(t.orderReturn).where(eq(t.orderReturn.swap_id, swap.id)),
      db.select().from(t.returnItem).where(inArray(t.returnItem.return_id, returnIds)),
      db.select().from(t.shippingMethod).where(inArray(t.shippingMethod.return_id, returnIds)),
      db.select().from(t.shippingOption).where(inArray(t.shippingOption.id, methodOptionIds)),
      db.select().from(t.shippingOption).where(inArray(t.shippingOption.id, swapMethodOptionIds)),
      db.select().from(t.cart).where(eq(t.cart.id, swap.cart_id ?? "")),
      db.select().from(t.payment).where(eq(t.payment.swap_id, swap.id)),
      db.select().from(t.address).where(eq(t.address.id, swap.shipping_address_id ?? "")),
      db.select().from(t.shippingMethod).where(eq(t.shippingMethod.swap_id, swap.id)),
      db.select().from(t.fulfillment).where(eq(t.fulfillment.swap_id, swap.id)),
    ])
  return {
    swap, order: orders[0], additionalItems: items, variants, ret: returns[0], returnItems, returnMethods,
    shippingOptions: [...options, ...swapOptions], cart: carts[0], payment: payments[0], address: addresses[0], methods, fulfillments,
  }
}

/** v1's store swap shape: its columns, then order, additional_items (with variant), return_order, and the rest. */
function serializeSwap(view: SwapView) {
  const { swap } = view
  const option = (id: string | null) => serializeShippingOptionRow(view.shippingOptions.find((o) => o.id === id))
  const returnMethod = view.returnMethods[0]
  const order = view.order
  return {
    id: swap.id, created_at: swap.created_at, updated_at: swap.updated_at, deleted_at: swap.deleted_at,
    fulfillment_status: swap.fulfillment_status, payment_status: swap.payment_status, order_id: swap.order_id,
    difference_due: swap.difference_due, shipping_address_id: swap.shipping_address_id, cart_id: swap.cart_id,
    confirmed_at: swap.confirmed_at, canceled_at: swap.canceled_at, no_notification: swap.no_notification,
    allow_backorder: swap.allow_backorder, idempotency_key: swap.idempotency_key, metadata: swap.metadata,
    order: order ? { object: "order", id: order.id, created_at: order.created_at, updated_at: order.updated_at, ...omit(order, "id", "created_at", "updated_at") } : null,
    additional_items: view.additionalItems.map((item) => ({
      ...omit(item, "product_id", "includes_tax"),
      variant: view.variants.find((v) => v.id === item.variant_id) ?? null,
    })),
    return_order: view.ret
      ? {
          ...view.ret,
          shipping_method: returnMethod ? { ...omit(returnMethod, "includes_tax"), shipping_option: option(returnMethod.shipping_option_id) } : null,
          items: view.returnItems.map((item) => ({ ...item, metadata: item.metadata ?? {} })),
        }
      : null,
    fulfillments: view.fulfillments,
    payment: view.payment ?? null,
    shipping_address: view.address ?? null,
    shipping_methods: view.methods.map((m) => ({ ...omit(m, "includes_tax"), shipping_option: option(m.shipping_option_id) })),
    cart: view.cart
      ? {
          object: "cart", id: view.cart.id, created_at: view.cart.created_at, updated_at: view.cart.updated_at, deleted_at: view.cart.deleted_at,
          ...omit(view.cart, "id", "created_at", "updated_at", "deleted_at", "version"),
        }
      : null,
  }
}
