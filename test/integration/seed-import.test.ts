import { beforeAll, describe, expect, it } from "vitest"
import { env } from "cloudflare:workers"
import { api } from "../helpers/api"
import { GOLDEN_SEEDED_AT, goldenSeed, seedGoldenStore, seedStore } from "../helpers/seed"
import { SeedValidationError } from "../../src/seed/plan"
import { stableId } from "../../src/seed/hash"
import { verifyPassword } from "../../src/domain/password"
import goldenRegions from "../fixtures/medusa-v1/golden/01-list-regions.json"
import goldenReturnReasons from "../fixtures/medusa-v1/golden/35-list-return-reasons.json"

const LATER = "2027-01-01T00:00:00.000Z"

type Row = Record<string, unknown>

async function all<T = Row>(sql: string): Promise<T[]> {
  return (await env.DB.prepare(sql).all<T>()).results
}

/** Every row of every table (rowids included), excluding D1 internals and FTS shadow tables. */
async function dumpDatabase(): Promise<Record<string, Row[]>> {
  const tables = await all<{ name: string }>(
    `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%'
       AND name NOT LIKE 'd1_%' AND (name = 'product_search' OR name NOT LIKE 'product_search%') ORDER BY name`,
  )
  const out: Record<string, Row[]> = {}
  for (const { name } of tables) out[name] = await all(`SELECT rowid AS _rowid, * FROM "${name}" ORDER BY rowid`)
  return out
}

// Seeds are edited freely in these tests; the JSON import's literal types would get in the way.
const clone = (v: unknown): any => structuredClone(v)

beforeAll(async () => {
  await seedGoldenStore()
})

