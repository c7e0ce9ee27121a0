import type { UpdateCartInput } from "../schemas/carts"
import type { FaultPlan } from "../faults/plan"

/**
 * Commands the cart's Durable Object runs. Inputs are the validated request bodies (see schemas/carts.ts);
 * they cross the RPC boundary as structured-clone data. What each kind does, and its policy (idempotent,
 * exclusive), is the command table in services/cart-commands.ts.
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
  | { kind: "read_cart" }

export type CartCommandKind = CartCommand["kind"]
export type CommandOf<K extends CartCommandKind> = Extract<CartCommand, { kind: K }>

/** Who is asking, and when: the request context a command needs, passed explicitly across RPC. */
export interface CommandContext {
  /** The Worker request's id, so the object's log lines join the request's (src/log.ts). */
  requestId: string
  /** The request's clock (ISO time it arrived): every timestamp the command writes derives from it. */
  requestedAt: string
  customerId?: string | undefined
  publishableKeyScopes?: string[] | undefined
  idempotencyKey?: string | undefined
  requestPath: string
  requestMethod: string
  /** Test-only faults (src/faults/plan.ts); the object honours them only when its own FAULTS binding is "on". */
  faults?: FaultPlan | undefined
}

export type CommandResult =
  /** `json` is the serialized response body: cheap to pass over RPC and to store for idempotent replays. */
  | { ok: true; status: number; json: string; d1RoundTrips?: number; bookmark?: string | undefined }
  | { ok: false; error: TransportableError; d1RoundTrips?: number; bookmark?: string | undefined }

export interface TransportableError {
  kind: "medusa" | "multiple" | "unknown"
  type?: string
  message: string
  code?: string
  errors?: string[]
}

/**
 * The cart object's RPC surface. env.ts types the `CART` binding with it, so the environment does not import the
 * object's implementation (which imports the services, which import env.ts).
 */
export interface CartCoordinatorRpc extends Rpc.DurableObjectBranded {
  run(cartId: string, command: CartCommand, context: CommandContext): Promise<CommandResult>
}
