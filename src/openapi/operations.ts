import { z } from "zod"
import { AddLineItemBody, AddShippingMethodBody, CreateCartBody, UpdateCartBody, UpdateLineItemBody } from "../schemas/carts"
import { ListCollectionsQuery } from "../schemas/collections"
import { FindParams } from "../schemas/common"
import { LookupOrderQuery } from "../schemas/orders"
import {
  AddAddressBody, ClaimOrdersBody, ConfirmClaimBody, ListCustomerOrdersQuery, LoginBody, PasswordResetBody, PasswordTokenBody,
  RegisterBody, UpdateCustomerBody,
} from "../schemas/customers"
import { AddressPayload } from "../schemas/carts"
import { SelectPaymentSessionBody, UpdatePaymentSessionBody } from "../schemas/payment-sessions"
import { ListProductCategoriesQuery } from "../schemas/product-categories"
import { ListProductTagsQuery } from "../schemas/product-tags"
import { ListProductTypesQuery } from "../schemas/product-types"
import { GetProductQuery, ListProductsQuery, SearchProductsBody } from "../schemas/products"
import { ListRegionsQuery } from "../schemas/regions"
import { ListShippingOptionsQuery } from "../schemas/shipping-options"
import { GetVariantQuery, ListVariantsQuery } from "../schemas/variants"
import { CreateReturnBody } from "../schemas/returns"
import { CreateSwapBody } from "../schemas/swaps"
import { DeclineOrderEditBody } from "../schemas/order-edits"
import { AuthorizeCollectionSessionsBody, BatchCollectionSessionsBody, CreateCollectionSessionBody } from "../schemas/payment-collections"
import {
  AdminAddOrderEditItemBody, AdminCreateOrderEditBody, AdminFulfillmentBody, AdminListOrdersQuery, AdminReceiveReturnBody,
  AdminUpdateOrderEditItemBody,
} from "../schemas/admin"

/** Error responses an operation can give (components.responses in the document). */
export type ErrorResponse = "400" | "401" | "404" | "409" | "422" | "429" | "500"

/**
 * One documented operation. Request schemas are the very zod objects the route validates with (imported from
 * src/schemas), so the document cannot disagree with validation; the response is a Medusa v1 response schema by name
 * (see medusa-schemas.ts) or a zod schema for the routes v1 does not have.
 */
export interface Operation {
  method: "get" | "post" | "delete"
  /** OpenAPI path template; `{name}` for path parameters (Hono's `:name`). */
  path: string
  /** Medusa's operationId where v1 has the operation, so generated clients keep their method names. */
  operationId: string
  summary: string
  tag: string
  query?: z.ZodType
  body?: z.ZodType
  /** Medusa v1 component name, or a zod schema. */
  response: string | z.ZodType
  /** Content type of the success response (default application/json). */
  responseType?: string
  /** Status of the success response (default 200); 204 has no body. */
  status?: "200" | "204"
  /** Answers with the Idempotency-Key it used (and honours the client's). */
  idempotent?: boolean
  errors: readonly ErrorResponse[]
  /** Operations Medusa v1's store spec does not have (listed as additions in the README). */
  extension?: true
}

const CART = ["400", "404", "409", "500"] as const
const CART_PAYMENT = ["400", "404", "409", "422", "500"] as const
const READ = ["400", "404", "500"] as const
const LIST = ["400", "500"] as const

const cart = (method: Operation["method"], suffix: string, operationId: string, summary: string, extra: Partial<Operation> = {}): Operation => ({
  method,
  path: `/store/carts/{id}${suffix}`,
  operationId,
  summary,
  tag: "Carts",
  response: "StoreCartsRes",
  errors: CART,
  ...extra,
})

const ACCOUNT = ["400", "401", "404", "422", "500"] as const
const OkText = z.literal("OK")
const me = (method: Operation["method"], suffix: string, operationId: string, summary: string, extra: Partial<Operation> = {}): Operation => ({
  method, path: `/store/customers/me${suffix}`, operationId, summary, tag: "Customers", response: "StoreCustomersRes", errors: ACCOUNT, ...extra,
})

