import { buildApp } from "./app"
import type { Env, EventMessage } from "./env"
import { handleEventBatch, relayPendingEvents } from "./services/events"

export { CartCoordinator } from "./durable/cart-coordinator"
export { PaymentCollectionCoordinator } from "./durable/payment-collection-coordinator"

const app = buildApp()

export default {
  fetch: app.fetch,
  // The event outbox's consumer (EVENTS queue → webhook) and its relay for rows whose queue send was lost.
  queue: (batch: MessageBatch<EventMessage>, env: Env) => handleEventBatch(batch, env),
  scheduled: (controller: ScheduledController, env: Env) => relayPendingEvents(env, new Date(controller.scheduledTime)),
} satisfies ExportedHandler<Env, EventMessage>
