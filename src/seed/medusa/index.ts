/** The Medusa v1 import (scripts/import-medusa.mjs bundles this): read a 1.20 database, map it to a seed document. */
export { readMedusa, IMPORTED_TABLES, COUNTED_ONLY, type PgQuery, type Progress, type MedusaRows } from "./read"
export { medusaToSeed, type MedusaImport } from "./map"
export { problemRow, formatMedusaProblems, keepRuntimeState, existingRows, EXISTING_ROWS_QUERIES, type ExistingRows } from "./rows"
