/**
 * Order edits (v1 OrderEditService), pure: the status an edit is in, which transitions it allows, and v1's messages.
 */
import { invalidData, notAllowed } from "./errors"

export type OrderEditStatus = "created" | "requested" | "confirmed" | "declined" | "canceled"

export interface OrderEditTimestamps {
  requested_at: string | null
  confirmed_at: string | null
  declined_at: string | null
  canceled_at: string | null
}

/** v1 OrderEdit.status (an @AfterLoad getter over the timestamps; the latest state wins). */
export function orderEditStatus(edit: OrderEditTimestamps): OrderEditStatus {
  if (edit.confirmed_at) return "confirmed"
  if (edit.declined_at) return "declined"
  if (edit.canceled_at) return "canceled"
  if (edit.requested_at) return "requested"
  return "created"
}

/** What completing an edit must do: nothing (already confirmed, v1 answers it as is) or confirm it. */
export function checkCompletable(status: OrderEditStatus, collection: { status: string } | null): "noop" | "confirm" {
  if (status === "confirmed") return "noop"
  if (status !== "requested") throw notAllowed(`Cannot complete an order edit with status ${status}`)
  if (collection && collection.status !== "authorized") {
    throw notAllowed("Unable to complete an order edit if the payment is not authorized")
  }
  return "confirm"
}

export function checkDeclinable(status: OrderEditStatus): "noop" | "decline" {
  if (status === "declined") return "noop"
  if (status !== "requested") throw notAllowed(`Cannot decline an order edit with status ${status}.`)
  return "decline"
}

/** Items can be added, changed or their changes dropped only while the merchant is still drafting. */
export function checkEditable(status: OrderEditStatus, editId: string, action: "add" | "update" | "delete_change"): void {
  if (status === "created") return
  if (action === "add") throw notAllowed(`Can not add an item to the edit with status ${status}`)
  if (action === "update") throw notAllowed(`Can not update an item on the order edit ${editId} with the status ${status}`)
  throw notAllowed(`Cannot delete and item change from a ${status} order edit`)
}

export function checkRequestable(status: OrderEditStatus, changes: number): "noop" | "request" {
  if (status === "requested") return "noop"
  if (status !== "created") throw notAllowed(`Cannot request a confirmation on an edit with status ${status}`)
  if (changes === 0) throw invalidData("Cannot request a confirmation on an edit with no changes")
  return "request"
}

/** v1 decorateTotals: what the shopper owes (positive) or gets back (negative) if the edit is confirmed. */
export const differenceDue = (editTotal: number, orderTotal: number): number => editTotal - orderTotal
