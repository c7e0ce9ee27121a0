// The soak's fixtures and invariant reads on the original Medusa v1 (../shared/tools/medusa-v1), through its admin
// API (admin@example.com / supersecret from its seed) and store API: the same golden store, so the same journeys run.
import { SOAK_STORE } from "./journeys.mjs"

export async function medusaAdmin(baseUrl) {
  const login = await fetch(`${baseUrl}/admin/auth`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: "admin@example.com", password: "supersecret" }),
  })
  if (login.status !== 200) throw new Error(`Medusa admin login answered ${login.status}`)
  const cookie = login.headers.get("set-cookie")?.split(";")[0] ?? ""
  return async (method, path, body) => {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { cookie, ...(body ? { "content-type": "application/json" } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    })
    const text = await res.text()
    if (res.status >= 300) throw new Error(`Medusa ${method} ${path} answered ${res.status}: ${text.slice(0, 200)}`)
    return JSON.parse(text)
  }
}

export async function arrangeMedusaFixtures(admin, { runId, stock, discountLimit, giftCards, giftCardValue }) {
  const initialStock = {}
  for (const [i, id] of SOAK_STORE.variants.entries()) {
    const quantity = Array.isArray(stock) ? stock[i] : stock
    const { variants } = await admin("GET", `/admin/variants?id=${id}`)
    await admin("POST", `/admin/products/${variants[0].product_id}/variants/${id}`, { inventory_quantity: quantity, manage_inventory: true, allow_backorder: false })
    initialStock[id] = quantity
  }
  const discountCode = `SOAK${runId}`.toUpperCase()
  const { discount } = await admin("POST", "/admin/discounts", {
    code: discountCode, is_dynamic: false, regions: [SOAK_STORE.region], usage_limit: discountLimit,
    rule: { type: "percentage", value: 10, allocation: "total", description: "soak 10 %" },
  })
  const giftCardCodes = []
  const giftCardIds = []
  for (let i = 0; i < giftCards; i++) {
    const { gift_card } = await admin("POST", "/admin/gift-cards", { value: giftCardValue, region_id: SOAK_STORE.region })
    giftCardCodes.push(gift_card.code)
    giftCardIds.push(gift_card.id)
  }
  return { discountCode, discountId: discount.id, giftCardCodes, giftCardIds, initialStock }
}

export async function readMedusaState(admin, baseUrl, fixtures, cartIds) {
  const stock = {}
  for (const id of SOAK_STORE.variants) stock[id] = (await admin("GET", `/admin/variants?id=${id}`)).variants[0].inventory_quantity
  const orderedByVariant = {}
  const ordersPerCart = {}
  const orderIds = new Set()
  let discountOrders = 0
  const usedByCard = new Map()
  let cartsWithTwoSelected = 0
  for (const cartId of cartIds) {
    const cart = await fetch(`${baseUrl}/store/carts/${cartId}`).then((r) => r.json())
    if ((cart.cart?.payment_sessions ?? []).filter((s) => s.is_selected).length > 1) cartsWithTwoSelected++
    const res = await fetch(`${baseUrl}/store/orders/cart/${cartId}`)
    if (res.status !== 200) continue
    const { order } = await res.json()
    ordersPerCart[cartId] = 1
    orderIds.add(order.id)
    const full = (await admin("GET", `/admin/orders/${order.id}?expand=items,discounts,gift_card_transactions`)).order
    for (const item of full.items) orderedByVariant[item.variant_id] = (orderedByVariant[item.variant_id] ?? 0) + item.quantity
    if (full.discounts.some((d) => d.id === fixtures.discountId)) discountOrders++
    for (const tx of full.gift_card_transactions ?? []) usedByCard.set(tx.gift_card_id, (usedByCard.get(tx.gift_card_id) ?? 0) + tx.amount)
  }
  // v1 keeps one order per cart by a unique index; a second order per cart would show in the admin list.
  const { discount } = await admin("GET", `/admin/discounts/${fixtures.discountId}`)
  const giftCards = []
  for (const [i, id] of fixtures.giftCardIds.entries()) {
    const { gift_card } = await admin("GET", `/admin/gift-cards/${id}`)
    giftCards.push({ code: fixtures.giftCardCodes[i], value: gift_card.value, balance: gift_card.balance, used: usedByCard.get(id) ?? 0 })
  }
  return {
    initialStock: fixtures.initialStock, stock, orderedByVariant, ordersPerCart, orderIds,
    discount: { usage_count: discount.usage_count, usage_limit: discount.usage_limit, orders: discountOrders },
    giftCards, cartsWithTwoSelected,
  }
}
