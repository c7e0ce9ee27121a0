import { defineConfig } from "vitest/config"
import { RESTART_TESTS, workersConfig } from "./vitest.config"

// The Durable Object restart tests, alone in their own run (see workersConfig in vitest.config.ts).
export default defineConfig(() => workersConfig({ include: RESTART_TESTS, exclude: ["**/node_modules/**"] }))
