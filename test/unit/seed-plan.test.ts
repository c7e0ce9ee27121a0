import { describe, expect, it } from "vitest"
import { planSeedImport, SeedValidationError, type PlanOptions } from "../../src/seed/plan"
import { buildSnapshot, snapshotQueries, type SnapshotRow } from "../../src/seed/snapshot"
import { lookupRequest } from "../../src/seed/requests"
import { stableId } from "../../src/seed/hash"
import { parseSeed } from "../../src/seed/plan"

const NOW = "2026-01-01T00:00:00.000Z"

/** A database with reference data, one region (reg_db, owns "se") and a few stored catalog rows. */
function dbSnapshot(extra: SnapshotRow[] = []) {
  const rows: SnapshotRow[] = [
    ...["usd", "eur", "sek"].map((c) => ({ k: "currency", key: c, id: c, x: null })),
    ...["us", "ca", "de", "fr", "se"].map((c) => ({ k: "country", key: c, id: c === "se" ? "reg_db" : null, x: null })),
    { k: "payment_provider", key: "manual", id: "manual", x: null },
    { k: "fulfillment_provider", key: "manual", id: "manual", x: null },
    {
      k: "region",
      key: "reg_db",
      id: "reg_db",
      x: JSON.stringify({ name: "Sweden", currency_code: "sek", tax_rate: 25, gift_cards_taxable: 0, fulfillment_providers: ["manual"] }),
    },
    ...extra,
  ]
  return buildSnapshot(rows)
}

const opts = (extra: SnapshotRow[] = []): PlanOptions => ({ now: NOW, snapshot: dbSnapshot(extra) })

const region = (id: string, currency: string, countries: string[]) => ({
  id,
  name: id,
  currency_code: currency,
  tax_rate: 0,
  countries,
  payment_providers: ["manual"],
  fulfillment_providers: ["manual"],
})

const variant = (sku: string, values: string[], prices: unknown[] = [{ currency_code: "usd", amount: 100 }]) => ({
  sku,
  prices,
  options: values.map((value) => ({ value })),
})

function problemsOf(seed: unknown, options: PlanOptions = opts()) {
  try {
    planSeedImport(seed, options)
  } catch (err) {
    if (err instanceof SeedValidationError) return err.problems
    throw err
  }
  throw new Error("expected a SeedValidationError")
}

