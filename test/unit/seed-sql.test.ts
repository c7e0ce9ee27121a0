import { describe, expect, it } from "vitest"
import {
  MAX_STATEMENT_BYTES,
  RowTooLargeError,
  linkStatements,
  packStatements,
  pruneStatements,
  sqlString,
  sqlValue,
  upsertStatements,
  utf8Length,
} from "../../src/seed/sql"
import { sha256, stableId } from "../../src/seed/hash"
import { toHandle, isoTimestamp } from "../../src/seed/text"

const hex = (bytes: Uint8Array) => [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("")

describe("sqlString", () => {
  it.each([
    ["plain", "'plain'"],
    ["", "''"],
    ["it's", "'it''s'"],
    ["''", "''''''"],
    // SQLite has no backslash escapes: backslashes pass through untouched
    ["C:\\path\\n", "'C:\\path\\n'"],
    ["semi; -- not a comment /* nor this */", "'semi; -- not a comment /* nor this */'"],
    ["tab\tnew\nline\r", "'tab\tnew\nline\r'"],
    ["Ünïcödé ✓ 日本語 🚀", "'Ünïcödé ✓ 日本語 🚀'"],
  ])("quotes %j", (input, expected) => {
    expect(sqlString(input)).toBe(expected)
  })

  it("renders NUL and other control characters as char(n) so the statement is not cut short", () => {
    expect(sqlString("a\u0000b")).toBe("('a' || char(0) || 'b')")
    expect(sqlString("\u0000")).toBe("char(0)")
    expect(sqlString("x\u0001\u001f\u007fy'")).toBe("('x' || char(1) || char(31) || char(127) || 'y''')")
  })

  it("replaces unpaired surrogates with U+FFFD and keeps paired ones", () => {
    expect(sqlString("a\ud800b")).toBe("'a\ufffdb'")
    expect(sqlString("\udc00")).toBe("'\ufffd'")
    expect(sqlString("\ud83d\ude80")).toBe("'🚀'")
  })

  it("never emits the text BEGIN TRANSACTION, which wrangler's file splitter strips even inside strings", () => {
    expect(sqlString("BEGIN TRANSACTION; COMMIT;")).toBe("('BEGIN' || ' TRANSACTION' || '; COMMIT;')")
    expect(sqlString("a BEGIN TRANSACTION")).toBe("('a ' || 'BEGIN' || ' TRANSACTION')")
  })

  it("handles very long strings in one literal", () => {
    const long = "x'".repeat(200_000)
    const sql = sqlString(long)
    expect(sql.length).toBe(600_002)
    expect(sql.startsWith("'x''x''")).toBe(true)
    expect(sql.endsWith("x'''")).toBe(true)
  })
})

describe("sqlValue", () => {
  it("renders every importable value", () => {
    expect(sqlValue(null)).toBe("NULL")
    expect(sqlValue(undefined)).toBe("NULL")
    expect(sqlValue(true)).toBe("1")
    expect(sqlValue(false)).toBe("0")
    expect(sqlValue(1950)).toBe("1950")
    expect(sqlValue(-5)).toBe("-5")
    expect(sqlValue(12.5)).toBe("12.5")
    expect(sqlValue({ json: { id: "manual", note: "it's" } })).toBe(`'{"id":"manual","note":"it''s"}'`)
    expect(sqlValue({ json: null })).toBe("NULL")
  })

  it("refuses non-finite numbers", () => {
    expect(() => sqlValue(Number.NaN)).toThrow("cannot render NaN as SQL")
    expect(() => sqlValue(Number.POSITIVE_INFINITY)).toThrow("cannot render Infinity as SQL")
  })
})

describe("utf8Length", () => {
  it("counts UTF-8 bytes, not UTF-16 units", () => {
    expect(utf8Length("abc")).toBe(3)
    expect(utf8Length("é")).toBe(2)
    expect(utf8Length("€")).toBe(3)
    expect(utf8Length("🚀")).toBe(4)
    expect(utf8Length("a🚀é")).toBe(new TextEncoder().encode("a🚀é").length)
  })
})

describe("statement builders", () => {
  it("packs tuples into statements under the size limit", () => {
    const tuples = Array.from({ length: 300 }, (_, i) => ({ sql: `('${"x".repeat(1000)}', ${i})`, path: `r[${i}]` }))
    const out = packStatements("INSERT INTO t VALUES ", "", tuples)
    expect(out.length).toBe(4)
    for (const s of out) expect(utf8Length(s)).toBeLessThanOrEqual(MAX_STATEMENT_BYTES)
    expect(out.join("").match(/\(/g)?.length).toBe(300)
  })

  it("reports a single record that cannot fit in a statement", () => {
    const tuples = [{ sql: `('${"x".repeat(MAX_STATEMENT_BYTES)}')`, path: "products[7]" }]
    expect(() => packStatements("INSERT INTO t VALUES ", "", tuples)).toThrow(RowTooLargeError)
  })

  it("upserts only when a column differs, stamping updated_at with the import time", () => {
    const [sql] = upsertStatements(
      { table: "t", columns: ["id", "a", "b", "created_at", "updated_at"], conflict: "id", update: ["a", "b"], touch: "later" },
      [{ values: ["1", "x", null, "now", "now"], path: "t[0]" }],
    )
    expect(sql).toBe(
      "INSERT INTO t (id, a, b, created_at, updated_at) VALUES ('1', 'x', NULL, 'now', 'now') ON CONFLICT(id) DO UPDATE SET a = excluded.a, b = excluded.b, updated_at = 'later' WHERE t.a IS NOT excluded.a OR t.b IS NOT excluded.b",
    )
  })

  it("replaces links per owner by deleting only unwanted ones and inserting missing ones", () => {
    const out = linkStatements(
      { table: "l", owner: "p", key: ["p", "t"], columns: ["p", "t"] },
      ["p1", "p2"],
      [{ values: ["p1", "a"], path: "" }],
    )
    expect(out).toEqual([
      "DELETE FROM l WHERE p IN ('p1', 'p2') AND (p, t) NOT IN (VALUES ('p1', 'a'))",
      "INSERT INTO l (p, t) VALUES ('p1', 'a') ON CONFLICT(p, t) DO NOTHING",
    ])
    expect(linkStatements({ table: "l", owner: "p", key: ["p", "t"], columns: ["p", "t"] }, ["p9"], [])).toEqual([
      "DELETE FROM l WHERE p IN ('p9')",
    ])
  })

  it("soft-deletes children an owner no longer lists", () => {
    expect(pruneStatements({ table: "c", owner: "p", key: ["p", "id"], softDeleteAt: "T" }, ["p1"], [["p1", "c1"]])).toEqual([
      "UPDATE c SET deleted_at = 'T', updated_at = 'T' WHERE deleted_at IS NULL AND p IN ('p1') AND (p, id) NOT IN (VALUES ('p1', 'c1'))",
    ])
  })

  it("chunks prune statements by owner", () => {
    const owners = Array.from({ length: 5000 }, (_, i) => `owner_${i}_${"y".repeat(20)}`)
    const keep = owners.map((o) => [o, `${o}_child`])
    const out = pruneStatements({ table: "c", owner: "p", key: ["p", "id"] }, owners, keep)
    expect(out.length).toBeGreaterThan(1)
    for (const s of out) expect(utf8Length(s)).toBeLessThanOrEqual(MAX_STATEMENT_BYTES)
    expect(out.join(" ").match(/_child'/g)?.length).toBe(5000)
  })
})

describe("stable ids", () => {
  it("implements SHA-256", () => {
    expect(hex(sha256(""))).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    expect(hex(sha256("abc"))).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    expect(hex(sha256("a".repeat(1000)))).toBe("41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
    expect(hex(sha256("日本"))).toBe("cf2abf0c5be326cb922a70f8163f91079c4d9aa8655c60ead89ad545c9de2e92")
  })

  it("derives Medusa-shaped ids from natural keys, the same on every run", () => {
    const id = stableId("product", "t-shirt")
    expect(id).toMatch(/^prod_[0-9A-HJKMNP-TV-Z]{26}$/)
    expect(stableId("product", "t-shirt")).toBe(id)
    expect(stableId("product", "t-shirts")).not.toBe(id)
    // the kind is part of the key: a tag and a type with the same value get unrelated ids
    expect(stableId("tag", "x").slice(5)).not.toBe(stableId("type", "x").slice(5))
  })
})

describe("handles and timestamps", () => {
  it.each([
    ["Medusa T-Shirt", "medusa-t-shirt"],
    ["Hiking Socks (3-pack)", "hiking-socks-3-pack"],
    ["fooBar baz", "foo-bar-baz"],
    ["Crème Brûlée", "creme-brulee"],
    ["Item10", "item-10"],
    ["!!!", ""],
  ])("kebab-cases %j like lodash", (title, handle) => {
    expect(toHandle(title)).toBe(handle)
  })

  it("normalizes dates to ISO strings in UTC", () => {
    expect(isoTimestamp("2020-01-01")).toBe("2020-01-01T00:00:00.000Z")
    expect(isoTimestamp("2020-01-01T10:30")).toBe("2020-01-01T10:30:00.000Z")
    expect(isoTimestamp("2020-01-01 10:30:00+02:00")).toBe("2020-01-01T08:30:00.000Z")
  })
})
