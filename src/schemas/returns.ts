import { z } from "zod"

export const id = z.string({ error: "must be a string" }).min(1).max(255)

/** A whole number of units; only the type error carries v1's wording, range errors read "must not be less than 1". */
export const quantity = z
  .number({ error: (issue) => (issue.code === "invalid_type" ? "must be a number conforming to the specified constraints" : undefined) })
  .int({ error: "must be an integer number" })
  .min(1)
  .max(1_000_000)

/** StorePostReturnsReq (v1 class-validator: items required and an array; return_shipping.option_id required). */
export const CreateReturnBody = z
  .object({
    order_id: id,
    items: z
      .array(
        z
          .object({
            item_id: id,
            quantity,
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
