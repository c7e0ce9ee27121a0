import { z } from "zod"

const metadata = z.record(z.string(), z.unknown(), { error: "must be an object" })
const quantity = z
  .number({ error: "must be an integer number" })
  .int({ error: "must be an integer number" })
  .max(1_000_000, { error: "must not be greater than 1000000" })

export const CreateCartBody = z
  .object({
    region_id: z.string({ error: "must be a string" }).optional(),
    sales_channel_id: z.string({ error: "must be a string" }).optional(),
    country_code: z.string({ error: "must be a string" }).optional(),
    items: z
      .array(
        z.object({ variant_id: z.string({ error: "must be a string" }), quantity }, { error: "must be either object or array" }).strict(),
        { error: "must be an array" },
      )
      .max(500)
      .optional(),
    context: metadata.optional(),
  })
  .strict()

export const AddLineItemBody = z
  .object({ variant_id: z.string({ error: "must be a string" }), quantity, metadata: metadata.optional() })
  .strict()

export const UpdateLineItemBody = z.object({ quantity, metadata: metadata.optional() }).strict()

/** Filled in by the cart-update work: StorePostCartsCartReq. */
export const UpdateCartBody = z.object({}).strict()
export type UpdateCartInput = z.infer<typeof UpdateCartBody>

export const AddShippingMethodBody = z
  .object({ option_id: z.string({ error: "must be a string" }), data: metadata.optional() })
  .strict()
