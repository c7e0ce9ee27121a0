import { beforeAll, describe, expect, it } from "vitest"
import { env } from "cloudflare:workers"
import { api } from "../helpers/api"
import { seedGoldenStore, seedStore } from "../helpers/seed"

/**
 * A seeded (or migrated) order reads back as the one Medusa placed: its shipping method and payment keep the ids the
 * file gives, and each line's has_shipping is set as v1's checkout sets it — true when one of the order's methods serves
 * the product's shipping profile, false when none does, NULL for an order without methods. Golden store, reg_eu:
 * EU Standard serves the default profile (tees), not the gift-card profile.
 */
beforeAll(async () => {
  await seedGoldenStore()
  await seedStore({
    orders: [
      {
        id: "order_moved_shipped", display_id: 9101, email: "moved@example.com", region_id: "reg_eu",
        items: [
          { id: "item_moved_tee", variant_id: "variant_tshirt_m_black", quantity: 1 },
          { id: "item_moved_card", variant_id: "variant_giftcard_25", quantity: 1 },
        ],
        shipping_methods: [{ id: "sm_from_medusa", shipping_option_id: "so_01M8E6RHT4N4V1RWXT4CDHQ6BN" }],
        payment: { id: "pay_from_medusa" },
      },
      {
        id: "order_moved_unshipped", display_id: 9102, email: "moved@example.com", region_id: "reg_eu",
        items: [{ id: "item_moved_sweat", variant_id: "variant_sweatshirt_m", quantity: 1 }],
      },
    ],
  })
})

describe("a moved order", () => {
  it("keeps its shipping method's and payment's ids", async () => {
    const res = await api.get("/store/orders/order_moved_shipped")
    expect(res.status).toBe(200)
    expect(res.body.order.shipping_methods.map((m: { id: string }) => m.id)).toEqual(["sm_from_medusa"])
    expect(res.body.order.payments.map((p: { id: string }) => p.id)).toEqual(["pay_from_medusa"])
    const rows = await env.DB.prepare("SELECT id FROM shipping_method WHERE order_id = ?").bind("order_moved_shipped").all()
    expect(rows.results).toEqual([{ id: "sm_from_medusa" }])
  })

  it("marks a line shipped when a method serves its product's profile, as v1's checkout does", async () => {
    const shipped = (await api.get("/store/orders/order_moved_shipped")).body.order
    const flags = Object.fromEntries(shipped.items.map((i: { id: string; has_shipping: boolean | null }) => [i.id, i.has_shipping]))
    expect(flags).toEqual({ item_moved_tee: true, item_moved_card: false })
    const unshipped = (await api.get("/store/orders/order_moved_unshipped")).body.order
    expect(unshipped.items.map((i: { has_shipping: boolean | null }) => i.has_shipping)).toEqual([null])
  })
})
