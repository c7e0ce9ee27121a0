import { DurableObject } from "cloudflare:workers"
import type { Env } from "../env"
import { MedusaError } from "../domain/errors"
import { createDb } from "../db/client"
import { honoured, type FaultPlan } from "../faults/plan"
import { withPaymentFault } from "../faults/payments"
import { installedPayments } from "../providers/payment/registry"
import {
  authorizeCollectionSession, authorizeCollectionSessions, createCollectionSession, refreshCollectionSession,
  setCollectionSessions, type BatchSession,
} from "../services/payment-collections"

import { CONFLICT_MESSAGE, type CollectionCommand, type CollectionResult, type PaymentCollectionCoordinatorRpc } from "./collection-commands"

export { CONFLICT_MESSAGE, type CollectionCommand, type CollectionResult }

/**
 * One instance per payment collection (`idFromName(collectionId)`): every command on a collection's sessions talks
 * to payment providers, so — as for a cart's payment commands — a command that arrives while another one for the
 * same collection is running is answered 409 at once (nothing applied, safe to retry) instead of queueing. Two
 * concurrent authorizations therefore never charge twice and never lose each other's session states.
 */
export class PaymentCollectionCoordinator extends DurableObject<Env> implements PaymentCollectionCoordinatorRpc {
  #running = false

  async run(collectionId: string, command: CollectionCommand, customerId: string | undefined, requested?: FaultPlan): Promise<CollectionResult> {
    if (this.#running) return { ok: false, error: { type: "conflict", message: CONFLICT_MESSAGE } }
    this.#running = true
    try {
      const faults = honoured(this.env.FAULTS, requested)
      const payments = installedPayments(this.env)
      const ctx = {
        db: createDb(this.env.DB, faults?.d1).db,
        now: () => new Date(),
        customerId,
        payments: faults?.payment ? withPaymentFault(payments, faults.payment) : payments,
      }
      const body = await execute(ctx, collectionId, command)
      return { ok: true, json: JSON.stringify(body) }
    } catch (err) {
      if (err instanceof MedusaError) return { ok: false, error: { type: err.type, message: err.message, code: err.code } }
      console.error("payment collection command failed", err instanceof Error ? err.stack : err)
      return { ok: false, error: { type: null, message: err instanceof Error ? err.message : String(err) } }
    } finally {
      this.#running = false
    }
  }
}

async function execute(ctx: Parameters<typeof createCollectionSession>[0], id: string, command: CollectionCommand) {
  switch (command.kind) {
    case "create_session":
      return { payment_collection: await createCollectionSession(ctx, id, command.provider_id) }
    case "set_sessions":
      return { payment_collection: await setCollectionSessions(ctx, id, command.sessions) }
    case "refresh_session":
      return { payment_session: await refreshCollectionSession(ctx, id, command.session_id) }
    case "authorize_session":
      return { payment_session: await authorizeCollectionSession(ctx, id, command.session_id) }
    case "authorize_sessions":
      return { payment_collection: await authorizeCollectionSessions(ctx, id, command.session_ids) }
  }
}
