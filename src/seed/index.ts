/** Entry point the seed CLI bundles (scripts/seed.mjs): everything it needs, nothing runtime-specific. */
export { parseSeed, planSeedImport, SeedValidationError, type SeedPlan } from "./plan"
export { prepareSeedImport, type QueryRunner } from "./prepare"
export { formatProblems, type SeedProblem } from "./problems"
export type { SnapshotRow } from "./snapshot"
