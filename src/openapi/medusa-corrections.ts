/**
 * Corrections of Medusa v1.20.10's spec where Medusa 1.20's recorded responses (test/fixtures/medusa-v1/golden,
 * NN below) contradict it. The recordings are the truth; each correction relaxes only the spot they prove wrong
 * (the two error ones tighten). Applied to the schemas /openapi.json serves and to the ones test/contract validates
 * responses against, so the document and the contract tests cannot disagree.
 */
type Schema = { [key: string]: unknown }

export function correctMedusaSchemas(schemas: Record<string, Schema>): void {
  const schema = (name: string): Schema => {
    const found = schemas[name]
    if (!found) throw new Error(`no schema ${name}`)
    return found
  }
  const props = (s: Schema) => s.properties as Record<string, Schema>
  /** Drops fields from a schema's `required` (v1 leaves them out of the response). */
  const optional = (name: string, ...fields: string[]) => {
    const s = schema(name)
    s.required = ((s.required as string[] | undefined) ?? []).filter((f) => !fields.includes(f))
  }

  // Country ids and numeric codes are integers (a serial and ISO 3166 numbers), the spec says strings: 01, 02, 39–…
  props(schema("Country")).id = { type: "integer" }
  props(schema("Country")).num_code = { type: "integer" }
  // Without region/currency a variant's computed prices and tax rates are null (04, 05, 18, 31); the spec says numbers.
  const priced = props((schema("PricedVariant").allOf as Schema[])[1]!)
  for (const field of ["original_price", "calculated_price", "original_price_incl_tax", "calculated_price_incl_tax", "original_tax", "calculated_tax"]) {
    priced[field] = { type: ["number", "null"] }
  }
  priced.tax_rates = { anyOf: [{ type: "null" }, priced.tax_rates] }
  // v1's store product selects leave profile_id out of expanded products and a variant's product (08, 31, 32).
  optional("Product", "profile_id")
  // The cart has `payment_session` only once a session is selected (39–93: absent).
  optional("Cart", "payment_session")
  // Tax lines of a region with automatic taxes are computed, not stored: no id, timestamps or metadata (41, 47–93).
  optional("LineItemTaxLine", "id", "created_at", "updated_at", "metadata")
  optional("ShippingMethodTaxLine", "id", "created_at", "updated_at", "metadata")
  // A line's raw discount total is v1's unrounded share of a fixed discount (77: 34.78260869565217).
  props(schema("LineItem")).raw_discount_total = { type: "number" }
  // The store's tag and type lists select neither deleted_at nor metadata (29, 30).
  optional("ProductTag", "deleted_at", "metadata")
  optional("ProductType", "deleted_at", "metadata")
  // Store categories leave out is_active, is_internal and mpath; nested ones have no category_children (25–27).
  optional("ProductCategory", "is_active", "is_internal", "mpath", "category_children")
  // Return reasons have no metadata in the store, and their children are a list, not one reason (35, 36).
  optional("ReturnReason", "metadata")
  props(schema("ReturnReason")).return_reason_children = { type: "array", items: { $ref: "#/components/schemas/ReturnReason" } }
  // GET /gift-cards/{code} selects id, code, value and balance (plus the region), not the whole gift card (37).
  props(schema("StoreGiftCardsRes")).gift_card = { ...schema("GiftCard"), required: ["id", "code", "value", "balance"] }
  // Errors. The spec's Error requires nothing, so `{}` would pass and 400's oneOf [Error, MultipleErrors] matches
  // both for every body (never valid). Every recorded error has type and message, every multiple-errors body has
  // errors and message: requiring those makes both checks meaningful (a tightening, not a relaxation). v1 also sends
  // a code the enum lacks (56–58: insufficient_inventory).
  schema("Error").required = ["type", "message"]
  schema("MultipleErrors").required = ["errors", "message"]
  const code = props(schema("Error")).code!
  code.enum = [...(code.enum as unknown[]), "insufficient_inventory"]
}
