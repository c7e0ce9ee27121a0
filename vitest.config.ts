import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-pool-workers"
import { defineConfig } from "vitest/config"
import path from "node:path"

export default defineConfig(async () => {
  const migrations = await readD1Migrations(path.join(import.meta.dirname, "migrations"))
  return {
    plugins: [
      cloudflareTest({
        main: "./src/index.ts",
        wrangler: { configPath: "./wrangler.toml" },
        miniflare: {
          bindings: {
            TEST_MIGRATIONS: migrations,
            // Tests read the D1 round-trip counter from a response header.
            EXPOSE_D1_COUNT: "true",
            // Other tests read D1 directly; test/integration/catalog-cache.test.ts turns the edge cache on.
            CATALOG_CACHE: "off",
            STORE_CORS: "http://localhost:8000,/\\.example\\.com$/",
          },
        },
      }),
    ],
    test: {
      setupFiles: ["./test/apply-migrations.ts"],
      testTimeout: 60_000,
      hookTimeout: 120_000,
    },
  }
})
