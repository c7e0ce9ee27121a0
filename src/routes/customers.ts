import { Hono } from "hono"
import type { AppEnv } from "../env"
import { describeIssues, validate, validateQuery } from "../http/validate"
import { bodyEmail, rateLimit } from "../http/rate-limit"
import { customerIdOf, requireCustomer, sessionCookieValue, sessionTtlSeconds, setSessionCookie } from "../http/auth"
import { AddressPayload } from "../schemas/carts"
import {
  AddAddressBody, AddressCreate, ListCustomerOrdersQuery, PasswordResetBody, PasswordTokenBody, RegisterBody, UpdateCustomerBody,
} from "../schemas/customers"
import { invalidData } from "../domain/errors"
import {
  addAddress, deleteAddress, loadCustomerOrThrow, registerCustomer, updateAddress, updateCustomer, type CustomerCtx,
} from "../services/customers"
import { accountView } from "../services/customer-view"
import { listCustomerOrders } from "../services/customer-orders"
import { requestPasswordReset, resetPassword } from "../services/password-reset"
import type { Context } from "hono"

const ctxOf = (c: Context<AppEnv>): CustomerCtx => ({ db: c.var.db, env: c.env, now: c.var.now })

export const customers = new Hono<AppEnv>()
  // Register; v1 logs the new customer in through the cookie session. Well-formed attempts are limited per client
  // address: each new account costs a password hash, and a taken email answers 422 (an enumeration oracle).
  .post("/", validate("json", RegisterBody), rateLimit("register", () => undefined), async (c) => {
    const { bundle, sessionValue } = await registerCustomer(ctxOf(c), c.req.valid("json"), sessionTtlSeconds(c.env))
    setSessionCookie(c, sessionValue)
    return c.json({ customer: accountView(bundle) })
  })
  .post("/password-token", rateLimit("passwordToken", bodyEmail), validate("json", PasswordTokenBody), async (c) => {
    await requestPasswordReset(c.var.db, c.env, c.req.valid("json").email, c.var.now())
    return c.body(null, 204)
  })
  .post("/password-reset", rateLimit("passwordReset", bodyEmail), validate("json", PasswordResetBody), async (c) =>
    c.json({ customer: await resetPassword(c.var.db, c.req.valid("json"), c.var.now()) }),
  )
  // Everything else under /store/customers needs a logged-in customer (v1 route.use(requireCustomerAuthentication())).
  .use("*", requireCustomer)
  .get("/me", async (c) => c.json({ customer: accountView(await loadCustomerOrThrow(c.var.db, customerIdOf(c))) }))
  .post("/me", validate("json", UpdateCustomerBody), async (c) =>
    c.json({ customer: accountView(await updateCustomer(ctxOf(c), customerIdOf(c), c.req.valid("json"), sessionCookieValue(c))) }),
  )
  .post("/me/addresses", validate("json", AddAddressBody), async (c) => {
    // v1 reports the nested fields without an "address." prefix (golden 159).
    const parsed = AddressCreate.safeParse(c.req.valid("json").address)
    if (!parsed.success) throw invalidData(describeIssues(parsed.error.issues))
    return c.json({ customer: accountView(await addAddress(ctxOf(c), customerIdOf(c), parsed.data)) })
  })
  .post("/me/addresses/:address_id", validate("json", AddressPayload), async (c) =>
    c.json({ customer: accountView(await updateAddress(ctxOf(c), customerIdOf(c), c.req.param("address_id"), c.req.valid("json"))) }),
  )
  .delete("/me/addresses/:address_id", async (c) =>
    c.json({ customer: accountView(await deleteAddress(ctxOf(c), customerIdOf(c), c.req.param("address_id"))) }),
  )
  .get("/me/orders", validateQuery(ListCustomerOrdersQuery), async (c) =>
    c.json(await listCustomerOrders(c.var.db, customerIdOf(c), c.req.valid("query"))),
  )
  // Only v1's deprecated payment-service providers saved payment methods; none of this Worker's providers do.
  .get("/me/payment-methods", (c) => c.json({ payment_methods: [] }))
