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

export function isOriginAllowed(origin: string, allowed: readonly (string | RegExp)[]): boolean {
  return allowed.some((rule) => (typeof rule === "string" ? rule === origin || rule === "*" : rule.test(origin)))
}
