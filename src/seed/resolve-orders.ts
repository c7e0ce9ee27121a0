/**
 * Orders and order edits in a seed file (`orders`, `order_edits`): a test or migrated store can start with orders in
 * any state and with edits waiting for the shopper. They are rows the runtime then changes (payments captured, items
 * returned), so they are written once: every statement is `INSERT OR IGNORE` with ids derived from the file, and a
 * re-import leaves an existing order alone.
 *
 * Titles, prices and shipping prices come from the catalog inside the statements (the variant may be in the
 * database only), so the rows read exactly as a checkout would have written them. Each line gets one tax line at the
 * region's rate (what checkout writes without tax-rate overrides); payments and payment collections are computed
 * from those rows in SQL with the totals' rounding (per line, half up), so a seeded order's payment equals its total.
 */
import type { Ctx } from "./context"
import { stableId } from "./hash"
import { joinPath } from "./problems"
import type { OrderEditSeed, OrderSeed, SeedFile } from "./schema"
import { sqlValue as v, type SqlValue } from "./sql"
import { createdAt } from "./text"

const FULFILLED = new Set(["fulfilled", "shipped", "partially_returned", "returned"])
const ADMIN_ACTOR = "admin_api_token"

/** The total of lines (and shipping methods) as the order totals compute it: price × quantity plus rounded tax. */
const linesTotal = (where: string) => `(SELECT COALESCE(SUM(li.unit_price * li.quantity
    + CAST(ROUND(li.unit_price * li.quantity * COALESCE((SELECT SUM(rate) FROM line_item_tax_line WHERE item_id = li.id), 0) / 100.0) AS INTEGER)), 0)
  FROM line_item li WHERE ${where})`
const methodsTotal = (orderId: string) => `(SELECT COALESCE(SUM(sm.price
    + CAST(ROUND(sm.price * COALESCE((SELECT SUM(rate) FROM shipping_method_tax_line WHERE shipping_method_id = sm.id), 0) / 100.0) AS INTEGER)), 0)
  FROM shipping_method sm WHERE sm.order_id = ${v(orderId)})`

/** The region price v1 picks for a variant (no price list): the lowest of the region's or the currency's prices. */
const regionPrice = (region: { id: string; currency_code: string }) => `(SELECT amount FROM money_amount m
  WHERE m.variant_id = pv.id AND m.deleted_at IS NULL AND m.price_list_id IS NULL
    AND (m.region_id = ${v(region.id)} OR (m.region_id IS NULL AND m.currency_code = ${v(region.currency_code)}))
  ORDER BY m.amount LIMIT 1)`

interface LineSpec {
  id: string
  orderId: string | null
  editId: string | null
  variantId: string
  quantity: number
  unitPrice: number | undefined
  fulfilled: number | null
  shipped: number | null
  returned: number | null
  metadata: SqlValue
  created: string
  /** The order's shipping options: a line is shipped when one of them serves its product's profile (as v1 marks it). */
  shippingOptionIds?: string[]
}

/** v1's has_shipping of an order line: NULL without shipping methods, else whether a method covers the product's profile. */
function hasShipping(optionIds: string[] | undefined): string {
  if (!optionIds?.length) return "NULL"
  return `CASE WHEN p.profile_id IS NULL OR EXISTS (SELECT 1 FROM shipping_option so WHERE so.id IN (${optionIds.map((id) => v(id)).join(", ")})
    AND so.profile_id = p.profile_id) THEN 1 ELSE 0 END`
}

/** A line of a variant at its region price (a missing price fails the import: unit_price is NOT NULL). */
function lineStatements(line: LineSpec, region: { id: string; currency_code: string; tax_rate: number }): string[] {
  const price = line.unitPrice ?? null
  return [
    `INSERT OR IGNORE INTO line_item (id, cart_id, order_id, swap_id, claim_order_id, original_item_id, order_edit_id, title,
       description, thumbnail, is_return, is_giftcard, should_merge, allow_discounts, has_shipping, unit_price, variant_id, product_id,
       quantity, fulfilled_quantity, returned_quantity, shipped_quantity, includes_tax, metadata, created_at, updated_at)
     SELECT ${v(line.id)}, NULL, ${v(line.orderId)}, NULL, NULL, NULL, ${v(line.editId)}, p.title, pv.title, p.thumbnail, 0,
       p.is_giftcard, 1, p.discountable, ${hasShipping(line.shippingOptionIds)}, COALESCE(${v(price)}, ${regionPrice(region)}), pv.id, p.id, ${line.quantity},
       ${v(line.fulfilled)}, ${v(line.returned)}, ${v(line.shipped)}, 0, ${v(line.metadata)}, ${v(line.created)}, ${v(line.created)}
     FROM product_variant pv JOIN product p ON p.id = pv.product_id WHERE pv.id = ${v(line.variantId)}`,
    `INSERT OR IGNORE INTO line_item_tax_line (id, item_id, rate, name, code, metadata, created_at, updated_at)
     VALUES (${v(stableId("taxLine", line.id))}, ${v(line.id)}, ${region.tax_rate}, 'default', 'default', NULL, ${v(line.created)}, ${v(line.created)})`,
  ]
}

