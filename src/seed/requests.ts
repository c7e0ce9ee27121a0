/** The natural keys and ids a parsed seed mentions: what the snapshot must look up before planning. */
import type { CategorySeedInput, ReturnReasonSeedInput, SeedFile } from "./schema"
import type { LookupKind, LookupRequest } from "./snapshot"
import { toHandle } from "./text"

export function lookupRequest(seed: SeedFile): LookupRequest {
  const req = new Map<LookupKind, Set<string>>()
  const add = (kind: LookupKind, value: string | null | undefined) => {
    if (!value) return
    const set = req.get(kind) ?? new Set<string>()
    set.add(value)
    req.set(kind, set)
  }

  seed.product_collections.forEach((c) => add("collection.handle", c.handle ?? toHandle(c.title)))
  const walkCategories = (list: readonly CategorySeedInput[]) =>
    list.forEach((c) => {
      add("category.handle", c.handle ?? toHandle(c.name))
      walkCategories(c.category_children ?? [])
    })
  walkCategories(seed.categories)

  for (const p of seed.products) {
    add("product.handle", p.handle ?? toHandle(p.title))
    add("collection.id", p.collection_id)
    add("type.value", p.type?.value)
    add("shipping_profile.id", p.profile_id)
    p.tags.forEach((t) => add("tag.value", t.value))
    p.categories.forEach((c) => add("category.id", c.id))
    p.sales_channels?.forEach((c) => add("sales_channel.id", c.id))
    p.images.forEach((img) => add("image.url", typeof img === "string" ? img : img.url))
    p.variants.forEach((v) => add("variant.sku", v.sku))
  }
  seed.shipping_options.forEach((so) => add("shipping_profile.id", so.profile_id))
  seed.publishable_api_keys.forEach((k) => {
    add("publishable_key.title", k.title)
    k.sales_channels?.forEach((c) => add("sales_channel.id", c.id))
  })
  add("sales_channel.id", seed.store?.default_sales_channel_id)

  for (const t of seed.tax_rates) {
    t.products.forEach((id) => add("product.id", id))
    t.product_types.forEach((id) => add("type.id", id))
    t.shipping_options.forEach((id) => add("shipping_option.id", id))
  }
  const targetKind: Record<string, LookupKind> = {
    products: "product.id",
    product_types: "type.id",
    product_collections: "collection.id",
    product_tags: "tag.id",
  }
  for (const d of seed.discounts) {
    add("discount.code", d.code.toUpperCase())
    d.conditions.forEach((c) => c.ids.forEach((id) => add(targetKind[c.type] as LookupKind, id)))
  }
  seed.gift_cards.forEach((g) => add("gift_card.code", g.code.toUpperCase()))
  const walkReasons = (list: readonly ReturnReasonSeedInput[]) =>
    list.forEach((r) => {
      add("return_reason.value", r.value)
      add("return_reason.id", r.parent_return_reason_id)
      walkReasons(r.return_reason_children ?? [])
    })
  walkReasons(seed.return_reasons)
  seed.customers.forEach((c) => add("customer.email", `${c.email.toLowerCase()}|${c.password || c.password_hash ? 1 : 0}`))

  for (const o of seed.orders) {
    o.items.forEach((item) => add("variant.id", item.variant_id))
    o.shipping_methods.forEach((m) => add("shipping_option.id", m.shipping_option_id))
    add("customer.id", o.customer_id)
    add("sales_channel.id", o.sales_channel_id)
  }
  seed.order_edits.forEach((e) => e.changes.forEach((c) => (c.type === "item_add" ? add("variant.id", c.variant_id) : undefined)))

  return Object.fromEntries(req) as LookupRequest
}
