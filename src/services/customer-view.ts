import type { AddressRow, CustomerBundle, CustomerRow, LineItemRow, OrderRow } from "../db/queries/customers"

/** v1's customer columns in its order; `password_hash` is never among them. */
export function customerColumns(c: CustomerRow) {
  return {
    id: c.id,
    created_at: c.created_at,
    updated_at: c.updated_at,
    deleted_at: c.deleted_at,
    email: c.email,
    first_name: c.first_name,
    last_name: c.last_name,
    billing_address_id: c.billing_address_id,
    phone: c.phone,
    has_account: c.has_account,
    metadata: c.metadata,
  }
}

export function addressView(a: AddressRow) {
  return {
    id: a.id,
    created_at: a.created_at,
    updated_at: a.updated_at,
    deleted_at: a.deleted_at,
    customer_id: a.customer_id,
    company: a.company,
    first_name: a.first_name,
    last_name: a.last_name,
    address_1: a.address_1,
    address_2: a.address_2,
    city: a.city,
    country_code: a.country_code,
    province: a.province,
    postal_code: a.postal_code,
    phone: a.phone,
    metadata: a.metadata,
  }
}

/** /store/customers routes: relations billing_address, shipping_addresses (v1 defaultStoreCustomersRelations). */
export function accountView(bundle: CustomerBundle) {
  return {
    ...customerColumns(bundle.customer),
    billing_address: bundle.billingAddress ? addressView(bundle.billingAddress) : null,
    shipping_addresses: bundle.addresses.map(addressView),
  }
}

/** /store/auth routes: relations orders, orders.items, shipping_addresses (v1 auth routes). */
export function sessionView(bundle: CustomerBundle) {
  return {
    ...customerColumns(bundle.customer),
    orders: bundle.orders.map((o) => orderWithItems(o, bundle.orderItems)),
    shipping_addresses: bundle.addresses.map(addressView),
  }
}

function orderWithItems(order: OrderRow, items: LineItemRow[]) {
  const { id, created_at, updated_at, ...rest } = order
  return { object: "order", id, created_at, updated_at, ...rest, items: items.filter((i) => i.order_id === id) }
}
