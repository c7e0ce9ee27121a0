import { z } from "zod"
import { dateRange, expandFields, order, paging, pricingContext, queryInt } from "./common"

/** v1 @IsArray: `a[]=x` or repeated keys; a bare `a=x` is a string and is rejected ("a must be an array"). */
export const stringArray = () =>
  z.array(z.string({ error: "must be a string" }), { error: "must be an array" }).max(500)

/** v1 @IsType([String, [String]]). */
export const stringOrArray = () =>
  z.union([z.string(), z.array(z.string()).max(500)], { error: "must be one of: String,String[]" })

/** v1 optionalBooleanMapper: "true"/"false" in any case. */
export const booleanFlag = () =>
  z.preprocess(
    (value) => (typeof value === "string" ? ({ true: true, false: false } as Record<string, boolean>)[value.toLowerCase()] ?? value : value),
    z.boolean({ error: "must be a boolean value" }),
  )

const text = () => z.string({ error: "must be a string" })

export const ListProductsQuery = z
  .object({
    ...paging(100),
    ...expandFields,
    ...order,
    ...pricingContext,
    q: text().optional(),
    id: stringOrArray().optional(),
    collection_id: stringArray().optional(),
    tags: stringArray().optional(),
    title: text().optional(),
    description: text().optional(),
    handle: text().optional(),
    is_giftcard: booleanFlag().optional(),
    type_id: stringArray().optional(),
    sales_channel_id: stringArray().optional(),
    category_id: stringArray().optional(),
    include_category_children: booleanFlag().optional(),
    created_at: dateRange().optional(),
    updated_at: dateRange().optional(),
  })
  .strict()
export type ListProductsQuery = z.infer<typeof ListProductsQuery>

export const GetProductQuery = z
  .object({ ...expandFields, ...pricingContext, sales_channel_id: text().optional() })
  .strict()
export type GetProductQuery = z.infer<typeof GetProductQuery>

/** The filters the FTS search provider understands (ids, strings or arrays of strings). */
export const SearchFilter = z
  .object({
    id: stringOrArray().optional(),
    collection_id: stringOrArray().optional(),
    type_id: stringOrArray().optional(),
    tags: stringOrArray().optional(),
    category_id: stringOrArray().optional(),
    is_giftcard: z.boolean({ error: "must be a boolean value" }).optional(),
  }, { error: "must be an object" })
  .strict()
export type SearchFilter = z.infer<typeof SearchFilter>

/**
 * StorePostSearchReq. Keys beyond these are not rejected: v1 hands them to the search provider as additional
 * options, and the built-in FTS provider ignores them.
 */
export const SearchProductsBody = z.object({
  q: text().optional(),
  offset: queryInt().optional(),
  limit: queryInt({ max: 100 }).optional(),
  // v1 forwards `filter` to the installed provider untouched; this provider accepts the object below.
  filter: SearchFilter.optional(),
})
export type SearchProductsBody = z.infer<typeof SearchProductsBody>

