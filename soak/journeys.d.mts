// Types of journeys.mjs for the TypeScript test that imports it.
export const SOAK_STORE: { region: string; shippingOption: string; variants: string[] }
export interface Sent { status: number; body: any }
export type Send = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => Promise<Sent>
export interface Fixtures { discountCode: string; giftCardCodes: string[]; initialStock: Record<string, number> }
export class ResponseLog {
  total: number
  byClass: { "2xx": number; "4xx": number; "5xx": number; other: number }
  bad: { method: string; path: string; status: number; body: string }[]
  record(method: string, path: string, status: number, body: unknown): void
}
export interface Journey { cartId: string | null; orderIds: string[] }
export function isMedusaErrorBody(body: unknown): boolean
export function shopperJourney(send: Send, log: ResponseLog, fixtures: Fixtures, random: () => number, n: number): Promise<Journey>
export function runShoppers(
  send: Send,
  fixtures: Fixtures,
  opts: { shoppers: number; deadline: number; random?: () => number; maxJourneys?: number },
): Promise<{ log: ResponseLog; journeys: Journey[] }>
export interface SoakState {
  initialStock: Record<string, number>
  stock: Record<string, number>
  orderedByVariant: Record<string, number>
  ordersPerCart: Record<string, number>
  orderIds: Set<string>
  discount: { usage_count: number; usage_limit: number; orders: number }
  giftCards: { code: string; value: number; balance: number; used: number }[]
  cartsWithTwoSelected: number
}
export function invariantTable(state: SoakState, run: { log: ResponseLog; journeys: Journey[] }): { invariant: string; holds: boolean; detail: string }[]