describe("importing the golden store", () => {
  it("keeps Medusa's ids and fills v1's seed defaults", async () => {
    const [tshirt] = await all(`SELECT * FROM product WHERE id = 'prod_tshirt'`)
    expect(tshirt).toEqual({
      id: "prod_tshirt",
      title: "Medusa T-Shirt",
      subtitle: "Soft cotton tee",
      description: "Reimagine the feeling of a classic T-shirt.",
      handle: "t-shirt",
      is_giftcard: 0,
      status: "published",
      thumbnail: "http://127.0.0.1:9000/static/tee-black-front.png",
      weight: 400,
      length: null,
      height: null,
      width: null,
      hs_code: null,
      origin_country: null,
      mid_code: null,
      material: "cotton",
      collection_id: "pcol_summer",
      type_id: "ptyp_01M8E6RHZM98AH1TAEY4EVP9RJ",
      profile_id: "sp_01M8E6RGTFRNVQV0AJNQ7N3K16",
      discountable: 1,
      external_id: null,
      metadata: null,
      created_at: GOLDEN_SEEDED_AT,
      updated_at: GOLDEN_SEEDED_AT,
      deleted_at: null,
    })
    expect(await all(`SELECT id, status, profile_id, discountable FROM product WHERE id IN ('prod_draft_hoodie', 'prod_giftcard') ORDER BY id`)).toEqual([
      { id: "prod_draft_hoodie", status: "draft", profile_id: "sp_01M8E6RGTFRNVQV0AJNQ7N3K16", discountable: 1 },
      { id: "prod_giftcard", status: "published", profile_id: "sp_01M8E6RGV1W439H4HVTPNJTQNM", discountable: 0 },
    ])
    expect(await all(`SELECT COUNT(*) AS n FROM product`)).toEqual([{ n: 7 }])
  })

  it("lands variants with their ranks, option values and prices", async () => {
    expect(await all(`SELECT id, title, sku, variant_rank, inventory_quantity, allow_backorder, manage_inventory FROM product_variant WHERE product_id = 'prod_tshirt' ORDER BY variant_rank`)).toEqual([
      { id: "variant_tshirt_s_black", title: "S / Black", sku: "TSHIRT-S-BLACK", variant_rank: 0, inventory_quantity: 100, allow_backorder: 0, manage_inventory: 1 },
      { id: "variant_tshirt_m_black", title: "M / Black", sku: "TSHIRT-M-BLACK", variant_rank: 1, inventory_quantity: 5, allow_backorder: 0, manage_inventory: 1 },
      { id: "variant_tshirt_l_white", title: "L / White", sku: "TSHIRT-L-WHITE", variant_rank: 2, inventory_quantity: 0, allow_backorder: 0, manage_inventory: 1 },
    ])
    expect(await all(`SELECT v.id, o.title, v.value FROM product_option_value v JOIN product_option o ON o.id = v.option_id WHERE v.variant_id = 'variant_tshirt_l_white' ORDER BY o.title`)).toEqual([
      { id: "optval_01M8E6RJ3FDKSX8KKXBF1CB7N3", title: "Color", value: "White" },
      { id: "optval_01M8E6RJ3F284DHCM674S8P6NH", title: "Size", value: "L" },
    ])
    expect(await all(`SELECT id, currency_code, amount, region_id FROM money_amount WHERE variant_id = 'variant_mug_one' ORDER BY amount`)).toEqual([
      { id: "ma_01M8E6RJDB378J05PVCJG52KF9", currency_code: "eur", amount: 850, region_id: "reg_eu" },
      { id: "ma_01M8E6RJDDCMRY0AEGS3EDXT6X", currency_code: "eur", amount: 900, region_id: null },
      { id: "ma_01M8E6RJDCV8JDZ9H4HWGFNKTT", currency_code: "usd", amount: 1000, region_id: null },
    ])
    expect(await all(`SELECT COUNT(*) AS variants, (SELECT COUNT(*) FROM money_amount) AS prices, (SELECT COUNT(*) FROM product_option_value) AS vals FROM product_variant`)).toEqual([
      { variants: 13, prices: 27, vals: 16 },
    ])
  })

  it("builds the category tree with materialized paths and links products", async () => {
    expect(await all(`SELECT id, parent_category_id, mpath, rank, is_active, is_internal FROM product_category ORDER BY mpath`)).toEqual([
      { id: "pcat_apparel", parent_category_id: null, mpath: "pcat_apparel", rank: 0, is_active: 1, is_internal: 0 },
      { id: "pcat_pants", parent_category_id: "pcat_apparel", mpath: "pcat_apparel.pcat_pants", rank: 1, is_active: 1, is_internal: 0 },
      { id: "pcat_shirts", parent_category_id: "pcat_apparel", mpath: "pcat_apparel.pcat_shirts", rank: 0, is_active: 1, is_internal: 0 },
      { id: "pcat_internal", parent_category_id: null, mpath: "pcat_internal", rank: 2, is_active: 1, is_internal: 1 },
      { id: "pcat_merch", parent_category_id: null, mpath: "pcat_merch", rank: 1, is_active: 1, is_internal: 0 },
    ])
    expect(await all(`SELECT product_category_id AS c FROM product_category_product WHERE product_id = 'prod_sweatshirt' ORDER BY c`)).toEqual([
      { c: "pcat_apparel" },
      { c: "pcat_shirts" },
    ])
  })

  it("shares tags, types and images by value and links them in order", async () => {
    expect(await all(`SELECT t.value FROM product_tags pt JOIN product_tag t ON t.id = pt.product_tag_id WHERE pt.product_id = 'prod_sweatshirt' ORDER BY t.value`)).toEqual([
      { value: "cotton" },
      { value: "winter" },
    ])
    expect(await all(`SELECT COUNT(*) AS n FROM product_tag`)).toEqual([{ n: 5 }])
    expect(await all(`SELECT id, value FROM product_type ORDER BY value`)).toEqual([
      { id: "ptyp_01M8E6RJCBBKBDZ65V5D6TT1EQ", value: "Merch" },
      { id: "ptyp_01M8E6RJ8Y8NBFZGCZH2D1BGD8", value: "Pants" },
      { id: "ptyp_01M8E6RHZM98AH1TAEY4EVP9RJ", value: "Shirt" },
      { id: "ptyp_01M8E6RJ4ENGE3NM12Y6APWBM6", value: "Sweater" },
    ])
    expect(await all(`SELECT image_id, position FROM product_images WHERE product_id = 'prod_tshirt' ORDER BY position`)).toEqual([
      { image_id: "img_01M8E6RHZB6MBPY68TQMG814M6", position: 0 },
      { image_id: "img_01M8E6RHZBG473NMJSQP3PXCDA", position: 1 },
    ])
  })

  it("puts every product and the publishable key on the default sales channel", async () => {
    expect(await all(`SELECT default_sales_channel_id AS sc, default_currency_code AS cur FROM store`)).toEqual([
      { sc: "sc_01M8E6RGXAS05FEP5YV56828ZZ", cur: "usd" },
    ])
    expect(await all(`SELECT currency_code FROM store_currency ORDER BY currency_code`)).toEqual([{ currency_code: "eur" }, { currency_code: "usd" }])
    expect(await all(`SELECT sales_channel_id AS sc, COUNT(*) AS n FROM product_sales_channel GROUP BY sc`)).toEqual([
      { sc: "sc_01M8E6RGXAS05FEP5YV56828ZZ", n: 7 },
    ])
    expect(await all(`SELECT * FROM publishable_api_key_sales_channel`)).toEqual([
      { publishable_key_id: "pk_01M8E6RJHST04KA2DVQ554F5MK", sales_channel_id: "sc_01M8E6RGXAS05FEP5YV56828ZZ" },
    ])
  })

  it("creates shipping options on the right profiles with their requirements", async () => {
    expect(await all(`SELECT name, profile_id, amount, is_return, data FROM shipping_option WHERE region_id = 'reg_na' ORDER BY name`)).toEqual([
      { name: "Express Shipping", profile_id: "sp_01M8E6RGTFRNVQV0AJNQ7N3K16", amount: 2500, is_return: 0, data: '{"id":"manual-fulfillment"}' },
      { name: "Free Shipping (orders over $100)", profile_id: "sp_01M8E6RGTFRNVQV0AJNQ7N3K16", amount: 0, is_return: 0, data: '{"id":"manual-fulfillment"}' },
      { name: "NA Gift Card Delivery", profile_id: "sp_01M8E6RGV1W439H4HVTPNJTQNM", amount: 0, is_return: 0, data: '{"id":"manual-fulfillment"}' },
      { name: "NA Return Shipping", profile_id: "sp_01M8E6RGTFRNVQV0AJNQ7N3K16", amount: 500, is_return: 1, data: '{"id":"manual-fulfillment-return"}' },
      { name: "Standard Shipping", profile_id: "sp_01M8E6RGTFRNVQV0AJNQ7N3K16", amount: 1000, is_return: 0, data: '{"id":"manual-fulfillment"}' },
    ])
    expect(await all(`SELECT * FROM shipping_option_requirement`)).toEqual([
      { id: "sor_01M8E6RHRPDB289XFAWJVFW4KN", shipping_option_id: "so_01M8E6RHRPDJ7YQRE17RK7SHX3", type: "min_subtotal", amount: 10000, deleted_at: null },
    ])
  })

  it("adds the admin-made discounts, gift cards and return reasons", async () => {
    expect(await all(`SELECT d.code, r.type, r.value, d.starts_at, d.ends_at, (SELECT group_concat(region_id) FROM (SELECT region_id FROM discount_regions WHERE discount_id = d.id ORDER BY region_id)) AS regions FROM discount d JOIN discount_rule r ON r.id = d.rule_id ORDER BY d.code`)).toEqual([
      { code: "EUONLY", type: "percentage", value: 15, starts_at: "2026-11-27T09:53:45.602Z", ends_at: null, regions: "reg_eu" },
      { code: "EXPIRED", type: "percentage", value: 50, starts_at: "2020-01-01T00:00:00.000Z", ends_at: "2020-02-01T00:00:00.000Z", regions: "reg_eu,reg_na" },
      { code: "FIVEOFF", type: "fixed", value: 500, starts_at: "2026-11-27T09:53:45.467Z", ends_at: null, regions: "reg_na" },
      { code: "FREESHIP", type: "free_shipping", value: 0, starts_at: "2026-11-27T09:53:45.506Z", ends_at: null, regions: "reg_eu,reg_na" },
      { code: "TEST10", type: "percentage", value: 10, starts_at: "2026-11-27T09:53:43.198Z", ends_at: null, regions: "reg_eu,reg_na" },
    ])
    // v1's resolveTaxRate: the region rate when the region taxes gift cards, none at 0%
    expect(await all(`SELECT id, code, value, balance, region_id, tax_rate FROM gift_card ORDER BY code`)).toEqual([
      { id: "gift_01M8E6SPRCCW2G4PDK22TA0RFH", code: "GIFT-100", value: 10000, balance: 10000, region_id: "reg_na", tax_rate: null },
      { id: "gift_01M8E6SPX3RH0N8Z6GHH38GMDG", code: "GIFT-EU-50", value: 5000, balance: 5000, region_id: "reg_eu", tax_rate: 25 },
    ])
    expect(await all(`SELECT id, value FROM return_reason ORDER BY id`)).toEqual([
      { id: "rr_01M8E6SPZD2GDXZWV5FPK0GENM", value: "wrong_size" },
      { id: "rr_01M8E6SPZRGE6C8EGSVP29WASQ", value: "damaged" },
      { id: "rr_01M8E6SQ041B6K5W5VQDZ7W6KV", value: "changed_mind" },
    ])
  })

  it("indexes every product for search", async () => {
    expect(await all(`SELECT * FROM product_search WHERE product_id = 'prod_tshirt'`)).toEqual([
      {
        product_id: "prod_tshirt",
        title: "Medusa T-Shirt",
        subtitle: "Soft cotton tee",
        description: "Reimagine the feeling of a classic T-shirt.",
        handle: "t-shirt",
        variant_text: "S / Black TSHIRT-S-BLACK M / Black TSHIRT-M-BLACK L / White TSHIRT-L-WHITE",
        collection_title: "Summer Collection",
      },
    ])
    expect(await all(`SELECT product_id FROM product_search WHERE product_search MATCH 'sweatpants OR "SWEATSHIRT-M"' ORDER BY product_id`)).toEqual([
      { product_id: "prod_sweatpants" },
      { product_id: "prod_sweatshirt" },
    ])
    expect(await all(`SELECT COUNT(*) AS n FROM product_search`)).toEqual([{ n: 7 }])
  })

  it("keeps the creation times the file gives (here: Medusa's)", async () => {
    expect(await all(`SELECT created_at, updated_at FROM shipping_profile ORDER BY id`)).toEqual([
      { created_at: "2026-11-27T09:53:06.713Z", updated_at: "2026-11-27T09:53:06.713Z" },
      { created_at: "2026-11-27T09:53:06.713Z", updated_at: "2026-11-27T09:53:06.713Z" },
    ])
    expect(await all(`SELECT d.created_at AS d, r.created_at AS r FROM discount d JOIN discount_rule r ON r.id = d.rule_id WHERE d.code = 'TEST10'`)).toEqual([
      { d: "2026-11-27T09:53:43.198Z", r: "2026-11-27T09:53:43.198Z" },
    ])
  })

  it("serves the return reasons Medusa served", async () => {
    const res = await api.get("/store/return-reasons")
    expect(res.status).toBe(200)
    expect(res.body).toEqual(goldenReturnReasons.response.body)
  })

  it("serves the regions Medusa served", async () => {
    const res = await api.get("/store/regions")
    const byIso = (a: { iso_2: string }, b: { iso_2: string }) => a.iso_2.localeCompare(b.iso_2)
    const normalize = (body: { regions: { countries: { iso_2: string }[] }[] }) => ({
      ...body,
      regions: body.regions.map((r) => ({ ...r, countries: [...r.countries].sort(byIso) })),
    })
    expect(res.status).toBe(200)
    expect(normalize(res.body)).toEqual(normalize(goldenRegions.response.body))
  })
})

