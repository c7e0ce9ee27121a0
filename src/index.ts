import { buildApp } from "./app"

export { CartCoordinator } from "./durable/cart-coordinator"

const app = buildApp()

export default app
