import { z } from "zod"

/** StorePostOrderEditsOrderEditDecline. */
export const DeclineOrderEditBody = z.object({ declined_reason: z.string({ error: "must be a string" }).max(10_000).optional() }).strict()
