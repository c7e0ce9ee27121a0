import { z } from "zod"

const id = z.string({ error: "must be a string" }).min(1).max(255)

/** StorePostReturnsReq (v1 class-validator: items required and an array; return_shipping.option_id required). */
export const CreateReturnBody = z
  .object({
    order_id: id,
    items: z
      .array(
        z
          .object({
            item_id: id,
            quantity: z.number({ error: "must be a number conforming to the specified constraints" }).int({ error: "must be an integer number" }).min(1).max(1_000_000),
            reason_id: id.optional(),
            note: z.string({ error: "must be a string" }).max(10_000).optional(),
          })
          .strict(),
        { error: "must be an array" },
      )
      .max(500),
    return_shipping: z.object({ option_id: id }).strict().optional(),
  })
  .strict()

export type CreateReturnInput = z.infer<typeof CreateReturnBody>
