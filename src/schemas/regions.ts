import { z } from "zod"
import { dateRange, expandFields, paging } from "./common"

export const ListRegionsQuery = z
  .object({ ...paging(100), ...expandFields, created_at: dateRange().optional(), updated_at: dateRange().optional() })
  .strict()