export function resolveOrders(ctx: Ctx, seed: SeedFile): void {
  const orders = new Map<string, { seed: OrderSeed; itemIds: Map<string, string>; region: { id: string; currency_code: string; tax_rate: number } }>()
  seed.orders.forEach((o, i) => {
    const path = joinPath("orders", i)
    if (orders.has(o.id)) {
      ctx.problems.add(joinPath(path, "id"), `duplicate order id '${o.id}'`)
      return
    }
    const region = ctx.region(o.region_id, joinPath(path, "region_id"))
    o.items.forEach((item, j) => ctx.ref("variant", item.variant_id, joinPath(joinPath(joinPath(path, "items"), j), "variant_id")))
    o.shipping_methods.forEach((m, j) => ctx.ref("shipping_option", m.shipping_option_id, joinPath(joinPath(joinPath(path, "shipping_methods"), j), "shipping_option_id")))
    if (o.customer_id) ctx.ref("customer", o.customer_id, joinPath(path, "customer_id"))
    if (!region) return
    const info = { id: region.id, currency_code: region.currency_code, tax_rate: region.tax_rate }
    const itemIds = new Map<string, string>()
    o.items.forEach((item, j) => itemIds.set(item.id ?? `#${j}`, item.id ?? stableId("lineItem", `${o.id}\u0000${j}`)))
    orders.set(o.id, { seed: o, itemIds, region: info })
    ctx.model.orderStatements.push(...orderStatements(ctx, o, info, itemIds))
  })
  seed.order_edits.forEach((e, i) => {
    const path = joinPath("order_edits", i)
    const order = orders.get(e.order_id)
    if (!order) {
      ctx.problems.add(joinPath(path, "order_id"), `unknown order '${e.order_id}' (an order edit's order must be in the same file)`)
      return
    }
    e.changes.forEach((c, j) => {
      const cpath = joinPath(joinPath(path, "changes"), j)
      if (c.type === "item_update" && !order.seed.items.some((item) => item.id === c.item_id)) {
        ctx.problems.add(joinPath(cpath, "item_id"), `unknown item '${c.item_id}' of order '${e.order_id}' (give the order's item an id)`)
      }
      if (c.type === "item_add") ctx.ref("variant", c.variant_id, joinPath(cpath, "variant_id"))
    })
    ctx.model.orderStatements.push(...orderEditStatements(ctx, e, order))
  })
}

