// The soak's fixtures and its invariant reads on this Worker's D1 (a D1 binding: the test pool's env.DB, or
// Miniflare's getD1Database in `npm run soak`). Fixtures are written straight into the store's own database.
import { SOAK_STORE } from "./journeys.mjs"

const T = "2026-01-01T00:00:00.000Z"

/** Scarce stock on the soak variants, a 10 % discount with a usage limit and gift cards, all in SOAK_STORE.region. */
export async function arrangeD1Fixtures(db, { runId, stock, discountLimit, giftCards, giftCardValue }) {
  const initialStock = {}
  const statements = []
  SOAK_STORE.variants.forEach((id, i) => {
    const quantity = Array.isArray(stock) ? stock[i] : stock
    initialStock[id] = quantity
    statements.push(db.prepare(`UPDATE product_variant SET inventory_quantity = ?, manage_inventory = 1, allow_backorder = 0 WHERE id = ?`).bind(quantity, id))
  })
  const discountCode = `SOAK${runId}`.toUpperCase()
  const ruleId = `dru_soak_${runId}`
  const discountId = `disc_soak_${runId}`
  statements.push(
    db.prepare(`INSERT INTO discount_rule (id, description, type, value, allocation, metadata, created_at, updated_at, deleted_at)
      VALUES (?, 'soak 10 %', 'percentage', 10, 'total', NULL, ?, ?, NULL)`).bind(ruleId, T, T),
    db.prepare(`INSERT INTO discount (id, code, is_dynamic, rule_id, is_disabled, parent_discount_id, starts_at, ends_at, valid_duration,
      usage_limit, usage_count, metadata, created_at, updated_at, deleted_at) VALUES (?, ?, 0, ?, 0, NULL, ?, NULL, NULL, ?, 0, NULL, ?, ?, NULL)`)
      .bind(discountId, discountCode, ruleId, T, discountLimit, T, T),
    db.prepare(`INSERT INTO discount_regions (discount_id, region_id) VALUES (?, ?)`).bind(discountId, SOAK_STORE.region),
  )
  const giftCardCodes = []
  for (let i = 0; i < giftCards; i++) {
    const code = `SOAK-${runId}-GIFT-${i}`.toUpperCase()
    giftCardCodes.push(code)
    statements.push(db.prepare(`INSERT INTO gift_card (id, code, value, balance, region_id, order_id, is_disabled, ends_at, tax_rate, metadata,
      created_at, updated_at, deleted_at) VALUES (?, ?, ?, ?, ?, NULL, 0, NULL, NULL, NULL, ?, ?, NULL)`)
      .bind(`gift_soak_${runId}_${i}`, code, giftCardValue, giftCardValue, SOAK_STORE.region, T, T))
  }
  await db.batch(statements)
  return { discountCode, giftCardCodes, initialStock }
}

/** What the invariants are checked against, read in one batch after the shoppers stopped. */
export async function readD1State(db, fixtures, cartIds) {
  const carts = JSON.stringify(cartIds)
  const inCarts = `IN (SELECT value FROM json_each(?))`
  const [stock, ordered, perCart, discount, cards, twoSelected] = await db.batch([
    db.prepare(`SELECT id, inventory_quantity AS q FROM product_variant WHERE id IN (SELECT value FROM json_each(?))`).bind(JSON.stringify(SOAK_STORE.variants)),
    db.prepare(`SELECT li.variant_id AS id, SUM(li.quantity) AS q FROM line_item li JOIN "order" o ON o.id = li.order_id
      WHERE o.cart_id ${inCarts} GROUP BY li.variant_id`).bind(carts),
    db.prepare(`SELECT cart_id, id FROM "order" WHERE cart_id ${inCarts}`).bind(carts),
    db.prepare(`SELECT d.usage_count, d.usage_limit, (SELECT COUNT(*) FROM order_discounts od WHERE od.discount_id = d.id) AS orders
      FROM discount d WHERE d.code = ?`).bind(fixtures.discountCode),
    db.prepare(`SELECT g.code, g.value, g.balance, (SELECT COALESCE(SUM(amount), 0) FROM gift_card_transaction t WHERE t.gift_card_id = g.id) AS used
      FROM gift_card g WHERE g.code IN (SELECT value FROM json_each(?)) ORDER BY g.code`).bind(JSON.stringify(fixtures.giftCardCodes)),
    db.prepare(`SELECT COUNT(*) AS n FROM (SELECT cart_id FROM payment_session WHERE is_selected = 1 AND cart_id ${inCarts}
      GROUP BY cart_id HAVING COUNT(*) > 1)`).bind(carts),
  ])
  const ordersPerCart = {}
  for (const row of perCart.results) ordersPerCart[row.cart_id] = (ordersPerCart[row.cart_id] ?? 0) + 1
  return {
    initialStock: fixtures.initialStock,
    stock: Object.fromEntries(stock.results.map((r) => [r.id, r.q])),
    orderedByVariant: Object.fromEntries(ordered.results.map((r) => [r.id, r.q])),
    ordersPerCart,
    orderIds: new Set(perCart.results.map((r) => r.id)),
    discount: discount.results[0],
    giftCards: cards.results,
    cartsWithTwoSelected: twoSelected.results[0].n,
  }
}
