#!/usr/bin/env node
// Builds test/fixtures/medusa-v1/pg-dump.sql from a Medusa v1 Postgres dump in pg_restore's custom format:
//   node scripts/medusa-fixture.mjs path/to/baseline.dump
// pg_restore turns it into plain SQL; this keeps the schema and data but drops what PGlite cannot run or the tests
// do not need (the pg_trgm extension and its GIN indexes, session SETs, the admin user's row) and turns COPY blocks
// into INSERTs so the file also loads statement by statement. Dev-only: needs pg_restore.
import { execFileSync } from "node:child_process"
import { writeFileSync } from "node:fs"

const dump = process.argv[2]
if (!dump) throw new Error("usage: node scripts/medusa-fixture.mjs <baseline.dump>")
const sql = execFileSync("pg_restore", ["--no-owner", "--no-privileges", "-f", "-", dump], { encoding: "utf8", maxBuffer: 64 << 20 })

const SKIP_DATA = new Set(['public."user"'])
/** COPY's text format → a SQL literal. */
function literal(field) {
  if (field === "\\N") return "NULL"
  const value = field.replace(/\\(.)/g, (_, c) => ({ t: "\t", n: "\n", r: "\r", b: "\b", f: "\f", v: "\v", "\\": "\\" })[c] ?? c)
  return `'${value.replace(/'/g, "''")}'`
}

const out = []
const lines = sql.split("\n")
for (let i = 0; i < lines.length; i++) {
  const line = lines[i]
  const copy = /^COPY (\S+) \((.*)\) FROM stdin;$/.exec(line)
  if (copy) {
    const rows = []
    for (i++; lines[i] !== "\\."; i++) rows.push(lines[i].split("\t").map(literal))
    if (rows.length && !SKIP_DATA.has(copy[1])) {
      out.push(`INSERT INTO ${copy[1]} (${copy[2]}) VALUES\n${rows.map((r) => `  (${r.join(", ")})`).join(",\n")};`)
    }
    continue
  }
  if (/^\\(un)?restrict |^SET |set_config\('search_path'|pg_trgm|gin_trgm_ops/.test(line)) continue
  out.push(line)
}
const header = `-- A Medusa 1.20.11 database: the reference tool's baseline.dump (\`npx medusa migrations run\`, \`medusa seed\` of its
-- seed.json, then admin-made discounts TEST10/FIVEOFF/FREESHIP/EXPIRED/EUONLY, gift cards GIFT-100/GIFT-EU-50 and three
-- return reasons), restored with pg_restore --no-owner --no-privileges and trimmed by scripts/medusa-fixture.mjs
-- (no pg_trgm extension or GIN indexes, no session SETs, no admin user row; COPY data as INSERTs).
-- Loaded into PGlite by test/node/medusa-import.test.ts; edge cases live in pg-extra.sql.
`
writeFileSync(new URL("../test/fixtures/medusa-v1/pg-dump.sql", import.meta.url), header + out.join("\n").replace(/\n{3,}/g, "\n\n"))
