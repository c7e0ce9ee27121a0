import { expect } from "vitest"
import { api } from "./api"

/**
 * The order recordings 179–186 start from (display 3 in Medusa: 2 × "M / Black" tee at 1950, standard shipping, no
 * tax), placed by a guest through the normal checkout of the golden store. Returns its id and its one line's id.
 */
export async function placeGoldenOrder(): Promise<{ orderId: string; itemId: string }> {
  const created = await api.post("/store/carts", { region_id: "reg_na", items: [{ variant_id: "variant_tshirt_m_black", quantity: 2 }] })
  const cartId: string = created.body.cart.id
  const address = { first_name: "Jane", last_name: "Doe", address_1: "1 Main St", city: "New York", country_code: "us", province: "NY", postal_code: "10001", phone: "+15555550100" }
  expect((await api.post(`/store/carts/${cartId}`, { email: "customer@example.com", shipping_address: address })).status).toBe(200)
  expect((await api.post(`/store/carts/${cartId}/shipping-methods`, { option_id: "so_01M8E6RHQE4VJF5R098S1H1BVR" })).status).toBe(200)
  expect((await api.post(`/store/carts/${cartId}/payment-sessions`)).status).toBe(200)
  const completed = await api.post(`/store/carts/${cartId}/complete`)
  expect(completed.body.type).toBe("order")
  return { orderId: completed.body.data.id, itemId: completed.body.data.items[0].id }
}