describe("planSeedImport validation", () => {
  it("rejects a file that is not an object", () => {
    expect(problemsOf([])).toEqual([{ path: "", message: "must be a JSON object" }])
    expect(problemsOf(null)).toEqual([{ path: "", message: "must be a JSON object" }])
  })

  it("reports every shape problem with its JSON path", () => {
    const seed = {
      store: { currencies: ["usd", "euro"] },
      regions: [{ name: "NA", currency_code: "usd", tax_rate: 150, countries: ["usa"] }],
      shipping_options: [{ name: "X", region_id: "reg_na", provider_id: "manual", price_type: "free" }],
      products: [
        {
          title: "T",
          status: "live",
          optons: [],
          variants: [{ prices: [{ currency_code: "usd", amount: 10.5 }, { currency_code: "usd" }], inventory_quantity: "5" }],
        },
      ],
      categories: [{ name: "A", category_children: [{ handle: "b" }] }],
      discounts: [{ code: "X", rule: { type: "percentage", value: 10 }, regions: [], starts_at: "yesterday" }],
      customers: [{ email: "not-an-email" }],
      widgets: [],
    }
    expect(problemsOf(seed)).toEqual([
      { path: "store.currencies[1]", message: "must be a 3-letter ISO 4217 currency code" },
      { path: "regions[0].tax_rate", message: "must be ≤ 100" },
      { path: "regions[0].countries[0]", message: "must be a 2-letter ISO 3166 country code" },
      { path: "shipping_options[0].price_type", message: "must be one of: flat_rate, calculated" },
      { path: "categories[0].category_children[0].name", message: "is required" },
      { path: "products[0].status", message: "must be one of: draft, proposed, published, rejected" },
      { path: "products[0].variants[0].inventory_quantity", message: "must be a number" },
      { path: "products[0].variants[0].prices[0].amount", message: "must be an integer" },
      { path: "products[0].variants[0].prices[1].amount", message: "is required" },
      { path: "products[0].optons", message: "unknown field" },
      { path: "discounts[0].regions", message: "must contain at least 1 region" },
      { path: "discounts[0].starts_at", message: "must be an ISO 8601 date or date-time" },
      { path: "customers[0].email", message: "must be a valid email address" },
      { path: "widgets", message: "unknown field" },
    ])
  })

  it("reports duplicates, broken references and v1's business rules all at once", () => {
    const seed = {
      store: { currencies: ["usd", "eur"], default_sales_channel_id: "sc_missing" },
      regions: [region("reg_na", "usd", ["us", "ca"]), region("reg_eu", "eur", ["de", "ca", "se"]), region("reg_jp", "jpy", ["xx"])],
      shipping_options: [
        { name: "Std", region_id: "reg_mars", provider_id: "manual", price_type: "flat_rate", amount: 1 },
        { name: "Calc", region_id: "reg_na", provider_id: "fedex", price_type: "flat_rate" },
        {
          name: "Free",
          region_id: "reg_na",
          provider_id: "manual",
          price_type: "flat_rate",
          amount: 0,
          requirements: [
            { type: "min_subtotal", amount: 5000 },
            { type: "max_subtotal", amount: 100 },
            { type: "min_subtotal", amount: 1 },
          ],
        },
      ],
      product_collections: [{ title: "Summer", handle: "summer" }, { title: "Summer again", handle: "summer" }],
      categories: [{ name: "A", handle: "a", category_children: [{ name: "A2", handle: "a" }] }],
      products: [
        {
          title: "Shirt",
          handle: "shirt",
          collection_id: "pcol_nope",
          categories: [{ id: "pcat_nope" }],
          options: [{ title: "Size" }, { title: "Size" }],
          variants: [variant("SKU-1", ["S", "x"])],
        },
        {
          title: "Pants",
          options: [{ title: "Size" }, { title: "Color" }],
          variants: [variant("SKU-1", ["S"]), variant("SKU-1", ["M", "Red"]), variant("SKU-2", ["M", "Red"])],
        },
        {
          title: "Shirt 2",
          handle: "shirt",
          options: [],
          variants: [],
        },
        {
          title: "Mug",
          options: [{ title: "Size" }],
          variants: [
            variant("MUG", ["One"], [
              { currency_code: "usd", amount: 1 },
              { currency_code: "usd", amount: 2 },
              { currency_code: "gbp", amount: 3 },
              { region_id: "reg_eu", currency_code: "usd", amount: 4 },
              { amount: 5 },
              { currency_code: "usd", amount: 6, min_quantity: 10, max_quantity: 2 },
            ]),
          ],
        },
      ],
      discounts: [
        { code: "ten", rule: { type: "percentage", value: 150 }, regions: ["reg_na"] },
        { code: "TEN", rule: { type: "fixed", value: 100 }, regions: ["reg_na", "reg_eu"] },
        {
          code: "LATE",
          rule: { type: "fixed", value: 100 },
          regions: ["reg_na"],
          starts_at: "2026-02-01",
          ends_at: "2026-01-01",
          conditions: [{ type: "products", operator: "in", ids: ["prod_ghost"] }],
        },
      ],
      gift_cards: [{ code: "G1", value: 100, region_id: "reg_x" }, { code: "g1", value: 100, region_id: "reg_na" }],
      return_reasons: [
        { value: "a", label: "A", return_reason_children: [{ value: "b", label: "B", return_reason_children: [{ value: "c", label: "C" }] }] },
        { value: "a", label: "A again" },
      ],
      tax_rates: [{ region_id: "reg_na", name: "Reduced", products: ["prod_ghost"], shipping_options: ["so_ghost"] }],
      customers: [{ email: "A@example.com" }, { email: "a@example.com" }],
      publishable_api_keys: [{ title: "Key" }, { title: "Key" }],
    }
    expect(problemsOf(seed)).toEqual([
      { path: "store.default_sales_channel_id", message: "unknown sales channel 'sc_missing' (not in the file or the database)" },
      { path: "regions[1].countries[1]", message: "country 'ca' is also in regions[0]" },
      { path: "regions[1].countries[2]", message: "country 'se' already belongs to region 'reg_db'" },
      { path: "regions[2].currency_code", message: "unknown currency 'jpy'" },
      { path: "regions[2].currency_code", message: "'jpy' is not one of the store currencies (usd, eur); add it to store.currencies" },
      { path: "regions[2].countries[0]", message: "unknown country code 'xx'" },
      { path: "shipping_options[0].region_id", message: "unknown region 'reg_mars' (not in the file or the database)" },
      { path: "shipping_options[1].provider_id", message: "unknown fulfillment provider 'fedex'" },
      { path: "shipping_options[1].amount", message: "is required when price_type is flat_rate" },
      { path: "shipping_options[2].requirements[2].type", message: "duplicate requirement type 'min_subtotal' (also shipping_options[2].requirements[0].type)" },
      { path: "shipping_options[2].requirements", message: "max_subtotal must be greater than min_subtotal" },
      { path: "publishable_api_keys[1].title", message: "duplicate publishable key title without an id 'Key' (also publishable_api_keys[0].title)" },
      { path: "product_collections[1].handle", message: "duplicate collection handle 'summer' (also product_collections[0].handle)" },
      { path: "categories[0].category_children[0].handle", message: "duplicate category handle 'a' (also categories[0].handle)" },
      { path: "products[0].collection_id", message: "unknown collection 'pcol_nope' (not in the file or the database)" },
      { path: "products[0].categories[0].id", message: "unknown category 'pcat_nope' (not in the file or the database)" },
      { path: "products[0].options[1].title", message: "duplicate option title 'Size' (also products[0].options[0].title)" },
      { path: "products[1].variants[0].options", message: "must have 2 values (one per product option, in order), got 1" },
      { path: "products[1].variants[2].options", message: "duplicate combination of option values 'M / Red' (also products[1].variants[1].options)" },
      { path: "products[2].handle", message: "duplicate product handle 'shirt' (also products[0].handle)" },
      { path: "products[3].variants[0].prices[1]", message: "duplicate price 'usd' (also products[3].variants[0].prices[0])" },
      { path: "products[3].variants[0].prices[2].currency_code", message: "unknown currency 'gbp'" },
      { path: "products[3].variants[0].prices[3].currency_code", message: "must match the currency of region 'reg_eu' (eur)" },
      { path: "products[3].variants[0].prices[4]", message: "needs a currency_code or a region_id" },
      { path: "products[3].variants[0].prices[5].max_quantity", message: "must be ≥ min_quantity" },
      { path: "tax_rates[0].products[0]", message: "unknown product 'prod_ghost' (not in the file or the database)" },
      { path: "tax_rates[0].shipping_options[0]", message: "unknown shipping option 'so_ghost' (not in the file or the database)" },
      { path: "return_reasons[1].value", message: "duplicate return reason value 'a' (also return_reasons[0].value)" },
      { path: "return_reasons[0].return_reason_children[0].return_reason_children", message: "Doubly nested return reasons is not supported" },
      { path: "discounts[0].rule.value", message: "Discount value above 100 is not allowed when type is percentage" },
      { path: "discounts[1].code", message: "duplicate discount code 'TEN' (also discounts[0].code)" },
      { path: "discounts[2].ends_at", message: '"ends_at" must be greater than "starts_at"' },
      { path: "discounts[2].conditions[0].ids[0]", message: "unknown product 'prod_ghost' (not in the file or the database)" },
      { path: "gift_cards[0].region_id", message: "unknown region 'reg_x' (not in the file or the database)" },
      { path: "gift_cards[1].code", message: "duplicate gift card code 'g1' (also gift_cards[0].code)" },
      { path: "customers[1].email", message: "duplicate customer email 'a@example.com' (also customers[0].email)" },
    ])
  })

  it("reports natural keys that already belong to other rows in the database", () => {
    const stored: SnapshotRow[] = [
      { k: "product.handle", key: "shirt", id: "prod_stored", x: null },
      { k: "variant.sku", key: "SKU-9", id: "variant_other", x: "prod_other" },
      { k: "discount.code", key: "SAVE", id: "disc_stored", x: "dru_stored" },
    ]
    const seed = {
      regions: [region("reg_na", "usd", ["us"])],
      products: [{ id: "prod_mine", title: "Shirt", handle: "shirt", options: [{ title: "S" }], variants: [variant("SKU-9", ["x"])] }],
      discounts: [{ id: "disc_mine", code: "save", rule: { type: "fixed", value: 1 }, regions: ["reg_na"] }],
    }
    expect(problemsOf(seed, opts(stored))).toEqual([
      { path: "products[0].handle", message: "handle 'shirt' already belongs to product 'prod_stored' in the database" },
      { path: "products[0].variants[0].sku", message: "sku 'SKU-9' already belongs to variant 'variant_other' of product 'prod_other' in the database" },
      { path: "discounts[0].code", message: "code 'SAVE' already belongs to discount 'disc_stored' in the database" },
    ])
  })

  it("reports a record too large for one D1 statement at its path", () => {
    const seed = { products: [{ title: "Big", description: "x".repeat(100_000) }] }
    expect(problemsOf(seed)).toEqual([
      { path: "products[0]", message: "the record is too large for one D1 statement (max 90000 bytes)" },
    ])
  })
})

