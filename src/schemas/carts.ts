import { z } from "zod"
import { freeFormObject } from "./common"

const metadata = freeFormObject()
const quantity = z
  .number({ error: "must be an integer number" })
  .int({ error: "must be an integer number" })
  .max(1_000_000, { error: "must not be greater than 1000000" })

export const CreateCartBody = z
  .object({
    region_id: z.string({ error: "must be a string" }).optional(),
    sales_channel_id: z.string({ error: "must be a string" }).optional(),
    country_code: z.string({ error: "must be a string" }).nullish(),
    items: z
      .array(
        z.object({ variant_id: z.string({ error: "must be a string" }), quantity }, { error: "must be either object or array" }).strict(),
        // class-validator reports both the array and the nested constraint for a non-array (golden 43)
        { error: "must be an array, each value in nested property items must be either object or array" },
      )
      .max(500)
      .optional(),
    context: metadata.optional(),
  })
  .strict()

export const AddLineItemBody = z
  .object({ variant_id: z.string({ error: "must be a string" }), quantity, metadata: metadata.optional() })
  .strict()

export const UpdateLineItemBody = z.object({ quantity, metadata: metadata.optional() }).strict()

/** Ids, codes and address lines: 255 characters at most, so an address cannot carry megabytes into D1. */
const optionalString = z.string({ error: "must be a string" }).max(255, { error: "must be shorter than or equal to 255 characters" }).nullish()

/** v1 AddressPayload: every field optional (null clears it), unknown keys refused. */
export const AddressPayload = z
  .object({
    first_name: optionalString,
    last_name: optionalString,
    phone: optionalString,
    company: optionalString,
    address_1: optionalString,
    address_2: optionalString,
    city: optionalString,
    country_code: optionalString,
    province: optionalString,
    postal_code: optionalString,
    metadata: metadata.nullish(),
  })
  .strict()
export type AddressPayloadInput = z.infer<typeof AddressPayload>

/** v1 IsType([AddressPayload, String]): a new address, or the id of an existing one; null unsets it. */
const addressOrId = z
  .union([z.string(), AddressPayload], { error: "must be one of AddressPayload or String" })
  .nullish()

/** `[{code}]` lists; for a non-array v1 reports both the array and the nested-object constraint. */
/** A cart holds a handful of codes; more in one request is a guessing run (each code counts against the address). */
export const MAX_CODES_PER_UPDATE = 10

const codeList = (field: string) =>
  z
    .array(z.object({ code: z.string({ error: "must be a string" }) }, { error: "must be either object or array" }).strict(), {
      error: `must be an array, each value in nested property ${field} must be either object or array`,
    })
    .max(MAX_CODES_PER_UPDATE, { error: `must contain at most ${MAX_CODES_PER_UPDATE} codes` })
    .nullish()

/**
 * StorePostCartsCartReq. null means "not given" (v1 isDefined) except where v1 reads it as a value:
 * `shipping_address: null` / `billing_address: null` unset the address, `gift_cards: null` removes all cards.
 */
export const UpdateCartBody = z
  .object({
    region_id: optionalString,
    country_code: optionalString,
    email: z.email({ error: "must be an email" }).max(254, { error: "must be shorter than or equal to 254 characters" }).nullish(),
    billing_address: addressOrId,
    shipping_address: addressOrId,
    gift_cards: codeList("gift_cards"),
    discounts: codeList("discounts"),
    customer_id: optionalString,
    context: metadata.nullish(),
    sales_channel_id: optionalString,
  })
  .strict()
export type UpdateCartInput = z.infer<typeof UpdateCartBody>

export const AddShippingMethodBody = z
  .object({ option_id: z.string({ error: "must be a string" }), data: metadata.optional() })
  .strict()
