import { beforeAll, describe, expect, it } from "vitest"
import { api, type ApiResponse } from "../helpers/api"
import { ADMIN_TOKEN } from "../helpers/admin"
import { latestEvent, registerCustomer, tokenFor, uniqueEmail, withBearer, withCookie } from "../helpers/auth"
import { fixtureId } from "../helpers/cart-fixtures"
import { arrangeCheckoutStore, type CheckoutStore } from "../helpers/checkout-fixtures"
import { buildApp } from "../../src/app"

/**
 * Access control, table-driven (issue 11 §3). ROWS lists every route that touches a customer, an address, an order,
 * a cart (which may carry a customer), a return, an order edit or a payment collection; ADMIN_ROWS every admin route.
 * Each store row runs as the owner (cookie), as another logged-in customer (cookie AND Bearer JWT) and anonymously:
 * the status must be the row's, and no answer given to someone else may carry the owner's data (email, names,
 * phone, address line, customer/address/order ids) unless the row is a deliberate v1 "by id" row (`byId`, reason
 * given). The last test fails when a route of these resources is registered without a row.
 */

const OWNER = { first_name: "Ownerina", last_name: "Privatelyn", phone: "+1-555-0142" }
const OWNER_ADDRESS = {
  first_name: "Ownerina", last_name: "Privatelyn", address_1: "742 Evergreen Terrace", city: "Springfield",
  country_code: "us", postal_code: "49007", phone: "+1-555-0142",
}
const v = { mug: fixtureId("variant"), cap: fixtureId("variant") }

interface Account {
  id: string
  email: string
  password: string
  cookie: string
  token: string
}

/** The owner's things the table acts on; `fresh` rows get their own copy per caller (the action uses it up). */
interface World {
  addressId: string
  spareAddressId: string
  cartId: string
  lineId: string
  orderId: string
  orderCartId: string
  displayId: number
  itemId: string
  editId: string
  collectionId: string
  collectionAmount: number
  sessionId: string
  returnId: string
  swapCartId: string
}

type Caller = "owner" | "stranger-cookie" | "stranger-bearer" | "anonymous"
const CALLERS: readonly Caller[] = ["anonymous", "stranger-cookie", "stranger-bearer", "owner"] // owner last: it may use the thing up

interface Row {
  /** The registered route ("METHOD /path/:param"), for the coverage check. */
  route: string
  path: (w: World) => string
  body?: (w: World, caller: Caller) => unknown
  /** Builds a new world for each caller: the action consumes what it acts on. */
  fresh?: "cart" | "readyCart" | "order" | "swappableOrder" | "requestedEdit" | "paidEdit"
  expect: { owner: number; stranger: number; anonymous: number }
  /** Why a caller other than the owner may see the owner's data here (v1: guests act by unguessable id). */
  byId?: string
}

const GUEST_BY_ID = "v1: guests act on carts by their unguessable id (Medusa v1 has no cart ownership check)"
const ORDER_BY_ID = "v1: a guest reads its order by the unguessable id the completion answered"
const AFTER_SALE_BY_ID = "v1: guests act on their order's after-sale resources by unguessable id"

