import { z } from "zod"
import { freeFormProblem } from "../domain/free-form"

/**
 * A free-form object the API stores (metadata, a cart's context, shipping and payment `data`): any JSON object of
 * at most 16 KiB and 8 levels (src/domain/free-form.ts); over that → 400 invalid_data "metadata must not be …".
 */
export const freeFormObject = () =>
  z.record(z.string(), z.unknown(), { error: "must be an object" }).superRefine((value, ctx) => {
    const problem = freeFormProblem(value)
    if (problem) ctx.addIssue({ code: "custom", message: problem })
  })

/** Query values arrive as strings; numbers accept only plain decimal text (v1: @Type(() => Number) + IsNumber). */
const numberFromQuery = (value: unknown) =>
  typeof value === "string" && /^-?\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : value

export const queryInt = (opts: { min?: number; max?: number } = {}) =>
  z.preprocess(
    numberFromQuery,
    z
      // Only the type error gets v1's wording; range errors fall through to "must not be less than N".
      .number({ error: (issue) => (issue.code === "invalid_type" ? "must be a number conforming to the specified constraints" : undefined) })
      .int({ error: "must be an integer number" })
      .min(opts.min ?? 0)
      .max(opts.max ?? Number.MAX_SAFE_INTEGER),
  )

export const queryNumber = () =>
  z.preprocess(numberFromQuery, z.number({ error: "must be a number conforming to the specified constraints" }))

export const queryBoolean = () =>
  z.preprocess(
    (value) => (value === "true" ? true : value === "false" ? false : value),
    z.boolean({ error: "must be a boolean value" }),
  )

/** `a=x`, `a=x,y` is not split (v1 does not), `a[]=x&a[]=y` and repeated keys give arrays. */
export const queryStringArray = () =>
  z.preprocess(
    (value) => (typeof value === "string" ? [value] : value),
    z.array(z.string({ error: "must be a string" }), { error: "must be an array" }).max(500),
  )

const isoDate = z
  .string({ error: "must be a valid date" })
  .refine((value) => !Number.isNaN(Date.parse(value)), { error: "must be a valid date" })

/** `created_at[gt]=2024-01-01` style ranges (v1 DateComparisonOperator). */
export const dateRange = () =>
  z
    .object({ lt: isoDate.optional(), gt: isoDate.optional(), lte: isoDate.optional(), gte: isoDate.optional() }, {
      error: "must be an object",
    })
    .strict()

export type DateRange = z.infer<ReturnType<typeof dateRange>>

export const paging = (defaultLimit: number) => ({
  limit: queryInt({ max: 1000 }).default(defaultLimit),
  offset: queryInt().default(0),
})

export const expandFields = {
  expand: z.string({ error: "must be a string" }).optional(),
  fields: z.string({ error: "must be a string" }).optional(),
}

/** FindParams: every route that returns an entity accepts `expand` and `fields` (catalog §1.1). */
export const FindParams = z.object(expandFields).strict()

export const pricingContext = {
  cart_id: z.string({ error: "must be a string" }).optional(),
  region_id: z.string({ error: "must be a string" }).optional(),
  currency_code: z.string({ error: "must be a string" }).optional(),
}

export const order = { order: z.string({ error: "must be a string" }).optional() }
