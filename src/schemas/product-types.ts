import { valueListQuery } from "./product-tags"

/** v1 mounts the admin product-types router here; its query is the tags query (limit 20, plus expand/fields). */
export const ListProductTypesQuery = valueListQuery()
