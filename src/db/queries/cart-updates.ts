import { and, asc, eq, isNull, sql } from "drizzle-orm"
import type { Database } from "../../env"
import * as t from "../schema"
import { inList } from "../sql"
import type { BatchItem } from "drizzle-orm/batch"
import { combineReads, defineRead, mapRead } from "../reads"
import { discountsByCodeQueries, giftCardsByCodeQuery } from "./promotions"

/** What an update of a cart has to look up; an absent key loads nothing. */
export interface UpdateLookups {
  regionId?: string | undefined
  customerId?: string | undefined
  /** Find — or create, as v1 createOrFetchGuestCustomerFromEmail_ does — the guest customer with this email. */
  guest?: { id: string; email: string; now: string } | undefined
  addressIds?: readonly string[] | undefined
  salesChannelId?: string | undefined
  /** The cart's products: which of them the new sales channel carries. */
  channelProductIds?: readonly string[] | undefined
  /** Variants to re-price: their prices for every region and currency. */
  priceVariantIds?: readonly string[] | undefined
  discountCodes?: readonly string[] | undefined
  giftCardCodes?: readonly string[] | undefined
  /** Address country codes outside the cart's region: which of them exist at all. */
  countryCodes?: readonly string[] | undefined
}

/** A read of one statement's rows. */
const rows = <S extends BatchItem<"sqlite">>(statement: S) => defineRead([statement] as const, ([found]) => found)

/**
 * Everything a cart update needs beyond the cart aggregate, in ONE round trip. Only the lookups the update asks for
 * are built and sent (building drizzle statements costs more CPU than running them); what was not asked for is
 * empty in the result.
 *
 * The guest customer is upserted in the same batch (INSERT … ON CONFLICT DO NOTHING, then read back), so a
 * concurrent update with the same email cannot create a second one. It is not undone if the update then fails:
 * a guest customer row is harmless, and v1 would create it on the next try anyway.
 */
export function updateReferencesRead(db: Database, want: UpdateLookups) {
  const guest = want.guest
  const codes = want.discountCodes ?? []
  const some = <T>(list: readonly T[] | undefined) => (list !== undefined && list.length > 0 ? list : undefined)
  return mapRead(
    combineReads([
      guest
        ? defineRead(
            [
              // Every column, in table order (drizzle lists them all); WHERE keeps SQLite from reading ON as a join.
              db
                .insert(t.customer)
                .select(sql`SELECT ${guest.id}, ${guest.email}, NULL, NULL, NULL, NULL, NULL, 0, NULL, ${guest.now}, ${guest.now}, NULL, 0 WHERE 1`)
                .onConflictDoNothing(),
              db.select().from(t.customer).where(and(eq(t.customer.email, guest.email), eq(t.customer.has_account, false))),
            ] as const,
            ([, guests]) => guests[0],
          )
        : undefined,
      want.regionId
        ? defineRead(
            [
              db.select().from(t.region).where(and(eq(t.region.id, want.regionId), isNull(t.region.deleted_at))),
              db.select().from(t.country).where(eq(t.country.region_id, want.regionId)).orderBy(asc(t.country.id)),
            ] as const,
            ([[region], countries]) => ({ region, countries }),
          )
        : undefined,
      want.customerId ? rows(db.select().from(t.customer).where(and(eq(t.customer.id, want.customerId), isNull(t.customer.deleted_at)))) : undefined,
      some(want.addressIds) ? rows(db.select().from(t.address).where(and(inList(t.address.id, want.addressIds!), isNull(t.address.deleted_at)))) : undefined,
      want.salesChannelId
        ? defineRead(
            [
              db.select().from(t.salesChannel).where(and(eq(t.salesChannel.id, want.salesChannelId), isNull(t.salesChannel.deleted_at))),
              db
                .select({ product_id: t.productSalesChannel.product_id })
                .from(t.productSalesChannel)
                .where(and(eq(t.productSalesChannel.sales_channel_id, want.salesChannelId), inList(t.productSalesChannel.product_id, want.channelProductIds ?? []))),
            ] as const,
            ([[salesChannel], products]) => ({ salesChannel, productIds: products.map((p) => p.product_id) }),
          )
        : undefined,
      some(want.priceVariantIds)
        ? rows(db.select().from(t.moneyAmount).where(and(inList(t.moneyAmount.variant_id, want.priceVariantIds!), isNull(t.moneyAmount.deleted_at))))
        : undefined,
      codes.length > 0 ? defineRead(discountsByCodeQueries(db, codes), (found) => found) : undefined,
      some(want.giftCardCodes) ? rows(giftCardsByCodeQuery(db, want.giftCardCodes!)) : undefined,
      some(want.countryCodes) ? rows(db.select({ iso_2: t.country.iso_2 }).from(t.country).where(inList(t.country.iso_2, want.countryCodes!))) : undefined,
    ]),
    ([guestRow, region, customers, addresses, channel, prices, discounts, giftCards, knownCountries]) => {
      const [found = [], rules = [], regions = [], conditions = [], targets = []] = discounts ?? []
      return {
        guest: guestRow,
        region: region?.region,
        countries: region?.countries ?? [],
        customer: customers?.[0],
        addresses: addresses ?? [],
        salesChannel: channel?.salesChannel,
        channelProductIds: channel?.productIds ?? [],
        prices: prices ?? [],
        discounts: found,
        discountRules: rules,
        discountRegions: regions,
        discountConditions: conditions,
        discountConditionTargets: targets,
        giftCards: giftCards ?? [],
        knownCountries: (knownCountries ?? []).map((c) => c.iso_2),
      }
    },
  )
}

export type UpdateReferences = ReturnType<ReturnType<typeof updateReferencesRead>["parse"]>
