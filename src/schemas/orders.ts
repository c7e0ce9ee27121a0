import { z } from "zod"
import { expandFields, queryInt } from "./common"

/**
 * StoreGetOrdersParams (the lookup): display_id and email are required; `shipping_address[postal_code]` is accepted
 * but, as in v1 1.20.10, not used as a filter.
 */
export const LookupOrderQuery = z
  .object({
    display_id: queryInt(),
    email: z.email({ error: "must be an email" }),
    shipping_address: z
      .object({ postal_code: z.string({ error: "must be a string" }).optional() }, { error: "must be an object" })
      .strict()
      .optional(),
    ...expandFields,
  })
  .strict()

export type LookupOrderInput = z.infer<typeof LookupOrderQuery>
