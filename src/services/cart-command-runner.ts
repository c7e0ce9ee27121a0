import type { BatchItem } from "drizzle-orm/batch"
import type { CartCommand, CartCommandKind, CommandContext, CommandOf } from "../durable/commands"
import { cartAggregateRead, cartVersionRead, type CartAggregate } from "../db/queries/carts"
import { isGuardFailure } from "../db/guards"
import { runReads } from "../db/reads"
import { conflict, notFound } from "../domain/errors"
import { isForeignCart } from "../domain/cart-ownership"
import type { CartChange, CartContext, CartPlan } from "./cart-context"
import { mutateCart } from "./cart-mutation"
import { commandSpec, type MutationCommand, type ReadCommand, type ViewCommand } from "./cart-commands"
import { completeCart } from "./checkout"
import {
  assertSameRequest, idempotencyKeyRead, isKeyTaken, keyWrite, storedResponse,
  type IdempotencyKeyRow, type IdempotentRequest, type StoredResponse,
} from "./idempotency"

/**
 * What the cart's Durable Object remembers between commands: the cart aggregate it last wrote or read. It is the
 * only writer of its cart, so the cart's own rows stay current while it lives; a write that bypassed it bumps
 * `cart.version` (migration 0014's trigger), and the next write's version guard then fails → reload and retry.
 * The catalog rows inside the aggregate (variants, prices, region, tax rates, discounts, options) are trusted
 * for `ttlMs` only, and only by commands that read nothing else: a command that must read anyway (an idempotency
 * key, the variant to add, the option to ship with) re-reads the whole cart in the same batch, which costs no
 * extra round trip.
 */
export interface CartMemory {
  aggregate: CartAggregate | undefined
  /** When `aggregate`'s rows were read from D1 (ms, the object's clock). */
  readAt: number
  /** The serialized GET answer for `aggregate` (built once, served until the cart changes). */
  view?: { of: CartAggregate; json: string } | undefined
}

export const DEFAULT_STATE_TTL_MS = 10_000

/** The remembered cart while its catalog rows are younger than `ttlMs`, else undefined. */
const freshAggregate = (memory: CartMemory, ttlMs: number) =>
  memory.aggregate && Date.now() - memory.readAt < ttlMs ? memory.aggregate : undefined

const json = (status: number, body: unknown): StoredResponse => ({ status, json: JSON.stringify(body) })

/** The idempotent request a command runs under, or undefined. The /complete-cart alias is the same request as /complete. */
function idempotentRequest(cartId: string, command: CartCommand, context: CommandContext): IdempotentRequest | undefined {
  if (!commandSpec(command).idempotent || context.idempotencyKey === undefined) return undefined
  const { kind: _kind, ...params } = command
  return {
    key: context.idempotencyKey,
    method: context.requestMethod,
    path: command.kind === "complete" ? `/store/carts/${cartId}/complete` : context.requestPath,
    params: JSON.stringify(params),
  }
}

/**
 * GET /store/carts/:id inside the cart's object, outside its queue (a read waits for no command):
 * - the object remembers the cart and its catalog rows are younger than `ttlMs`: ONE one-statement read of
 *   `cart.version`; when it matches, the answer is the remembered cart's view (serialized once per cart state);
 * - otherwise (or when the version moved: a write that bypassed the object): the whole cart in one round trip,
 *   remembered for the next read unless a command replaced the memory meanwhile.
 * Never older than the shopper's last write: the object's writes reach D1 before they answer, and memory only
 * serves a state whose version D1 still has.
 */
export async function readCartCommand(ctx: CartContext, cartId: string, spec: ReadCommand, memory: CartMemory, ttlMs: number) {
  const known = memory.aggregate
  if (known && freshAggregate(memory, ttlMs)) {
    const [version] = await runReads(ctx.db, [cartVersionRead(ctx.db, cartId)])
    if (version === undefined) {
      memory.aggregate = undefined
      throw notFound(`Cart with ${cartId} was not found`)
    }
    if (version === known.cart.version && memory.aggregate === known) {
      if (memory.view?.of !== known) memory.view = { of: known, json: JSON.stringify(spec.view(known)) }
      return { status: 200, json: memory.view.json }
    }
  }
  const readAt = Date.now()
  const [loaded] = await runReads(ctx.db, [cartAggregateRead(ctx.db, cartId)])
  if (!loaded) {
    if (memory.aggregate === known) memory.aggregate = undefined
    throw notFound(`Cart with ${cartId} was not found`)
  }
  const response = json(200, spec.view(loaded))
  // A command that ran meanwhile left a newer cart in memory (or cleared it for a completion): keep its choice.
  if (memory.aggregate === known) {
    memory.aggregate = loaded
    memory.readAt = readAt
    memory.view = { of: loaded, json: response.json }
  }
  return response
}

/**
 * Runs one command against one cart inside its Durable Object: at most one read round trip (the cart unless
 * remembered, the idempotency key, the command's reference rows — together), then ONE write batch carrying the
 * cart's changes, the version guard, the key's `finished` marker and the stored response, which is built from
 * the state just written, never re-read.
 */
