import { buildApp } from "./app"

export { CartCoordinator } from "./durable/cart-coordinator"
export { PaymentCollectionCoordinator } from "./durable/payment-collection-coordinator"

const app = buildApp()

export default app
