import { forgetCatalogVersion } from "../../src/db/catalog-version"

/**
 * What a write behind the API's back (a fixture, a seed import, `wrangler d1 execute`) gets once
 * CATALOG_VERSION_TTL has passed: the isolate re-reads the catalog and stock versions on its next catalog request
 * (one D1 round trip, counted in x-d1-round-trips), so that request keys on the versions the write bumped.
 * Deterministic, where sleeping out the window would not be.
 */
export function catalogVersionWindowPassed(): void {
  forgetCatalogVersion()
}