export async function executeCartCommand<K extends CartCommandKind>(
  ctx: CartContext,
  cartId: string,
  command: CommandOf<K>,
  context: CommandContext,
  memory: CartMemory,
  ttlMs: number,
): Promise<StoredResponse> {
  const spec = commandSpec(command)
  const request = idempotentRequest(cartId, command, context)
  if (spec.type === "read") return readCartCommand(ctx, cartId, spec, memory, ttlMs)
  if (spec.type === "completion") {
    memory.aggregate = undefined // completion reads the cart fresh and changes it wholesale
    return completeCart(ctx, cartId, request ?? { key: crypto.randomUUID(), method: "POST", path: `/store/carts/${cartId}/complete`, params: "{}" })
  }
  try {
    return await attempt(ctx, cartId, command, spec, request, memory, ttlMs)
  } catch (err) {
    // The cart changed behind the object's back (a write that bypassed it): forget the copy, and run once more on
    // fresh rows — unless the command talks to payment providers, where a second run would repeat their calls.
    if (!isGuardFailure(err, "cart.version")) throw err
    memory.aggregate = undefined
    if (spec.exclusive) throw conflict("The cart changed while this request was applied")
    try {
      return await attempt(ctx, cartId, command, spec, request, memory, ttlMs)
    } catch (again) {
      memory.aggregate = undefined
      if (isGuardFailure(again, "cart.version")) throw conflict("The cart changed while this request was applied")
      throw again
    }
  }
}

/** Another registered customer's cart answers as if it did not exist (before a stored response is replayed, too). */
function assertMayChange(ctx: CartContext, cartId: string, cart: CartAggregate) {
  if (isForeignCart(cart.customer, ctx.customerId)) throw notFound(`Cart with ${cartId} was not found`)
}

async function attempt<C extends CartCommand>(
  ctx: CartContext,
  cartId: string,
  command: C,
  spec: MutationCommand<C> | ViewCommand,
  request: IdempotentRequest | undefined,
  memory: CartMemory,
  ttlMs: number,
): Promise<StoredResponse> {
  const fresh = freshAggregate(memory, ttlMs)
  // Payment commands work on what the providers will charge: always from fresh rows.
  const known = spec.exclusive ? undefined : fresh
  let plan: CartPlan | undefined = spec.type === "mutation" ? spec.plan(ctx, command, known) : undefined
  let cart = known
  let key: IdempotencyKeyRow | undefined
  if (!known || request || (plan && "read" in plan)) {
    // The cart only when not remembered: a remembered cart's own rows are current (the version guard in the write
    // batch proves it), and the rows a command looks up (the variant to add, the option, the email's customer) are
    // read fresh beside the key.
    const readAt = Date.now()
    const [loaded, keyRow, change] = await runReads(ctx.db, [
      known ? undefined : cartAggregateRead(ctx.db, cartId),
      request ? idempotencyKeyRead(ctx.db, request.key) : undefined,
      plan && "read" in plan ? plan.read : undefined,
    ])
    if (!known) {
      if (!loaded) {
        memory.aggregate = undefined
        throw notFound(`Cart with ${cartId} was not found`)
      }
      memory.aggregate = loaded
      memory.readAt = readAt
    }
    const current = known ?? loaded!
    assertMayChange(ctx, cartId, current)
    cart = current
    key = keyRow
    if (plan && change) plan = { change }
    if (request && key) {
      assertSameRequest(key, request)
      const stored = storedResponse(key)
      if (stored) return stored
      // Finished, but its response was never stored (too large): answer the cart as it is now.
      if (key.recovery_point === "finished") return json(200, spec.view(current))
    }
    // Needing the cart first (the plan's reads depend on its lines): plan again on the loaded cart.
    if (spec.type === "mutation" && !plan) {
      plan = spec.plan(ctx, command, current)
      if (plan && "read" in plan) {
        const [change] = await runReads(ctx.db, [plan.read])
        plan = { change }
      }
    }
  }
  if (!cart) throw notFound(`Cart with ${cartId} was not found`)
  assertMayChange(ctx, cartId, cart)
  const now = ctx.now().toISOString()

  if (spec.type === "view") {
    const response = json(200, spec.view(cart))
    if (request) await ctx.db.batch([keyWrite(ctx.db, request, key !== undefined, "finished", now, response)])
    return response
  }
  if (!plan || !("change" in plan)) throw new Error(`command ${command.kind} has no change to apply`)
  const mutation = await mutateCart(ctx, cart, plan.change satisfies CartChange, spec.scope)
  // A region change brings the new region's providers, tax rates and currency: only a re-read shows all of them.
  const regionChanged = mutation.before.cart.region_id !== mutation.after.cart.region_id
  const response = regionChanged ? undefined : json(200, spec.view(mutation.next))
  const writes: BatchItem<"sqlite">[] = [...mutation.writes]
  if (request) writes.push(keyWrite(ctx.db, request, key !== undefined, "finished", now, response ?? { status: 200, json: null }))
  try {
    await ctx.db.batch(writes as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]])
  } catch (err) {
    memory.aggregate = undefined
    if (isKeyTaken(err)) throw conflict(`Idempotency-Key ${request?.key} is being used by another request`)
    throw err
  }
  memory.aggregate = mutation.next
  if (response) return response
  const [reread] = await runReads(ctx.db, [cartAggregateRead(ctx.db, cartId)])
  if (!reread) throw notFound(`Cart with ${cartId} was not found`)
  memory.aggregate = reread
  memory.readAt = Date.now()
  return json(200, spec.view(reread))
}
