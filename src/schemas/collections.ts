import { z } from "zod"
import { dateRange, paging } from "./common"

/** v1 StoreGetCollectionsParams: no expand/fields/order; `handle` must be an array (`handle[]=summer`). */
export const ListCollectionsQuery = z
  .object({
    ...paging(10),
    handle: z.array(z.string({ error: "must be a string" }), { error: "must be an array" }).max(500).optional(),
    created_at: dateRange().optional(),
    updated_at: dateRange().optional(),
  })
  .strict()

export type ListCollectionsInput = z.infer<typeof ListCollectionsQuery>
