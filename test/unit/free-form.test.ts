import { describe, expect, it } from "vitest"
import { freeFormProblem, MAX_FREE_FORM_BYTES, MAX_FREE_FORM_DEPTH, nestingDepth } from "../../src/domain/free-form"

const nested = (depth: number): unknown => (depth === 1 ? { leaf: 1 } : { a: nested(depth - 1) })

describe("nestingDepth", () => {
  it("counts objects and arrays, not scalars", () => {
    expect(nestingDepth("x", 8)).toBe(0)
    expect(nestingDepth(null, 8)).toBe(0)
    expect(nestingDepth({}, 8)).toBe(1)
    expect(nestingDepth({ a: [1, { b: "c" }], d: 1 }, 8)).toBe(3)
    expect(nestingDepth(nested(8), 8)).toBe(8)
  })

  it("stops at the first branch over the limit, without recursion, however deep the value", () => {
    expect(nestingDepth(nested(9), 8)).toBe(9)
    const deep = JSON.parse("[".repeat(200_000) + "]".repeat(200_000))
    expect(nestingDepth(deep, 8)).toBe(9)
  })
})

describe("freeFormProblem", () => {
  it("takes exactly 16 KiB of JSON and 8 levels", () => {
    expect(MAX_FREE_FORM_BYTES).toBe(16_384)
    expect(MAX_FREE_FORM_DEPTH).toBe(8)
    // {"n":"…"} is 8 bytes around the string.
    expect(freeFormProblem({ n: "x".repeat(16_384 - 8) })).toBeUndefined()
    expect(freeFormProblem(nested(8))).toBeUndefined()
  })

  it("refuses one byte more (UTF-8 bytes, not characters) and one level more", () => {
    expect(freeFormProblem({ n: "x".repeat(16_384 - 7) })).toBe("must not be larger than 16384 bytes as JSON")
    expect(freeFormProblem({ n: "é".repeat(8_189) })).toBe("must not be larger than 16384 bytes as JSON")
    expect(freeFormProblem(nested(9))).toBe("must not be nested more than 8 levels deep")
  })
})
