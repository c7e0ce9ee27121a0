/**
 * Medusa 1.20 rows → the seed format `npm run seed` takes (src/seed/schema.ts). Pure: no I/O. Ids are kept; rows the
 * seed format cannot hold are counted under a name (never dropped silently); `sources` says which table and id
 * each record came from, so a problem the validator finds can be reported as a row.
 */
import type { MedusaRows, Row } from "./read"

export interface MedusaImport {
  /** A seed document (the JSON `npm run seed` reads). */
  seed: Record<string, unknown>
  /** Label → rows the seed format cannot hold yet (and so were not imported). */
  unsupported: Record<string, number>
}

type Json = Record<string, unknown>

const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v))
const int = (v: unknown): number | null => (v === null || v === undefined ? null : Math.round(Number(v)))
const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v))
const bool = (v: unknown): boolean => v === true || v === "t" || v === "true"
const iso = (v: unknown): string | null => (v === null || v === undefined ? null : new Date(v instanceof Date ? v : String(v)).toISOString())
const json = (v: unknown): Json | null => {
  if (v === null || v === undefined) return null
  if (typeof v === "string") return JSON.parse(v) as Json
  return v as Json
}
/** Copies only the keys whose value is not null/undefined, so the seed's own defaults apply to the rest. */
function compact(o: Json): Json {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined))
}

function groupBy(rows: Row[], key: string): Map<string, Row[]> {
  const out = new Map<string, Row[]>()
  for (const r of rows) {
    const k = str(r[key])
    if (k === null) continue
    const list = out.get(k)
    if (list) list.push(r)
    else out.set(k, [r])
  }
  return out
}
const byId = (rows: Row[]) => new Map(rows.map((r) => [String(r.id), r]))
const byCreated = (a: Row, b: Row) => String(iso(a.created_at)).localeCompare(String(iso(b.created_at))) || String(a.id).localeCompare(String(b.id))

