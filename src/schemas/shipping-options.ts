import { z } from "zod"

const str = () => z.string({ error: "must be a string" })

/** v1 StoreGetShippingOptionsParams. `is_return` is an IsBooleanString: "true", "false", "1" or "0". */
export const ListShippingOptionsQuery = z
  .object({
    product_ids: str().optional(),
    region_id: str().optional(),
    is_return: z
      .string({ error: "must be a boolean string" })
      .refine((value) => ["true", "false", "1", "0"].includes(value), { error: "must be a boolean string" })
      .optional(),
  })
  .strict()

export type ListShippingOptionsInput = z.infer<typeof ListShippingOptionsQuery>
