#!/usr/bin/env node
// Builds test/fixtures/golden-seed.json: the golden store's seed.json plus the admin-made fixtures
// (shared/tools/medusa-v1/admin-fixtures.py), with every id and created_at taken from the running Medusa's Postgres so tests can
// compare responses against the golden recordings. Dev-only: needs psql and the reference Medusa database.
//   PGPASSWORD=medusa node scripts/golden-fixture.mjs [path/to/seed.json]
import { execFileSync } from "node:child_process"
import { readFileSync, writeFileSync } from "node:fs"

const seedPath = process.argv[2] ?? new URL("../test/fixtures/medusa-v1/golden/seed.json", import.meta.url).pathname
const seed = JSON.parse(readFileSync(seedPath, "utf8"))

function q(sql) {
  const out = execFileSync("psql", ["-h", "127.0.0.1", "-U", "medusa", "-d", process.env.MEDUSA_DB ?? "medusa_v1", "-tAc", `SELECT coalesce(json_agg(t), '[]') FROM (${sql}) t`], {
    env: { ...process.env, PGPASSWORD: process.env.PGPASSWORD ?? "medusa" },
    encoding: "utf8",
  })
  return JSON.parse(out)
}
const one = (rows, what) => {
  if (rows.length !== 1) throw new Error(`expected one ${what}, got ${rows.length}`)
  return rows[0]
}
const iso = (ts) => (ts ? new Date(ts).toISOString() : null)

const created = (table, where) => iso(one(q(`SELECT created_at FROM ${table} WHERE ${where}`), `${table} ${where}`).created_at)
const store = one(q("SELECT id, default_sales_channel_id, created_at FROM store"), "store")
const channel = one(q(`SELECT id, name, description, created_at FROM sales_channel WHERE id = '${store.default_sales_channel_id}'`), "channel")
const profiles = q("SELECT id, name, type, created_at FROM shipping_profile WHERE deleted_at IS NULL ORDER BY type")

const options = q("SELECT id, name, region_id, is_return, created_at FROM shipping_option WHERE deleted_at IS NULL")
const requirements = q("SELECT id, shipping_option_id, type FROM shipping_option_requirement WHERE deleted_at IS NULL")
const types = q("SELECT id, value FROM product_type")
const tags = q("SELECT id, value FROM product_tag")
const images = q("SELECT id, url FROM image")
const productOptions = q("SELECT id, product_id, title FROM product_option")
const optionValues = q("SELECT id, variant_id, option_id FROM product_option_value")
const prices = q(`SELECT ma.id, pvma.variant_id, ma.currency_code, ma.region_id, ma.min_quantity, ma.max_quantity
  FROM money_amount ma JOIN product_variant_money_amount pvma ON pvma.money_amount_id = ma.id
  WHERE ma.price_list_id IS NULL AND ma.deleted_at IS NULL`)
const keys = q("SELECT id, title, created_at FROM publishable_api_key")

function withCategoryTimestamps(list) {
  return list.map((c) => ({
    id: c.id,
    created_at: created("product_category", `id = '${c.id}'`),
    ...c,
    ...(c.category_children ? { category_children: withCategoryTimestamps(c.category_children) } : {}),
  }))
}

