import type { Database } from "../env"
import { notFound } from "../domain/errors"
import { pickFields } from "../http/find-config"
import { findGiftCardByCode } from "../db/queries/gift-cards"
import { regionFindSpec } from "./regions"

const REGION_FIELDS = new Set(regionFindSpec.defaultFields)

/**
 * v1 defaultStoreGiftCardFields (id, code, value, balance) plus the region relation (its columns only). v1 does not
 * check is_disabled or ends_at here: a disabled card is still returned; using it in a cart is what fails.
 */
export async function retrieveGiftCardByCode(db: Database, code: string) {
  const found = await findGiftCardByCode(db, code)
  if (!found) throw notFound(`Gift card with code: ${code} was not found`)
  const { card, region } = found
  return {
    id: card.id,
    code: card.code,
    value: card.value,
    balance: card.balance,
    region: region ? pickFields(region, REGION_FIELDS) : null,
  }
}
