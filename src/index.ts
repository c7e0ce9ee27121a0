import { buildApp } from "./app"
import type { Env, EventMessage } from "./env"
import { handleEventBatch, relayPendingEvents } from "./services/events"
import { runHousekeeping } from "./services/housekeeping"

export { CartCoordinator } from "./durable/cart-coordinator"
export { PaymentCollectionCoordinator } from "./durable/payment-collection-coordinator"

const app = buildApp()

export default {
  fetch: app.fetch,
  // The event outbox's consumer (EVENTS queue → webhook) and its relay for rows whose queue send was lost.
  queue: (batch: MessageBatch<EventMessage>, env: Env) => handleEventBatch(batch, env),
  // Every 5 minutes: relay undelivered outbox rows, then prune what has expired (src/services/housekeeping.ts).
  scheduled: async (controller: ScheduledController, env: Env) => {
    const now = new Date(controller.scheduledTime)
    try {
      await relayPendingEvents(env, now)
    } finally {
      // A failed relay must not stop the pruning (nor the other way round: the relay runs first).
      const pruned = await runHousekeeping(env, now)
      console.log(JSON.stringify({ level: "info", msg: "housekeeping", cron: controller.cron, ...pruned }))
    }
  },
} satisfies ExportedHandler<Env, EventMessage>
