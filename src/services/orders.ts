import type { Database } from "../env"
import { omit } from "../domain/objects"
import { hasFreeShipping, regularDiscount, withRules } from "../domain/discounts"
import { MedusaError, notFound } from "../domain/errors"
import { computeOrderTotals, type OrderTotals } from "../domain/order-totals"
import { pickFields, resolveFindConfig, type FindConfigSpec } from "../domain/find-config"
import {
  assembleOrderAggregate, loadOrderAggregate, orderAggregateStatements, pruneRateLimits, rateLimitHit, secondsLeftInWindow,
  type OrderAggregate, type OrderSelector,
} from "../db/queries/orders"
import type { LineItemRow, ShippingMethodRow } from "../db/queries/carts"
import { serializeReturn } from "./returns"
import { lineItemTotalsView, serializeShippingOptionRow, shippingMethodTotalsView } from "./cart-view"

const DEFAULT_FIELDS = [
  "id", "status", "fulfillment_status", "payment_status", "display_id", "cart_id", "customer_id", "email", "region_id",
  "currency_code", "tax_rate", "created_at",
] as const
const TOTALS = [
  "subtotal", "discount_total", "shipping_total", "refunded_total", "paid_total", "refundable_amount", "item_tax_total",
  "shipping_tax_total", "tax_total", "gift_card_total", "gift_card_tax_total", "total",
] as const
const DEFAULT_RELATIONS = [
  "shipping_address", "fulfillments", "fulfillments.tracking_links", "items", "items.variant", "shipping_methods",
  "shipping_methods.shipping_option", "discounts", "discounts.rule", "customer", "payments", "region",
] as const
/** Relations v1 adds to load totals (retrieveWithTotals); /orders/cart/:id shows them because it skips cleanResponseData. */
const TOTALS_RELATIONS = ["claims", "gift_card_transactions", "gift_cards", "refunds", "swaps"] as const

/** v1 store orders routes: defaultStoreOrdersFields/Relations and their allowed lists (`object` is shown by default). */
export const orderFindSpec: FindConfigSpec = {
  defaultFields: [...DEFAULT_FIELDS, "object"],
  allowedFields: [...DEFAULT_FIELDS, "object", ...TOTALS, "items.refundable"],
  defaultRelations: DEFAULT_RELATIONS,
  allowedRelations: [...DEFAULT_RELATIONS, "billing_address"],
}

/** What one order response shows: some columns (or all) and some relations; totals are always there (v1). */
export interface OrderView {
  fields: ReadonlySet<string> | "all"
  relations: ReadonlySet<string>
}

/** The completion response's order (v1 createFromCart + retrieveByCartIdWithTotals): every column, no customer. */
const COMPLETION_VIEW: OrderView = {
  fields: "all",
  relations: new Set([
    "shipping_address", "items", "items.variant", "payments", "discounts", "discounts.rule", "region", "shipping_methods",
    ...TOTALS_RELATIONS,
  ]),
}


/** Order totals from an aggregate: the service gathers rows, `computeOrderTotals` does the arithmetic. */
export function orderTotalsOf(aggregate: OrderAggregate): OrderTotals {
  const discounts = withRules(aggregate.discounts, aggregate.discountRules)
  return computeOrderTotals({
    items: aggregate.items.map((item) => ({
      id: item.id,
      unit_price: item.unit_price,
      // v1 keeps returned units in the order's totals; only what is refundable shrinks (returned_quantities).
      quantity: item.quantity,
      includes_tax: false,
      allow_discounts: item.allow_discounts,
      tax_lines: aggregate.itemTaxLines.filter((l) => l.item_id === item.id),
      adjustments: aggregate.adjustments.filter((a) => a.item_id === item.id),
    })),
    shipping_methods: aggregate.shippingMethods.map((method) => ({
      id: method.id,
      price: method.price,
      includes_tax: false,
      tax_lines: aggregate.methodTaxLines.filter((l) => l.shipping_method_id === method.id),
    })),
    gift_cards_taxable: aggregate.region?.gift_cards_taxable ?? true,
    discount_id: regularDiscount(discounts)?.id ?? null,
    free_shipping: hasFreeShipping(discounts),
    gift_card_transactions: aggregate.giftCardTransactions,
    payments: aggregate.payments.map((p) => p.amount),
    refunds: aggregate.refunds.map((r) => r.amount),
    returned_quantities: Object.fromEntries(aggregate.items.map((item) => [item.id, item.returned_quantity ?? 0])),
  })
}

