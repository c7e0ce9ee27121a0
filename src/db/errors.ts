/**
 * D1 reports SQLite failures as plain Errors whose text (message, sometimes its `cause`) names the constraint.
 * This is the one place that reads that text, so a change in D1's wording is fixed once.
 */
function sqliteErrorText(err: unknown): string {
  return err instanceof Error ? `${err.message} ${String((err as { cause?: unknown }).cause ?? "")}` : String(err)
}

export type ConstraintKind = "UNIQUE" | "NOT NULL" | "FOREIGN KEY"

/** True when `err` is a `kind` constraint failure (on `target`, a `table.column`, when given). */
export function isConstraintFailure(err: unknown, kind: ConstraintKind, target?: string): boolean {
  return sqliteErrorText(err).includes(`${kind} constraint failed${target ? `: ${target}` : ""}`)
}

/** The `table.column` a UNIQUE constraint failure names, if `err` is one. */
export function uniqueViolationTarget(err: unknown): string | undefined {
  return /UNIQUE constraint failed: ([\w.]+)/.exec(sqliteErrorText(err))?.[1]
}
