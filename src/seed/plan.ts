/**
 * Plans a seed import: validates the whole file, resolves ids (kept when given, else the stored row under the
 * record's natural key, else a hash of that key) and renders idempotent literal SQL.
 * Pure and runtime-neutral: no I/O, no clock, no randomness (the CLI bundles it for Node; tests run it in workerd).
 */
import { Ctx } from "./context"
import { ENTITIES, emitStatements, type EntityTable } from "./model"
import { problemsFromZod, SeedValidationError } from "./problems"
import { resolveCategories, resolveCollections, resolveProducts } from "./resolve-catalog"
import { resolveCustomers, resolveDiscounts, resolveGiftCards, resolveReturnReasons, resolveTaxRates } from "./resolve-extras"
import {
  resolvePublishableKeys,
  resolveRegions,
  resolveSalesChannels,
  resolveShippingOptions,
  resolveShippingProfiles,
  resolveStore,
} from "./resolve-store"
import { SeedFile } from "./schema"
import { emptySnapshot, type Snapshot } from "./snapshot"
import { RowTooLargeError } from "./sql"

import { resolveOrders } from "./resolve-orders"
export { SeedValidationError } from "./problems"

export interface PlanOptions {
  /** ISO timestamp written to created_at / updated_at of new and changed rows. */
  now: string
  /** What the database already holds (see snapshot.ts); an empty database when left out. */
  snapshot?: Snapshot | undefined
  /** Password hashes by `${lowercased email}|1`, computed by prepareSeedImport (hashing is async). */
  passwordHashes?: ReadonlyMap<string, string> | undefined
}

export interface SeedPlan {
  statements: string[]
  /** Records per table in the file (written or already up to date). */
  counts: Partial<Record<EntityTable, number>>
}

/** Parses and checks the file's shape; throws SeedValidationError listing every problem. */
export function parseSeed(seed: unknown): SeedFile {
  if (typeof seed !== "object" || seed === null || Array.isArray(seed)) {
    throw new SeedValidationError([{ path: "", message: "must be a JSON object" }])
  }
  const parsed = SeedFile.safeParse(seed, { reportInput: true })
  if (!parsed.success) throw new SeedValidationError(problemsFromZod(parsed.error.issues))
  return parsed.data
}

export function planSeedImport(seed: unknown, opts: PlanOptions): SeedPlan {
  const file = parseSeed(seed)
  const ctx = new Ctx({ now: opts.now, snapshot: opts.snapshot ?? emptySnapshot(), passwordHashes: opts.passwordHashes })

  // Order matters: references resolve against what earlier steps defined.
  resolveSalesChannels(ctx, file)
  resolveStore(ctx, file)
  resolveShippingProfiles(ctx, file)
  resolveRegions(ctx, file)
  resolveShippingOptions(ctx, file)
  resolvePublishableKeys(ctx, file)
  resolveCollections(ctx, file)
  resolveCategories(ctx, file)
  resolveProducts(ctx, file)
  resolveTaxRates(ctx, file)
  resolveReturnReasons(ctx, file)
  resolveDiscounts(ctx, file)
  resolveGiftCards(ctx, file)
  resolveCustomers(ctx, file)
  resolveOrders(ctx, file)
  ctx.problems.throwIfAny()

  let statements: string[]
  try {
    statements = emitStatements(ctx.model, opts.now)
  } catch (err) {
    if (err instanceof RowTooLargeError) throw new SeedValidationError([{ path: err.path, message: err.message.slice(err.path.length + 2) }])
    throw err
  }
  const counts: Partial<Record<EntityTable, number>> = {}
  for (const table of Object.keys(ENTITIES) as EntityTable[]) {
    const n = ctx.model.count(table)
    if (n) counts[table] = n
  }
  return { statements, counts }
}
