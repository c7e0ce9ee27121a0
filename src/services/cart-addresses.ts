import type { AddressPayloadInput } from "../schemas/carts"
import { assertShippingCountryInRegion } from "../domain/cart-updates"
import { notFound } from "../domain/errors"
import { newId } from "../domain/ids"
import type { AddressRow } from "../db/queries/carts"
import type { CartState } from "./cart-state"
import type { CartContext } from "./cart-context"

export type AddressKind = "billing" | "shipping"
const addressKey = (kind: AddressKind) => (kind === "billing" ? "billing_address_id" : "shipping_address_id")

/**
 * Sets the cart's billing or shipping address (v1 CartService.updateBillingAddress_/updateShippingAddress_):
 * null unsets it, a string links an existing address, an object is merged into the cart's address or creates it.
 * Only the shipping country is checked against the region, as in v1; any country given must exist (v1 answers 404,
 * also for "" — with the message "null" there). Unlike v1 (404 for "US"), the code is matched case-insensitively.
 */
export function setAddress(
  state: CartState,
  ctx: CartContext,
  kind: AddressKind,
  value: AddressPayloadInput | string | null,
  linkable: readonly AddressRow[],
  countries: readonly string[],
  knownCountries: ReadonlySet<string>,
  now: string,
) {
  if (value === null) {
    state.cart[addressKey(kind)] = null
    return
  }
  if (typeof value === "string") {
    // v1 links any address id it finds; only the signed-in customer's own addresses can be linked here.
    const address = linkable.find((a) => a.id === value && a.customer_id !== null && a.customer_id === ctx.customerId)
    if (!address) throw notFound(`Address with id ${value} was not found`)
    if (kind === "shipping") assertShippingCountryInRegion(address.country_code, countries)
    state.cart[addressKey(kind)] = address.id
    return
  }
  if (kind === "shipping") assertShippingCountryInRegion(value.country_code, countries)
  assertCountryExists(value.country_code, knownCountries)
  writeAddress(state, kind, value, now)
}

function assertCountryExists(code: string | null | undefined, known: ReadonlySet<string>) {
  if (typeof code === "string" && !known.has(code.toLowerCase())) {
    throw notFound(`Country with country_code ${code} does not exist.`)
  }
}

const ADDRESS_FIELDS = [
  "first_name", "last_name", "phone", "company", "address_1", "address_2", "city", "country_code", "province", "postal_code",
  "metadata",
] as const

/**
 * Merges fields into the cart's address of `kind` (v1 `{...current, ...payload}`), or creates it. An address
 * that belongs to a customer's address book is never edited through the cart: the cart gets its own copy.
 */
export function writeAddress(state: CartState, kind: AddressKind, payload: AddressPayloadInput, now: string) {
  const changes: Partial<AddressRow> = {}
  for (const field of ADDRESS_FIELDS) {
    const value = payload[field]
    if (value === undefined) continue
    if (field === "metadata") changes.metadata = value as AddressRow["metadata"]
    else changes[field] = field === "country_code" && typeof value === "string" ? value.toLowerCase() : (value as string | null)
  }
  const key = addressKey(kind)
  const current = state.addresses.find((a) => a.id === state.cart[key])
  if (current && current.customer_id === null) {
    if (ADDRESS_FIELDS.some((f) => f in changes && JSON.stringify(changes[f]) !== JSON.stringify(current[f]))) {
      Object.assign(current, changes, { updated_at: now })
    }
    return
  }
  const address: AddressRow = {
    id: newId("address"), customer_id: null, company: null, first_name: null, last_name: null, address_1: null,
    address_2: null, city: null, country_code: null, province: null, postal_code: null, phone: null, metadata: null,
    ...(current ? pickAddressFields(current) : {}),
    ...changes,
    created_at: now, updated_at: now, deleted_at: null,
  }
  state.addresses.push(address)
  state.cart[key] = address.id
}

function pickAddressFields(row: AddressRow): Partial<AddressRow> {
  return Object.fromEntries(ADDRESS_FIELDS.map((f) => [f, row[f]]))
}
