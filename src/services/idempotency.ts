import { eq, sql } from "drizzle-orm"
import type { BatchItem } from "drizzle-orm/batch"
import type { Database } from "../env"
import * as t from "../db/schema"
import { isConstraintFailure } from "../db/errors"
import { defineRead, runReads, type Read } from "../db/reads"
import { invalidData } from "../domain/errors"
import { newId } from "../domain/ids"

/**
 * Idempotency keys (catalog §3(c)), stored in D1 as v1's IdempotencyKey. A key belongs to exactly one request
 * (method, path and params); its recovery point moves forward in the same batch as the writes of the stage that
 * reached it, and once `finished` its stored response (status and body) is what every retry gets.
 */
export type IdempotencyKeyRow = typeof t.idempotencyKey.$inferSelect
export type RecoveryPoint = "started" | "tax_lines_created" | "payment_authorized" | "return_requested" | "swap_created" | "finished"

export interface IdempotentRequest {
  key: string
  method: string
  path: string
  /** The request's parameters (its validated body), JSON: a key reused with other parameters is refused. */
  params: string
}

/** A command's answer: status and serialized body, as the Durable Object returns and a key stores it. */
export interface StoredResponse {
  status: number
  json: string
}

export const MAX_KEY_LENGTH = 255

/**
 * D1 refuses a string or row over 2,000,000 bytes, and a key's row holds the request's params beside its response.
 * A response too large to keep there (a cart whose line items carry large metadata, say) is not stored: the key
 * still finishes, and a retry answers the current state, as after a crash between the change and the store.
 */
const D1_MAX_ROW_BYTES = 2_000_000
/** The key's other columns: id, key (≤ 255), method, path, timestamps, recovery point. */
const KEY_ROW_OVERHEAD_BYTES = 4_096
const utf8 = new TextEncoder()
const byteLength = (text: string) => utf8.encode(text).length

/** The response body to store under the key, or null when it would not fit in the key's row. */
function storableBody(request: IdempotentRequest, json: string | null): string | null {
  if (json === null) return null
  const budget = D1_MAX_ROW_BYTES - KEY_ROW_OVERHEAD_BYTES - byteLength(request.params)
  return byteLength(json) <= budget ? json : null
}

export async function findIdempotencyKey(db: Database, key: string): Promise<IdempotencyKeyRow | undefined> {
  const [row] = await runReads(db, [idempotencyKeyRead(db, key)])
  return row
}

/** A key's row, to read beside the command's other reads in one batch. */
export function idempotencyKeyRead(db: Database, key: string): Read<IdempotencyKeyRow | undefined> {
  return defineRead([db.select().from(t.idempotencyKey).where(eq(t.idempotencyKey.idempotency_key, key))], ([[row]]) => row)
}

/**
 * A key may only ever answer the request it was created for (v1 compares nothing; replaying another cart's order
 * would leak it). The refusal names nothing of the first request: its path holds another shopper's cart id.
 */
export function assertSameRequest(row: IdempotencyKeyRow, request: IdempotentRequest): void {
  if (row.request_method !== request.method || row.request_path !== request.path || row.request_params !== request.params) {
    throw invalidData(`Idempotency-Key "${request.key}" was already used for a different request`)
  }
}

/** The stored response of a finished key, if its body was stored. */
export function storedResponse(row: IdempotencyKeyRow): StoredResponse | undefined {
  if (row.recovery_point !== "finished" || row.response_code === null || row.response_body === null) return undefined
  return { status: row.response_code, json: row.response_body }
}

/**
 * The statement that moves a key to `point`, creating it when it does not exist yet. Create it only in the batch of
 * the first stage's writes, so a request that fails before writing anything leaves no key behind.
 */
export function keyWrite(
  db: Database,
  request: IdempotentRequest,
  exists: boolean,
  point: RecoveryPoint,
  now: string,
  response?: StoredResponse | { status: number; json: null },
): BatchItem<"sqlite"> {
  const changes = {
    recovery_point: point,
    ...(point === "finished" ? { finished_at: now } : {}),
    ...(response ? { response_code: response.status, response_body: storableBody(request, response.json) } : {}),
  }
  if (exists) return db.update(t.idempotencyKey).set(changes).where(eq(t.idempotencyKey.idempotency_key, request.key))
  return db.insert(t.idempotencyKey).values({
    id: newId("idempotencyKey"),
    idempotency_key: request.key,
    created_at: now,
    locked_at: now,
    request_method: request.method,
    request_params: request.params,
    request_path: request.path,
    response_code: null,
    response_body: null,
    ...changes,
  })
}

/** Stores the response of a finished key (written after the response was built from the committed state). */
export async function storeResponse(db: Database, request: IdempotentRequest, response: StoredResponse): Promise<void> {
  await db
    .update(t.idempotencyKey)
    .set({ recovery_point: "finished", finished_at: sql`strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`, response_code: response.status, response_body: storableBody(request, response.json) })
    .where(eq(t.idempotencyKey.idempotency_key, request.key))
}

/** A batch that created a key lost a race with another request that created the same key at the same moment. */
export function isKeyTaken(err: unknown): boolean {
  return isConstraintFailure(err, "UNIQUE", "idempotency_key.idempotency_key")
}


/**
 * A creation under an idempotency key (catalog §3(c), POST /store/returns and /store/swaps): a finished key replays
 * its stored answer; a new key (or one left at `started`) runs `create`, whose batch moves the key past `started`;
 * a key already past it answers what was created under it (`created`). The answer is then stored (`finished`).
 */
export async function createUnderKey(
  db: Database,
  request: IdempotentRequest,
  steps: { create: (keyExists: boolean) => Promise<string>; created: () => Promise<string> },
): Promise<StoredResponse> {
  const existing = await findIdempotencyKey(db, request.key)
  if (existing) {
    assertSameRequest(existing, request)
    const stored = storedResponse(existing)
    if (stored) return stored
  }
  const json = !existing || existing.recovery_point === "started" ? await steps.create(existing !== undefined) : await steps.created()
  const response = { status: 200, json }
  await storeResponse(db, request, response)
  return response
}
