import type { Env } from "../env"
import { MedusaError, MultipleErrors, type MedusaErrorType } from "../domain/errors"
import type { CartCommand, CommandContext } from "./commands"

/** What a command answered: its status and serialized body, and the D1 bookmark after its writes. */
export interface CartCommandResponse {
  status: number
  json: string
  bookmark?: string | undefined
}

const LOCATION_HINTS: readonly DurableObjectLocationHint[] = ["wnam", "enam", "sam", "weur", "eeur", "apac", "oc", "afr", "me"]
const isLocationHint = (value: string): value is DurableObjectLocationHint => (LOCATION_HINTS as readonly string[]).includes(value)

/**
 * The stub options for a cart's object: CART_LOCATION_HINT places new objects (e.g. next to D1's primary). A value
 * that is not a location hint is ignored (and logged): a typo must not take the cart routes down.
 */
export function cartStubOptions(env: Pick<Env, "CART_LOCATION_HINT">): DurableObjectNamespaceGetDurableObjectOptions | undefined {
  const hint = env.CART_LOCATION_HINT?.trim()
  if (!hint) return undefined
  if (isLocationHint(hint)) return { locationHint: hint }
  console.warn(`CART_LOCATION_HINT "${hint}" is not a Durable Object location hint; ignored`)
  return undefined
}

/**
 * Worker side of the cart Durable Object: sends one command for one cart and returns the response body,
 * or throws the MedusaError the command failed with — so routes only ever see a result or a thrown error.
 * Callers other than routes (a payment webhook completing a cart) use it the same way.
 */
export async function runCartCommand(
  env: Env,
  cartId: string,
  command: CartCommand,
  context: CommandContext,
  /** Told how many D1 round trips the command made inside the object (for x-d1-round-trips), and its bookmark. */
  onResult: (count: number, bookmark: string | undefined) => void = () => undefined,
): Promise<CartCommandResponse> {
  const stub = env.CART.get(env.CART.idFromName(cartId), cartStubOptions(env))
  const result = await stub.run(cartId, command, context)
  onResult(result.d1RoundTrips ?? 0, result.bookmark)
  if (result.ok) return { status: result.status, json: result.json, bookmark: result.bookmark }
  const { error } = result
  if (error.kind === "multiple") throw new MultipleErrors((error.errors ?? []).map(String))
  if (error.kind === "medusa" && error.type) throw new MedusaError(error.type as MedusaErrorType, error.message, error.code)
  // An unknown failure inside the object: rethrow its message so SQLite constraint errors still map (422/400),
  // everything else becomes v1's opaque 500.
  throw new Error(error.message)
}