const ROWS: Row[] = [
  // Customers: everything under /me needs a login (v1 requireCustomerAuthentication → 401 text).
  { route: "GET /store/customers/me", path: () => "/store/customers/me", expect: { owner: 200, stranger: 200, anonymous: 401 } },
  { route: "POST /store/customers/me", path: () => "/store/customers/me", body: () => ({ metadata: { touched: "yes" } }), expect: { owner: 200, stranger: 200, anonymous: 401 } },
  { route: "POST /store/customers/me/addresses", path: () => "/store/customers/me/addresses", body: () => ({ address: { ...OWNER_ADDRESS, address_1: "1 Other Rd", first_name: "Any", last_name: "Body", phone: "1" } }), expect: { owner: 200, stranger: 200, anonymous: 401 } },
  // v1 answers 400 "Could not find address for customer" for someone else's address (golden 161).
  { route: "POST /store/customers/me/addresses/:address_id", path: (w) => `/store/customers/me/addresses/${w.addressId}`, body: () => ({ city: "Shelbyville" }), expect: { owner: 200, stranger: 400, anonymous: 401 } },
  { route: "DELETE /store/customers/me/addresses/:address_id", path: (w) => `/store/customers/me/addresses/${w.spareAddressId}`, expect: { owner: 200, stranger: 404, anonymous: 401 } },
  { route: "GET /store/customers/me/orders", path: () => "/store/customers/me/orders", expect: { owner: 200, stranger: 200, anonymous: 401 } },
  { route: "GET /store/customers/me/payment-methods", path: () => "/store/customers/me/payment-methods", expect: { owner: 200, stranger: 200, anonymous: 401 } },

  // Orders.
  { route: "GET /store/orders/:id", path: (w) => `/store/orders/${w.orderId}`, expect: { owner: 200, stranger: 404, anonymous: 200 }, byId: ORDER_BY_ID },
  { route: "GET /store/orders/cart/:cart_id", path: (w) => `/store/orders/cart/${w.orderCartId}`, expect: { owner: 200, stranger: 404, anonymous: 200 }, byId: ORDER_BY_ID },
  {
    route: "GET /store/orders", path: (w) => `/store/orders?display_id=${w.displayId}&email=${encodeURIComponent(owner.email)}`,
    expect: { owner: 200, stranger: 200, anonymous: 200 }, byId: "v1: the guest order lookup needs the display id AND the order's email (rate limited)",
  },
  // Claims: a registered account's orders are skipped silently (no event), so the stranger learns nothing: text "OK".
  { route: "POST /store/orders/batch/customer/token", path: () => "/store/orders/batch/customer/token", body: (w) => ({ order_ids: [w.orderId] }), expect: { owner: 200, stranger: 200, anonymous: 401 } },
  { route: "POST /store/orders/customer/confirm", path: () => "/store/orders/customer/confirm", body: () => ({ token: "not.a.token" }), expect: { owner: 401, stranger: 401, anonymous: 401 } },

  // After the sale.
  { route: "POST /store/returns", path: () => "/store/returns", body: (w) => ({ order_id: w.orderId, items: [{ item_id: w.itemId, quantity: 1 }] }), fresh: "order", expect: { owner: 200, stranger: 404, anonymous: 200 }, byId: AFTER_SALE_BY_ID },
  { route: "GET /store/order-edits/:id", path: (w) => `/store/order-edits/${w.editId}`, expect: { owner: 200, stranger: 404, anonymous: 200 }, byId: AFTER_SALE_BY_ID },
  { route: "POST /store/order-edits/:id/decline", path: (w) => `/store/order-edits/${w.editId}/decline`, body: () => ({ declined_reason: "no" }), fresh: "requestedEdit", expect: { owner: 200, stranger: 404, anonymous: 200 }, byId: AFTER_SALE_BY_ID },
  { route: "POST /store/order-edits/:id/complete", path: (w) => `/store/order-edits/${w.editId}/complete`, fresh: "paidEdit", expect: { owner: 200, stranger: 404, anonymous: 200 }, byId: AFTER_SALE_BY_ID },
  { route: "GET /store/payment-collections/:id", path: (w) => `/store/payment-collections/${w.collectionId}`, expect: { owner: 200, stranger: 404, anonymous: 200 }, byId: AFTER_SALE_BY_ID },
  { route: "POST /store/payment-collections/:id/sessions", path: (w) => `/store/payment-collections/${w.collectionId}/sessions`, body: () => ({ provider_id: "manual" }), fresh: "requestedEdit", expect: { owner: 200, stranger: 404, anonymous: 200 }, byId: AFTER_SALE_BY_ID },
  {
    route: "POST /store/payment-collections/:id/sessions/batch", path: (w) => `/store/payment-collections/${w.collectionId}/sessions/batch`,
    body: (w) => ({ sessions: [{ provider_id: "manual", amount: w.collectionAmount }] }), fresh: "requestedEdit", expect: { owner: 200, stranger: 404, anonymous: 200 }, byId: AFTER_SALE_BY_ID,
  },
  { route: "POST /store/payment-collections/:id/sessions/:session_id", path: (w) => `/store/payment-collections/${w.collectionId}/sessions/${w.sessionId}`, fresh: "requestedEdit", expect: { owner: 200, stranger: 404, anonymous: 200 }, byId: AFTER_SALE_BY_ID },
  { route: "POST /store/payment-collections/:id/sessions/:session_id/authorize", path: (w) => `/store/payment-collections/${w.collectionId}/sessions/${w.sessionId}/authorize`, fresh: "requestedEdit", expect: { owner: 200, stranger: 404, anonymous: 200 }, byId: AFTER_SALE_BY_ID },
  {
    route: "POST /store/payment-collections/:id/sessions/batch/authorize", path: (w) => `/store/payment-collections/${w.collectionId}/sessions/batch/authorize`,
    body: (w) => ({ session_ids: [w.sessionId] }), fresh: "requestedEdit", expect: { owner: 200, stranger: 404, anonymous: 200 }, byId: AFTER_SALE_BY_ID,
  },

  // Swaps: on a captured, fulfilled order of the owner.
  {
    route: "POST /store/swaps", path: () => "/store/swaps", fresh: "swappableOrder", expect: { owner: 200, stranger: 404, anonymous: 200 }, byId: AFTER_SALE_BY_ID,
    body: (w) => ({ order_id: w.orderId, return_items: [{ item_id: w.itemId, quantity: 1 }], additional_items: [{ variant_id: v.cap, quantity: 1 }] }),
  },
  { route: "GET /store/swaps/:cart_id", path: (w) => `/store/swaps/${w.swapCartId}`, expect: { owner: 200, stranger: 404, anonymous: 200 }, byId: AFTER_SALE_BY_ID },

  // Carts of a logged-in customer. v1 checks no ownership on carts: anyone with the id acts on it, and a logged-in
  // caller's POST attaches the cart to them. Here GET leaves a cart another registered customer owns alone, and every
  // change by another logged-in customer answers 404 (anonymous callers still act by id, as v1's guests do).
  { route: "GET /store/carts/:id", path: (w) => `/store/carts/${w.cartId}`, expect: { owner: 200, stranger: 200, anonymous: 200 }, byId: GUEST_BY_ID },
  { route: "POST /store/carts/:id", path: (w) => `/store/carts/${w.cartId}`, body: () => ({ context: { note: "x" } }), fresh: "cart", expect: { owner: 200, stranger: 404, anonymous: 200 }, byId: GUEST_BY_ID },
  { route: "POST /store/carts/:id/line-items", path: (w) => `/store/carts/${w.cartId}/line-items`, body: () => ({ variant_id: v.cap, quantity: 1 }), fresh: "cart", expect: { owner: 200, stranger: 404, anonymous: 200 }, byId: GUEST_BY_ID },
  { route: "POST /store/carts/:id/line-items/:line_id", path: (w) => `/store/carts/${w.cartId}/line-items/${w.lineId}`, body: () => ({ quantity: 3 }), fresh: "cart", expect: { owner: 200, stranger: 404, anonymous: 200 }, byId: GUEST_BY_ID },
  { route: "DELETE /store/carts/:id/line-items/:line_id", path: (w) => `/store/carts/${w.cartId}/line-items/${w.lineId}`, fresh: "cart", expect: { owner: 200, stranger: 404, anonymous: 200 }, byId: GUEST_BY_ID },
  { route: "DELETE /store/carts/:id/discounts/:code", path: (w) => `/store/carts/${w.cartId}/discounts/NOPE`, fresh: "cart", expect: { owner: 200, stranger: 404, anonymous: 200 }, byId: GUEST_BY_ID },
  { route: "POST /store/carts/:id/shipping-methods", path: (w) => `/store/carts/${w.cartId}/shipping-methods`, body: () => ({ option_id: store.shippingOptionId }), fresh: "cart", expect: { owner: 200, stranger: 404, anonymous: 200 }, byId: GUEST_BY_ID },
  { route: "POST /store/carts/:id/taxes", path: (w) => `/store/carts/${w.cartId}/taxes`, fresh: "cart", expect: { owner: 200, stranger: 404, anonymous: 200 }, byId: GUEST_BY_ID },
  { route: "POST /store/carts/:id/payment-sessions", path: (w) => `/store/carts/${w.cartId}/payment-sessions`, fresh: "readyCart", expect: { owner: 200, stranger: 404, anonymous: 200 }, byId: GUEST_BY_ID },
  { route: "POST /store/carts/:id/payment-session", path: (w) => `/store/carts/${w.cartId}/payment-session`, body: () => ({ provider_id: "manual" }), fresh: "readyCart", expect: { owner: 200, stranger: 404, anonymous: 200 }, byId: GUEST_BY_ID },
  { route: "POST /store/carts/:id/payment-sessions/:provider_id", path: (w) => `/store/carts/${w.cartId}/payment-sessions/manual`, body: () => ({ data: { note: "x" } }), fresh: "readyCart", expect: { owner: 200, stranger: 404, anonymous: 200 }, byId: GUEST_BY_ID },
  { route: "POST /store/carts/:id/payment-sessions/:provider_id/refresh", path: (w) => `/store/carts/${w.cartId}/payment-sessions/manual/refresh`, fresh: "readyCart", expect: { owner: 200, stranger: 404, anonymous: 200 }, byId: GUEST_BY_ID },
  { route: "DELETE /store/carts/:id/payment-sessions/:provider_id", path: (w) => `/store/carts/${w.cartId}/payment-sessions/manual`, fresh: "readyCart", expect: { owner: 200, stranger: 404, anonymous: 200 }, byId: GUEST_BY_ID },
  { route: "POST /store/carts/:id/complete", path: (w) => `/store/carts/${w.cartId}/complete`, fresh: "readyCart", expect: { owner: 200, stranger: 404, anonymous: 200 }, byId: GUEST_BY_ID },
  { route: "POST /store/carts/:id/complete-cart", path: (w) => `/store/carts/${w.cartId}/complete-cart`, fresh: "readyCart", expect: { owner: 200, stranger: 404, anonymous: 200 }, byId: GUEST_BY_ID },
  { route: "GET /store/shipping-options/:cart_id", path: (w) => `/store/shipping-options/${w.cartId}`, expect: { owner: 200, stranger: 200, anonymous: 200 }, byId: GUEST_BY_ID },

  // Auth. The session-ending rows come last: they log the owner's cookie out.
  { route: "GET /store/auth", path: () => "/store/auth", expect: { owner: 200, stranger: 200, anonymous: 401 } },
  // v1's email-exists check answers everyone (rate limited per address); it says nothing but the boolean.
  { route: "GET /store/auth/:email", path: () => `/store/auth/${encodeURIComponent(owner.email)}`, expect: { owner: 200, stranger: 200, anonymous: 200 } },
  // Credentials, not sessions: only the owner's password opens the owner's account.
  { route: "POST /store/auth/token", path: () => "/store/auth/token", body: (_w, c) => ({ email: owner.email, password: c === "owner" ? owner.password : "wrong-password" }), expect: { owner: 200, stranger: 401, anonymous: 401 } },
  { route: "POST /store/auth", path: () => "/store/auth", body: (_w, c) => ({ email: owner.email, password: c === "owner" ? owner.password : "wrong-password" }), expect: { owner: 200, stranger: 401, anonymous: 401 } },
  // No account enumeration: 204 for anyone and any email (the token goes only to the owner's inbox, as an event).
  { route: "POST /store/customers/password-token", path: () => "/store/customers/password-token", body: (_w, c) => ({ email: c === "anonymous" ? uniqueEmail("nobody") : owner.email }), expect: { owner: 204, stranger: 204, anonymous: 204 } },
  { route: "POST /store/customers", path: () => "/store/customers", body: () => ({ first_name: "New", last_name: "Comer", email: uniqueEmail("acl-new"), password: "secret123" }), expect: { owner: 200, stranger: 200, anonymous: 200 } },
  { route: "DELETE /store/auth", path: () => "/store/auth", expect: { owner: 200, stranger: 200, anonymous: 200 } },
  // Only the token from the owner's password_reset event resets it (the owner's run reads it; it ends their sessions).
  {
    route: "POST /store/customers/password-reset", path: () => "/store/customers/password-reset",
    body: (_w, c) => ({ email: owner.email, password: "new-secret-456", token: c === "owner" ? resetToken : "eyJhbGciOiJIUzI1NiJ9.e30.bad" }),
    expect: { owner: 200, stranger: 401, anonymous: 401 },
  },
]

