import type { CartCommandKind, CommandOf } from "../durable/commands"
import type { CartAggregate } from "../db/queries/carts"
import type { CartContext, CartPlan } from "./cart-context"
import type { MutationScope } from "./cart-mutation"
import { serializeCart } from "./cart-view"
import { planAddLineItem, planDeleteLineItem, planUpdateLineItem } from "./line-items"
import { planRemoveDiscount, planUpdateCart } from "./cart-updates"
import { planAddShippingMethod } from "./shipping-methods"
import { taxesCartView } from "./cart-taxes"
import {
  paymentSessionsCartView,
  planCreatePaymentSessions,
  planDeletePaymentSession,
  planRefreshPaymentSession,
  planSelectPaymentSession,
  planUpdatePaymentSession,
  refreshedCartView,
} from "./payment-sessions"

/** What every command declares: the policy the HTTP layer and the cart's Durable Object apply to it. */
interface CommandPolicy {
  /**
   * Honours an `Idempotency-Key` (catalog §3(c)): the route echoes the key (generating one when the client sent
   * none), and a finished key replays its stored response.
   */
  readonly idempotent: boolean
  /** Payment-session mutations and completion: one at a time per cart; a concurrent one is answered 409 at once. */
  readonly exclusive: boolean
}

/** A command that changes the cart through mutateCart and answers with a view of the cart it wrote. */
export interface MutationCommand<C> extends CommandPolicy {
  readonly type: "mutation"
  readonly scope: MutationScope
  /**
   * The command's plan against the cart as the object last knew it (undefined: not loaded yet). Returning
   * undefined asks for the cart first (its reads depend on the cart's lines).
   */
  readonly plan: (ctx: CartContext, command: C, known: CartAggregate | undefined) => CartPlan | undefined
  /** The response body, built from the cart as written (never re-read). */
  readonly view: (cart: CartAggregate) => unknown
}

/** A command that writes no cart row and answers a view of the cart (POST /taxes). */
export interface ViewCommand extends CommandPolicy {
  readonly type: "view"
  readonly view: (cart: CartAggregate) => unknown
}

/**
 * GET /store/carts/:id: writes nothing, waits for nothing. The object answers from the cart it remembers when D1's
 * `cart.version` still matches it (a one-statement read), else reads the cart (see readCartCommand).
 */
export interface ReadCommand extends CommandPolicy {
  readonly type: "read"
  readonly view: (cart: CartAggregate) => unknown
}

/** Completion: its own staged run with recovery points (services/checkout.ts). */
export interface CompletionCommand extends CommandPolicy {
  readonly type: "completion"
}

export type CommandSpec<C> = MutationCommand<C> | ViewCommand | ReadCommand | CompletionCommand

const cartBody = (cart: CartAggregate) => ({ cart: serializeCart(cart) })

/**
 * v1's POST /payment-sessions answers `{cart, data}`: the idempotent handler stores the cart and copies it, through
 * cleanResponseData (which drops raw_discount_total), into `data` (goldens 95, 96, 105, 133).
 */
function paymentSessionsBody(aggregate: CartAggregate) {
  const cart = paymentSessionsCartView(aggregate)
  const { raw_discount_total: _raw, ...data } = cart
  return { cart, data }
}

/**
 * THE command table: every cart command's policy, handler and response view, read by the HTTP layer
 * (http/cart-commands.ts: idempotency keys), the cart's Durable Object (exclusivity, keys in flight) and the
 * runner (services/cart-command-runner.ts). Typed over CartCommandKind, so a missing or misspelled kind does
 * not compile.
 */
export const CART_COMMANDS: { readonly [K in CartCommandKind]: CommandSpec<CommandOf<K>> } = {
  add_line_item: {
    type: "mutation", idempotent: true, exclusive: false, scope: "contents",
    plan: (ctx, command) => planAddLineItem(ctx, command.input),
    // v1 answers this route with the `customer` relation too (see CartViewOptions.withCustomer).
    view: (cart) => ({ cart: serializeCart(cart, { withCustomer: true }) }),
  },
  update_line_item: {
    type: "mutation", idempotent: false, exclusive: false, scope: "contents",
    plan: (ctx, command) => planUpdateLineItem(ctx, command.lineId, command.input),
    view: cartBody,
  },
  delete_line_item: {
    type: "mutation", idempotent: false, exclusive: false, scope: "contents",
    plan: (ctx, command) => planDeleteLineItem(ctx, command.lineId),
    view: cartBody,
  },
  update_cart: {
    type: "mutation", idempotent: false, exclusive: false, scope: "contents",
    plan: (ctx, command, known) => planUpdateCart(ctx, command.input, known),
    view: cartBody,
  },
  remove_discount: {
    type: "mutation", idempotent: false, exclusive: false, scope: "contents",
    plan: (_ctx, command) => planRemoveDiscount(command.code),
    view: cartBody,
  },
  add_shipping_method: {
    type: "mutation", idempotent: false, exclusive: false, scope: "contents",
    plan: (ctx, command) => planAddShippingMethod(ctx, command.input),
    view: cartBody,
  },
  read_cart: { type: "read", idempotent: false, exclusive: false, view: cartBody },
  // v1 answers this route with its own (totals-only) view of the cart.
  calculate_taxes: { type: "view", idempotent: true, exclusive: false, view: (cart) => ({ cart: taxesCartView(cart) }) },
  create_payment_sessions: {
    type: "mutation", idempotent: true, exclusive: true, scope: "sessions",
    plan: (ctx) => planCreatePaymentSessions(ctx),
    view: paymentSessionsBody,
  },
  select_payment_session: {
    type: "mutation", idempotent: false, exclusive: true, scope: "sessions",
    plan: (ctx, command) => planSelectPaymentSession(ctx, command.providerId),
    view: cartBody,
  },
  update_payment_session: {
    type: "mutation", idempotent: false, exclusive: true, scope: "sessions",
    plan: (ctx, command) => planUpdatePaymentSession(ctx, command.providerId, command.data),
    view: cartBody,
  },
  refresh_payment_session: {
    type: "mutation", idempotent: false, exclusive: true, scope: "sessions",
    plan: (ctx, command) => planRefreshPaymentSession(ctx, command.providerId),
    view: (cart) => ({ cart: refreshedCartView(cart) }),
  },
  delete_payment_session: {
    type: "mutation", idempotent: false, exclusive: true, scope: "sessions",
    plan: (ctx, command) => planDeletePaymentSession(ctx, command.providerId),
    view: cartBody,
  },
  complete: { type: "completion", idempotent: true, exclusive: true },
}

/** The table's entry for a command, typed by its kind (the table's type guarantees the pairing). */
export function commandSpec<K extends CartCommandKind>(command: CommandOf<K>): CommandSpec<CommandOf<K>> {
  return CART_COMMANDS[command.kind as K]
}
