import { DurableObject } from "cloudflare:workers"
import type { Env } from "../env"
import { MedusaError, MultipleErrors } from "../domain/errors"
import type { CartCommand, CartCoordinatorRpc, CommandContext, CommandResult, TransportableError } from "./commands"
import { commandSpec } from "../services/cart-commands"
import { DEFAULT_STATE_TTL_MS, executeCartCommand, type CartMemory } from "../services/cart-command-runner"
import { createDb } from "../db/client"
import { errorFields, log, type LogFields } from "../log"
import { honoured } from "../faults/plan"
import { withPaymentFault } from "../faults/payments"
import { installedPayments } from "../providers/payment/registry"

/**
 * One instance per cart (`env.CART.idFromName(cartId)`): the cart's sequencer, idempotency memory and only writer.
 * It keeps the cart aggregate it last wrote (see CartMemory), so a command starts from it instead of reloading.
 *
 * Ordering: commands run one at a time through an explicit FIFO queue, because awaiting D1 or a payment provider
 * opens the input gate and would otherwise let two commands interleave their reads and writes.
 * Exclusivity: a payment-session command or a completion that arrives while another one is in flight is answered
 * 409 immediately (nothing applied, safe to retry); other edits simply wait their turn; a cart read (GET) waits for
 * nothing and answers the last committed state. A command whose
 * Idempotency-Key is already queued or running here is answered 409 too (the key's first request decides).
 */
export class CartCoordinator extends DurableObject<Env> implements CartCoordinatorRpc {
  #queue: Promise<unknown> = Promise.resolve()
  #exclusiveInFlight = 0
  /** Idempotency keys of commands queued or running here: a retry that arrives meanwhile is answered 409. */
  readonly #keysInFlight = new Set<string>()
  readonly #memory: CartMemory = { aggregate: undefined, readAt: 0 }

  async run(cartId: string, command: CartCommand, context: CommandContext): Promise<CommandResult> {
    const spec = commandSpec(command)
    // A cart read writes nothing: it waits for no queued command (readCartCommand serves a committed state).
    if (spec.type === "read") return this.#execute(cartId, command, context)
    const key = spec.idempotent ? context.idempotencyKey : undefined
    if (spec.exclusive && this.#exclusiveInFlight > 0) {
      return { ok: false, error: { kind: "medusa", type: "conflict", message: "A payment operation is in progress" } }
    }
    if (key !== undefined && this.#keysInFlight.has(key)) {
      return { ok: false, error: { kind: "medusa", type: "conflict", message: `Idempotency-Key ${key} is in flight` } }
    }
    if (spec.exclusive) this.#exclusiveInFlight++
    if (key !== undefined) this.#keysInFlight.add(key)
    try {
      return await this.#enqueue(() => this.#execute(cartId, command, context))
    } finally {
      if (spec.exclusive) this.#exclusiveInFlight--
      if (key !== undefined) this.#keysInFlight.delete(key)
    }
  }

  /** Runs `task` after every earlier task of this cart has settled. A failure does not jam the queue. */
  #enqueue<T>(task: () => Promise<T>): Promise<T> {
    const result = this.#queue.then(task, task)
    this.#queue = result.catch(() => undefined)
    return result
  }

  async #execute(cartId: string, command: CartCommand, context: CommandContext): Promise<CommandResult> {
    // Writes go to the primary; the session's bookmark after them lets the shopper's next read see them on any replica.
    const session = this.env.DB.withSession("first-primary")
    // Counted here so responses can report the D1 round trips a command made (x-d1-round-trips).
    const faults = honoured(this.env.FAULTS, context.faults)
    const database = createDb(session, faults?.d1)
    const logged = { request_id: context.requestId, cart_id: cartId, command: command.kind }
    const requestedAt = new Date(context.requestedAt)
    const ctx = {
      db: database.db,
      env: this.env,
      now: () => requestedAt,
      requestId: context.requestId,
      customerId: context.customerId,
      publishableKeyScopes: context.publishableKeyScopes,
      payments: faults?.payment
        ? withPaymentFault(installedPayments(this.env), faults.payment)
        : undefined,
    }
    const ttl = Number(this.env.CART_STATE_TTL_MS ?? DEFAULT_STATE_TTL_MS)
    const ttlMs = Number.isFinite(ttl) && ttl >= 0 ? ttl : DEFAULT_STATE_TTL_MS
    try {
      const { status, json } = await executeCartCommand(ctx, cartId, command, context, this.#memory, ttlMs)
      log("info", "cart command", { ...logged, status, d1_round_trips: database.count() })
      return { ok: true, status, json, d1RoundTrips: database.count(), bookmark: session.getBookmark() ?? undefined }
    } catch (err) {
      const error = toTransportableError(err, logged)
      log("info", "cart command", { ...logged, error_type: error.type ?? error.kind, d1_round_trips: database.count() })
      return { ok: false, error, d1RoundTrips: database.count(), bookmark: session.getBookmark() ?? undefined }
    }
  }
}

/** Errors do not keep their class across RPC: flatten them; cart-client.ts rebuilds them. */
function toTransportableError(err: unknown, logged: LogFields): TransportableError {
  if (err instanceof MultipleErrors) return { kind: "multiple", message: err.message, errors: err.errors }
  if (err instanceof MedusaError) {
    const out: TransportableError = { kind: "medusa", type: err.type, message: err.message }
    if (err.code !== undefined) out.code = err.code
    return out
  }
  // SQLite constraint errors are mapped by the HTTP layer from their message; keep it, log the rest.
  const message = err instanceof Error ? err.message : String(err)
  log("error", "cart command failed", { ...logged, ...errorFields(err) })
  return { kind: "unknown", message }
}