/** Every admin route: 401 without the token, whoever asks; the merchant's token reaches it. */
const ADMIN_ROWS: { route: string; path: (w: World) => string; body?: (w: World) => unknown; withToken: number }[] = [
  { route: "GET /admin/orders", path: () => "/admin/orders", withToken: 200 },
  { route: "GET /admin/orders/:id", path: (w) => `/admin/orders/${w.orderId}`, withToken: 200 },
  { route: "POST /admin/orders/:id/capture", path: (w) => `/admin/orders/${w.orderId}/capture`, withToken: 200 },
  { route: "POST /admin/orders/:id/fulfillment", path: (w) => `/admin/orders/${w.orderId}/fulfillment`, body: (w) => ({ items: [{ item_id: w.itemId, quantity: 1 }] }), withToken: 200 },
  { route: "POST /admin/returns/:id/receive", path: (w) => `/admin/returns/${w.returnId}/receive`, body: (w) => ({ items: [{ item_id: w.itemId, quantity: 1 }] }), withToken: 200 },
  { route: "GET /admin/order-edits/:id", path: (w) => `/admin/order-edits/${w.editId}`, withToken: 200 },
  { route: "POST /admin/order-edits", path: (w) => "/admin/order-edits", body: (w) => ({ order_id: w.orderId }), withToken: 400 },
  { route: "POST /admin/order-edits/:id/items", path: (w) => `/admin/order-edits/${w.editId}/items`, body: () => ({ variant_id: v.cap, quantity: 1 }), withToken: 400 },
  { route: "POST /admin/order-edits/:id/items/:item_id", path: (w) => `/admin/order-edits/${w.editId}/items/${w.itemId}`, body: () => ({ quantity: 2 }), withToken: 400 },
  { route: "DELETE /admin/order-edits/:id/changes/:change_id", path: (w) => `/admin/order-edits/${w.editId}/changes/oec_missing`, withToken: 404 },
  { route: "POST /admin/order-edits/:id/request", path: (w) => `/admin/order-edits/${w.editId}/request`, withToken: 200 },
]