export function medusaToSeed(input: MedusaRows): MedusaImport {
  const t = (name: string): Row[] => input.tables[name] ?? []
  const unsupported: Record<string, number> = { ...input.counted }
  const skip = (label: string, n = 1) => {
    unsupported[label] = (unsupported[label] ?? 0) + n
  }

  // ---- store, channels, keys, profiles
  const [storeRow] = t("store")
  const store = storeRow
    ? compact({
        id: str(storeRow.id),
        created_at: iso(storeRow.created_at),
        name: str(storeRow.name),
        currencies: t("store_currencies").filter((c) => c.store_id === storeRow.id).map((c) => String(c.currency_code)),
        default_currency_code: str(storeRow.default_currency_code),
        default_sales_channel_id: str(storeRow.default_sales_channel_id),
        swap_link_template: str(storeRow.swap_link_template),
        payment_link_template: str(storeRow.payment_link_template),
        invite_link_template: str(storeRow.invite_link_template),
        metadata: json(storeRow.metadata),
      })
    : undefined
  const channelIds = new Set(t("sales_channel").map((r) => String(r.id)))
  const sales_channels = t("sales_channel").map((r) =>
    compact({ id: r.id, created_at: iso(r.created_at), name: r.name, description: str(r.description), is_disabled: bool(r.is_disabled), metadata: json(r.metadata) }),
  )
  const keyChannels = groupBy(t("publishable_api_key_sales_channel"), "publishable_key_id")
  const publishable_api_keys = t("publishable_api_key").flatMap((r) => {
    if (r.revoked_at) {
      skip("revoked publishable keys")
      return []
    }
    const channels = (keyChannels.get(String(r.id)) ?? []).filter((l) => channelIds.has(String(l.sales_channel_id)))
    return [{ id: r.id, created_at: iso(r.created_at), title: r.title, sales_channels: channels.map((l) => ({ id: l.sales_channel_id })) }]
  })
  const shipping_profiles = t("shipping_profile").map((r) =>
    compact({ id: r.id, created_at: iso(r.created_at), name: r.name, type: r.type, metadata: json(r.metadata) }),
  )

  // ---- regions, tax rates, shipping options
  const countries = groupBy(t("country"), "region_id")
  const payProviders = groupBy(t("region_payment_providers"), "region_id")
  const fulProviders = groupBy(t("region_fulfillment_providers"), "region_id")
  const regions = t("region").map((r) =>
    compact({
      id: r.id,
      created_at: iso(r.created_at),
      name: r.name,
      currency_code: r.currency_code,
      tax_rate: num(r.tax_rate) ?? 0,
      tax_code: str(r.tax_code),
      countries: (countries.get(String(r.id)) ?? []).map((c) => String(c.iso_2)).sort(),
      payment_providers: (payProviders.get(String(r.id)) ?? []).map((p) => String(p.provider_id)).sort(),
      fulfillment_providers: (fulProviders.get(String(r.id)) ?? []).map((p) => String(p.provider_id)).sort(),
      automatic_taxes: bool(r.automatic_taxes),
      gift_cards_taxable: bool(r.gift_cards_taxable),
      ...("includes_tax" in r ? { includes_tax: bool(r.includes_tax) } : {}),
      tax_provider_id: str(r.tax_provider_id),
      metadata: json(r.metadata),
    }),
  )
  const requirements = groupBy(t("shipping_option_requirement"), "shipping_option_id")
  const optionIds = new Set(t("shipping_option").map((r) => String(r.id)))
  const shipping_options = t("shipping_option").map((r) =>
    compact({
      id: r.id,
      created_at: iso(r.created_at),
      name: r.name,
      region_id: r.region_id,
      provider_id: r.provider_id,
      profile_id: str(r.profile_id),
      price_type: r.price_type,
      amount: int(r.amount),
      is_return: bool(r.is_return),
      admin_only: bool(r.admin_only),
      ...("includes_tax" in r ? { includes_tax: bool(r.includes_tax) } : {}),
      data: json(r.data) ?? {},
      requirements: (requirements.get(String(r.id)) ?? []).map((q) => ({ id: q.id, type: q.type, amount: int(q.amount) })),
      metadata: json(r.metadata),
    }),
  )
  const liveProducts = new Set(t("product").map((r) => String(r.id)))
  const liveTypes = new Set(t("product_type").map((r) => String(r.id)))
  const rateProducts = groupBy(t("product_tax_rate"), "rate_id")
  const rateTypes = groupBy(t("product_type_tax_rate"), "rate_id")
  const rateOptions = groupBy(t("shipping_tax_rate"), "rate_id")
  const tax_rates = t("tax_rate").map((r) =>
    compact({
      id: r.id,
      created_at: iso(r.created_at),
      region_id: r.region_id,
      name: r.name,
      rate: num(r.rate),
      code: str(r.code),
      products: (rateProducts.get(String(r.id)) ?? []).map((l) => String(l.product_id)).filter((id) => liveProducts.has(id)),
      product_types: (rateTypes.get(String(r.id)) ?? []).map((l) => String(l.product_type_id)).filter((id) => liveTypes.has(id)),
      shipping_options: (rateOptions.get(String(r.id)) ?? []).map((l) => String(l.shipping_option_id)).filter((id) => optionIds.has(id)),
      metadata: json(r.metadata),
    }),
  )

  // ---- catalog
  const product_collections = t("product_collection").map((r) =>
    compact({ id: r.id, created_at: iso(r.created_at), title: r.title, handle: str(r.handle), metadata: json(r.metadata) }),
  )
  const categoryChildren = groupBy(t("product_category"), "parent_category_id")
  const categoryIds = new Set(t("product_category").map((r) => String(r.id)))
  const category = (r: Row): Json =>
    compact({
      id: r.id,
      created_at: iso(r.created_at),
      name: r.name,
      handle: str(r.handle),
      description: str(r.description),
      is_active: bool(r.is_active),
      is_internal: bool(r.is_internal),
      rank: int(r.rank),
      metadata: json(r.metadata),
      category_children: (categoryChildren.get(String(r.id)) ?? []).sort((a, b) => Number(a.rank) - Number(b.rank)).map(category),
    })
  const categories = t("product_category")
    .filter((r) => r.parent_category_id === null || !categoryIds.has(String(r.parent_category_id)))
    .sort((a, b) => Number(a.rank) - Number(b.rank))
    .map(category)

  const types = byId(t("product_type"))
  const tags = byId(t("product_tag"))
  const images = byId(t("image"))
  const productTags = groupBy(t("product_tags"), "product_id")
  const productImages = groupBy(t("product_images"), "product_id")
  const productCategories = groupBy(t("product_category_product"), "product_id")
  const productChannels = groupBy(t("product_sales_channel"), "product_id")
  const productProfiles = groupBy(t("product_shipping_profile"), "product_id")
  const productOptions = groupBy(t("product_option"), "product_id")
  const productVariants = groupBy(t("product_variant"), "product_id")
  const optionValues = groupBy(t("product_option_value"), "variant_id")
  const prices = byId(t("money_amount"))
  const variantPrices = groupBy(t("product_variant_money_amount"), "variant_id")
  const collectionIds = new Set(t("product_collection").map((r) => String(r.id)))
  const variantIds = new Set<string>()

  const products = t("product").map((p) => {
    const pid = String(p.id)
    const options = (productOptions.get(pid) ?? []).sort((a, b) => String(a.id).localeCompare(String(b.id)))
    const variants = (productVariants.get(pid) ?? [])
      .sort((a, b) => (int(a.variant_rank) ?? 0) - (int(b.variant_rank) ?? 0) || String(a.id).localeCompare(String(b.id)))
      .map((v) => {
        variantIds.add(String(v.id))
        const values = optionValues.get(String(v.id)) ?? []
        return compact({
          id: v.id,
          title: str(v.title),
          sku: str(v.sku),
          barcode: str(v.barcode),
          ean: str(v.ean),
          upc: str(v.upc),
          variant_rank: int(v.variant_rank),
          inventory_quantity: int(v.inventory_quantity),
          allow_backorder: bool(v.allow_backorder),
          manage_inventory: bool(v.manage_inventory),
          hs_code: str(v.hs_code),
          origin_country: str(v.origin_country),
          mid_code: str(v.mid_code),
          material: str(v.material),
          weight: int(v.weight),
          length: int(v.length),
          height: int(v.height),
          width: int(v.width),
          metadata: json(v.metadata),
          options: options.flatMap((o) => {
            const value = values.find((x) => x.option_id === o.id)
            return value ? [{ id: value.id, value: String(value.value) }] : []
          }),
          prices: (variantPrices.get(String(v.id)) ?? [])
            .flatMap((l) => {
              const m = prices.get(String(l.money_amount_id))
              return m ? [m] : []
            })
            .sort((a, b) => String(a.id).localeCompare(String(b.id)))
            .map((m) =>
              compact({
                id: m.id,
                ...(m.region_id ? { region_id: m.region_id } : { currency_code: m.currency_code }),
                amount: int(m.amount),
                min_quantity: int(m.min_quantity),
                max_quantity: int(m.max_quantity),
              }),
            ),
        })
      })
    const type = p.type_id ? types.get(String(p.type_id)) : undefined
    const profile = productProfiles.get(pid)?.[0]?.profile_id ?? p.profile_id
    return compact({
      id: pid,
      created_at: iso(p.created_at),
      title: p.title,
      subtitle: str(p.subtitle),
      description: str(p.description),
      handle: str(p.handle),
      is_giftcard: bool(p.is_giftcard),
      discountable: bool(p.discountable),
      status: p.status,
      thumbnail: str(p.thumbnail),
      weight: int(p.weight),
      length: int(p.length),
      height: int(p.height),
      width: int(p.width),
      hs_code: str(p.hs_code),
      origin_country: str(p.origin_country),
      mid_code: str(p.mid_code),
      material: str(p.material),
      external_id: str(p.external_id),
      collection_id: p.collection_id && collectionIds.has(String(p.collection_id)) ? p.collection_id : null,
      profile_id: str(profile),
      type: type ? { id: type.id, value: type.value } : null,
      tags: (productTags.get(pid) ?? []).flatMap((l) => {
        const tag = tags.get(String(l.product_tag_id))
        return tag ? [{ id: tag.id, value: tag.value }] : []
      }),
      categories: (productCategories.get(pid) ?? []).filter((l) => categoryIds.has(String(l.product_category_id))).map((l) => ({ id: l.product_category_id })),
      sales_channels: (productChannels.get(pid) ?? []).filter((l) => channelIds.has(String(l.sales_channel_id))).map((l) => ({ id: l.sales_channel_id })),
      images: (productImages.get(pid) ?? [])
        .flatMap((l) => {
          const image = images.get(String(l.image_id))
          return image ? [image] : []
        })
        .sort(byCreated)
        .map((i) => ({ id: i.id, url: i.url })),
      options: options.map((o) => ({ id: o.id, title: o.title })),
      variants,
      metadata: json(p.metadata),
    })
  })

  // ---- discounts, gift cards, return reasons
  const rules = byId(t("discount_rule"))
  const discountRegions = groupBy(t("discount_regions"), "discount_id")
  const ruleConditions = groupBy(t("discount_condition"), "discount_rule_id")
  const ruleProducts = groupBy(t("discount_rule_products"), "discount_rule_id")
  const conditionTargets: Record<string, { table: string; column: string; live: Set<string> }> = {
    products: { table: "discount_condition_product", column: "product_id", live: liveProducts },
    product_types: { table: "discount_condition_product_type", column: "product_type_id", live: liveTypes },
    product_collections: { table: "discount_condition_product_collection", column: "product_collection_id", live: collectionIds },
    product_tags: { table: "discount_condition_product_tag", column: "product_tag_id", live: new Set(tags.keys()) },
  }
  const targetsByCondition = Object.fromEntries(Object.entries(conditionTargets).map(([type, c]) => [type, groupBy(t(c.table), "condition_id")]))
  const discounts = t("discount").flatMap((d) => {
    if (d.parent_discount_id) return skip("discounts generated from a dynamic discount"), []
    const rule = rules.get(String(d.rule_id))
    if (!rule) return skip("discounts without a rule"), []
    if (ruleProducts.get(String(rule.id))?.length) return skip("discounts with a legacy rule product list"), []
    const conditions: Json[] = []
    for (const c of ruleConditions.get(String(rule.id)) ?? []) {
      const target = conditionTargets[String(c.type)]
      // Importing a discount without one of its conditions would widen it: the whole discount stays out instead.
      if (!target) return skip(`discounts with a ${String(c.type)} condition`), []
      const ids = (targetsByCondition[String(c.type)]?.get(String(c.id)) ?? []).map((l) => String(l[target.column])).filter((id) => target.live.has(id))
      if (!ids.length) {
        if (c.operator === "in") return skip("discounts whose condition lists only deleted rows"), []
        continue // not_in nothing that still exists excludes nothing
      }
      conditions.push({ id: c.id, type: c.type, operator: c.operator, ids })
    }
    return [
      compact({
        id: d.id,
        created_at: iso(d.created_at),
        code: d.code,
        rule: compact({
          id: rule.id,
          type: rule.type,
          value: int(rule.value),
          allocation: str(rule.allocation),
          description: str(rule.description),
          metadata: json(rule.metadata),
        }),
        regions: (discountRegions.get(String(d.id)) ?? []).map((l) => String(l.region_id)),
        usage_limit: int(d.usage_limit),
        usage_count: int(d.usage_count),
        starts_at: iso(d.starts_at),
        ends_at: iso(d.ends_at),
        valid_duration: str(d.valid_duration),
        is_disabled: bool(d.is_disabled),
        is_dynamic: bool(d.is_dynamic),
        conditions,
        metadata: json(d.metadata),
      }),
    ]
  })
  const gift_cards = t("gift_card").map((g) =>
    compact({
      id: g.id,
      created_at: iso(g.created_at),
      code: g.code,
      value: int(g.value),
      balance: int(g.balance),
      region_id: g.region_id,
      tax_rate: num(g.tax_rate),
      is_disabled: bool(g.is_disabled),
      ends_at: iso(g.ends_at),
      metadata: json(g.metadata),
    }),
  )
  const reasonIds = new Set(t("return_reason").map((r) => String(r.id)))
  const return_reasons = t("return_reason").map((r) =>
    compact({
      id: r.id,
      created_at: iso(r.created_at),
      value: r.value,
      label: r.label,
      description: str(r.description),
      parent_return_reason_id: r.parent_return_reason_id && reasonIds.has(String(r.parent_return_reason_id)) ? r.parent_return_reason_id : null,
      metadata: json(r.metadata),
    }),
  )
  // Parents first: a child may name a parent that comes later in id order.
  return_reasons.sort((a, b) => Number(Boolean(a.parent_return_reason_id)) - Number(Boolean(b.parent_return_reason_id)))

  // ---- customers and orders
  const addresses = byId(t("address"))
  const customerAddresses = groupBy(t("address"), "customer_id")
  const address = (a: Row): Json =>
    compact({
      id: a.id,
      company: str(a.company),
      first_name: str(a.first_name),
      last_name: str(a.last_name),
      address_1: str(a.address_1),
      address_2: str(a.address_2),
      city: str(a.city),
      country_code: str(a.country_code),
      province: str(a.province),
      postal_code: str(a.postal_code),
      phone: str(a.phone),
      metadata: json(a.metadata),
    })
  const customerIds = new Set<string>()
  const customers = t("customer").flatMap((c) => {
    const registered = bool(c.has_account)
    if (registered && !c.password_hash) return skip("registered customers without a password hash"), []
    customerIds.add(String(c.id))
    return [
      compact({
        id: c.id,
        created_at: iso(c.created_at),
        email: String(c.email).toLowerCase(),
        password_hash: registered ? str(c.password_hash) : null,
        first_name: str(c.first_name),
        last_name: str(c.last_name),
        phone: str(c.phone),
        shipping_addresses: (customerAddresses.get(String(c.id)) ?? []).sort(byCreated).map(address),
        metadata: json(c.metadata),
      }),
    ]
  })
  const orderItems = groupBy(t("line_item"), "order_id")
  const orderMethods = groupBy(t("shipping_method"), "order_id")
  const orderPayments = groupBy(t("payment"), "order_id")
  const orders = [...t("order")]
    .sort((a, b) => (int(a.display_id) ?? 0) - (int(b.display_id) ?? 0))
    .flatMap((o) => {
      const items = (orderItems.get(String(o.id)) ?? []).sort(byCreated)
      if (!items.length) return skip("orders without line items"), []
      if (items.some((i) => !i.variant_id)) return skip("orders with custom line items (no variant)"), []
      if (items.some((i) => !variantIds.has(String(i.variant_id)))) return skip("orders with a line of a deleted variant"), []
      const methods = orderMethods.get(String(o.id)) ?? []
      if (methods.some((m) => !optionIds.has(String(m.shipping_option_id)))) return skip("orders shipped with a deleted shipping option"), []
      if (o.customer_id && !customerIds.has(String(o.customer_id))) return skip("orders of a deleted customer"), []
      const payments = (orderPayments.get(String(o.id)) ?? []).filter((p) => !p.canceled_at).sort(byCreated)
      if (payments.length > 1) skip("order payments beyond the first", payments.length - 1)
      const payment = payments[0]
      const shipping = o.shipping_address_id ? addresses.get(String(o.shipping_address_id)) : undefined
      return [
        compact({
          id: o.id,
          display_id: int(o.display_id),
          email: String(o.email).toLowerCase(),
          customer_id: str(o.customer_id),
          region_id: o.region_id,
          sales_channel_id: o.sales_channel_id && channelIds.has(String(o.sales_channel_id)) ? o.sales_channel_id : null,
          status: o.status,
          payment_status: o.payment_status,
          fulfillment_status: o.fulfillment_status,
          shipping_address: shipping ? address(shipping) : null,
          items: items.map((i) =>
            compact({
              id: i.id,
              variant_id: i.variant_id,
              quantity: int(i.quantity),
              unit_price: int(i.unit_price),
              fulfilled_quantity: int(i.fulfilled_quantity),
              shipped_quantity: int(i.shipped_quantity),
              returned_quantity: int(i.returned_quantity),
              metadata: json(i.metadata),
            }),
          ),
          shipping_methods: methods.sort(byCreated).map((m) => ({ id: m.id, shipping_option_id: m.shipping_option_id, price: int(m.price) })),
          payment: payment ? { id: payment.id, provider_id: String(payment.provider_id), captured: Boolean(payment.captured_at) } : null,
          created_at: iso(o.created_at),
          metadata: json(o.metadata),
        }),
      ]
    })

  const seed = compact({
    ...(store ? { store } : {}),
    sales_channels,
    shipping_profiles,
    regions,
    shipping_options,
    tax_rates,
    product_collections,
    categories,
    products,
    publishable_api_keys,
    discounts,
    gift_cards,
    return_reasons,
    customers,
    orders,
  })
  return { seed, unsupported }
}