describe("re-importing", () => {
  it("changes nothing when the file is unchanged, timestamps and rowids included", async () => {
    const before = await dumpDatabase()
    expect(before.product?.length).toBe(7)
    await seedStore(goldenSeed, { now: LATER })
    expect(await dumpDatabase()).toEqual(before)
  })

  it("rewrites only what changed and prunes what the file no longer lists", async () => {
    const seed = clone(goldenSeed)
    const mug = seed.products.find((p: { id: string }) => p.id === "prod_mug")
    if (!mug) throw new Error("fixture lost prod_mug")
    mug.title = "Medusa Enamel Mug"
    mug.tags = [{ value: "kitchen" }, { value: "enamel" }]
    mug.variants[0].prices = mug.variants[0].prices.filter((p: object) => !("region_id" in p))
    const sticker = seed.products.find((p: { id: string }) => p.id === "prod_sticker")
    sticker!.variants = []
    seed.gift_cards[0].value = 12000
    await seedStore(seed, { now: LATER })

    // a record created at a given time keeps it; the change stamps updated_at with the import time
    expect(await all(`SELECT value, created_at, updated_at FROM gift_card WHERE code = 'GIFT-100'`)).toEqual([
      { value: 12000, created_at: "2026-11-27T09:53:45.732Z", updated_at: LATER },
    ])

    expect(await all(`SELECT id, title, updated_at FROM product WHERE id IN ('prod_mug', 'prod_tshirt') ORDER BY id`)).toEqual([
      { id: "prod_mug", title: "Medusa Enamel Mug", updated_at: LATER },
      { id: "prod_tshirt", title: "Medusa T-Shirt", updated_at: GOLDEN_SEEDED_AT },
    ])
    expect(await all(`SELECT amount FROM money_amount WHERE variant_id = 'variant_mug_one' ORDER BY amount`)).toEqual([{ amount: 900 }, { amount: 1000 }])
    expect(await all(`SELECT t.value, t.id FROM product_tags pt JOIN product_tag t ON t.id = pt.product_tag_id WHERE pt.product_id = 'prod_mug' ORDER BY t.value`)).toEqual([
      { value: "enamel", id: stableId("tag", "enamel") },
      { value: "kitchen", id: "ptag_01M8E6RJCA1PGRYP8VPSPSHQ7T" },
    ])
    // variants leave softly (orders may point at them); their option values and prices go
    expect(await all(`SELECT id, deleted_at FROM product_variant WHERE product_id = 'prod_sticker'`)).toEqual([
      { id: "variant_sticker_pack", deleted_at: LATER },
    ])
    expect(await all(`SELECT COUNT(*) AS n FROM money_amount WHERE variant_id = 'variant_sticker_pack'`)).toEqual([{ n: 2 }])
    expect(await all(`SELECT title, variant_text FROM product_search WHERE product_id IN ('prod_mug', 'prod_sticker') ORDER BY product_id`)).toEqual([
      { title: "Medusa Enamel Mug", variant_text: "One Size MUG-ONE" },
      { title: "Medusa Sticker Pack", variant_text: null },
    ])

    // putting the file back revives the variant and restores every value
    await seedStore(goldenSeed, { now: LATER })
    expect(await all(`SELECT deleted_at FROM product_variant WHERE id = 'variant_sticker_pack'`)).toEqual([{ deleted_at: null }])
    expect(await all(`SELECT title FROM product WHERE id = 'prod_mug'`)).toEqual([{ title: "Medusa Coffee Mug" }])
    expect(await all(`SELECT COUNT(*) AS n FROM money_amount WHERE variant_id = 'variant_mug_one'`)).toEqual([{ n: 3 }])
    expect(await all(`SELECT COUNT(*) AS n FROM product_tags WHERE product_id = 'prod_mug'`)).toEqual([{ n: 1 }])
  })

  it("keeps runtime state the file does not set: stock without inventory_quantity, gift card balance, discount usage", async () => {
    await env.DB.batch([
      env.DB.prepare(`UPDATE product_variant SET inventory_quantity = 3 WHERE id IN ('variant_mug_one', 'variant_tshirt_s_black')`),
      env.DB.prepare(`UPDATE gift_card SET balance = 2500 WHERE code = 'GIFT-100'`),
      env.DB.prepare(`UPDATE discount SET usage_count = 4 WHERE code = 'TEST10'`),
    ])
    const seed = clone(goldenSeed)
    delete seed.products.find((p: { id: string }) => p.id === "prod_mug").variants[0].inventory_quantity
    await seedStore(seed, { now: LATER })
    expect(await all(`SELECT id, inventory_quantity FROM product_variant WHERE id IN ('variant_mug_one', 'variant_tshirt_s_black') ORDER BY id`)).toEqual([
      { id: "variant_mug_one", inventory_quantity: 3 },
      { id: "variant_tshirt_s_black", inventory_quantity: 100 },
    ])
    expect(await all(`SELECT balance FROM gift_card WHERE code = 'GIFT-100'`)).toEqual([{ balance: 2500 }])
    expect(await all(`SELECT usage_count FROM discount WHERE code = 'TEST10'`)).toEqual([{ usage_count: 4 }])
    await seedStore(goldenSeed, { now: LATER })
    expect(await all(`SELECT inventory_quantity FROM product_variant WHERE id = 'variant_mug_one'`)).toEqual([{ inventory_quantity: 1000 }])
  })
})

