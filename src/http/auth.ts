import type { Context, MiddlewareHandler } from "hono"
import { getCookie, setCookie, deleteCookie } from "hono/cookie"
import type { AppEnv, Env } from "../env"
import { MedusaError, notFound } from "../domain/errors"
import { verifyJwt } from "../domain/jwt"
import { findSessionCustomer } from "../services/sessions"
import { tokenCustomer } from "../services/auth"

const DEFAULT_COOKIE = "connect.sid"
const DEFAULT_TTL_SECONDS = 10 * 60 * 60

export const isProduction = (env: Env) => env.ENVIRONMENT === "production" || env.ENVIRONMENT === "staging"
export const sessionTtlSeconds = (env: Env) => Number(env.SESSION_TTL_SECONDS) || DEFAULT_TTL_SECONDS
const cookieName = (env: Env) => env.SESSION_COOKIE_NAME || DEFAULT_COOKIE

/**
 * The JWT secret, or an error: v1 answers 404 "Please configure jwt_secret in your environment" without one, and in
 * production a dev value (from .dev.vars.example / the test config, all starting "dev-only") or a short one is refused.
 */
export function jwtSecret(env: Env): string {
  const secret = env.JWT_SECRET
  if (!secret) throw notFound("Please configure jwt_secret in your environment")
  if (isProduction(env) && (secret.startsWith("dev-only") || secret.length < 32)) {
    throw new MedusaError("unexpected_state", "JWT_SECRET must be set with `wrangler secret put` in production")
  }
  return secret
}

/**
 * v1 authenticateCustomer(): runs on every /store route, accepts the session cookie or `Authorization: Bearer <jwt>`
 * with `{customer_id, domain: "store"}`, and never rejects — a missing, expired, tampered or unknown credential just
 * leaves the request anonymous (protected routes then answer 401). Unlike v1, a token is checked against the customer
 * row (it must exist, and its password must not have changed since the token was issued).
 */
export const authenticateCustomer: MiddlewareHandler<AppEnv> = async (c, next) => {
  const customerId = (await fromBearer(c)) ?? (await fromSession(c))
  if (customerId) c.set("customerId", customerId)
  await next()
}

async function fromBearer(c: Context<AppEnv>): Promise<string | undefined> {
  const header = c.req.header("authorization") ?? ""
  const match = /^Bearer\s+(\S+)$/i.exec(header)
  if (!match) return undefined
  let secret: string
  try {
    secret = jwtSecret(c.env)
  } catch {
    return undefined
  }
  const payload = await verifyJwt(match[1] as string, secret, Math.floor(c.var.now().getTime() / 1000))
  if (!payload || payload.domain !== "store" || typeof payload.customer_id !== "string") return undefined
  // A token for a customer that is gone, or issued before a password change, leaves the request anonymous.
  return tokenCustomer(c.var.db, payload)
}

async function fromSession(c: Context<AppEnv>): Promise<string | undefined> {
  const value = getCookie(c, cookieName(c.env))
  if (!value || value.length > 200) return undefined
  return findSessionCustomer(c.var.db, value, c.var.now().getTime())
}

/** v1 requireCustomerAuthentication(): passport's plain-text 401. */
export const requireCustomer: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (!c.var.customerId) return c.text("Unauthorized", 401)
  await next()
}

/** The logged-in customer's id; only call behind requireCustomer. */
export function customerIdOf(c: Context<AppEnv>): string {
  const id = c.var.customerId
  if (!id) throw new MedusaError("unauthorized", "Unauthorized")
  return id
}

export function sessionCookieValue(c: Context<AppEnv>): string | undefined {
  return getCookie(c, cookieName(c.env))
}

/** HttpOnly, Path=/; Secure + SameSite=None in production (cross-site storefronts), Lax locally. */
export function setSessionCookie(c: Context<AppEnv>, value: string) {
  const secure = isProduction(c.env)
  setCookie(c, cookieName(c.env), value, {
    path: "/",
    httpOnly: true,
    secure,
    sameSite: secure ? "None" : "Lax",
    maxAge: sessionTtlSeconds(c.env),
  })
}

export function clearSessionCookie(c: Context<AppEnv>) {
  const secure = isProduction(c.env)
  deleteCookie(c, cookieName(c.env), { path: "/", secure, httpOnly: true, sameSite: secure ? "None" : "Lax" })
}
