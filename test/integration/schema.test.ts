import { describe, expect, it } from "vitest"
import { env } from "cloudflare:workers"
import { getTableConfig, SQLiteTable } from "drizzle-orm/sqlite-core"
import * as schema from "../../src/db/schema"

const tables: SQLiteTable[] = (Object.values(schema) as unknown[]).filter((value): value is SQLiteTable => value instanceof SQLiteTable)

describe("db/schema.ts agrees with migrations/*.sql", () => {
  it("declares at least the core tables", () => {
    expect(tables.length).toBeGreaterThan(30)
  })

  it.each(tables.map((t) => [getTableConfig(t).name, t] as const))("%s has the same columns", async (name, table) => {
    const { results } = await env.DB.prepare(`SELECT name, "notnull" AS not_null, pk FROM pragma_table_info(?)`)
      .bind(name)
      .all<{ name: string; not_null: number; pk: number }>()
    const inDb = Object.fromEntries(results.map((c) => [c.name, c.not_null === 1 || c.pk === 1]))
    const inSchema = Object.fromEntries(getTableConfig(table).columns.map((c) => [c.name, c.notNull || c.primary]))
    expect(inSchema).toEqual(inDb)
  })
})
