import type { MiddlewareHandler } from "hono"
import type { AppEnv } from "../env"
import { MedusaError } from "../domain/errors"

const encoder = new TextEncoder()

/** The token a request presents: `x-medusa-access-token` (v1 API tokens) or `Authorization: Bearer`. */
export function presentedToken(accessToken: string | undefined, authorization: string | undefined): string | undefined {
  if (accessToken) return accessToken
  const match = authorization?.match(/^Bearer\s+(.+)$/i)
  return match?.[1]?.trim() || undefined
}

/**
 * Compares two secrets in constant time. Both sides are hashed first, so neither their contents nor their lengths
 * leak through timing (timingSafeEqual itself needs equal lengths).
 */
export async function tokensMatch(presented: string, expected: string): Promise<boolean> {
  const [a, b] = await Promise.all([
    crypto.subtle.digest("SHA-256", encoder.encode(presented)),
    crypto.subtle.digest("SHA-256", encoder.encode(expected)),
  ])
  return crypto.subtle.timingSafeEqual(a, b)
}

/**
 * Guards every /admin route with the ADMIN_API_TOKEN secret. Without the secret configured the admin API is closed
 * (every request 401), never open.
 */
export const requireAdmin: MiddlewareHandler<AppEnv> = async (c, next) => {
  const expected = c.env.ADMIN_API_TOKEN
  const presented = presentedToken(c.req.header("x-medusa-access-token"), c.req.header("authorization"))
  if (!expected || !presented || !(await tokensMatch(presented, expected))) {
    throw new MedusaError("unauthorized", "Unauthorized")
  }
  await next()
}
