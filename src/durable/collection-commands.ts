import type { BatchSession } from "../domain/payment-collections"
import type { FaultPlan } from "../faults/plan"

/** Commands the payment collection's Durable Object runs (kept apart from the class so env.ts imports no implementation). */
export type CollectionCommand =
  | { kind: "create_session"; provider_id: string }
  | { kind: "set_sessions"; sessions: BatchSession[] }
  | { kind: "refresh_session"; session_id: string }
  | { kind: "authorize_session"; session_id: string }
  | { kind: "authorize_sessions"; session_ids: string[] }

export type CollectionResult =
  | { ok: true; json: string }
  | { ok: false; error: { type: string | null; message: string; code?: string | undefined } }

export const CONFLICT_MESSAGE = "The request conflicted with another request. You may retry the request with the provided Idempotency-Key."

/** The object's RPC surface: what `env.PAYMENT_COLLECTION` is typed by. */
export interface PaymentCollectionCoordinatorRpc extends Rpc.DurableObjectBranded {
  run(collectionId: string, command: CollectionCommand, customerId: string | undefined, faults?: FaultPlan): Promise<CollectionResult>
}
