import type { Database } from "../env"
import { notFound } from "../domain/errors"
import { pickFields, pickInOrder, resolveFindConfig, type FindConfigSpec } from "../domain/find-config"
import { findGiftCardByCode } from "../db/queries/gift-cards"
import { regionFindSpec } from "./regions"

const REGION_FIELDS = new Set(regionFindSpec.defaultFields)

/**
 * v1 defaultStoreGiftCardFields (id, code, value, balance) and the region relation (its columns only). `fields` may
 * add what a storefront can use to tell whether a card still works; the buying order, metadata and tax rate stay
 * private.
 */
const GIFT_CARD_FIELDS = ["id", "code", "value", "balance", "region_id", "is_disabled", "ends_at", "created_at", "updated_at"] as const

export const giftCardFindSpec: FindConfigSpec = {
  defaultFields: ["id", "code", "value", "balance"],
  allowedFields: GIFT_CARD_FIELDS,
  defaultRelations: ["region"],
  allowedRelations: ["region"],
}

/**
 * v1 does not check is_disabled or ends_at here: a disabled card is still returned; using it in a cart is what
 * fails.
 */
export async function retrieveGiftCardByCode(db: Database, code: string, query: { fields?: string | undefined; expand?: string | undefined }) {
  const config = resolveFindConfig(giftCardFindSpec, query)
  const found = await findGiftCardByCode(db, code)
  if (!found) throw notFound(`Gift card with code: ${code} was not found`)
  const { card, region } = found
  const out = pickInOrder(card, GIFT_CARD_FIELDS, config.fields)
  if (config.relations.has("region")) out.region = region ? pickFields(region, REGION_FIELDS) : null
  return out
}