const out = {
  // Every record carries Medusa's created_at, so responses compare equal to the recordings whatever `now` is.
  store: { id: store.id, created_at: iso(store.created_at), ...seed.store, default_sales_channel_id: channel.id },
  users: seed.users,
  sales_channels: [{ id: channel.id, created_at: iso(channel.created_at), name: channel.name, description: channel.description }],
  shipping_profiles: profiles.map((p) => ({ id: p.id, created_at: iso(p.created_at), name: p.name, type: p.type })),
  regions: seed.regions.map((r) => ({ id: r.id, created_at: created("region", `id = '${r.id}'`), ...r })),
  shipping_options: seed.shipping_options.map((so) => {
    const row = one(options.filter((o) => o.name === so.name && o.region_id === so.region_id), `option ${so.name}`)
    return {
      id: row.id,
      created_at: iso(row.created_at),
      ...so,
      ...(so.requirements
        ? { requirements: so.requirements.map((r) => ({ id: one(requirements.filter((x) => x.shipping_option_id === row.id && x.type === r.type), "requirement").id, ...r })) }
        : {}),
    }
  }),
  product_collections: seed.product_collections.map((c) => ({ id: c.id, created_at: created("product_collection", `id = '${c.id}'`), ...c })),
  categories: withCategoryTimestamps(seed.categories),
  publishable_api_keys: seed.publishable_api_keys.map((k) => {
    const row = one(keys.filter((x) => x.title === k.title), `key ${k.title}`)
    return { id: row.id, created_at: iso(row.created_at), ...k }
  }),
  products: seed.products.map((p) => {
    const opts = p.options.map((o) => ({ id: one(productOptions.filter((x) => x.product_id === p.id && x.title === o.title), `option ${o.title}`).id, ...o }))
    return {
      id: p.id,
      created_at: created("product", `id = '${p.id}'`),
      ...p,
      ...(p.type ? { type: { id: one(types.filter((t) => t.value === p.type.value), "type").id, ...p.type } } : {}),
      ...(p.tags ? { tags: p.tags.map((t) => ({ id: one(tags.filter((x) => x.value === t.value), "tag").id, ...t })) } : {}),
      ...(p.images ? { images: p.images.map((url) => ({ id: one(images.filter((x) => x.url === url), "image").id, url })) } : {}),
      options: opts,
      variants: p.variants.map((v) => ({
        ...v,
        options: v.options.map((o, i) => ({ id: one(optionValues.filter((x) => x.variant_id === v.id && x.option_id === opts[i].id), "option value").id, ...o })),
        prices: v.prices.map((pr) => {
          const match = prices.filter((x) => x.variant_id === v.id && (pr.region_id ? x.region_id === pr.region_id : x.currency_code === pr.currency_code && !x.region_id))
          return { id: one(match, `price ${v.id}`).id, ...pr }
        }),
      })),
    }
  }),
  discounts: q(`SELECT d.id, d.created_at, d.code, d.starts_at, d.ends_at, d.usage_limit, d.is_dynamic, d.is_disabled,
      json_build_object('id', r.id, 'type', r.type, 'value', r.value, 'allocation', r.allocation, 'description', r.description) AS rule,
      (SELECT json_agg(region_id ORDER BY region_id DESC) FROM discount_regions WHERE discount_id = d.id) AS regions
    FROM discount d JOIN discount_rule r ON r.id = d.rule_id
    WHERE d.deleted_at IS NULL AND d.code IN ('TEST10', 'FIVEOFF', 'FREESHIP', 'EXPIRED', 'EUONLY') ORDER BY d.created_at`).map((d) => ({
    id: d.id,
    created_at: iso(d.created_at),
    code: d.code,
    rule: d.rule,
    regions: d.regions,
    starts_at: iso(d.starts_at),
    ...(d.ends_at ? { ends_at: iso(d.ends_at) } : {}),
    ...(d.usage_limit ? { usage_limit: d.usage_limit } : {}),
    is_dynamic: d.is_dynamic,
    is_disabled: d.is_disabled,
  })),
  // Only the admin-made cards (cards bought during the recordings come from orders); balance defaults to value,
  // the state before the recordings spent anything.
  gift_cards: q("SELECT id, created_at, code, value, region_id FROM gift_card WHERE code IN ('GIFT-100', 'GIFT-EU-50') ORDER BY created_at")
    .map((g) => ({ ...g, created_at: iso(g.created_at) })),
  return_reasons: q(`SELECT id, created_at, value, label, description FROM return_reason
    WHERE value IN ('wrong_size', 'damaged', 'changed_mind') ORDER BY created_at`).map((r) => ({ ...r, created_at: iso(r.created_at) })),
}
writeFileSync(new URL("../test/fixtures/golden-seed.json", import.meta.url), JSON.stringify(out, null, 2) + "\n")
console.log("wrote test/fixtures/golden-seed.json")
