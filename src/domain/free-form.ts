/**
 * Free-form objects a client hands the API to keep (metadata, a cart's context, shipping and payment `data`) are
 * bounded, so nobody can fill D1 through them or send a value nested so deep that serializing it overflows a stack
 * (or that D1's JSON functions refuse). The limits are inclusive.
 */
export const MAX_FREE_FORM_BYTES = 16 * 1024
export const MAX_FREE_FORM_DEPTH = 8

/**
 * How deeply `value` nests objects and arrays (a scalar is 0, `{}` is 1). Iterative, so a 100,000-level value cannot
 * overflow the stack, and it stops at the first branch deeper than `limit` (then it answers that branch's depth).
 */
export function nestingDepth(value: unknown, limit: number): number {
  let deepest = 0
  const pending: [unknown, number][] = [[value, 1]]
  while (pending.length > 0) {
    const [node, depth] = pending.pop()!
    if (node === null || typeof node !== "object") continue
    if (depth > limit) return depth
    if (depth > deepest) deepest = depth
    for (const child of Array.isArray(node) ? node : Object.values(node)) {
      if (child !== null && typeof child === "object") pending.push([child, depth + 1])
    }
  }
  return deepest
}

const utf8 = new TextEncoder()

/** What is wrong with a free-form value, as a class-validator style "must …" text; undefined when it is fine. */
export function freeFormProblem(value: unknown): string | undefined {
  // Depth first: only a value known to be shallow is serialized to measure it.
  if (nestingDepth(value, MAX_FREE_FORM_DEPTH) > MAX_FREE_FORM_DEPTH) return `must not be nested more than ${MAX_FREE_FORM_DEPTH} levels deep`
  if (utf8.encode(JSON.stringify(value)).length > MAX_FREE_FORM_BYTES) return `must not be larger than ${MAX_FREE_FORM_BYTES} bytes as JSON`
  return undefined
}
