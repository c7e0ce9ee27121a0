import type { Env } from "../env"
import { MedusaError, MultipleErrors, type MedusaErrorType } from "../domain/errors"
import type { CartCommand, CommandContext } from "./commands"

/**
 * Worker side of the cart Durable Object: sends one command for one cart and returns the response body,
 * or throws the MedusaError the command failed with — so routes only ever see a result or a thrown error.
 */
export async function runCartCommand(
  env: Env,
  cartId: string,
  command: CartCommand,
  context: CommandContext,
  /** Told how many D1 round trips the command made inside the object (for x-d1-round-trips). */
  onRoundTrips: (count: number) => void = () => undefined,
): Promise<{ status: number; json: string }> {
  const stub = env.CART.get(env.CART.idFromName(cartId))
  const result = await stub.run(cartId, command, context)
  onRoundTrips(result.d1RoundTrips ?? 0)
  if (result.ok) return { status: result.status, json: result.json }
  const { error } = result
  if (error.kind === "multiple") throw new MultipleErrors((error.errors ?? []).map(String))
  if (error.kind === "medusa" && error.type) throw new MedusaError(error.type as MedusaErrorType, error.message, error.code)
  // An unknown failure inside the object: rethrow its message so SQLite constraint errors still map (422/400),
  // everything else becomes v1's opaque 500.
  throw new Error(error.message)
}
