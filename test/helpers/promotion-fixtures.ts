import { env } from "cloudflare:workers"
import { drizzle } from "drizzle-orm/d1"
import { eq } from "drizzle-orm"
import * as schema from "../../src/db/schema"
import { fixtureId, touchCart } from "./cart-fixtures"

/** Rows the cart-update tests need beyond arrangeStore: discounts, gift cards, customers, addresses, shipping. */
const db = drizzle(env.DB, { schema })
const T = "2026-01-01T00:00:00.000Z"
const stamp = { created_at: T, updated_at: T }

export interface DiscountFixture {
  code: string
  type: "percentage" | "fixed" | "free_shipping"
  value?: number
  allocation?: "total" | "item" | null
  regionIds: string[]
  starts_at?: string
  ends_at?: string | null
  usage_limit?: number | null
  usage_count?: number
  is_disabled?: boolean
  parent_discount_id?: string | null
  /** Conditions of the rule, e.g. `{ type: "products", operator: "in", targets: [productId] }`. */
  conditions?: { type: string; operator: "in" | "not_in"; targets: string[] }[]
}

export async function insertDiscount(d: DiscountFixture): Promise<{ id: string; ruleId: string }> {
  const id = fixtureId("disc")
  const ruleId = fixtureId("dru")
  await db.insert(schema.discountRule).values({
    id: ruleId, description: null, type: d.type, value: d.value ?? 0, allocation: d.allocation === undefined ? "total" : d.allocation,
    metadata: null, ...stamp, deleted_at: null,
  })
  await db.insert(schema.discount).values({
    id, code: d.code, is_dynamic: d.parent_discount_id ? true : false, rule_id: ruleId, is_disabled: d.is_disabled ?? false,
    parent_discount_id: d.parent_discount_id ?? null, starts_at: d.starts_at ?? "2020-01-01T00:00:00.000Z", ends_at: d.ends_at ?? null,
    valid_duration: null, usage_limit: d.usage_limit ?? null, usage_count: d.usage_count ?? 0, metadata: null, ...stamp, deleted_at: null,
  })
  for (const region_id of d.regionIds) await db.insert(schema.discountRegions).values({ discount_id: id, region_id })
  for (const c of d.conditions ?? []) {
    const conditionId = fixtureId("discon")
    await db.insert(schema.discountCondition).values({
      id: conditionId, type: c.type, operator: c.operator, discount_rule_id: ruleId, metadata: null, ...stamp, deleted_at: null,
    })
    for (const target_id of c.targets) await db.insert(schema.discountConditionTarget).values({ condition_id: conditionId, target_id })
  }
  return { id, ruleId }
}

export async function insertGiftCard(g: {
  code: string
  balance: number
  regionId: string
  is_disabled?: boolean
  ends_at?: string | null
  tax_rate?: number | null
}): Promise<string> {
  const id = fixtureId("gift")
  await db.insert(schema.giftCard).values({
    id, code: g.code, value: g.balance, balance: g.balance, region_id: g.regionId, order_id: null,
    is_disabled: g.is_disabled ?? false, ends_at: g.ends_at ?? null, tax_rate: g.tax_rate ?? null, metadata: null, ...stamp, deleted_at: null,
  })
  return id
}

export async function insertCustomer(c: { email: string; has_account?: boolean }): Promise<string> {
  const id = fixtureId("cus")
  await db.insert(schema.customer).values({
    id, email: c.email, first_name: null, last_name: null, billing_address_id: null, password_hash: null, phone: null,
    has_account: c.has_account ?? true, metadata: null, ...stamp, deleted_at: null,
  })
  return id
}

export async function insertAddress(a: { customer_id: string | null; country_code: string; first_name?: string }): Promise<string> {
  const id = fixtureId("addr")
  await db.insert(schema.address).values({
    id, customer_id: a.customer_id, company: null, first_name: a.first_name ?? null, last_name: null, address_1: "1 Book St",
    address_2: null, city: "Town", country_code: a.country_code, province: null, postal_code: "12345", phone: null, metadata: null,
    ...stamp, deleted_at: null,
  })
  return id
}

export async function insertSalesChannel(c: { name: string; is_disabled?: boolean; productIds?: string[] }): Promise<string> {
  const id = fixtureId("sc")
  await db.insert(schema.salesChannel).values({
    id, name: c.name, description: null, is_disabled: c.is_disabled ?? false, metadata: null, ...stamp, deleted_at: null,
  })
  for (const product_id of c.productIds ?? []) await db.insert(schema.productSalesChannel).values({ product_id, sales_channel_id: id })
  return id
}

/** A flat-rate shipping option and a method of it on the cart, written directly (the route is another issue's). */
export async function insertShippingMethod(m: { cartId: string; regionId: string; profileId: string; amount: number; price?: number }) {
  const optionId = fixtureId("so")
  const methodId = fixtureId("sm")
  await db.insert(schema.shippingOption).values({
    id: optionId, name: "Standard", region_id: m.regionId, profile_id: m.profileId, provider_id: "manual", price_type: "flat_rate",
    amount: m.amount, is_return: false, admin_only: false, includes_tax: false, data: {}, metadata: null, ...stamp, deleted_at: null,
  })
  await db.insert(schema.shippingMethod).values({
    id: methodId, shipping_option_id: optionId, order_id: null, claim_order_id: null, cart_id: m.cartId, swap_id: null,
    return_id: null, price: m.price ?? m.amount, data: {}, includes_tax: false,
  })
  await touchCart(m.cartId)
  return { optionId, methodId }
}

export async function insertPaymentSession(cartId: string): Promise<string> {
  const id = fixtureId("ps")
  await db.insert(schema.paymentSession).values({
    id, cart_id: cartId, provider_id: "manual", is_selected: true, is_initiated: true, status: "pending", data: {},
    idempotency_key: null, amount: 0, payment_authorized_at: null, ...stamp,
  })
  await touchCart(cartId)
  return id
}

/** Marks a cart's payment as authorized (what completion does before the order exists). */
export async function authorizeCartPayment(cartId: string): Promise<void> {
  await db.update(schema.cart).set({ payment_authorized_at: T }).where(eq(schema.cart.id, cartId))
}
