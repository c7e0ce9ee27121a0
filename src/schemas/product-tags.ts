import { z } from "zod"
import { dateRange, expandFields, paging } from "./common"

const str = () => z.string({ error: "must be a string" })

/** v1 StringComparisonOperator: `value[contains]=ott`, `id[lt]=…`. */
const StringComparison = z
  .object({
    lt: str().optional(),
    gt: str().optional(),
    gte: str().optional(),
    lte: str().optional(),
    contains: str().optional(),
    starts_with: str().optional(),
    ends_with: str().optional(),
  })
  .strict()

/** v1 `@IsType([String, [String], StringComparisonOperator])`: `value=a`, `value[]=a&value[]=b` or an operator object. */
export const stringFilter = () => z.union([str(), z.array(str()).max(500), StringComparison])

export type StringFilter = z.infer<ReturnType<typeof stringFilter>>

/**
 * The list query shared by product tags and product types (v1 StoreGetProductTagsParams / AdminGetProductTypesParams,
 * both FindPaginationParams with limit 20), plus `expand` and `fields`, which v1 rejects ("property expand should
 * not exist") and this API honours like every other route.
 */
export const valueListQuery = () =>
  z
    .object({
      ...paging(20),
      ...expandFields,
      order: str().optional(),
      discount_condition_id: str().optional(),
      value: stringFilter().optional(),
      id: stringFilter().optional(),
      q: str().optional(),
      created_at: dateRange().optional(),
      updated_at: dateRange().optional(),
    })
    .strict()

export const ListProductTagsQuery = valueListQuery()
export type ValueListQuery = z.infer<ReturnType<typeof valueListQuery>>
