import { z } from "zod"
import { id, quantity } from "./returns"

/** StorePostSwapsReq (v1 class-validator: return_items and additional_items required arrays). */
export const CreateSwapBody = z
  .object({
    order_id: id,
    return_items: z
      .array(
        z
          .object({ item_id: id, quantity, reason_id: id.optional(), note: z.string({ error: "must be a string" }).max(10_000).optional() })
          .strict(),
        { error: "must be an array" },
      )
      .max(500),
    return_shipping_option: id.optional(),
    additional_items: z.array(z.object({ variant_id: id, quantity }).strict(), { error: "must be an array" }).max(500),
  })
  .strict()

export type CreateSwapInput = z.infer<typeof CreateSwapBody>
