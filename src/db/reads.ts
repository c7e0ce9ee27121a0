import type { BatchItem, BatchResponse } from "drizzle-orm/batch"
import type { Database } from "./client"

/**
 * A read that can share a `db.batch` with others: its statements, and how to turn their results into a value.
 * Commands gather every read they need (the cart, an idempotency key, the variants to add) into ONE batch, so a
 * command costs one read round trip however many things it looks up.
 */
export interface Read<T> {
  readonly statements: readonly BatchItem<"sqlite">[]
  readonly parse: (results: readonly unknown[]) => T
}

/** Builds a Read whose parser sees the statements' typed results (drizzle's BatchResponse). */
export function defineRead<const S extends readonly BatchItem<"sqlite">[], T>(statements: S, parse: (results: BatchResponse<S>) => T): Read<T> {
  return { statements, parse: (results) => parse(results as BatchResponse<S>) }
}

/** A Read whose value is derived from another's. */
export function mapRead<A, B>(read: Read<A>, f: (value: A) => B): Read<B> {
  return { statements: read.statements, parse: (results) => f(read.parse(results)) }
}

type ValueOf<R> = R extends Read<infer T> ? T : undefined // distributes: Read<T> | undefined → T | undefined
type Values<R extends readonly (Read<unknown> | undefined)[]> = { [K in keyof R]: ValueOf<R[K]> }

/**
 * Several reads as one (for a plan that hands its reads over as a single Read): only the reads present are built —
 * drizzle's SQL building is a command's largest CPU cost — and an `undefined` entry parses to undefined.
 */
export function combineReads<R extends readonly (Read<unknown> | undefined)[]>(reads: readonly [...R]): Read<Values<R>> {
  return {
    statements: reads.flatMap((r) => r?.statements ?? []),
    parse: (results) => {
      let offset = 0
      return reads.map((r) => {
        if (!r) return undefined
        const mine = results.slice(offset, offset + r.statements.length)
        offset += r.statements.length
        return r.parse(mine)
      }) as Values<R>
    },
  }
}

/** Runs the given reads in one D1 round trip (none when there is nothing to read); `undefined` entries read nothing. */
export async function runReads<R extends readonly (Read<unknown> | undefined)[]>(db: Database, reads: readonly [...R]): Promise<Values<R>> {
  const combined = combineReads(reads)
  const results: readonly unknown[] = combined.statements.length
    ? await db.batch(combined.statements as unknown as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]])
    : []
  return combined.parse(results)
}
