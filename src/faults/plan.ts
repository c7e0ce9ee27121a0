/**
 * Test-only fault injection (issue 11 §2). A request asks for faults with the `x-fault` header, e.g.
 * `x-fault: d1-batch=1` or `x-fault: d1-trip=2, payment=timeout`; the Worker honours it ONLY when the `FAULTS`
 * binding is exactly "on". No wrangler.toml environment sets FAULTS (vitest.config.ts does, for the test Worker),
 * so in a deployed Worker the header is parsed by no one and changes nothing.
 *
 * - `d1-batch=N`: the N-th `db.batch()` of each D1 connection the request opens throws (nothing of it is written:
 *   a batch is atomic). The Worker's connection and a Durable Object's connection count separately.
 * - `d1-trip=N`: the N-th D1 round trip (a statement's run/all/first/raw, or a batch) throws.
 * - `payment=fail|timeout`: every payment provider's `authorize` throws, as an outage or a timed-out call would.
 */
export interface FaultPlan {
  d1?: D1Fault | undefined
  payment?: PaymentFault | undefined
}

export interface D1Fault {
  on: "batch" | "trip"
  at: number
}

export type PaymentFault = "fail" | "timeout"

export const FAULT_HEADER = "x-fault"

/** The message of an injected D1 failure, shaped like the runtime's own errors. */
export const D1_FAULT_MESSAGE = "D1_ERROR: injected fault"

/** Pure: the plan a request asked for, or undefined when faults are off or the header names none. */
export function faultPlan(faults: string | undefined, header: string | undefined): FaultPlan | undefined {
  if (faults !== "on" || !header) return undefined
  const plan: FaultPlan = {}
  for (const part of header.split(",")) {
    const [name, value] = part.split("=").map((s) => s.trim())
    const at = Number(value)
    if ((name === "d1-batch" || name === "d1-trip") && Number.isInteger(at) && at > 0) {
      plan.d1 = { on: name === "d1-batch" ? "batch" : "trip", at }
    }
    if (name === "payment" && (value === "fail" || value === "timeout")) plan.payment = value
  }
  return plan.d1 || plan.payment ? plan : undefined
}

/**
 * A Durable Object re-checks its own binding: a plan that crossed RPC is honoured only where faults are on too.
 */
export const honoured = (faults: string | undefined, plan: FaultPlan | undefined): FaultPlan | undefined =>
  faults === "on" ? plan : undefined
