import { z } from "zod"
import { id } from "./returns"

const amount = z
  .number({ error: (issue) => (issue.code === "invalid_type" ? "must be a number conforming to the specified constraints" : undefined) })
  .int({ error: "must be an integer number" })
  .min(0)
  .max(Number.MAX_SAFE_INTEGER)

/** StorePaymentCollectionSessionsReq. */
export const CreateCollectionSessionBody = z.object({ provider_id: id }).strict()

/** StorePostPaymentCollectionsBatchSessionsReq. */
export const BatchCollectionSessionsBody = z
  .object({
    sessions: z
      .array(z.object({ provider_id: id, amount, session_id: id.optional() }).strict(), { error: "must be an array" })
      .max(50),
  })
  .strict()

/** StorePostPaymentCollectionsBatchSessionsAuthorizeReq. */
export const AuthorizeCollectionSessionsBody = z
  .object({ session_ids: z.array(id, { error: "must be an array" }).max(50) })
  .strict()
