import { z } from "zod"
import { AddressPayload } from "./carts"
import { dateRange, expandFields, freeFormObject, queryInt, queryStringArray } from "./common"

const str = z.string({ error: "must be a string" })
const metadata = freeFormObject()
/** Emails are bounded so a hostile body cannot make us hash or store megabytes. */
const email = z.email({ error: "must be an email" }).max(254)
/** PBKDF2 cost does not depend on length, but an unbounded password is still an unbounded body. */
const password = str.min(1, { error: "should not be empty" }).max(1024)

/** StorePostAuthReq: v1 IsNotEmpty on both (golden 149: "password should not be empty"). */
export const LoginBody = z
  .object({
    email: z.string({ error: "should not be empty" }).min(1, { error: "should not be empty" }).max(254),
    password: z.string({ error: "should not be empty" }).min(1, { error: "should not be empty" }).max(1024),
  })
  .strict()

/** StorePostCustomersReq; as recorded (golden 142), v1 does not insist on the names. */
export const RegisterBody = z
  .object({
    first_name: str.max(255).optional(),
    last_name: str.max(255).optional(),
    email,
    password,
    phone: str.max(64).optional(),
  })
  .strict()

/** StorePostCustomersCustomerReq. */
export const UpdateCustomerBody = z
  .object({
    first_name: str.max(255).optional(),
    last_name: str.max(255).optional(),
    billing_address: z.union([z.string(), AddressPayload], { error: "must be one of AddressPayload or String" }).optional(),
    password: password.optional(),
    phone: str.max(64).optional(),
    email: email.optional(),
    metadata: metadata.optional(),
  })
  .strict()

/** An address line: 255 characters at most, as in a cart's address. */
const line = str.max(255, { error: "must be shorter than or equal to 255 characters" })

/** AddressCreatePayload: v1 reports the nested fields without the `address.` prefix (golden 159). */
export const AddressCreate = z
  .object({
    first_name: line,
    last_name: line,
    phone: line.optional(),
    metadata: metadata.optional(),
    company: line.optional(),
    address_1: line,
    address_2: line.optional(),
    city: line,
    country_code: line,
    province: line.optional(),
    postal_code: line,
  })
  .strict()
export type AddressCreateInput = z.infer<typeof AddressCreate>

export const AddAddressBody = z.object({ address: z.unknown() }).strict()

export const PasswordTokenBody = z.object({ email }).strict()

export const PasswordResetBody = z.object({ email, password, token: str.min(1).max(4096) }).strict()

export const ClaimOrdersBody = z.object({ order_ids: z.array(str.max(100), { error: "must be an array" }).min(1).max(50) }).strict()

export const ConfirmClaimBody = z.object({ token: str.min(1).max(8192) }).strict()

const statuses = <T extends readonly [string, ...string[]]>(values: T) =>
  z.preprocess((v) => (typeof v === "string" ? [v] : v), z.array(z.enum(values)).max(20))

/** StoreGetCustomersCustomerOrdersParams. */
export const ListCustomerOrdersQuery = z
  .object({
    q: str.max(200).optional(),
    id: str.optional(),
    status: statuses(["pending", "completed", "archived", "canceled", "requires_action"]).optional(),
    fulfillment_status: statuses([
      "not_fulfilled", "partially_fulfilled", "fulfilled", "partially_shipped", "shipped", "partially_returned", "returned",
      "canceled", "requires_action",
    ]).optional(),
    payment_status: statuses([
      "not_paid", "awaiting", "captured", "partially_refunded", "refunded", "canceled", "requires_action",
    ]).optional(),
    display_id: str.optional(),
    cart_id: str.optional(),
    email: str.optional(),
    region_id: str.optional(),
    currency_code: queryStringArray().optional(),
    tax_rate: str.optional(),
    created_at: dateRange().optional(),
    updated_at: dateRange().optional(),
    canceled_at: dateRange().optional(),
    limit: queryInt({ max: 50 }).default(10),
    offset: queryInt().default(0),
    ...expandFields,
  })
  .strict()
export type ListCustomerOrdersInput = z.infer<typeof ListCustomerOrdersQuery>
