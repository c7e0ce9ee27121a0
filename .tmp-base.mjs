import { PGlite } from "@electric-sql/pglite"
import { readFileSync, cpSync, rmSync, existsSync } from "node:fs"
if (!existsSync("/tmp/mv1/base")) { const db = new PGlite("/tmp/mv1/base"); await db.exec(readFileSync("test/fixtures/medusa-v1/pg-dump.sql", "utf8")); await db.close() }
rmSync("/tmp/mv1/try", { recursive: true, force: true }); cpSync("/tmp/mv1/base", "/tmp/mv1/try", { recursive: true })
const db = new PGlite("/tmp/mv1/try")
const sql = readFileSync("test/fixtures/medusa-v1/pg-extra.sql", "utf8")
try { await db.exec(sql); console.log("extra ok") } catch (e) { console.log(e.message, e.detail) }
