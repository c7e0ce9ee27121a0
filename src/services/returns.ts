import { and, eq, isNull } from "drizzle-orm"
import type { BatchItem } from "drizzle-orm/batch"
import type { Database, Env } from "../env"
import { outboxEvent, publishEvents } from "./events"
import * as t from "../db/schema"
import { conflict, invalidData, notAllowed, notFound } from "../domain/errors"
import { newId } from "../domain/ids"
import { checkReturnRequest, returnRefundAmount, type ReturnableLine } from "../domain/returns"
import type { LineItemInput } from "../domain/totals"
import { isGuardFailure } from "../db/guards"
import { regularDiscount, withRules } from "../domain/discounts"
import { loadOrderAggregate, type OrderAggregate, type ReturnItemRow, type ReturnReasonRow, type ReturnRow } from "../db/queries/orders"
import type { MethodTaxLineRow, ShippingMethodRow, ShippingOptionRow } from "../db/queries/carts"
import { insertGuardedReturnItem, loadReturnByKey, loadReturnReasons, OPEN_RETURN_STATUSES } from "../db/queries/returns"
import { taxRatesForShippingOptions } from "../db/queries/tax-rates"
import type { CreateReturnInput } from "../schemas/returns"
import {
  createUnderKey, isKeyTaken, keyWrite,
  type IdempotentRequest, type StoredResponse,
} from "./idempotency"

export interface ReturnContext {
  db: Database
  /** For handing committed outbox events to the queue (the cron relay sends them otherwise). */
  env?: Env | undefined
  now: () => Date
  /** The logged-in customer, if any: a customer may only return their own orders. */
  customerId?: string | undefined
}

/** The wire shape of a return with its items and their reasons (v1 store default relations: items, items.reason). */
export function serializeReturn(ret: ReturnRow, items: readonly ReturnItemRow[], reasons: readonly ReturnReasonRow[]) {
  const { id, created_at, updated_at, ...rest } = ret
  return {
    id, created_at, updated_at, ...rest,
    items: items.map((item) => ({
      ...item,
      metadata: item.metadata ?? {},
      reason: reasons.find((r) => r.id === item.reason_id) ?? null,
    })),
  }
}

/** The order's lines as totals and returns see them. */
export function orderLineInputs(aggregate: OrderAggregate): (LineItemInput & ReturnableLine)[] {
  const openReturns = new Set(
    aggregate.returns.filter((r) => (OPEN_RETURN_STATUSES as readonly string[]).includes(r.status)).map((r) => r.id),
  )
  return aggregate.items.map((item) => ({
    id: item.id,
    unit_price: item.unit_price,
    quantity: item.quantity,
    includes_tax: false,
    allow_discounts: item.allow_discounts,
    tax_lines: aggregate.itemTaxLines.filter((l) => l.item_id === item.id),
    adjustments: aggregate.adjustments.filter((a) => a.item_id === item.id),
    returned_quantity: item.returned_quantity ?? 0,
    is_giftcard: item.is_giftcard,
    requested_quantity: aggregate.returnItems
      .filter((ri) => ri.item_id === item.id && openReturns.has(ri.return_id))
      .reduce((sum, ri) => sum + ri.quantity, 0),
  }))
}

/** The order's regular (not free-shipping) discount, whose adjustments count in refunds. */
export function regularDiscountId(aggregate: OrderAggregate): string | null {
  return regularDiscount(withRules(aggregate.discounts, aggregate.discountRules))?.id ?? null
}

/** Merges repeated lines of one order line into one (a return holds each line once). */
function mergeItems(items: CreateReturnInput["items"]) {
  const merged = new Map<string, CreateReturnInput["items"][number]>()
  for (const item of items) {
    const seen = merged.get(item.item_id)
    merged.set(item.item_id, seen ? { ...seen, quantity: seen.quantity + item.quantity } : item)
  }
  return [...merged.values()]
}

async function returnShippingOption(db: Database, optionId: string, order: OrderAggregate["order"]) {
  const [option] = await db
    .select()
    .from(t.shippingOption)
    .where(and(eq(t.shippingOption.id, optionId), isNull(t.shippingOption.deleted_at)))
  if (!option) throw notFound(`Shipping Option with ${optionId} was not found`)
  if (!option.is_return || option.region_id !== order.region_id) {
    throw invalidData(`Shipping Option with ${optionId} is not a return shipping option of the order's region`)
  }
  return option
}

/** What a return request writes: the return, its lines (guarded), its shipping method and tax lines. */
export interface PlannedReturn {
  ret: ReturnRow
  rows: ReturnItemRow[]
  reasons: ReturnReasonRow[]
  /** The return shipping method, with its option (a swap cart charges its price as a line). */
  shipping: { method: ShippingMethodRow; option: ShippingOptionRow; taxLines: MethodTaxLineRow[] } | null
  writes: BatchItem<"sqlite">[]
}

/**
 * Checks a return of `input.items` against the order and builds its rows and writes (no I/O beyond the reads of
 * reasons, the return option and its tax rates). Shared by POST /store/returns and POST /store/swaps, whose return
 * carries `swap_id` and no `order_id` (v1).
 */