let store: CheckoutStore
let owner: Account
let stranger: Account
let base: World
let resetToken = ""

const as = (caller: Caller) =>
  caller === "owner" ? withCookie(owner.cookie)
  : caller === "stranger-cookie" ? withCookie(stranger.cookie)
  : caller === "stranger-bearer" ? withBearer(stranger.token)
  : {}

async function account(first_name: string): Promise<Account> {
  const registered = await registerCustomer({ email: uniqueEmail(first_name.toLowerCase()), first_name })
  return { ...registered, token: await tokenFor(registered.email, registered.password) }
}

function ok(res: ApiResponse, what: string) {
  expect(res.status, `${what}: ${JSON.stringify(res.body)}`).toBe(200)
  return res.body
}

/** A cart the owner started while logged in (customer_id = owner), with their address and one line. */
async function ownerCart(): Promise<Pick<World, "cartId" | "lineId">> {
  const created = ok(await api.post("/store/carts", { region_id: store.regionId, items: [{ variant_id: v.mug, quantity: 3 }] }, withCookie(owner.cookie)), "cart")
  ok(await api.post(`/store/carts/${created.cart.id}`, { shipping_address: OWNER_ADDRESS }, withCookie(owner.cookie)), "address")
  return { cartId: created.cart.id, lineId: created.cart.items[0].id }
}

