import { notFound } from "../../domain/errors"
import { manualFulfillment } from "./manual"
import type { FulfillmentProvider } from "./types"

export type { FulfillmentCart, FulfillmentData, FulfillmentProvider } from "./types"

const PROVIDERS: ReadonlyMap<string, FulfillmentProvider> = new Map([[manualFulfillment.id, manualFulfillment]])

/** The installed provider with this id (v1 FulfillmentProviderService.retrieveProvider). */
export function fulfillmentProvider(id: string): FulfillmentProvider {
  const provider = PROVIDERS.get(id)
  if (!provider) throw notFound(`Could not find a fulfillment provider with id: ${id}`)
  return provider
}
