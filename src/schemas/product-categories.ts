import { z } from "zod"
import { expandFields, paging } from "./common"

const str = () => z.string({ error: "must be a string" })

/**
 * v1 `@Transform(optionalBooleanMapper.get)` + `@IsBoolean() @IsOptional()`: "true"/"false" map to booleans and
 * anything else maps to undefined, which the optional validator then lets through (so `=1` means "not set").
 */
const lenientBoolean = () =>
  z.unknown().transform((value) => (value === "true" ? true : value === "false" ? false : undefined))

export const ListProductCategoriesQuery = z
  .object({
    ...paging(100),
    ...expandFields,
    // Accepted and checked against the allowed fields, but v1 always orders categories by rank.
    order: str().optional(),
    q: str().optional(),
    handle: str().optional(),
    // The literal string "null" selects root categories (v1 transforms it to null).
    parent_category_id: str()
      .transform((value) => (value === "null" ? null : value))
      .optional(),
    include_descendants_tree: lenientBoolean().optional(),
  })
  .strict()

export type ListProductCategoriesInput = z.infer<typeof ListProductCategoriesQuery>
