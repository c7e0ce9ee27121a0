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
            STORE_CORS: "http://localhost:8000,/\\.example\\.com$/",
            // The admin API's secret in tests (test/helpers/admin.ts sends it); production sets it with wrangler secret put.
            ADMIN_API_TOKEN: "test-admin-token",
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
