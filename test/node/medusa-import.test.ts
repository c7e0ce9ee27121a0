import { PGlite } from "@electric-sql/pglite"
import { readFileSync, writeFileSync } from "node:fs"
import { beforeAll, describe, expect, test } from "vitest"
import { readMedusa, type PgQuery } from "../../src/seed/medusa/read"
import { medusaToSeed } from "../../src/seed/medusa/map"
import { parseSeed } from "../../src/seed/plan"

let db: PGlite
const query: PgQuery = async (sql, params) => (await db.query(sql, params)).rows as Record<string, unknown>[]
let seed: any
let unsupported: Record<string, number>

beforeAll(async () => {
  db = new PGlite()
  await db.exec(readFileSync(new URL("../fixtures/medusa-v1/pg-dump.sql", import.meta.url), "utf8"))
  await db.exec(readFileSync(new URL("../fixtures/medusa-v1/pg-extra.sql", import.meta.url), "utf8"))
  const out = medusaToSeed(await readMedusa(query))
  seed = out.seed
  unsupported = out.unsupported
  writeFileSync("/tmp/mv1/seed.json", JSON.stringify(seed, null, 2))
})

test("scratch", () => {
  console.log(unsupported)
  parseSeed(seed)
})