// `duplicate` marks a redelivered event that was not acted on again.
const WebhookReceived = z.object({ received: z.literal(true), duplicate: z.literal(true).optional() })
const AFTER_SALE = ["400", "404", "409", "422", "500"] as const
const AdminObject = z.record(z.string(), z.unknown())
const collection = (method: Operation["method"], suffix: string, operationId: string, summary: string, extra: Partial<Operation> = {}): Operation => ({
  method, path: `/store/payment-collections/{id}${suffix}`, operationId, summary, tag: "Payment Collections",
  response: "StorePaymentCollectionsRes", errors: AFTER_SALE, ...extra,
})
/** The minimal admin slice (v1 admin paths; documented as additions to the store spec). */
const adminOp = (method: Operation["method"], path: string, operationId: string, summary: string, extra: Partial<Operation> = {}): Operation => ({
  method, path, operationId, summary, tag: "Admin", response: AdminObject, errors: ["400", "404", "409", "500"], extension: true, ...extra,
})
const Health = z.looseObject({ status: z.string() })

export const OPERATIONS: readonly Operation[] = [
  { method: "get", path: "/store/regions", operationId: "GetRegions", summary: "List regions", tag: "Regions", query: ListRegionsQuery, response: "StoreRegionsListRes", errors: LIST },
  { method: "get", path: "/store/regions/{id}", operationId: "GetRegionsRegion", summary: "Get a region", tag: "Regions", query: FindParams, response: "StoreRegionsRes", errors: READ },
  { method: "get", path: "/store/products", operationId: "GetProducts", summary: "List products", tag: "Products", query: ListProductsQuery, response: "StoreProductsListRes", errors: LIST },
  { method: "post", path: "/store/products/search", operationId: "PostProductsSearch", summary: "Search products", tag: "Products", body: SearchProductsBody, response: "StorePostSearchRes", errors: LIST },
  { method: "get", path: "/store/products/{id}", operationId: "GetProductsProduct", summary: "Get a product", tag: "Products", query: GetProductQuery, response: "StoreProductsRes", errors: READ },
  { method: "get", path: "/store/variants", operationId: "GetVariants", summary: "List product variants", tag: "Product Variants", query: ListVariantsQuery, response: "StoreVariantsListRes", errors: LIST },
  { method: "get", path: "/store/variants/{id}", operationId: "GetVariantsVariant", summary: "Get a product variant", tag: "Product Variants", query: GetVariantQuery, response: "StoreVariantsRes", errors: READ },
  { method: "get", path: "/store/product-tags", operationId: "GetProductTags", summary: "List product tags", tag: "Product Tags", query: ListProductTagsQuery, response: "StoreProductTagsListRes", errors: LIST },
  { method: "get", path: "/store/product-types", operationId: "GetProductTypes", summary: "List product types", tag: "Product Types", query: ListProductTypesQuery, response: "StoreProductTypesListRes", errors: LIST },
  { method: "get", path: "/store/product-categories", operationId: "GetProductCategories", summary: "List product categories", tag: "Product Categories", query: ListProductCategoriesQuery, response: "StoreGetProductCategoriesRes", errors: LIST },
  { method: "get", path: "/store/product-categories/{id}", operationId: "GetProductCategoriesCategory", summary: "Get a product category", tag: "Product Categories", query: FindParams, response: "StoreGetProductCategoriesCategoryRes", errors: READ },
  { method: "get", path: "/store/collections", operationId: "GetCollections", summary: "List collections", tag: "Product Collections", query: ListCollectionsQuery, response: "StoreCollectionsListRes", errors: LIST },
  { method: "get", path: "/store/collections/{id}", operationId: "GetCollectionsCollection", summary: "Get a collection", tag: "Product Collections", query: FindParams, response: "StoreCollectionsRes", errors: READ },
  { method: "get", path: "/store/shipping-options", operationId: "GetShippingOptions", summary: "List shipping options", tag: "Shipping Options", query: ListShippingOptionsQuery, response: "StoreShippingOptionsListRes", errors: LIST },
  { method: "get", path: "/store/shipping-options/{cart_id}", operationId: "GetShippingOptionsCartId", summary: "List a cart's shipping options", tag: "Shipping Options", response: "StoreCartShippingOptionsListRes", errors: READ },
  { method: "get", path: "/store/return-reasons", operationId: "GetReturnReasons", summary: "List return reasons", tag: "Return Reasons", query: FindParams, response: "StoreReturnReasonsListRes", errors: LIST },
  { method: "get", path: "/store/return-reasons/{id}", operationId: "GetReturnReasonsReason", summary: "Get a return reason", tag: "Return Reasons", query: FindParams, response: "StoreReturnReasonsRes", errors: READ },
  { method: "get", path: "/store/gift-cards/{code}", operationId: "GetGiftCardsCode", summary: "Get a gift card by code", tag: "Gift Cards", query: FindParams, response: "StoreGiftCardsRes", errors: [...READ, "429"] },

  { method: "post", path: "/store/carts", operationId: "PostCart", summary: "Create a cart", tag: "Carts", body: CreateCartBody, response: "StoreCartsRes", errors: ["400", "404", "422", "429", "500"] },
  cart("get", "", "GetCartsCart", "Get a cart", { query: FindParams, errors: READ }),
  cart("post", "", "PostCartsCart", "Update a cart", { body: UpdateCartBody, errors: [...CART, "429"] }),
  cart("post", "/line-items", "PostCartsCartLineItems", "Add a line item", { body: AddLineItemBody, idempotent: true }),
  cart("post", "/line-items/{line_id}", "PostCartsCartLineItemsItem", "Update a line item", { body: UpdateLineItemBody }),
  cart("delete", "/line-items/{line_id}", "DeleteCartsCartLineItemsItem", "Remove a line item"),
  cart("delete", "/discounts/{code}", "DeleteCartsCartDiscountsDiscount", "Remove a discount"),
  cart("post", "/shipping-methods", "PostCartsCartShippingMethod", "Add a shipping method", { body: AddShippingMethodBody }),
  cart("post", "/taxes", "PostCartsCartTaxes", "Calculate taxes", { idempotent: true }),
  cart("post", "/payment-sessions", "PostCartsCartPaymentSessions", "Create payment sessions", { idempotent: true, errors: CART_PAYMENT }),
  cart("post", "/payment-session", "PostCartsCartPaymentSession", "Select a payment session", { body: SelectPaymentSessionBody, errors: CART_PAYMENT }),
  cart("post", "/payment-sessions/{provider_id}", "PostCartsCartPaymentSessionUpdate", "Update a payment session", { body: UpdatePaymentSessionBody, errors: CART_PAYMENT }),
  cart("post", "/payment-sessions/{provider_id}/refresh", "PostCartsCartPaymentSessionsSession", "Refresh a payment session", { errors: CART_PAYMENT }),
  cart("delete", "/payment-sessions/{provider_id}", "DeleteCartsCartPaymentSessionsSession", "Delete a payment session", { errors: CART_PAYMENT }),
  cart("post", "/complete", "PostCartsCartComplete", "Complete a cart", { response: "StoreCompleteCartRes", idempotent: true, errors: CART_PAYMENT }),
  cart("post", "/complete-cart", "PostCartsCartCompleteCart", "Complete a cart (deprecated v1 alias of /complete)", {
    response: "StoreCompleteCartRes",
    idempotent: true,
    errors: CART_PAYMENT,
    extension: true,
  }),

  { method: "get", path: "/store/orders", operationId: "GetOrders", summary: "Look up an order by display id and email", tag: "Orders", query: LookupOrderQuery, response: "StoreOrdersRes", errors: ["400", "404", "429", "500"] },
  { method: "get", path: "/store/orders/cart/{cart_id}", operationId: "GetOrdersOrderCartId", summary: "Get the order of a cart", tag: "Orders", query: FindParams, response: "StoreOrdersRes", errors: READ },
  { method: "get", path: "/store/orders/{id}", operationId: "GetOrdersOrder", summary: "Get an order", tag: "Orders", query: FindParams, response: "StoreOrdersRes", errors: READ },

  { method: "post", path: "/store/orders/batch/customer/token", operationId: "PostOrdersCustomerOrderClaim", summary: "Claim orders (emails a token to each order's address)", tag: "Orders", body: ClaimOrdersBody, response: OkText, responseType: "text/plain", errors: ["400", "401", "429", "500"] },
  { method: "post", path: "/store/orders/customer/confirm", operationId: "PostOrdersCustomerOrderClaimsCustomerOrderClaimAccept", summary: "Confirm an order claim with its token", tag: "Orders", body: ConfirmClaimBody, response: OkText, responseType: "text/plain", errors: ["400", "401", "429", "500"] },

  { method: "get", path: "/store/auth", operationId: "GetAuth", summary: "Get the logged-in customer", tag: "Auth", response: "StoreAuthRes", errors: ["401", "500"] },
  { method: "post", path: "/store/auth", operationId: "PostAuth", summary: "Log in (cookie session)", tag: "Auth", body: LoginBody, response: "StoreAuthRes", errors: ["400", "401", "429", "500"] },
  { method: "delete", path: "/store/auth", operationId: "DeleteAuth", summary: "Log out (ends the cookie session)", tag: "Auth", response: OkText, responseType: "text/plain", errors: ["500"] },
  { method: "post", path: "/store/auth/token", operationId: "PostToken", summary: "Log in (JWT, 30 days)", tag: "Auth", body: LoginBody, response: "StoreBearerAuthRes", errors: ["400", "401", "404", "429", "500"] },
  { method: "get", path: "/store/auth/{email}", operationId: "GetAuthEmail", summary: "Whether an account has the email", tag: "Auth", response: "StoreGetAuthEmailRes", errors: ["429", "500"] },
  { method: "post", path: "/store/customers", operationId: "PostCustomers", summary: "Register (and log in)", tag: "Customers", body: RegisterBody, response: "StoreCustomersRes", errors: ["400", "422", "429", "500"] },
  { method: "post", path: "/store/customers/password-token", operationId: "PostCustomersCustomerPasswordToken", summary: "Request a password reset (emails a token; always 204)", tag: "Customers", body: PasswordTokenBody, response: z.null(), status: "204", errors: ["400", "429", "500"] },
  { method: "post", path: "/store/customers/password-reset", operationId: "PostCustomersResetPassword", summary: "Reset the password with the emailed token", tag: "Customers", body: PasswordResetBody, response: "StoreCustomersResetPasswordRes", errors: ["400", "401", "429", "500"] },
  me("get", "", "GetCustomersCustomer", "Get the logged-in customer"),
  me("post", "", "PostCustomersCustomer", "Update the logged-in customer", { body: UpdateCustomerBody }),
  me("post", "/addresses", "PostCustomersCustomerAddresses", "Add a shipping address", { body: AddAddressBody }),
  me("post", "/addresses/{address_id}", "PostCustomersCustomerAddressesAddress", "Update a shipping address", { body: AddressPayload }),
  me("delete", "/addresses/{address_id}", "DeleteCustomersCustomerAddressesAddress", "Delete a shipping address"),
  me("get", "/orders", "GetCustomersCustomerOrders", "List the customer's orders", { query: ListCustomerOrdersQuery, response: "StoreCustomersListOrdersRes" }),
  me("get", "/payment-methods", "GetCustomersCustomerPaymentMethods", "List saved payment methods (always empty)", { response: "StoreCustomersListPaymentMethodsRes" }),

  { method: "post", path: "/store/swaps", operationId: "PostSwaps", summary: "Create a swap", tag: "Swaps", body: CreateSwapBody, response: "StoreSwapsRes", idempotent: true, errors: AFTER_SALE },
  { method: "get", path: "/store/swaps/{cart_id}", operationId: "GetSwapsSwapCartId", summary: "Get a swap by its cart's id", tag: "Swaps", response: "StoreSwapsRes", errors: READ },
  { method: "post", path: "/store/returns", operationId: "PostReturns", summary: "Create a return", tag: "Returns", body: CreateReturnBody, response: "StoreReturnsRes", idempotent: true, errors: AFTER_SALE },
  { method: "get", path: "/store/order-edits/{id}", operationId: "GetOrderEditsOrderEdit", summary: "Get an order edit", tag: "Order Edits", response: "StoreOrderEditsRes", errors: READ },
  { method: "post", path: "/store/order-edits/{id}/complete", operationId: "PostOrderEditsOrderEditComplete", summary: "Complete an order edit", tag: "Order Edits", response: "StoreOrderEditsRes", errors: ["400", "404", "409", "500"] },
  { method: "post", path: "/store/order-edits/{id}/decline", operationId: "PostOrderEditsOrderEditDecline", summary: "Decline an order edit", tag: "Order Edits", body: DeclineOrderEditBody, response: "StoreOrderEditsRes", errors: ["400", "404", "409", "500"] },
  collection("get", "", "GetPaymentCollectionsPaymentCollection", "Get a payment collection", { query: FindParams, errors: READ }),
  collection("post", "/sessions", "PostPaymentCollectionsSessions", "Create a payment session", { body: CreateCollectionSessionBody }),
  collection("post", "/sessions/batch", "PostPaymentCollectionsPaymentCollectionSessionsBatch", "Manage payment sessions", { body: BatchCollectionSessionsBody }),
  collection("post", "/sessions/batch/authorize", "PostPaymentCollectionsSessionsBatchAuthorize", "Authorize payment sessions", { body: AuthorizeCollectionSessionsBody }),
  collection("post", "/sessions/{session_id}", "PostPaymentCollectionsPaymentCollectionPaymentSessionsSession", "Refresh a payment session", { response: "StorePaymentCollectionsSessionRes" }),
  collection("post", "/sessions/{session_id}/authorize", "PostPaymentCollectionsSessionsSessionAuthorize", "Authorize a payment session", { response: "StorePaymentCollectionsSessionRes" }),
  adminOp("get", "/admin/orders", "AdminGetOrders", "List orders (admin token)", { query: AdminListOrdersQuery }),
  adminOp("get", "/admin/orders/{id}", "AdminGetOrdersOrder", "Get an order (admin token)"),
  adminOp("post", "/admin/orders/{id}/capture", "AdminPostOrdersOrderCapture", "Capture an order's payments (admin token)"),
  adminOp("post", "/admin/orders/{id}/fulfillment", "AdminPostOrdersOrderFulfillments", "Fulfil order lines (admin token)", { body: AdminFulfillmentBody }),
  adminOp("post", "/admin/returns/{id}/receive", "AdminPostReturnsReturnReceive", "Receive a return (admin token)", { body: AdminReceiveReturnBody }),
  adminOp("post", "/admin/order-edits", "AdminPostOrderEdits", "Create an order edit (admin token)", { body: AdminCreateOrderEditBody }),
  adminOp("get", "/admin/order-edits/{id}", "AdminGetOrderEditsOrderEdit", "Get an order edit (admin token)"),
  adminOp("post", "/admin/order-edits/{id}/items", "AdminPostOrderEditsEditLineItems", "Add a line to an order edit (admin token)", { body: AdminAddOrderEditItemBody }),
  adminOp("post", "/admin/order-edits/{id}/items/{item_id}", "AdminPostOrderEditsEditLineItemsLineItem", "Change a line's quantity (admin token)", { body: AdminUpdateOrderEditItemBody }),
  adminOp("delete", "/admin/order-edits/{id}/changes/{change_id}", "AdminDeleteOrderEditsOrderEditItemChange", "Undo a change of an order edit (admin token)"),
  adminOp("post", "/admin/order-edits/{id}/request", "AdminPostOrderEditsOrderEditRequest", "Request the shopper's confirmation (admin token)"),
  { method: "post", path: "/hooks/payment/stripe", operationId: "PostHooksPaymentStripe", summary: "Stripe webhook (signed with STRIPE_WEBHOOK_SECRET)", tag: "Webhooks", body: z.record(z.string(), z.unknown()), response: WebhookReceived, errors: ["400", "409", "500"], extension: true },
  { method: "post", path: "/stripe/hooks", operationId: "PostStripeHooks", summary: "Stripe webhook at medusa-payment-stripe's v1 path (same handler)", tag: "Webhooks", body: z.record(z.string(), z.unknown()), response: WebhookReceived, errors: ["400", "409", "500"], extension: true },
  { method: "get", path: "/health", operationId: "GetHealth", summary: "Health check", tag: "Operations", response: Health, errors: ["500"], extension: true },
  { method: "get", path: "/openapi.json", operationId: "GetOpenApi", summary: "This OpenAPI 3.1 document", tag: "Operations", response: z.record(z.string(), z.unknown()), errors: [], extension: true },
  { method: "get", path: "/docs", operationId: "GetDocs", summary: "Interactive API reference (Scalar)", tag: "Operations", response: z.string(), responseType: "text/html", errors: [], extension: true },
]
