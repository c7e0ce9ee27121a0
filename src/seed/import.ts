/**
 * Imports a seed into a D1 database in one atomic `db.batch` (all or nothing). Used by tests and their
 * `seedStore` helper; the CLI runs the same plan through `wrangler d1 execute --file`.
 */
import { prepareSeedImport, type QueryRunner } from "./prepare"
import type { SeedPlan } from "./plan"
import type { SnapshotRow } from "./snapshot"

export interface ImportOptions {
  /** Timestamp for new/changed rows; defaults to the current time. */
  now?: string | undefined
}

export async function importSeed(db: D1Database, seed: unknown, opts: ImportOptions = {}): Promise<SeedPlan> {
  const plan = await prepareSeedImport(seed, { now: opts.now ?? new Date().toISOString(), query: d1QueryRunner(db) })
  if (plan.statements.length) await db.batch(plan.statements.map((sql) => db.prepare(sql)))
  return plan
}

export function d1QueryRunner(db: D1Database): QueryRunner {
  return async (statements) => {
    if (!statements.length) return []
    const results = await db.batch<SnapshotRow>(statements.map((sql) => db.prepare(sql)))
    return results.map((r) => r.results)
  }
}
