import { env } from "cloudflare:workers"
import { importSeed } from "../../src/seed/import"
import type { SeedPlan } from "../../src/seed/plan"
import goldenSeed from "../fixtures/golden-seed.json"

/** The time the golden store was seeded in Medusa (its products, collections and categories carry it). */
export const GOLDEN_SEEDED_AT = "2026-11-27T09:53:07.269Z"

/**
 * Loads a seed file (same format as `npm run seed`) into the test D1 database, atomically.
 * Re-seeding the same data is a no-op; timestamps default to GOLDEN_SEEDED_AT so tests can assert them exactly.
 */
export function seedStore(seed: unknown, opts: { now?: string } = {}): Promise<SeedPlan> {
  return importSeed(env.DB, seed, { now: opts.now ?? GOLDEN_SEEDED_AT })
}

/** The golden fixture: the store the recordings in test/fixtures/medusa-v1/golden were made against. */
export function seedGoldenStore(): Promise<SeedPlan> {
  return seedStore(goldenSeed)
}

export { goldenSeed }
