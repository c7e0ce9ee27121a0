import { describe, expect, it } from "vitest"
import { env } from "cloudflare:workers"
import { sql } from "drizzle-orm"
import { drizzle } from "drizzle-orm/d1"
import { D1_MAX_LIKE_PATTERN_BYTES, likeTerm } from "../../src/db/sql"

const db = drizzle(env.DB)

/** Runs likeTerm against a literal value in D1 (the column is the bound value). */
async function matches(value: string, term: string, position: "contains" | "starts_with" | "ends_with", escape = false) {
  const row = await db.get<{ hit: number }>(sql`SELECT (${likeTerm(sql`${value}`, term, position, { escape })}) AS hit`)
  return row.hit === 1
}

const long = "Medusa Heavyweight Organic Cotton T-Shirt, Oversized Fit, Washed Black (XL)"

describe("likeTerm: v1's ILIKE within D1's 50-byte LIKE pattern limit", () => {
  it("uses LIKE up to the limit: case-insensitive, wildcards live unless escaped", async () => {
    expect(D1_MAX_LIKE_PATTERN_BYTES).toBe(50)
    expect(await matches("Summer", "UMM", "contains")).toBe(true)
    expect(await matches("Summer", "s%r", "contains")).toBe(true)
    expect(await matches("Summer", "s%r", "contains", true)).toBe(false)
    expect(await matches("100% vinyl", "100%", "contains", true)).toBe(true)
    expect(await matches("winter", "WI", "starts_with")).toBe(true)
    expect(await matches("kitchen", "EN", "ends_with")).toBe(true)
    // 48 characters + two % = 50 bytes: still a LIKE
    expect(await matches(long, long.slice(0, 48).toLowerCase(), "contains")).toBe(true)
  })

  it.each([
    // [term, position, expected] — every term here makes a pattern over 50 bytes (D1: "LIKE or GLOB pattern too complex")
    [long.slice(3, 60).toUpperCase(), "contains", true],
    [long.slice(3, 60) + "!", "contains", false],
    [long.slice(0, 55).toLowerCase(), "starts_with", true],
    [long.slice(1, 56), "starts_with", false],
    [long.slice(-52).toUpperCase(), "ends_with", true],
    [long.slice(-53, -1), "ends_with", false],
    ["x".repeat(5000), "contains", false],
    ["%".repeat(60), "contains", false],
  ] as const)("matches %s (%s) as a literal substring past the limit: %s", async (term, position, expected) => {
    expect(await matches(long, term, position)).toBe(expected)
    expect(await matches(long, term, position, true)).toBe(expected)
  })
})
