/**
 * Structured logs: one JSON object per line on the console, which Workers Logs (`[observability]` in wrangler.toml)
 * indexes field by field, so `request_id = "req_…"` finds every line of one request — in the Worker and in the
 * cart's Durable Object. Pure formatting here; no Hono, usable from the Durable Object.
 */
export type LogLevel = "debug" | "info" | "warn" | "error"

export type LogFields = Record<string, string | number | boolean | null | undefined>

/** The log line for `msg` with `fields` (undefined fields are left out; `level` and `msg` come first). */
export function formatLog(level: LogLevel, msg: string, fields: LogFields = {}): string {
  return JSON.stringify({ level, msg, ...fields })
}

/** Writes one structured line through the console method of its level (Workers Logs keeps the level). */
export function log(level: LogLevel, msg: string, fields: LogFields = {}): void {
  const line = formatLog(level, msg, fields)
  if (level === "error") console.error(line)
  else if (level === "warn") console.warn(line)
  else console.log(line)
}

/** An error's name, message and stack as log fields (never the request body or secrets). */
export function errorFields(err: unknown): LogFields {
  if (err instanceof Error) return { error: err.name, error_message: err.message, stack: err.stack }
  return { error: "non-error", error_message: String(err) }
}

const REQUEST_ID = /^[\w.:-]{1,128}$/

/**
 * The id a request is logged and answered under: the caller's `x-request-id` when it is a sane token (a proxy or a
 * storefront can correlate), else a fresh one. Anything else is replaced, so a client cannot forge log lines.
 */
export function chooseRequestId(header: string | undefined, fresh: () => string): string {
  return header && REQUEST_ID.test(header) ? header : fresh()
}
