import type { UpdateCartInput } from "../schemas/carts"

/**
 * Commands the cart's Durable Object runs. Inputs are the validated request bodies (see schemas/carts.ts);
 * they cross the RPC boundary as structured-clone data.
 */
export type CartCommand =
  | { kind: "update_cart"; input: UpdateCartInput }
  | { kind: "remove_discount"; code: string }
  | { kind: "add_shipping_method"; input: { option_id: string; data?: Record<string, unknown> | undefined } }
  | { kind: "calculate_taxes" }
  | { kind: "add_line_item"; input: { variant_id: string; quantity: number; metadata?: Record<string, unknown> | undefined } }
  | { kind: "update_line_item"; lineId: string; input: { quantity: number; metadata?: Record<string, unknown> | undefined } }
  | { kind: "delete_line_item"; lineId: string }
  | { kind: "create_payment_sessions" }
  | { kind: "select_payment_session"; providerId: string }
  | { kind: "update_payment_session"; providerId: string; data: Record<string, unknown> }
  | { kind: "refresh_payment_session"; providerId: string }
  | { kind: "delete_payment_session"; providerId: string }
  | { kind: "complete" }


export type CartCommandKind = CartCommand["kind"]

/** Payment-session mutations and completion: one at a time per cart, a concurrent one is answered 409 at once. */
export const EXCLUSIVE_COMMANDS: ReadonlySet<string> = new Set([
  "create_payment_sessions",
  "select_payment_session",
  "update_payment_session",
  "refresh_payment_session",
  "delete_payment_session",
  "complete",
])

/**
 * Commands that honour an `Idempotency-Key` (catalog §3(c)): the key is echoed, and a finished key replays its stored
 * response. The route generates a key when the client sends none.
 */
export const IDEMPOTENT_COMMANDS: ReadonlySet<string> = new Set([
  "add_line_item",
  "create_payment_sessions",
  "calculate_taxes",
  "complete",
])

/** Who is asking: the request context a command needs, passed explicitly across RPC. */
export interface CommandContext {
  customerId?: string | undefined
  publishableKeyScopes?: string[] | undefined
  idempotencyKey?: string | undefined
  requestPath: string
  requestMethod: string
  /** The Worker request's id, so the object's log lines join the request's (src/log.ts). */
  requestId?: string | undefined
}

export type CommandResult =
  /** `json` is the serialized response body: cheap to pass over RPC and to store for idempotent replays. */
  | { ok: true; status: number; json: string; d1RoundTrips?: number }
  | { ok: false; error: TransportableError; d1RoundTrips?: number }

export interface TransportableError {
  kind: "medusa" | "multiple" | "unknown"
  type?: string
  message: string
  code?: string
  errors?: string[]
}