/** A persisted tax line in v1's key order (id, timestamps, rate, name, code, metadata, then the owner id). */
function taxLine<T extends { id: string; created_at: string; updated_at: string; rate: number; name: string; code: string | null; metadata: unknown }>(
  line: T,
  owner: Record<string, string>,
) {
  const { id, created_at, updated_at, rate, name, code, metadata } = line
  return { id, created_at, updated_at, rate, name, code, metadata, ...owner }
}

function serializeItem(aggregate: OrderAggregate, item: LineItemRow, totals: OrderTotals, view: OrderView) {
  const t = totals.items[item.id]
  const variant = aggregate.variants.find((v) => v.id === item.variant_id) ?? null
  return {
    ...omit(item, "product_id", "includes_tax"),
    adjustments: aggregate.adjustments.filter((a) => a.item_id === item.id),
    tax_lines: aggregate.itemTaxLines.filter((l) => l.item_id === item.id).map((l) => taxLine(l, { item_id: l.item_id })),
    ...(view.relations.has("items.variant") || view.relations.has("items") ? { variant } : {}),
    ...lineItemTotalsView(t),
    refundable: t?.refundable ?? 0,
  }
}

function serializeMethod(aggregate: OrderAggregate, method: ShippingMethodRow, totals: OrderTotals, view: OrderView) {
  const t = totals.shipping_methods[method.id]
  return {
    ...omit(method, "includes_tax"),
    ...(view.relations.has("shipping_methods.shipping_option")
      ? { shipping_option: serializeShippingOptionRow(aggregate.shippingOptions.find((o) => o.id === method.shipping_option_id)) }
      : {}),
    tax_lines: aggregate.methodTaxLines
      .filter((l) => l.shipping_method_id === method.id)
      .map((l) => taxLine(l, { shipping_method_id: l.shipping_method_id })),
    ...shippingMethodTotalsView(t),
  }
}

/** v1 Fulfillment with its items; tracking links are not modelled yet (always empty). */
function serializeFulfillments(aggregate: OrderAggregate) {
  return aggregate.fulfillments.map((f) => ({
    ...f,
    metadata: f.metadata ?? {},
    tracking_links: [],
    items: aggregate.fulfillmentItems.filter((i) => i.fulfillment_id === f.id),
  }))
}

/** The order's returns with items and reasons, and the return's shipping method (admin order relation `returns`). */
function serializeOrderReturns(aggregate: OrderAggregate) {
  return aggregate.returns.map((ret) => {
    const method = aggregate.returnShippingMethods.find((m) => m.return_id === ret.id) ?? null
    return {
      ...serializeReturn(ret, aggregate.returnItems.filter((i) => i.return_id === ret.id), aggregate.returnReasons),
      shipping_method: method ? omit(method, "includes_tax") : null,
    }
  })
}

/** The wire shape of an order: the view's columns and relations, and every total (v1 decorateTotals). */
export function serializeOrder(aggregate: OrderAggregate, view: OrderView): Record<string, unknown> {
  const { order } = aggregate
  const totals = orderTotalsOf(aggregate)
  // v1's column order: timestamps right after the id.
  const { id, created_at, updated_at, ...rest } = order
  const row = { object: "order", id, created_at, updated_at, ...rest }
  const columns = view.fields === "all" ? row : pickFields(row, view.fields)
  const address = (id: string | null) => aggregate.addresses.find((a) => a.id === id) ?? null
  const rules = new Map(aggregate.discountRules.map((r) => [r.id, r]))
  const has = (name: string) => view.relations.has(name)
  const out: Record<string, unknown> = { ...columns }
  if (has("billing_address")) out.billing_address = address(order.billing_address_id)
  if (has("claims")) out.claims = []
  if (has("customer")) out.customer = aggregate.customer ? omit(aggregate.customer, "password_hash", "password_version") : null
  if (has("discounts")) {
    out.discounts = aggregate.discounts.map((d) => (has("discounts.rule") ? { ...d, rule: rules.get(d.rule_id) ?? null } : d))
  }
  if (has("fulfillments")) out.fulfillments = serializeFulfillments(aggregate)
  if (has("gift_card_transactions")) out.gift_card_transactions = aggregate.giftCardTransactions
  if (has("gift_cards")) out.gift_cards = aggregate.giftCards
  if (has("items")) out.items = aggregate.items.map((item) => serializeItem(aggregate, item, totals, view))
  if (has("payments")) out.payments = aggregate.payments
  if (has("refunds")) out.refunds = aggregate.refunds
  if (has("returns")) out.returns = serializeOrderReturns(aggregate)
  if (has("sales_channel")) out.sales_channel = aggregate.salesChannel
  if (has("region")) out.region = aggregate.region ? omit(aggregate.region, "includes_tax") : null
  if (has("shipping_address")) out.shipping_address = address(order.shipping_address_id)
  if (has("shipping_methods")) out.shipping_methods = aggregate.shippingMethods.map((m) => serializeMethod(aggregate, m, totals, view))
  if (has("swaps")) out.swaps = []
  for (const key of TOTALS) out[key] = totals[key]
  return out
}

