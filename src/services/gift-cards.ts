import type { Database } from "../env"
import { notFound } from "../domain/errors"
import { pickFields, pickInOrder, resolveFindConfig, type FindConfigSpec } from "../domain/find-config"
import { giftCardByCodeQueries } from "../db/queries/gift-cards"
import { giftCardLookupHit } from "./rate-limits"
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
 * fails. Each lookup counts against the client address in the same round trip (a code is a bearer secret that
 * merchants often pick short); over the limit nothing of the card is answered.
 */
export async function retrieveGiftCardByCode(
  db: Database,
  code: string,
  query: { fields?: string | undefined; expand?: string | undefined },
  client: string,
  nowMs: number,
) {
  const config = resolveFindConfig(giftCardFindSpec, query)
  const hit = giftCardLookupHit(db, client, nowMs)
  const [hits, [card], [region]] = await db.batch([hit.statement, ...giftCardByCodeQueries(db, code)])
  hit.check(hits)
  if (!card) throw notFound(`Gift card with code: ${code} was not found`)
  const out = pickInOrder(card, GIFT_CARD_FIELDS, config.fields)
  if (config.relations.has("region")) out.region = region ? pickFields(region, REGION_FIELDS) : null
  return out
}
