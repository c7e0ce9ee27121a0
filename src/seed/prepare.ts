/**
 * The asynchronous half of an import, shared by the workerd importer and the CLI: look up what the database
 * already holds, settle customer password hashes, then plan. The caller supplies how to run read-only SQL.
 */
import { hashPassword, verifyPassword } from "../domain/password"
import { parseSeed, planSeedImport, type SeedPlan } from "./plan"
import { lookupRequest } from "./requests"
import type { SeedFile } from "./schema"
import { buildSnapshot, lookup, snapshotQueries, type Snapshot, type SnapshotRow } from "./snapshot"

/** Runs literal read-only statements and returns each one's rows (in order). */
export type QueryRunner = (statements: string[]) => Promise<SnapshotRow[][]>

export interface PrepareOptions {
  now: string
  query: QueryRunner
}

export async function prepareSeedImport(seed: unknown, opts: PrepareOptions): Promise<SeedPlan> {
  const file = parseSeed(seed)
  const results = await opts.query(snapshotQueries(lookupRequest(file)))
  const snapshot = buildSnapshot(results.flat())
  const passwordHashes = await settlePasswords(file, snapshot)
  return planSeedImport(seed, { now: opts.now, snapshot, passwordHashes })
}

/**
 * Salts are random, so re-hashing an unchanged password would rewrite the customer on every import.
 * The stored hash is kept whenever the file's password still verifies against it.
 */
async function settlePasswords(file: SeedFile, snapshot: Snapshot): Promise<Map<string, string>> {
  const out = new Map<string, string>()
  for (const c of file.customers) {
    const key = `${c.email.toLowerCase()}|1`
    if (out.has(key)) continue
    const stored = lookup(snapshot, "customer.email", key)?.x
    // An imported Medusa hash seeds a new customer; once stored (and maybe re-hashed at login) it is left alone.
    if (c.password_hash) {
      out.set(key, stored ?? c.password_hash)
      continue
    }
    if (!c.password) continue
    out.set(key, stored && (await verifyPassword(c.password, stored)) ? stored : await hashPassword(c.password))
  }
  return out
}