async function ownerReadyCart(): Promise<Pick<World, "cartId" | "lineId">> {
  const cart = await ownerCart()
  ok(await api.post(`/store/carts/${cart.cartId}/shipping-methods`, { option_id: store.shippingOptionId }, withCookie(owner.cookie)), "shipping")
  ok(await api.post(`/store/carts/${cart.cartId}/payment-sessions`, {}, withCookie(owner.cookie)), "sessions")
  return cart
}

/** An order the owner placed while logged in (it is theirs), 3 mugs. */
async function ownerOrder(): Promise<Pick<World, "orderId" | "orderCartId" | "displayId" | "itemId">> {
  const { cartId } = await ownerReadyCart()
  const done = ok(await api.post(`/store/carts/${cartId}/complete`, {}, withCookie(owner.cookie)), "complete")
  expect(done.data.customer_id).toBe(owner.id)
  return { orderId: done.data.id, orderCartId: cartId, displayId: done.data.display_id, itemId: done.data.items[0].id }
}

const admin = { headers: { "x-medusa-access-token": ADMIN_TOKEN } }

/** An owner order a swap can start from: v1 swaps only captured, fulfilled orders. */
async function swappableOrder(): Promise<Pick<World, "orderId" | "orderCartId" | "displayId" | "itemId">> {
  const order = await ownerOrder()
  ok(await api.post(`/admin/orders/${order.orderId}/capture`, {}, admin), "capture")
  ok(await api.post(`/admin/orders/${order.orderId}/fulfillment`, { items: [{ item_id: order.itemId, quantity: 3 }] }, admin), "fulfil")
  return order
}