export async function planReturn(
  db: Database,
  aggregate: OrderAggregate,
  input: { items: CreateReturnInput["items"]; optionId?: string | undefined },
  fields: Pick<ReturnRow, "swap_id" | "order_id" | "idempotency_key" | "no_notification">,
  now: string,
): Promise<PlannedReturn> {
  const order = aggregate.order
  const items = mergeItems(input.items)
  const lines = orderLineInputs(aggregate)
  const reasonIds = [...new Set(items.flatMap((i) => (i.reason_id ? [i.reason_id] : [])))]
  const reasons = await loadReturnReasons(db, reasonIds)
  checkReturnRequest(
    { canceled: order.status === "canceled" || order.canceled_at !== null },
    lines,
    items,
    reasons.map((r) => ({ id: r.row.id, has_children: r.has_children })),
  )

  const option = input.optionId ? await returnShippingOption(db, input.optionId, order) : null
  const rates = option && aggregate.region ? (await taxRatesForShippingOptions(db, aggregate.region, [option.id])).get(option.id) ?? [] : []
  const shippingPrice = option?.amount ?? 0
  const refund = returnRefundAmount(lines, regularDiscountId(aggregate), items, option ? { price: shippingPrice, tax_rates: rates.map((r) => r.rate) } : null)

  const ret: ReturnRow = {
    id: newId("orderReturn"), status: "requested", swap_id: fields.swap_id, claim_order_id: null, order_id: fields.order_id,
    location_id: null,
    // v1 fulfills a return that has a shipping method right away; the manual provider's return data is {}.
    shipping_data: option ? {} : null,
    refund_amount: refund, received_at: null, no_notification: fields.no_notification, metadata: null,
    idempotency_key: fields.idempotency_key, created_at: now, updated_at: now,
  }
  const rows: ReturnItemRow[] = items.map((item) => ({
    return_id: ret.id, item_id: item.item_id, quantity: item.quantity, is_requested: true, requested_quantity: item.quantity,
    received_quantity: null, reason_id: item.reason_id ?? null, note: item.note ?? null, metadata: null,
  }))
  const writes: BatchItem<"sqlite">[] = [db.insert(t.orderReturn).values(ret), ...rows.map((row) => insertGuardedReturnItem(db, row))]
  let shipping: PlannedReturn["shipping"] = null
  if (option) {
    const method: ShippingMethodRow = {
      id: newId("shippingMethod"), shipping_option_id: option.id, order_id: null, claim_order_id: null, cart_id: null, swap_id: null,
      return_id: ret.id, price: shippingPrice, data: {}, includes_tax: false,
    }
    const taxLines: MethodTaxLineRow[] = rates.map((rate) => ({
      id: newId("shippingTaxLine"), shipping_method_id: method.id, rate: rate.rate ?? 0, name: rate.name, code: rate.code,
      metadata: null, created_at: now, updated_at: now,
    }))
    shipping = { method, option, taxLines }
    writes.push(db.insert(t.shippingMethod).values(method), ...taxLines.map((line) => db.insert(t.shippingMethodTaxLine).values(line)))
  }
  return { ret, rows, reasons: reasons.map((r) => r.row), shipping, writes }
}

/**
 * POST /store/returns, stage `started` → `return_requested`: the planned return, the `order.return_requested` event
 * and the key's recovery point in one batch.
 */
async function requestReturn(ctx: ReturnContext, input: CreateReturnInput, request: IdempotentRequest, keyExists: boolean) {
  const { db } = ctx
  const aggregate = await loadOrderAggregate(db, { id: input.order_id })
  if (!aggregate || (ctx.customerId && aggregate.order.customer_id !== ctx.customerId)) {
    throw notFound(`Order with id ${input.order_id} was not found`)
  }
  const now = ctx.now().toISOString()
  const planned = await planReturn(
    db, aggregate, { items: input.items, optionId: input.return_shipping?.option_id },
    { swap_id: null, order_id: aggregate.order.id, idempotency_key: request.key, no_notification: null }, now,
  )
  const event = outboxEvent(db, "order.return_requested", { id: aggregate.order.id, return_id: planned.ret.id }, ctx.now())
  try {
    await db.batch([keyWrite(db, request, keyExists, "return_requested", now), ...planned.writes, event.statement])
  } catch (err) {
    if (isKeyTaken(err)) throw conflict(`Idempotency-Key ${request.key} is being used by another request`)
    if (isGuardFailure(err, "return_item.quantity")) throw notAllowed("Cannot return more items than have been purchased")
    throw err
  }
  if (ctx.env) await publishEvents(ctx.env, [event.id])
  return serializeReturn(planned.ret, planned.rows, planned.reasons)
}

/**
 * POST /store/returns under an idempotency key (catalog §3(c): started → return_requested → finished). A finished
 * key replays its response; a key at `return_requested` answers the return created under it.
 */
export async function createReturn(ctx: ReturnContext, input: CreateReturnInput, request: IdempotentRequest): Promise<StoredResponse> {
  const answer = (body: ReturnType<typeof serializeReturn>) => JSON.stringify({ return: body })
  return createUnderKey(ctx.db, request, {
    create: async (keyExists) => answer(await requestReturn(ctx, input, request, keyExists)),
    created: async () => {
      const found = await loadReturnByKey(ctx.db, request.key)
      if (!found) throw invalidData("Return not found")
      return answer(serializeReturn(found.ret, found.items, found.reasons))
    },
  })
}
