import { and, eq, isNull, ne, sql } from "drizzle-orm"
import type { BatchItem } from "drizzle-orm/batch"
import type { Database, Env } from "../env"
import * as t from "../db/schema"
import { isConstraintFailure } from "../db/errors"
import { MedusaError, invalidData, notFound } from "../domain/errors"
import { newId } from "../domain/ids"
import { hashPassword } from "../domain/password"
import {
  assembleCustomerBundle, customerBundleStatements, findRegisteredCustomer, loadCustomerBundle, type CustomerBundle,
} from "../db/queries/customers"
import type { AddressPayloadInput } from "../schemas/carts"
import type { AddressCreateInput } from "../schemas/customers"
import { deleteOtherSessions, newSession } from "./sessions"

export interface CustomerCtx {
  db: Database
  env: Env
  now: () => Date
}

const DUPLICATE = "A customer with the given email already has an account. Log in instead"
const duplicate = () => new MedusaError("duplicate_error", DUPLICATE)
const isUniqueViolation = (err: unknown) => isConstraintFailure(err, "UNIQUE")

/** Runs writes and then reads the customer back, in one batch (one round trip). */
async function writeThenLoad(db: Database, customerId: string, writes: BatchItem<"sqlite">[]): Promise<CustomerBundle> {
  const reads = customerBundleStatements(db, customerId)
  const results = await db.batch([...writes, ...reads] as unknown as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]])
  const bundle = assembleCustomerBundle(results.slice(writes.length))
  if (!bundle) throw notFound(`Customer with id ${customerId} was not found`)
  return bundle
}

export async function loadCustomerOrThrow(db: Database, id: string): Promise<CustomerBundle> {
  const bundle = await loadCustomerBundle(db, id)
  if (!bundle) throw notFound(`Customer with id ${id} was not found`)
  return bundle
}

/**
 * POST /store/customers (v1 CustomerService.create): a registered row, logged in through a new session in the same
 * batch. Guest rows with the same email stay as they are (v1 creates the registered row next to them, golden 143);
 * a registered one → 422. Two racing registrations meet the (email, has_account) unique index.
 */
export async function registerCustomer(
  ctx: CustomerCtx,
  input: { email: string; password: string; first_name?: string | undefined; last_name?: string | undefined; phone?: string | undefined },
  ttlSeconds: number,
) {
  const email = input.email.toLowerCase()
  if (await findRegisteredCustomer(ctx.db, email)) throw duplicate()
  const now = ctx.now()
  const id = newId("customer", now.getTime())
  const session = await newSession(ctx.db, id, now.getTime(), ttlSeconds)
  const insert = ctx.db.insert(t.customer).values({
    id, email, first_name: input.first_name ?? null, last_name: input.last_name ?? null, phone: input.phone ?? null,
    password_hash: await hashPassword(input.password), has_account: true, billing_address_id: null, metadata: null,
    created_at: now.toISOString(), updated_at: now.toISOString(), deleted_at: null,
  })
  try {
    const bundle = await writeThenLoad(ctx.db, id, [insert, session.statement, session.prune])
    return { bundle, sessionValue: session.value }
  } catch (err) {
    if (isUniqueViolation(err)) throw duplicate()
    throw err
  }
}

export interface UpdateCustomerInput {
  first_name?: string | undefined
  last_name?: string | undefined
  phone?: string | undefined
  email?: string | undefined
  password?: string | undefined
  metadata?: Record<string, unknown> | undefined
  billing_address?: string | AddressPayloadInput | undefined
}

/**
 * POST /store/customers/me (v1 CustomerService.update). Only the given fields are written, metadata is merged in SQL
 * (json_patch; v1 setMetadata drops keys set to ""), so concurrent updates of different fields never lose each other.
 * A new password bumps the password version (every access token issued before stops working) and ends every other
 * cookie session, in the same batch; the session `keepSession` (the caller's cookie) stays logged in.
 */
export async function updateCustomer(ctx: CustomerCtx, customerId: string, input: UpdateCustomerInput, keepSession?: string) {
  const now = ctx.now().toISOString()
  // Values or SQL expressions (json_patch), as drizzle's .set() accepts.
  const set: Record<string, unknown> = { updated_at: now }
  if (input.first_name !== undefined) set.first_name = input.first_name
  if (input.last_name !== undefined) set.last_name = input.last_name
  if (input.phone !== undefined) set.phone = input.phone
  const writes: BatchItem<"sqlite">[] = []
  if (input.password !== undefined) {
    set.password_hash = await hashPassword(input.password)
    set.password_version = sql`${t.customer.password_version} + 1`
    writes.push((await deleteOtherSessions(ctx.db, customerId, keepSession)).statement)
  }
  if (input.email !== undefined) {
    const email = input.email.toLowerCase()
    const [taken] = await ctx.db
      .select({ id: t.customer.id })
      .from(t.customer)
      .where(and(eq(t.customer.email, email), eq(t.customer.has_account, true), ne(t.customer.id, customerId)))
    if (taken) throw duplicate()
    set.email = email
  }
  if (input.metadata !== undefined) {
    const patch = Object.fromEntries(Object.entries(input.metadata).map(([k, v]) => [k, v === "" ? null : v]))
    set.metadata = sql`json_patch(COALESCE(${t.customer.metadata}, '{}'), ${JSON.stringify(patch)})`
  }
  if (input.billing_address !== undefined) {
    writes.push(...(await billingAddressWrites(ctx, customerId, input.billing_address, set, now)))
  }
  writes.unshift(ctx.db.update(t.customer).set(set as Partial<typeof t.customer.$inferInsert>).where(and(eq(t.customer.id, customerId), isNull(t.customer.deleted_at))))
  try {
    return await writeThenLoad(ctx.db, customerId, writes)
  } catch (err) {
    if (isUniqueViolation(err)) throw duplicate()
    throw err
  }
}