describe("planSeedImport ids and defaults", () => {
  const seed = {
    regions: [{ ...region("test-region", "usd", ["us"]) }],
    shipping_options: [{ name: "Std", region_id: "test-region", provider_id: "manual", price_type: "flat_rate", amount: 500 }],
    products: [
      {
        title: "Medusa T-Shirt",
        images: ["https://img/a.png"],
        tags: [{ value: "cotton" }],
        type: { value: "Shirt" },
        options: [{ title: "Size" }],
        variants: [variant("TS-S", ["S"], [{ region_id: "test-region", amount: 100 }]), { prices: [], options: [{ value: "M" }] }],
      },
    ],
  }

  it("keeps v1's region id rule: ids not starting with reg_ are placeholders other records refer to", () => {
    const { statements } = planSeedImport(seed, opts())
    const regionId = stableId("region", "test-region")
    const sql = statements.join("\n")
    expect(sql).toContain(`INSERT INTO region (id, name, currency_code`)
    expect(sql).toContain(`('${regionId}', 'test-region', 'usd', 0,`)
    expect(sql).toContain(`'Std', '${regionId}',`)
    expect(sql).toContain(`'usd', 100, '${regionId}', NULL, NULL, NULL,`)
    expect(sql).not.toContain("'test-region', 'test-region'")
  })

  it("generates the same ids from natural keys on every run", () => {
    const a = planSeedImport(seed, opts()).statements
    const b = planSeedImport(structuredClone(seed), opts()).statements
    expect(b).toEqual(a)
    const sql = a.join("\n")
    const productId = stableId("product", "medusa-t-shirt")
    expect(sql).toContain(`('${productId}', 'Medusa T-Shirt', NULL, NULL, 'medusa-t-shirt', 0, 'published', 'https://img/a.png'`)
    expect(sql).toContain(`('${stableId("variant", "sku\u0000TS-S")}', 'S', '${productId}', 'TS-S'`)
    // a variant without a SKU is keyed by its product and option values; its title defaults to the values
    expect(sql).toContain(`('${stableId("variant", `${productId}\u0000M`)}', 'M', '${productId}', NULL`)
    expect(sql).toContain(`('${stableId("tag", "cotton")}', 'cotton', NULL`)
    expect(sql).toContain(`('${stableId("image", "https://img/a.png")}', 'https://img/a.png', NULL`)
  })

  it("creates v1's default sales channel and shipping profiles and links products to them", () => {
    const sql = planSeedImport(seed, opts()).statements.join("\n")
    const channel = stableId("salesChannel", "Default Sales Channel")
    const profile = stableId("shippingProfile", "default")
    expect(sql).toContain(`('${channel}', 'Default Sales Channel', 'Created by Medusa', 0, NULL,`)
    expect(sql).toContain(`('${profile}', 'Default Shipping Profile', 'default', NULL,`)
    expect(sql).toContain(`('${stableId("shippingProfile", "gift_card")}', 'Gift Card Profile', 'gift_card', NULL,`)
    expect(sql).toContain(`INSERT INTO product_sales_channel (product_id, sales_channel_id) VALUES ('${stableId("product", "medusa-t-shirt")}', '${channel}')`)
    expect(sql).toContain(`INSERT INTO store_currency (store_id, currency_code) VALUES ('${stableId("store", "store")}', 'usd')`)
  })

  it("reuses rows the database already holds under the same natural keys", () => {
    const stored: SnapshotRow[] = [
      { k: "product.handle", key: "medusa-t-shirt", id: "prod_existing", x: null },
      { k: "tag.value", key: "cotton", id: "ptag_existing", x: null },
      { k: "profile", key: "default", id: "sp_existing", x: null },
    ]
    const sql = planSeedImport(seed, opts(stored)).statements.join("\n")
    expect(sql).toContain("('prod_existing', 'Medusa T-Shirt'")
    expect(sql).toContain("'sp_existing', 1, NULL, NULL,")
    expect(sql).toContain("VALUES ('prod_existing', 'ptag_existing')")
    expect(sql).not.toContain("'Default Shipping Profile'")
  })

  it("asks the database about exactly the keys the file uses", () => {
    const request = lookupRequest(parseSeed(seed))
    expect(Object.fromEntries(Object.entries(request).map(([k, v]) => [k, [...(v ?? [])]]))).toEqual({
      "product.handle": ["medusa-t-shirt"],
      "type.value": ["Shirt"],
      "tag.value": ["cotton"],
      "image.url": ["https://img/a.png"],
      "variant.sku": ["TS-S"],
    })
    const queries = snapshotQueries(request)
    expect(queries).toHaveLength(12)
    expect(queries[7]).toBe(
      `SELECT 'product.handle' AS k, * FROM (SELECT handle AS key, id, NULL AS x FROM product WHERE handle IN (SELECT value FROM json_each('["medusa-t-shirt"]')))`,
    )
  })

  it("needs a password hash for customers with a password", () => {
    const withCustomer = { customers: [{ email: "x@example.com", password: "secret" }] }
    expect(() => planSeedImport(withCustomer, opts())).toThrow("no password hash supplied for customers[0]")
    const sql = planSeedImport(withCustomer, { ...opts(), passwordHashes: new Map([["x@example.com|1", "pbkdf2$1$AA==$AA=="]]) })
      .statements.join("\n")
    expect(sql).toContain(`'x@example.com', NULL, NULL, NULL, 'pbkdf2$1$AA==$AA==', NULL, 1, NULL`)
  })
})