/** An edit of a new owner order, requested (so it has a payment collection), with one manual session on it. */
async function requestedEdit(): Promise<Partial<World>> {
  const order = await ownerOrder()
  const edit = ok(await api.post("/admin/order-edits", { order_id: order.orderId }, admin), "edit").order_edit
  ok(await api.post(`/admin/order-edits/${edit.id}/items`, { variant_id: v.cap, quantity: 1 }, admin), "edit item")
  const collection = ok(await api.post(`/admin/order-edits/${edit.id}/request`, {}, admin), "request").order_edit.payment_collection
  const withSession = ok(await api.post(`/store/payment-collections/${collection.id}/sessions`, { provider_id: "manual" }, withCookie(owner.cookie)), "session").payment_collection
  return { ...order, editId: edit.id, collectionId: collection.id, collectionAmount: collection.amount, sessionId: withSession.payment_sessions[0].id }
}

async function paidEdit(): Promise<Partial<World>> {
  const edit = await requestedEdit()
  ok(await api.post(`/store/payment-collections/${edit.collectionId}/sessions/${edit.sessionId}/authorize`, {}, withCookie(owner.cookie)), "authorize")
  return edit
}

async function worldFor(row: Row): Promise<World> {
  switch (row.fresh) {
    case "cart": return { ...base, ...(await ownerCart()) }
    case "readyCart": return { ...base, ...(await ownerReadyCart()) }
    case "order": return { ...base, ...(await ownerOrder()) }
    case "swappableOrder": return { ...base, ...(await swappableOrder()) }
    case "requestedEdit": return { ...base, ...(await requestedEdit()) }
    case "paidEdit": return { ...base, ...(await paidEdit()) }
    default: return base
  }
}

/** The owner's data that must not reach anyone else (minus what the caller itself sent: an echoed id is no leak). */
function ownerSecrets(w: World, sent: string): string[] {
  const values = [
    owner.email, owner.id, OWNER.first_name, OWNER.last_name, OWNER.phone, OWNER_ADDRESS.address_1,
    w.addressId, w.spareAddressId, w.orderId, base.orderId,
  ]
  return values.filter((value) => !sent.includes(value))
}

beforeAll(async () => {
  store = await arrangeCheckoutStore({
    region: { currency_code: "usd", tax_rate: 0, countries: ["us"] },
    products: [
      // Unmanaged stock: the table places ~35 orders.
      { title: "Mug", variants: [{ id: v.mug, manage_inventory: false, prices: [{ currency_code: "usd", amount: 1950 }] }] },
      { title: "Cap", variants: [{ id: v.cap, manage_inventory: false, prices: [{ currency_code: "usd", amount: 1000 }] }] },
    ],
  })
  owner = await account(OWNER.first_name)
  stranger = await account("Strangerson")
  ok(await api.post("/store/customers/me", { last_name: OWNER.last_name, phone: OWNER.phone }, withCookie(owner.cookie)), "profile")
  const addresses = ok(await api.post("/store/customers/me/addresses", { address: OWNER_ADDRESS }, withCookie(owner.cookie)), "address").customer.shipping_addresses
  const spare = ok(await api.post("/store/customers/me/addresses", { address: { ...OWNER_ADDRESS, city: "Capital City" } }, withCookie(owner.cookie)), "spare").customer.shipping_addresses
  const addressId: string = addresses[0].id
  const spareAddressId: string = spare.find((a: { id: string }) => a.id !== addressId).id
  const edit = await requestedEdit()
  const returned = ok(await api.post("/store/returns", { order_id: edit.orderId, items: [{ item_id: edit.itemId, quantity: 1 }] }, withCookie(owner.cookie)), "return")
  const swapOf = await swappableOrder()
  const swap = ok(await api.post("/store/swaps", { order_id: swapOf.orderId, return_items: [{ item_id: swapOf.itemId, quantity: 1 }], additional_items: [] }, withCookie(owner.cookie)), "swap").swap
  base = {
    addressId, spareAddressId, ...(await ownerCart()), ...(edit as Omit<World, "addressId" | "spareAddressId" | "cartId" | "lineId" | "returnId" | "swapCartId">),
    returnId: returned.return.id, swapCartId: swap.cart_id,
  }
})

