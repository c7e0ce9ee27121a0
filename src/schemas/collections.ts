import { z } from "zod"
import { dateRange, expandFields, paging } from "./common"

/**
 * v1 StoreGetCollectionsParams (`handle` must be an array: `handle[]=summer`; no `order`), plus `expand` and
 * `fields`, which v1 rejects and this API honours.
 */
export const ListCollectionsQuery = z
  .object({
    ...paging(10),
    ...expandFields,
    handle: z.array(z.string({ error: "must be a string" }), { error: "must be an array" }).max(500).optional(),
    created_at: dateRange().optional(),
    updated_at: dateRange().optional(),
  })
  .strict()

export type ListCollectionsInput = z.infer<typeof ListCollectionsQuery>
