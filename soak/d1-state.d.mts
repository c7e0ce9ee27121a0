// Types of d1-state.mjs for the TypeScript test that imports it.
import type { Fixtures, SoakState } from "./journeys.mjs"
export function arrangeD1Fixtures(
  db: D1Database,
  opts: { runId: string; stock: number | number[]; discountLimit: number; giftCards: number; giftCardValue: number },
): Promise<Fixtures>
export function readD1State(db: D1Database, fixtures: Fixtures, cartIds: string[]): Promise<SoakState>
