// Moved to domain/find-config.ts (resolving `fields`/`expand`/`order` is a pure rule, not HTTP). Re-exported here so
// the catalog services that import it from this path, edited in parallel, need not change.
export * from "../domain/find-config"
