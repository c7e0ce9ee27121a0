import { Hono } from "hono"
import type { AppEnv } from "../env"

// Filled in by the catalog work: see README "Catalog".
export const variants = new Hono<AppEnv>()
