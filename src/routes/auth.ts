import { Hono } from "hono"
import type { AppEnv } from "../env"
import { validate } from "../http/validate"
import { bodyEmailAtClient, rateLimit } from "../http/rate-limit"
import {
  clearSessionCookie, customerIdOf, jwtSecret, requireCustomer, sessionCookieValue, sessionTtlSeconds, setSessionCookie,
} from "../http/auth"
import { LoginBody } from "../schemas/customers"
import { authenticate, issueAccessToken } from "../services/auth"
import { deleteSession, newLoginSession } from "../services/sessions"
import { assembleCustomerBundle, customerBundleStatements, findRegisteredCustomer, loadCustomerBundle } from "../db/queries/customers"
import { sessionView } from "../services/customer-view"

export const auth = new Hono<AppEnv>()
  // Login with a cookie session. Authenticates from the body alone: a Bearer token or cookie already on the request
  // (medusa-js resends its last token) neither logs anyone in nor rescues a wrong password. Attempts are limited per
  // address and per (email, address), not per email alone: guesses from elsewhere must not lock the owner out.
  .post("/", rateLimit("login", bodyEmailAtClient), validate("json", LoginBody), async (c) => {
    const { email, password } = c.req.valid("json")
    const now = c.var.now()
    const customer = await authenticate(c.var.db, email, password, now)
    if (!customer) return c.text("Unauthorized", 401)
    const session = await newLoginSession(c.var.db, customer.id, customer.password_version, now.getTime(), sessionTtlSeconds(c.env))
    const old = sessionCookieValue(c)
    if (old) await deleteSession(c.var.db, old)
    const results = await c.var.db.batch([session.statement, session.stored, session.prune, ...customerBundleStatements(c.var.db, customer.id)])
    const bundle = assembleCustomerBundle(results.slice(3))
    // No session stored: the password changed since it was verified (see newLoginSession).
    if (!bundle || results[1].length === 0) return c.text("Unauthorized", 401)
    setSessionCookie(c, session.value)
    return c.json({ customer: sessionView(bundle) })
  })
  .get("/", requireCustomer, async (c) => {
    const bundle = await loadCustomerBundle(c.var.db, customerIdOf(c))
    if (!bundle) return c.text("Unauthorized", 401)
    return c.json({ customer: sessionView(bundle) })
  })
  // v1 destroys the cookie session (a JWT cannot be revoked; it expires). Answers the text "OK" either way.
  .delete("/", async (c) => {
    const value = sessionCookieValue(c)
    if (value) await deleteSession(c.var.db, value)
    clearSessionCookie(c)
    return c.text("OK", 200)
  })
  .post("/token", rateLimit("login", bodyEmailAtClient), validate("json", LoginBody), async (c) => {
    const secret = jwtSecret(c.env)
    const { email, password } = c.req.valid("json")
    const customer = await authenticate(c.var.db, email, password, c.var.now())
    if (!customer) return c.text("Unauthorized", 401)
    return c.json({ access_token: await issueAccessToken(customer, secret, c.var.now()) })
  })
  .get("/:email", rateLimit("exists", (c) => c.req.param("email")), async (c) => {
    const customer = await findRegisteredCustomer(c.var.db, c.req.param("email").slice(0, 254))
    return c.json({ exists: Boolean(customer?.has_account) })
  })
