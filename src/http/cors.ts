/** Parses STORE_CORS: comma-separated origins, or `/regex/` entries (v1 parseCorsOrigins). */
export function parseCorsOrigins(config: string | undefined): (string | RegExp)[] {
  if (!config) return []
  return config
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const m = /^\/(.+)\/([a-z]*)$/.exec(entry)
      if (!m) return entry
      try {
        return new RegExp(m[1]!, m[2])
      } catch {
        return entry
      }
    })
}

/** True when `origin` is listed (exactly or by a `/regex/` entry). `*` lists no origin: see `corsGrant`. */
export function isOriginAllowed(origin: string, allowed: readonly (string | RegExp)[]): boolean {
  return allowed.some((rule) => (typeof rule === "string" ? rule === origin : rule.test(origin)))
}

/**
 * What a request's `Origin` is granted: a listed origin is echoed, with credentials (the storefront sends the session
 * cookie); with `*` in STORE_CORS any other origin gets `*` and never credentials, as the Fetch standard means it
 * (echoing any origin with credentials would let every site read a logged-in shopper's account); otherwise nothing.
 */
export function corsGrant(origin: string | undefined, allowed: readonly (string | RegExp)[]): { allowOrigin: string | null; credentials: boolean } {
  if (origin !== undefined && isOriginAllowed(origin, allowed)) return { allowOrigin: origin, credentials: true }
  if (allowed.includes("*")) return { allowOrigin: "*", credentials: false }
  return { allowOrigin: null, credentials: false }
}
