import { MedusaError } from "../../domain/errors"
import type { FulfillmentProvider } from "./types"

/**
 * medusa-fulfillment-manual: accepts any data unchanged (it is not merged with the option's data) and cannot
 * price "calculated" options — v1 throws a plain Error there, answered as a 500.
 */
export const manualFulfillment: FulfillmentProvider = {
  id: "manual",
  validateFulfillmentData: async (_optionData, data) => data,
  canCalculate: () => false,
  calculatePrice: async () => {
    throw new MedusaError("unexpected_state", "Manual Fulfillment service cannot calculatePrice")
  },
}