function orderStatements(ctx: Ctx, o: OrderSeed, region: { id: string; currency_code: string; tax_rate: number }, itemIds: Map<string, string>): string[] {
  const created = createdAt(o.created_at) ?? ctx.now
  const email = o.email.toLowerCase()
  const out: string[] = []
  if (!o.customer_id) {
    // The email's guest customer, as a guest checkout creates it (kept if the store already has one).
    out.push(`INSERT INTO customer (id, email, first_name, last_name, billing_address_id, password_hash, phone, has_account, metadata, created_at, updated_at, deleted_at)
      SELECT ${v(stableId("customer", `${email}|0`))}, ${v(email)}, NULL, NULL, NULL, NULL, NULL, 0, NULL, ${v(created)}, ${v(created)}, NULL
      WHERE NOT EXISTS (SELECT 1 FROM customer WHERE lower(email) = ${v(email)} AND has_account = 0)`)
  }
  const customer = o.customer_id
    ? v(o.customer_id)
    : `(SELECT id FROM customer WHERE lower(email) = ${v(email)} AND has_account = 0 ORDER BY created_at, id LIMIT 1)`
  let addressId: string | null = null
  if (o.shipping_address) {
    const a = o.shipping_address
    addressId = a.id ?? stableId("address", `order\u0000${o.id}`)
    out.push(`INSERT OR IGNORE INTO address (id, customer_id, company, first_name, last_name, address_1, address_2, city, country_code, province, postal_code, phone, metadata, created_at, updated_at, deleted_at)
      VALUES (${[addressId, null, a.company, a.first_name, a.last_name, a.address_1, a.address_2, a.city, a.country_code?.toLowerCase(), a.province, a.postal_code, a.phone, { json: a.metadata ?? null }, created, created, null].map(v).join(", ")})`)
  }
  const displayId = o.display_id ?? `(SELECT COALESCE(MAX(display_id), 0) + 1 FROM "order")`
  const channel = o.sales_channel_id ?? (ctx.defaultChannelId || ctx.snap.store?.default_sales_channel_id || null)
  out.push(`INSERT OR IGNORE INTO "order" (id, status, fulfillment_status, payment_status, display_id, cart_id, customer_id, email,
      billing_address_id, shipping_address_id, region_id, currency_code, tax_rate, draft_order_id, canceled_at, metadata, no_notification,
      idempotency_key, external_id, sales_channel_id, created_at, updated_at)
    VALUES (${v(o.id)}, ${v(o.status)}, ${v(o.fulfillment_status)}, ${v(o.payment_status)}, ${displayId}, NULL, ${customer}, ${v(email)},
      NULL, ${v(addressId)}, ${v(region.id)}, ${v(region.currency_code)}, NULL, NULL, ${v(o.status === "canceled" ? created : null)},
      ${v({ json: o.metadata ?? {} })}, NULL, NULL, NULL, ${v(channel)}, ${v(created)}, ${v(created)})`)
  const fulfilled = FULFILLED.has(o.fulfillment_status)
  o.items.forEach((item, j) => {
    out.push(...lineStatements({
      id: itemIds.get(item.id ?? `#${j}`)!, orderId: o.id, editId: null, variantId: item.variant_id, quantity: item.quantity,
      unitPrice: item.unit_price, fulfilled: item.fulfilled_quantity ?? (fulfilled ? item.quantity : null),
      shipped: item.shipped_quantity ?? (o.fulfillment_status === "shipped" ? item.quantity : null),
      returned: item.returned_quantity ?? null, metadata: { json: item.metadata ?? {} }, created,
      shippingOptionIds: o.shipping_methods.map((m) => m.shipping_option_id),
    }, region))
  })
  o.shipping_methods.forEach((m, k) => {
    const methodId = m.id ?? stableId("shippingMethod", `${o.id}\u0000${k}`)
    out.push(
      `INSERT OR IGNORE INTO shipping_method (id, shipping_option_id, order_id, claim_order_id, cart_id, swap_id, return_id, price, data, includes_tax)
       SELECT ${v(methodId)}, so.id, ${v(o.id)}, NULL, NULL, NULL, NULL, COALESCE(${v(m.price ?? null)}, so.amount), '{}', 0
       FROM shipping_option so WHERE so.id = ${v(m.shipping_option_id)}`,
      `INSERT OR IGNORE INTO shipping_method_tax_line (id, shipping_method_id, rate, name, code, metadata, created_at, updated_at)
       VALUES (${v(stableId("shippingTaxLine", methodId))}, ${v(methodId)}, ${region.tax_rate}, 'default', 'default', NULL, ${v(created)}, ${v(created)})`,
    )
  })
  if (o.payment) {
    const data = { json: { status: o.payment.captured ? "captured" : "authorized" } }
    out.push(`INSERT OR IGNORE INTO payment (id, swap_id, cart_id, order_id, amount, currency_code, amount_refunded, provider_id, data,
        captured_at, canceled_at, metadata, idempotency_key, created_at, updated_at)
      SELECT ${v(o.payment.id ?? stableId("payment", o.id))}, NULL, NULL, ${v(o.id)}, ${linesTotal(`li.order_id = ${v(o.id)}`)} + ${methodsTotal(o.id)},
        ${v(region.currency_code)}, 0, ${v(o.payment.provider_id)}, ${v(data)}, ${v(o.payment.captured ? created : null)}, NULL, NULL, NULL,
        ${v(created)}, ${v(created)}`)
  }
  return out
}

