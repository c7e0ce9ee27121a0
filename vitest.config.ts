import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-pool-workers"
import { defineConfig } from "vitest/config"
import path from "node:path"
// @ts-expect-error plain .mjs build helper without types
import { copyDocsAssets } from "./scripts/lib/docs-assets.mjs"

/** The workerd test configuration (test/e2e runs in Node instead: vitest.e2e.config.ts). */
export async function workersConfig(files: { include?: string[]; exclude: string[] }) {
  copyDocsAssets() // /docs serves public/docs/scalar.js as a static asset
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
            // The catalog cache runs as in production (on: no CATALOG_CACHE binding), so every test that reads stock,
            // prices or discounts after a change goes through the cache a shop runs with.
            STORE_CORS: "http://localhost:8000,/\\.example\\.com$/",
            // Test-only secrets (the Worker refuses "dev-only" secrets in production).
            JWT_SECRET: "dev-only-test-jwt-secret-0123456789abcdef",
            EVENTS_WEBHOOK_SECRET: "dev-only-test-webhook-secret",
            // Stripe is faked at fetch in tests (test/helpers/fake-stripe.ts); these are not real credentials.
            STRIPE_API_KEY: "sk_test_fake",
            STRIPE_WEBHOOK_SECRET: "whsec_test_secret",
            // The admin API's secret in tests (test/helpers/admin.ts sends it); production sets it with wrangler secret put.
            ADMIN_API_TOKEN: "test-admin-token",
            // A provider call that hangs fails after this long (test/integration/cart.concurrency-guards.test.ts waits it
            // out once); the held-provider tests release their holds well within it.
            PAYMENT_PROVIDER_TIMEOUT_MS: "6000",
            // Test-only fault injection (src/faults/plan.ts): honours the x-fault header. No wrangler.toml env sets it.
            FAULTS: "on",
          },
        },
      }),
    ],
    test: {
      ...(files.include ? { include: files.include } : {}),
      exclude: files.exclude,
      setupFiles: ["./test/apply-migrations.ts"],
      // The Worker's per-request info lines (src/log.ts) would bury test output; warnings and errors still show.
      onConsoleLog: (line: string) => !line.startsWith('{"level":"info"'),
      testTimeout: 60_000,
      hookTimeout: 120_000,
    },
  }
}

// test/e2e runs in Node against a started Worker (vitest.e2e.config.ts).
export default defineConfig(() => workersConfig({ exclude: ["**/node_modules/**", "test/e2e/**", "test/node/**"] }))
