/**
 * A small qs-compatible parser for Express-style query strings:
 * `a=1&a=2` → {a: ["1","2"]}, `a[]=1` → {a: ["1"]}, `a[gt]=x` → {a: {gt: "x"}}, `a[0]=x` → {a: ["x"]}.
 * Depth is capped at 5 and array indexes at 100 (as qs does), so hostile input cannot blow up memory.
 */
export type QueryValue = string | QueryValue[] | { [key: string]: QueryValue }
export type QueryObject = { [key: string]: QueryValue }

const MAX_DEPTH = 5
const MAX_PARAMS = 1000

export function parseQueryString(search: string): QueryObject {
  return parseQuery(search).query
}

/**
 * The parsed query, and the keys it refused to build (`__proto__`, `constructor`, `prototype` at any depth, as
 * dotted paths): validateQuery answers them 400 like any unknown parameter, so they cannot vary a URL unnoticed.
 */
export function parseQuery(search: string): { query: QueryObject; unsafeKeys: string[] } {
  const out: QueryObject = Object.create(null)
  const unsafeKeys: string[] = []
  const params = new URLSearchParams(search)
  let count = 0
  for (const [rawKey, value] of params) {
    if (++count > MAX_PARAMS) break
    const segments = splitKey(rawKey)
    if (segments.length === 0) continue
    const unsafeAt = segments.findIndex(isUnsafeKey)
    if (unsafeAt >= 0) {
      const path = segments.slice(0, unsafeAt + 1).join(".")
      if (!unsafeKeys.includes(path)) unsafeKeys.push(path)
      continue
    }
    assign(out, segments, value)
  }
  return { query: out, unsafeKeys }
}

/**
 * The top-level parameter names as the parser builds them (`cart_id[`, `cart_id[]`, `%63art_id` are all `cart_id`),
 * in first-seen order: whoever decides on a parameter's presence must see what the route will see.
 */
export function queryParamNames(search: string): string[] {
  const names = new Set<string>()
  let count = 0
  for (const rawKey of new URLSearchParams(search).keys()) {
    if (++count > MAX_PARAMS) break
    const head = splitKey(rawKey)[0]
    if (head !== undefined) names.add(head)
  }
  return [...names]
}

function splitKey(key: string): string[] {
  const first = key.indexOf("[")
  if (first <= 0) return key ? [key] : []
  const segments = [key.slice(0, first)]
  const re = /\[([^\]]*)\]/g
  re.lastIndex = first
  let match: RegExpExecArray | null
  while ((match = re.exec(key)) && segments.length <= MAX_DEPTH) segments.push(match[1] ?? "")
  return segments
}

function assign(target: QueryObject, segments: string[], value: string): void {
  const [head, ...rest] = segments as [string, ...string[]]
  if (isUnsafeKey(head)) return
  if (rest.length === 0) {
    const existing = target[head]
    if (existing === undefined) target[head] = value
    else if (Array.isArray(existing)) existing.push(value)
    else if (typeof existing === "string") target[head] = [existing, value]
    return
  }
  const next = rest[0]!
  const isArraySegment = next === "" || /^\d{1,2}$/.test(next)
  if (isArraySegment && rest.length === 1) {
    const existing = target[head]
    if (existing === undefined) target[head] = [value]
    else if (Array.isArray(existing)) existing.push(value)
    else if (typeof existing === "string") target[head] = [existing, value]
    return
  }
  let child = target[head]
  if (child === undefined || typeof child === "string" || Array.isArray(child)) {
    child = Object.create(null) as QueryObject
    target[head] = child
  }
  assign(child as QueryObject, rest, value)
}

function isUnsafeKey(key: string): boolean {
  return key === "__proto__" || key === "constructor" || key === "prototype"
}
