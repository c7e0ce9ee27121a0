import { z } from "zod"
import { freeFormObject, queryInt } from "./common"

import { id, quantity } from "./returns"

const metadata = freeFormObject()

/** GET /admin/orders: paging (v1 default limit 50). */
export const AdminListOrdersQuery = z
  .object({ limit: queryInt({ max: 100 }).default(50), offset: queryInt().default(0) })
  .strict()

/** AdminPostOrdersOrderFulfillmentsReq. */
export const AdminFulfillmentBody = z
  .object({
    items: z.array(z.object({ item_id: id, quantity }).strict(), { error: "must be an array" }).min(1).max(500),
    no_notification: z.boolean({ error: "must be a boolean value" }).optional(),
    metadata: metadata.optional(),
    location_id: id.optional(),
  })
  .strict()

/** AdminPostReturnsReturnReceiveReq. */
export const AdminReceiveReturnBody = z
  .object({
    items: z.array(z.object({ item_id: id, quantity }).strict(), { error: "must be an array" }).min(1).max(500),
    refund: z
      .number({ error: (issue) => (issue.code === "invalid_type" ? "must be a number conforming to the specified constraints" : undefined) })
      .int({ error: "must be an integer number" })
      .min(0)
      .max(Number.MAX_SAFE_INTEGER)
      .optional(),
    location_id: id.optional(),
  })
  .strict()

/** AdminPostOrderEditsReq. */
export const AdminCreateOrderEditBody = z.object({ order_id: id, internal_note: z.string({ error: "must be a string" }).max(10_000).optional() }).strict()

/** AdminPostOrderEditsEditLineItemsReq. */
export const AdminAddOrderEditItemBody = z.object({ variant_id: id, quantity, metadata: metadata.optional() }).strict()

/** AdminPostOrderEditsEditLineItemsLineItemReq (at least 1; removing a line is not part of this slice). */
export const AdminUpdateOrderEditItemBody = z.object({ quantity }).strict()
