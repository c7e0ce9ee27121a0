import { defineConfig } from "vitest/config"

/**
 * The end-to-end suite (test/e2e): runs in Node, not in workerd. Each file starts the real Worker over HTTP with
 * wrangler's unstable_startWorker on a copy of one freshly migrated and seeded local D1 (global-setup.ts), and
 * drives it with the official @medusajs/medusa-js client exactly as a storefront would.
 */
export default defineConfig({
  test: {
    name: "e2e",
    environment: "node",
    include: ["test/e2e/**/*.test.ts"],
    globalSetup: ["./test/e2e/global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 180_000,
  },
})
