import { describe, expect, it } from "vitest"
import { chooseRequestId, errorFields, formatLog } from "../../src/log"

describe("formatLog", () => {
  it("writes level and msg first and leaves undefined fields out", () => {
    expect(formatLog("info", "request", { request_id: "req_1", status: 200, colo: undefined })).toBe(
      '{"level":"info","msg":"request","request_id":"req_1","status":200}',
    )
  })
})

describe("errorFields", () => {
  it("keeps an error's name and message", () => {
    expect(errorFields(new TypeError("boom"))).toMatchObject({ error: "TypeError", error_message: "boom" })
    expect(errorFields("text")).toEqual({ error: "non-error", error_message: "text" })
  })
})

describe("chooseRequestId", () => {
  it.each([
    ["req-test-1", "req-test-1"],
    ["0b8e2c1a-7f3d-4a51-9a0e-3c2b1f0d9e8a", "0b8e2c1a-7f3d-4a51-9a0e-3c2b1f0d9e8a"],
    ["has space", "fresh"],
    ['quote"', "fresh"],
    ["x".repeat(129), "fresh"],
    ["", "fresh"],
    [undefined, "fresh"],
  ])("%s → %s", (header, want) => {
    expect(chooseRequestId(header, () => "fresh")).toBe(want)
  })
})
