import { drizzle, type DrizzleD1Database } from "drizzle-orm/d1"
import { D1_FAULT_MESSAGE, type D1Fault } from "../faults/plan"

export type Database = DrizzleD1Database

const ROUND_TRIP_METHODS = new Set<PropertyKey>(["run", "all", "first", "raw"])

/**
 * Wraps the D1 binding so every round trip (a statement's run/all/first/raw, or one `batch`) is counted.
 * Tests assert on the count to keep list and cart reads free of N+1 queries.
 */
function countingD1(inner: D1Database | D1DatabaseSession, fault?: D1Fault): { db: D1Database; count: () => number } {
  let trips = 0
  let batches = 0
  // Test-only (src/faults/plan.ts): throws before the chosen round trip reaches D1, so it writes nothing.
  const injectFault = (isBatch: boolean) => {
    if (!fault) return
    if ((fault.on === "trip" && trips === fault.at) || (isBatch && fault.on === "batch" && batches === fault.at)) {
      throw new Error(D1_FAULT_MESSAGE)
    }
  }
  // The runtime's batch() needs its own statement objects, so each proxy remembers its target.
  const targets = new WeakMap<object, D1PreparedStatement>()
  const wrap = (stmt: D1PreparedStatement): D1PreparedStatement => {
    const proxy = new Proxy(stmt, {
      get(target, prop) {
        const value = Reflect.get(target, prop, target)
        if (typeof value !== "function") return value
        if (prop === "bind") return (...args: unknown[]) => wrap(value.apply(target, args))
        if (ROUND_TRIP_METHODS.has(prop)) {
          return async (...args: unknown[]) => {
            trips++
            injectFault(false)
            return value.apply(target, args)
          }
        }
        return value.bind(target)
      },
    })
    targets.set(proxy, stmt)
    return proxy
  }
  const db = new Proxy(inner, {
    get(target, prop) {
      if (prop === "prepare") return (sql: string) => wrap(target.prepare(sql))
      if (prop === "batch") {
        return async (statements: D1PreparedStatement[]) => {
          trips++
          batches++
          injectFault(true)
          return target.batch(statements.map((s) => targets.get(s) ?? s))
        }
      }
      const value = Reflect.get(target, prop, target)
      return typeof value === "function" ? value.bind(target) : value
    },
  })
  // A session answers prepare/batch like the database itself, which is all drizzle calls.
  return { db: db as D1Database, count: () => trips }
}

/** `binding` may be a D1 session (`env.DB.withSession(…)`), so reads can name the freshness they need. */
export function createDb(binding: D1Database | D1DatabaseSession, fault?: D1Fault): { db: Database; count: () => number } {
  const counted = countingD1(binding, fault)
  // No relational schema: we only use the query builder, and building the relational config costs CPU per request.
  return { db: drizzle(counted.db), count: counted.count }
}
