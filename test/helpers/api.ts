import { SELF } from "cloudflare:test"

export interface ApiResponse<T = any> {
  status: number
  body: T
  headers: Headers
  /** D1 round trips the request made (x-d1-round-trips). */
  roundTrips: number
}

type Init = { headers?: Record<string, string> }

async function send<T>(method: string, path: string, body?: unknown, init: Init = {}): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { ...init.headers }
  let payload: string | undefined
  if (body !== undefined) {
    payload = typeof body === "string" ? body : JSON.stringify(body)
    headers["content-type"] ??= "application/json"
  }
  const res = await SELF.fetch(new Request(`http://store.test${path}`, { method, headers, body: payload }))
  const text = await res.text()
  let parsed: unknown = text
  try {
    parsed = text ? JSON.parse(text) : undefined
  } catch {
    // keep text
  }
  return { status: res.status, body: parsed as T, headers: res.headers, roundTrips: Number(res.headers.get("x-d1-round-trips") ?? -1) }
}

/** Typed SELF.fetch: act through HTTP, as a storefront would. */
export const api = {
  get: <T = any>(path: string, init?: Init) => send<T>("GET", path, undefined, init),
  post: <T = any>(path: string, body?: unknown, init?: Init) => send<T>("POST", path, body ?? {}, init),
  delete: <T = any>(path: string, init?: Init) => send<T>("DELETE", path, undefined, init),
  request: send,
}