function orderEditStatements(
  ctx: Ctx,
  e: OrderEditSeed,
  order: { seed: OrderSeed; itemIds: Map<string, string>; region: { id: string; currency_code: string; tax_rate: number } },
): string[] {
  const now = ctx.now
  const requested = e.status === "requested"
  const out: string[] = [
    `INSERT OR IGNORE INTO order_edit (id, order_id, internal_note, created_by, requested_by, requested_at, confirmed_by, confirmed_at,
       declined_by, declined_reason, declined_at, canceled_by, canceled_at, payment_collection_id, created_at, updated_at)
     VALUES (${v(e.id)}, ${v(e.order_id)}, ${v(e.internal_note ?? null)}, ${v(ADMIN_ACTOR)}, ${v(requested ? ADMIN_ACTOR : null)},
       ${v(requested ? now : null)}, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, ${v(now)}, ${v(now)})`,
  ]
  // The edit holds a copy of each order line (with its tax line), as POST /admin/order-edits makes it.
  const updates = new Map(e.changes.flatMap((c) => (c.type === "item_update" ? [[c.item_id, c.quantity] as const] : [])))
  order.seed.items.forEach((item, j) => {
    const originalId = order.itemIds.get(item.id ?? `#${j}`)!
    const cloneId = stableId("lineItem", `${e.id}\u0000${originalId}`)
    const quantity = item.id && updates.has(item.id) ? updates.get(item.id)! : null
    out.push(
      `INSERT OR IGNORE INTO line_item (id, cart_id, order_id, swap_id, claim_order_id, original_item_id, order_edit_id, title, description,
         thumbnail, is_return, is_giftcard, should_merge, allow_discounts, has_shipping, unit_price, variant_id, product_id, quantity,
         fulfilled_quantity, returned_quantity, shipped_quantity, includes_tax, metadata, created_at, updated_at)
       SELECT ${v(cloneId)}, NULL, NULL, swap_id, claim_order_id, id, ${v(e.id)}, title, description, thumbnail, is_return, is_giftcard,
         should_merge, allow_discounts, has_shipping, unit_price, variant_id, product_id, COALESCE(${v(quantity)}, quantity),
         fulfilled_quantity, returned_quantity, shipped_quantity, includes_tax, metadata, ${v(now)}, ${v(now)}
       FROM line_item WHERE id = ${v(originalId)}`,
      `INSERT OR IGNORE INTO line_item_tax_line (id, item_id, rate, name, code, metadata, created_at, updated_at)
       SELECT ${v(stableId("taxLine", cloneId))}, ${v(cloneId)}, rate, name, code, metadata, ${v(now)}, ${v(now)}
       FROM line_item_tax_line WHERE item_id = ${v(originalId)}`,
    )
    if (quantity !== null) out.push(changeStatement(e.id, "item_update", originalId, cloneId, now))
  })
  e.changes.forEach((c, k) => {
    if (c.type !== "item_add") return
    const lineId = stableId("lineItem", `${e.id}\u0000add\u0000${k}`)
    out.push(...lineStatements({
      id: lineId, orderId: null, editId: e.id, variantId: c.variant_id, quantity: c.quantity, unitPrice: c.unit_price,
      fulfilled: null, shipped: null, returned: null, metadata: { json: {} }, created: now,
    }, order.region))
    out.push(changeStatement(e.id, "item_add", null, lineId, now))
  })
  if (requested) {
    // A positive difference (the edit's lines against the order's; shipping is the same on both) gets its payment
    // collection, as POST /admin/order-edits/:id/request creates it.
    const collectionId = stableId("paymentCollection", e.id)
    const difference = `(${linesTotal(`li.order_edit_id = ${v(e.id)}`)} - ${linesTotal(`li.order_id = ${v(e.order_id)}`)})`
    out.push(
      `INSERT OR IGNORE INTO payment_collection (id, type, status, description, amount, authorized_amount, region_id, currency_code, metadata,
         created_by, created_at, updated_at, deleted_at)
       SELECT ${v(collectionId)}, 'order_edit', 'not_paid', NULL, ${difference}, NULL, ${v(order.region.id)}, ${v(order.region.currency_code)},
         NULL, ${v(ADMIN_ACTOR)}, ${v(now)}, ${v(now)}, NULL
       WHERE ${difference} > 0`,
      `UPDATE order_edit SET payment_collection_id = ${v(collectionId)}
       WHERE id = ${v(e.id)} AND payment_collection_id IS NULL AND EXISTS (SELECT 1 FROM payment_collection WHERE id = ${v(collectionId)})`,
    )
  }
  return out
}

const changeStatement = (editId: string, type: string, originalId: string | null, lineId: string, now: string) =>
  `INSERT OR IGNORE INTO order_item_change (id, type, order_edit_id, original_line_item_id, line_item_id, created_at, updated_at, deleted_at)
   VALUES (${v(stableId("orderItemChange", `${editId}\u0000${lineId}`))}, ${v(type)}, ${v(editId)}, ${v(originalId)}, ${v(lineId)}, ${v(now)}, ${v(now)}, NULL)`
