import { z } from "zod"
import { expandFields, pricingContext } from "./common"
import { stringOrArray } from "./products"

/** v1 StoreGetVariantsParams uses @IsInt, so "abc" reads "must be an integer number" (products say IsNumber). */
const int = (max = Number.MAX_SAFE_INTEGER) =>
  z.preprocess(
    (value) => (typeof value === "string" && /^-?\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : value),
    z.number({ error: "must be an integer number" }).int({ error: "must be an integer number" }).min(0).max(max),
  )

const num = () =>
  z.preprocess(
    (value) => (typeof value === "string" && /^-?\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : value),
    z.number({ error: "must be a number conforming to the specified constraints" }),
  )

/** v1 NumericalComparisonOperator. */
const numberRange = z
  .object({ lt: num().optional(), gt: num().optional(), lte: num().optional(), gte: num().optional() })
  .strict()

const text = () => z.string({ error: "must be a string" })

export const ListVariantsQuery = z
  .object({
    ...expandFields,
    ...pricingContext,
    limit: int(1000).default(100),
    offset: int().default(0),
    ids: text().optional(),
    id: stringOrArray().optional(),
    sales_channel_id: text().optional(),
    title: stringOrArray().optional(),
    inventory_quantity: z
      .union([num(), numberRange], { error: "must be one of: Number,NumericalComparisonOperator" })
      .optional(),
  })
  .strict()
export type ListVariantsQuery = z.infer<typeof ListVariantsQuery>

export const GetVariantQuery = z
  .object({ ...expandFields, ...pricingContext, sales_channel_id: text().optional() })
  .strict()
export type GetVariantQuery = z.infer<typeof GetVariantQuery>
