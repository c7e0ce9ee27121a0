import type { Env } from "../env"
import { MedusaError, type MedusaErrorType } from "../domain/errors"
import type { CollectionCommand } from "./payment-collection-coordinator"
import type { FaultPlan } from "../faults/plan"

/** Worker side: runs one command in the collection's Durable Object; answers its JSON or throws its MedusaError. */
export async function runCollectionCommand(env: Env, collectionId: string, command: CollectionCommand, customerId: string | undefined, faults?: FaultPlan): Promise<string> {
  const stub = env.PAYMENT_COLLECTION.get(env.PAYMENT_COLLECTION.idFromName(collectionId))
  const result = await stub.run(collectionId, command, customerId, faults)
  if (result.ok) return result.json
  if (result.error.type) throw new MedusaError(result.error.type as MedusaErrorType, result.error.message, result.error.code)
  throw new Error(result.error.message)
}
