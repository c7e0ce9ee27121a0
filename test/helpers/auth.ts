import { env } from "cloudflare:workers"
import { expect } from "vitest"
import { api, type ApiResponse } from "./api"

let counter = 0
/** A fresh address per call: tests never share a customer (or a rate-limit bucket). */
export const uniqueEmail = (label = "shopper") => `${label}.${Date.now().toString(36)}.${++counter}@example.com`

/** The `name=value` part of the session cookie a response sets (to send back as `Cookie`). */
export function sessionCookie(res: ApiResponse): string {
  const header = res.headers.get("set-cookie") ?? ""
  const match = /(connect\.sid=[^;]*)/.exec(header)
  if (!match) throw new Error(`no session cookie in ${header}`)
  return match[1] as string
}

export const withCookie = (cookie: string) => ({ headers: { cookie } })
export const withBearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } })

/** Registers a customer through POST /store/customers; answers its id, password and session cookie. */
export async function registerCustomer(opts: { email?: string; password?: string; first_name?: string } = {}) {
  const email = opts.email ?? uniqueEmail()
  const password = opts.password ?? "secret123"
  // Each from its own address, as real shoppers: registration is rate limited per address.
  const n = ++counter
  const from = { headers: { "cf-connecting-ip": `198.18.${(n >> 8) & 255}.${n & 255}` } }
  const res = await api.post("/store/customers", { first_name: opts.first_name ?? "Cust", last_name: "Omer", email, password }, from)
  expect(res.status).toBe(200)
  return { id: res.body.customer.id as string, email, password, cookie: sessionCookie(res) }
}

export async function tokenFor(email: string, password: string): Promise<string> {
  const res = await api.post("/store/auth/token", { email, password })
  expect(res.status).toBe(200)
  return res.body.access_token as string
}

/** The latest outbox event of `name` (tests get tokens from events, never from responses). */
export async function latestEvent(name: string): Promise<{ id: string; payload: Record<string, unknown>; delivered_at: string | null; attempts: number } | undefined> {
  const row = await env.DB.prepare("SELECT id, payload, delivered_at, attempts FROM event_outbox WHERE name = ? ORDER BY created_at DESC, id DESC LIMIT 1")
    .bind(name)
    .first<{ id: string; payload: string; delivered_at: string | null; attempts: number }>()
  return row ? { ...row, payload: JSON.parse(row.payload) } : undefined
}
