import { DurableObject } from "cloudflare:workers"
import type { Env } from "../env"

/**
 * One instance per cart (`env.CART.idFromName(cartId)`): the cart's sequencer and idempotency memory.
 * D1 holds the cart itself. Commands run one at a time through an explicit FIFO queue, because awaiting D1
 * inside a Durable Object opens its input gate and would otherwise let commands interleave.
 * The cart engine issue registers the cart commands; the queue is the part every command shares.
 */
export class CartCoordinator extends DurableObject<Env> {
  #queue: Promise<unknown> = Promise.resolve()

  /** Runs `task` after every earlier task of this cart has settled. A failure does not jam the queue. */
  protected enqueue<T>(task: () => Promise<T>): Promise<T> {
    const result = this.#queue.then(task, task)
    this.#queue = result.catch(() => undefined)
    return result
  }
}