// Runs before the table: its last rows log the owner's cookie out.
describe("carts by id, as v1, minus v1's hand-over", () => {
  it("another customer's GET answers the cart (200, v1's status) but leaves it with its owner (v1 hands it over)", async () => {
    const { cartId } = await ownerCart()
    for (const init of [withCookie(stranger.cookie), withBearer(stranger.token)]) {
      expect((await api.get(`/store/carts/${cartId}`, init)).status).toBe(200)
    }
    const cart = ok(await api.get(`/store/carts/${cartId}`, withBearer(owner.token)), "owner's read").cart
    expect({ customer_id: cart.customer_id, email: cart.email }).toEqual({ customer_id: owner.id, email: owner.email })
  })
})

describe("the store routes, as the owner, another customer (cookie and Bearer) and anonymously", () => {
  for (const row of ROWS) {
    it(`${row.route}: owner ${row.expect.owner}, another customer ${row.expect.stranger}, anonymous ${row.expect.anonymous}${row.byId ? " (by id, as v1)" : ""}`, async () => {
      for (const caller of CALLERS) {
        const want = caller === "owner" ? row.expect.owner : caller === "anonymous" ? row.expect.anonymous : row.expect.stranger
        // A refused caller acts on the shared world (a refusal uses nothing up); one that succeeds gets its own.
        const w = want >= 400 ? base : await worldFor(row)
        if (caller === "owner" && row.route === "POST /store/customers/password-reset") {
          resetToken = String((await latestEvent("customer.password_reset"))?.payload.token)
        }
        const [method, ...rest] = row.route.split(" ")
        const path = row.path(w)
        const body = row.body?.(w, caller)
        const res = await api.request(method as string, path, method === "POST" ? (body ?? {}) : undefined, as(caller))
        expect(res.status, `${caller} ${rest.join(" ")} → ${JSON.stringify(res.body)}`).toBe(want)
        if (caller === "owner" || (row.byId && res.status < 400)) continue
        const text = typeof res.body === "string" ? res.body : JSON.stringify(res.body ?? "")
        const sent = `${path} ${JSON.stringify(body ?? "")}`
        for (const secret of ownerSecrets(w, sent)) expect(text, `${caller} got the owner's ${secret}`).not.toContain(secret)
      }
    })
  }
})

describe("the admin routes", () => {
  for (const row of ADMIN_ROWS) {
    it(`${row.route}: 401 without the admin token (anonymous, wrong token, a customer's cookie or JWT), ${row.withToken} with it`, async () => {
      const [method] = row.route.split(" ")
      const path = row.path(base)
      const body = method === "POST" ? (row.body?.(base) ?? {}) : undefined
      const refusals = [{}, { headers: { "x-medusa-access-token": "wrong-token" } }, { headers: { authorization: `Bearer ${ADMIN_TOKEN}x` } }, withCookie(owner.cookie), withBearer(owner.token)]
      for (const init of refusals) {
        const res = await api.request(method as string, path, body, init)
        expect(res.status, JSON.stringify(init)).toBe(401)
        const text = JSON.stringify(res.body ?? "")
        for (const secret of ownerSecrets(base, `${path} ${JSON.stringify(body ?? "")}`)) expect(text).not.toContain(secret)
      }
      const res = await api.request(method as string, path, body, admin)
      expect(res.status, JSON.stringify(res.body)).toBe(row.withToken)
    })
  }
})

describe("the table itself", () => {
  const RESOURCES = /^\/(?:admin\/|store\/(?:customers|auth|orders|carts\/|returns|swaps|order-edits|payment-collections|shipping-options\/:))/

  it("has a row for every registered route of these resources, and no row for a route that does not exist", () => {
    const registered = buildApp()
      .routes.filter((r) => r.method !== "ALL" && RESOURCES.test(r.path))
      .map((r) => `${r.method} ${r.path}`)
    const tabled = [...ROWS, ...ADMIN_ROWS].map((r) => r.route)
    expect(new Set(tabled).size).toBe(tabled.length)
    expect([...tabled].sort()).toEqual([...new Set(registered)].sort())
  })

  it("would catch a leak: the owner's data is found in an answer that carries it", async () => {
    const res = await api.get("/store/customers/me", withCookie(stranger.cookie))
    const mine = JSON.stringify(res.body)
    expect(ownerSecrets(base, "").some((s) => mine.includes(s))).toBe(false)
    const theirs = JSON.stringify((await api.get(`/store/orders/${base.orderId}`)).body)
    expect(ownerSecrets(base, "").filter((s) => theirs.includes(s))).toEqual(expect.arrayContaining([owner.email, base.orderId, OWNER_ADDRESS.address_1]))
  })
})