type FindQuery = { fields?: string | undefined; expand?: string | undefined }

function viewFor(query: FindQuery, extraRelations: readonly string[] = []): OrderView {
  const config = resolveFindConfig(orderFindSpec, query)
  return { fields: config.fields, relations: new Set([...config.relations, ...extraRelations]) }
}

/** GET /store/orders/:id. */
/**
 * A logged-in customer does not see an order another registered account owns: 404 as if unknown (v1 answers it to
 * anyone with the id). Guests, and orders of guest customers, keep v1's access by unguessable id, so a shopper who
 * checked out as a guest and logged in afterwards still reads their confirmation.
 */
const hiddenFrom = (aggregate: OrderAggregate, customerId: string | undefined) =>
  customerId !== undefined && aggregate.customer?.has_account === true && aggregate.customer.id !== customerId

export async function retrieveOrder(db: Database, id: string, query: FindQuery, customerId?: string) {
  const view = viewFor(query)
  const aggregate = await loadOrderAggregate(db, { id })
  if (!aggregate || hiddenFrom(aggregate, customerId)) throw notFound(`Order with id ${id} was not found`)
  return serializeOrder(aggregate, view)
}

/** GET /store/orders/cart/:cart_id: v1 answers it without cleanResponseData, so the totals relations show too. */
export async function retrieveOrderByCart(db: Database, cartId: string, query: FindQuery, customerId?: string) {
  const view = viewFor(query, TOTALS_RELATIONS)
  const aggregate = await loadOrderAggregate(db, { cartId })
  if (!aggregate || hiddenFrom(aggregate, customerId)) throw notFound(`Order with cart id ${cartId} was not found`)
  return serializeOrder(aggregate, view)
}

/** The order a completed cart placed, as the completion answers it; undefined if the cart placed none. */
export async function completionOrderBody(db: Database, cartId: string): Promise<Record<string, unknown> | undefined> {
  const aggregate = await loadOrderAggregate(db, { cartId })
  return aggregate ? { type: "order", data: serializeOrder(aggregate, COMPLETION_VIEW) } : undefined
}

/**
 * The order lookup's rate limit: a guessing target (display ids are sequential), so each client address and each
 * email get LOOKUP_LIMIT attempts per fixed window, counted in D1 in the same round trip as the lookup itself.
 */
export const LOOKUP_LIMIT = 10
export const LOOKUP_WINDOW_MS = 10 * 60 * 1000

export class TooManyRequestsError extends MedusaError {
  constructor(readonly retryAfterSeconds: number) {
    super("too_many_requests", `Too many order lookups. Try again in ${retryAfterSeconds} seconds.`)
  }
}

export interface LookupQuery extends FindQuery {
  display_id: number
  email: string
}

/**
 * GET /store/orders?display_id=&email=: exactly one order with both → that order; otherwise 404. (display_id is
 * unique, so "exactly one" is "the one".) v1 answers the miss with the text "Not Found"; this answers JSON
 * `{type: "not_found", message: "Order not found"}`, like every other 404 here.
 */
export async function lookupOrder(db: Database, query: LookupQuery, client: string, nowMs: number) {
  const view = viewFor(query)
  const selector: OrderSelector = { displayId: query.display_id, email: query.email }
  const [byClient, byEmail, , ...orderResults] = await db.batch([
    rateLimitHit(db, `order-lookup:client:${client}`, nowMs, LOOKUP_WINDOW_MS),
    rateLimitHit(db, `order-lookup:email:${query.email.toLowerCase()}`, nowMs, LOOKUP_WINDOW_MS),
    pruneRateLimits(db, nowMs - LOOKUP_WINDOW_MS),
    ...orderAggregateStatements(db, selector),
  ])
  const over = [byClient[0], byEmail[0]].filter((row) => row !== undefined && row.hits > LOOKUP_LIMIT)
  if (over.length > 0) {
    throw new TooManyRequestsError(Math.max(...over.map((row) => secondsLeftInWindow(row!.window_start, LOOKUP_WINDOW_MS, nowMs))))
  }
  const aggregate = assembleOrderAggregate(orderResults as Parameters<typeof assembleOrderAggregate>[0])
  if (!aggregate) throw notFound("Order not found")
  return serializeOrder(aggregate, view)
}