describe("validation", () => {
  it("writes nothing when any part of the file is invalid", async () => {
    const before = await dumpDatabase()
    const seed = clone(goldenSeed)
    seed.products.push({ ...clone(seed.products[0]), id: "prod_new", handle: "new-shirt", collection_id: "pcol_ghost", variants: [] })
    seed.shipping_options.push({ ...clone(seed.shipping_options[0]), id: "so_new", region_id: "reg_ghost" })
    const err = await seedStore(seed, { now: LATER }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(SeedValidationError)
    expect((err as SeedValidationError).problems).toEqual([
      { path: "shipping_options[9].region_id", message: "unknown region 'reg_ghost' (not in the file or the database)" },
      { path: "products[7].collection_id", message: "unknown collection 'pcol_ghost' (not in the file or the database)" },
      { path: "products[7].options[0]", message: "duplicate product option id 'opt_01M8E6RJ083GRM6F02WSM5WJ8A' (also products[0].options[0])" },
      { path: "products[7].options[1]", message: "duplicate product option id 'opt_01M8E6RJ09M1TM8FANNECQQZDZ' (also products[0].options[1])" },
    ])
    expect(await dumpDatabase()).toEqual(before)
  })
})

describe("importing beside existing data", () => {
  it("resolves references to rows already in the database and links conditions, tax rates and customers", async () => {
    const extra = {
      shipping_options: [{ name: "EU Pickup", region_id: "reg_eu", provider_id: "manual", price_type: "flat_rate", amount: 0 }],
      products: [
        {
          title: "Medusa Hat",
          collection_id: "pcol_summer",
          categories: [{ id: "pcat_merch" }],
          tags: [{ value: "cotton" }, { value: "headwear" }],
          type: { value: "Merch" },
          options: [{ title: "Size" }],
          variants: [{ sku: "HAT-ONE", inventory_quantity: 7, prices: [{ region_id: "reg_eu", amount: 1500 }], options: [{ value: "One" }] }],
        },
      ],
      discounts: [
        {
          code: "hats5",
          rule: { type: "percentage", value: 5, allocation: "item" },
          regions: ["reg_eu"],
          conditions: [
            { type: "products", operator: "in", ids: ["prod_tshirt", "prod_mug"] },
            { type: "product_tags", operator: "not_in", ids: ["ptag_01M8E6RJDJRWPPQAYTQGHQBWQE"] },
          ],
        },
      ],
      tax_rates: [
        {
          region_id: "reg_eu",
          name: "Reduced",
          code: "EU-RED",
          rate: 12.5,
          products: ["prod_mug"],
          product_types: ["ptyp_01M8E6RJCBBKBDZ65V5D6TT1EQ"],
          shipping_options: ["so_01M8E6RHT4N4V1RWXT4CDHQ6BN"],
        },
      ],
      customers: [
        {
          email: "Jane@Example.com",
          password: "correct horse",
          first_name: "Jane",
          shipping_addresses: [{ address_1: "Main St 1", city: "Berlin", country_code: "DE" }],
        },
      ],
    }
    await seedStore(extra, { now: LATER })

    const hatId = stableId("product", "medusa-hat")
    expect(await all(`SELECT id, handle, collection_id, type_id, status, profile_id FROM product WHERE title = 'Medusa Hat'`)).toEqual([
      { id: hatId, handle: "medusa-hat", collection_id: "pcol_summer", type_id: "ptyp_01M8E6RJCBBKBDZ65V5D6TT1EQ", status: "published", profile_id: "sp_01M8E6RGTFRNVQV0AJNQ7N3K16" },
    ])
    expect(await all(`SELECT product_tag_id FROM product_tags WHERE product_id = '${hatId}' ORDER BY product_tag_id`)).toEqual(
      [{ product_tag_id: "ptag_01M8E6RHZHVNTYTE7QK4Y5FPAW" }, { product_tag_id: stableId("tag", "headwear") }].sort((a, b) =>
        a.product_tag_id.localeCompare(b.product_tag_id),
      ),
    )
    expect(await all(`SELECT sales_channel_id FROM product_sales_channel WHERE product_id = '${hatId}'`)).toEqual([
      { sales_channel_id: "sc_01M8E6RGXAS05FEP5YV56828ZZ" },
    ])
    expect(await all(`SELECT currency_code, amount, region_id FROM money_amount WHERE variant_id = '${stableId("variant", "sku\u0000HAT-ONE")}'`)).toEqual([
      { currency_code: "eur", amount: 1500, region_id: "reg_eu" },
    ])
    expect(await all(`SELECT region_id, profile_id FROM shipping_option WHERE name = 'EU Pickup'`)).toEqual([
      { region_id: "reg_eu", profile_id: "sp_01M8E6RGTFRNVQV0AJNQ7N3K16" },
    ])

    const discountId = stableId("discount", "HATS5")
    const ruleId = stableId("discountRule", discountId)
    expect(await all(`SELECT code, rule_id FROM discount WHERE id = '${discountId}'`)).toEqual([{ code: "HATS5", rule_id: ruleId }])
    expect(await all(`SELECT c.type, c.operator, group_concat(t.target_id) AS targets FROM discount_condition c JOIN (SELECT * FROM discount_condition_target ORDER BY target_id) t ON t.condition_id = c.id WHERE c.discount_rule_id = '${ruleId}' GROUP BY c.id ORDER BY c.type`)).toEqual([
      { type: "product_tags", operator: "not_in", targets: "ptag_01M8E6RJDJRWPPQAYTQGHQBWQE" },
      { type: "products", operator: "in", targets: "prod_mug,prod_tshirt" },
    ])

    const [rate] = await all<{ id: string; rate: number; region_id: string }>(`SELECT id, rate, region_id FROM tax_rate`)
    expect(rate).toEqual({ id: stableId("taxRate", "reg_eu\u0000EU-RED\u0000Reduced\u00001"), rate: 12.5, region_id: "reg_eu" })
    expect(await all(`SELECT product_id FROM product_tax_rate`)).toEqual([{ product_id: "prod_mug" }])
    expect(await all(`SELECT product_type_id FROM product_type_tax_rate`)).toEqual([{ product_type_id: "ptyp_01M8E6RJCBBKBDZ65V5D6TT1EQ" }])
    expect(await all(`SELECT shipping_option_id FROM shipping_tax_rate`)).toEqual([{ shipping_option_id: "so_01M8E6RHT4N4V1RWXT4CDHQ6BN" }])

    const [customer] = await all<{ id: string; email: string; has_account: number; password_hash: string }>(
      `SELECT id, email, has_account, password_hash FROM customer`,
    )
    expect(customer).toMatchObject({ id: stableId("customer", "jane@example.com|1"), email: "jane@example.com", has_account: 1 })
    expect(customer!.password_hash).toMatch(/^pbkdf2\$100000\$[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{43}=$/)
    expect(await verifyPassword("correct horse", customer!.password_hash)).toBe(true)
    expect(await all(`SELECT customer_id, city, country_code FROM address`)).toEqual([{ customer_id: customer!.id, city: "Berlin", country_code: "de" }])

    // the same extras again: nothing moves, and the password hash (random salt) is kept because it still verifies
    const before = await dumpDatabase()
    await seedStore(extra, { now: "2028-01-01T00:00:00.000Z" })
    expect(await dumpDatabase()).toEqual(before)

    // a new password is re-hashed
    const changed = clone(extra)
    changed.customers[0].password = "battery staple"
    await seedStore(changed, { now: "2028-01-01T00:00:00.000Z" })
    const [after] = await all<{ password_hash: string; updated_at: string }>(`SELECT password_hash, updated_at FROM customer`)
    expect(after!.password_hash).not.toBe(customer!.password_hash)
    expect(await verifyPassword("battery staple", after!.password_hash)).toBe(true)
    expect(after!.updated_at).toBe("2028-01-01T00:00:00.000Z")
  })

  it("stores any text exactly: quotes, backslashes, unicode, NUL and control characters", async () => {
    const nasty = [
      "it's \"quoted\" `ticked`",
      "back\\slash \\' \\\\",
      "'; DROP TABLE product; --",
      "BEGIN TRANSACTION; COMMIT; END; CASE WHEN",
      "nul\u0000byte and \u0001\u001f\u007f controls",
      "tab\tcr\rlf\n",
      "Ünïcödé — 日本語 — 🚀 — \u200b",
      "$$ dollar $tag$ quotes $$",
      "x".repeat(20_000),
    ]
    const seed = {
      products: nasty.map((description, i) => ({ title: `Nasty ${i}`, description, metadata: { note: description } })),
    }
    await seedStore(seed, { now: LATER })
    const rows = await all<{ description: string; metadata: string }>(
      `SELECT description, metadata FROM product WHERE title LIKE 'Nasty %' ORDER BY CAST(substr(title, 7) AS INTEGER)`,
    )
    expect(rows.map((r) => r.description)).toEqual(nasty)
    expect(rows.map((r) => JSON.parse(r.metadata).note)).toEqual(nasty)
    expect(await all(`SELECT COUNT(*) AS n FROM product_search WHERE description = 'it''s "quoted" \`ticked\`'`)).toEqual([{ n: 1 }])
  })
})