/** v1 updateBillingAddress_: an id links one of the customer's own addresses; an object edits or creates the billing address. */
async function billingAddressWrites(
  ctx: CustomerCtx,
  customerId: string,
  value: string | AddressPayloadInput,
  set: Record<string, unknown>,
  now: string,
): Promise<BatchItem<"sqlite">[]> {
  if (typeof value === "string") {
    // v1 links any address id; here only the customer's own address book (or current billing address) qualifies.
    const [own] = await ctx.db
      .select({ id: t.address.id })
      .from(t.address)
      .where(
        and(
          eq(t.address.id, value),
          isNull(t.address.deleted_at),
          sql`(${t.address.customer_id} = ${customerId} OR ${t.address.id} = (SELECT billing_address_id FROM customer WHERE id = ${customerId}))`,
        ),
      )
    if (!own) throw notFound(`Address with id ${value} was not found`)
    set.billing_address_id = own.id
    return []
  }
  const fields = addressFields(value)
  const [customer] = await ctx.db.select({ billing: t.customer.billing_address_id }).from(t.customer).where(eq(t.customer.id, customerId))
  if (customer?.billing) {
    return [ctx.db.update(t.address).set({ ...fields, updated_at: now }).where(eq(t.address.id, customer.billing))]
  }
  const id = newId("address")
  set.billing_address_id = id
  return [ctx.db.insert(t.address).values({ ...emptyAddress(id, null, now), ...fields })]
}

const ADDRESS_FIELDS = [
  "first_name", "last_name", "phone", "company", "address_1", "address_2", "city", "country_code", "province", "postal_code",
] as const

function addressFields(payload: AddressPayloadInput | AddressCreateInput) {
  const out: Partial<typeof t.address.$inferInsert> = {}
  for (const field of ADDRESS_FIELDS) {
    const value = payload[field]
    if (value === undefined) continue
    out[field] = field === "country_code" && typeof value === "string" ? value.toLowerCase() : value
  }
  if (payload.metadata !== undefined) out.metadata = payload.metadata ?? null
  return out
}

function emptyAddress(id: string, customerId: string | null, now: string): typeof t.address.$inferInsert {
  return {
    id, customer_id: customerId, company: null, first_name: null, last_name: null, address_1: null, address_2: null,
    city: null, country_code: null, province: null, postal_code: null, phone: null, metadata: null,
    created_at: now, updated_at: now, deleted_at: null,
  }
}

/** POST /store/customers/me/addresses. */
export async function addAddress(ctx: CustomerCtx, customerId: string, input: AddressCreateInput) {
  const now = ctx.now().toISOString()
  const insert = ctx.db.insert(t.address).values({ ...emptyAddress(newId("address"), customerId, now), ...addressFields(input) })
  return writeThenLoad(ctx.db, customerId, [insert])
}

const ownAddress = (customerId: string, addressId: string) =>
  and(eq(t.address.id, addressId), eq(t.address.customer_id, customerId), isNull(t.address.deleted_at))

/** POST /store/customers/me/addresses/:id: an address that is not the customer's → v1's 400 (golden 161). */
export async function updateAddress(ctx: CustomerCtx, customerId: string, addressId: string, input: AddressPayloadInput) {
  const now = ctx.now().toISOString()
  const updated = await ctx.db
    .update(t.address)
    .set({ ...addressFields(input), updated_at: now })
    .where(ownAddress(customerId, addressId))
    .returning({ id: t.address.id })
  if (!updated.length) throw invalidData("Could not find address for customer")
  return loadCustomerOrThrow(ctx.db, customerId)
}

/**
 * DELETE /store/customers/me/addresses/:id: soft delete (carts and orders may point at it). An address that is not
 * the customer's → 404 (v1 answers 200 and does nothing, which hides a storefront's wrong id).
 */
export async function deleteAddress(ctx: CustomerCtx, customerId: string, addressId: string) {
  const now = ctx.now().toISOString()
  const deleted = await ctx.db
    .update(t.address)
    .set({ deleted_at: now, updated_at: now })
    .where(ownAddress(customerId, addressId))
    .returning({ id: t.address.id })
  if (!deleted.length) throw notFound(`Address with id ${addressId} was not found`)
  return loadCustomerOrThrow(ctx.db, customerId)
}
