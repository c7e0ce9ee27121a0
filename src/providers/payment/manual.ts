import type { PaymentProvider, PaymentSessionData, PaymentSessionStatus } from "./types"

const isRecord = (value: unknown): value is PaymentSessionData =>
  typeof value === "object" && value !== null && !Array.isArray(value)

const STATUSES: readonly PaymentSessionStatus[] = ["authorized", "pending", "requires_more", "error", "canceled"]

/**
 * medusa-payment-manual, the provider v1 stores ship with: sessions start as `{status: "pending"}` and authorize
 * immediately to `{status: "authorized"}`; amount updates leave the data alone.
 *
 * updateData mirrors v1 exactly: it merges `update.data`, not `update`, so the body `{data: {note: "x"}}` leaves the
 * session data unchanged (golden 100) — storefronts cannot write to a manual session by accident.
 */
export const manualPayment: PaymentProvider = {
  id: "manual",
  initiate: async () => ({ data: { status: "pending" } }),
  update: async (context) => ({ data: context.session_data }),
  updateData: async (data, update) => ({ ...data, ...(isRecord(update.data) ? update.data : {}) }),
  authorize: async () => ({ status: "authorized", data: { status: "authorized" } }),
  cancel: async () => ({ status: "canceled" }),
  retrieve: async (data) => data,
  status: async (data) => (STATUSES.find((s) => s === data.status) ?? "pending"),
  delete: async () => undefined,
  // medusa-payment-manual: capture marks the data captured; a refund changes nothing at the provider.
  capture: async () => ({ status: "captured" }),
  refund: async (data) => data,
}
