import type { z } from "zod"

export interface SeedProblem {
  /** JSON path into the seed file, e.g. `products[3].variants[0].prices[1].amount` ("" for the file itself). */
  path: string
  message: string
}

/** Thrown when a seed file is invalid; carries every problem found, not just the first. */
export class SeedValidationError extends Error {
  constructor(readonly problems: SeedProblem[]) {
    super(`The seed file has ${problems.length} problem${problems.length === 1 ? "" : "s"}:\n${formatProblems(problems)}`)
    this.name = "SeedValidationError"
  }
}

export function formatProblems(problems: readonly SeedProblem[]): string {
  return problems.map((p) => `  ${p.path || "(file)"}: ${p.message}`).join("\n")
}

/** `["products", 3, "variants"]` → `products[3].variants`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = ""
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`
    else out += out ? `.${String(key)}` : String(key)
  }
  return out
}

export function joinPath(base: string, key: string | number): string {
  return formatPath([...(base ? [base] : []), key])
}

/** Collects problems while a seed is resolved. */
export class Problems {
  readonly list: SeedProblem[] = []
  add(path: string, message: string): void {
    this.list.push({ path, message })
  }
  throwIfAny(): void {
    if (this.list.length) throw new SeedValidationError(this.list)
  }
}

export function problemsFromZod(issues: readonly z.core.$ZodIssue[]): SeedProblem[] {
  return issues.flatMap((issue): SeedProblem[] => {
    const path = formatPath(issue.path)
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => ({ path: joinPath(path, key), message: "unknown field" }))
    }
    return [{ path, message: describe(issue) }]
  })
}

function describe(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case "invalid_type":
      if (issue.input === undefined) return "is required"
      if (issue.expected === "int") return "must be an integer"
      return `must be ${article(issue.expected)} ${issue.expected === "record" ? "object" : issue.expected}`
    case "too_small":
      if (issue.origin === "string") return "must not be empty"
      if (issue.origin === "array") return issue.message.startsWith("must") ? issue.message : `must contain at least ${issue.minimum} item${issue.minimum === 1 ? "" : "s"}`
      return `must be ${issue.inclusive ? "≥" : ">"} ${issue.minimum}`
    case "too_big":
      if (issue.origin === "string") return `must be at most ${issue.maximum} characters`
      if (issue.origin === "array") return `must contain at most ${issue.maximum} items`
      return `must be ${issue.inclusive ? "≤" : "<"} ${issue.maximum}`
    case "invalid_value":
      return `must be one of: ${issue.values.map(String).join(", ")}`
    case "invalid_format":
      return issue.message.startsWith("must") ? issue.message : `must be a valid ${issue.format}`
    default:
      return issue.message
  }
}

function article(word: string): string {
  return /^[aeiou]/.test(word) ? "an" : "a"
}
