import { z } from "zod"
import { freeFormObject } from "./common"

/** StorePostCartsCartPaymentSessionReq. */
export const SelectPaymentSessionBody = z.object({ provider_id: z.string({ error: "must be a string" }) }).strict()

/** StorePostCartsCartPaymentSessionUpdateReq: `data` is handed to the provider, which decides what to keep. */
export const UpdatePaymentSessionBody = z.object({ data: freeFormObject() }).strict()
