import { defineConfig } from "vitest/config"

/**
 * The Node-side suite (test/node): code that runs in the CLI, not in the Worker — e.g. the Medusa v1 import, which
 * reads Postgres (PGlite in tests, a WASM build that does not load in workerd).
 */
export default defineConfig({
  test: {
    name: "node",
    environment: "node",
    include: ["test/node/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
})
