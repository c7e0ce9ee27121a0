/**
 * Store configuration: the store singleton and its currencies, sales channels, shipping profiles, regions,
 * shipping options and publishable API keys — with the defaults v1's seed command relies on.
 */
import { KeySet, type Ctx } from "./context"
import { stableId } from "./hash"
import { joinPath } from "./problems"
import type { SeedFile } from "./schema"
import { sqlList, sqlString } from "./sql"
import { createdAt } from "./text"

/** Defaults of v1's StoreService.create / SalesChannelService.createDefault / ShippingProfileService.createDefault. */
export const DEFAULT_STORE_NAME = "Medusa Store"
export const DEFAULT_SALES_CHANNEL = { name: "Default Sales Channel", description: "Created by Medusa" }
export const DEFAULT_PROFILES = { default: "Default Shipping Profile", gift_card: "Gift Card Profile" } as const

export function resolveSalesChannels(ctx: Ctx, seed: SeedFile): void {
  const names = new KeySet(ctx, "sales channel name without an id")
  seed.sales_channels.forEach((sc, i) => {
    const path = joinPath("sales_channels", i)
    if (!sc.id && !names.add(sc.name, joinPath(path, "name"))) return
    const id = sc.id ?? stableId("salesChannel", sc.name)
    if (!ctx.define("sales_channel", id, path)) return
    ctx.model.entity("sales_channel", path, {
      id,
      created_at: createdAt(sc.created_at),
      name: sc.name,
      description: sc.description ?? null,
      is_disabled: sc.is_disabled ?? false,
      metadata: { json: sc.metadata ?? null },
    })
  })
}

export function resolveStore(ctx: Ctx, seed: SeedFile): void {
  const s = seed.store
  const existing = ctx.snap.store
  if (s?.id && existing && existing.id !== s.id) {
    ctx.problems.add("store.id", `the database already has store '${existing.id}' (there is only one store)`)
  }
  const id = s?.id ?? existing?.id ?? stableId("store", "store")

  const currencies = s?.currencies
    ? [...new Set(s.currencies.map((c) => c.toLowerCase()))]
    : (existing?.currencies ?? ["usd"])
  s?.currencies?.forEach((code, i) => checkCurrency(ctx, code.toLowerCase(), joinPath("store.currencies", i)))
  ctx.storeCurrencies = currencies

  const defaultCurrency = (s?.default_currency_code ?? existing?.default_currency_code ?? "usd").toLowerCase()
  if (!currencies.includes(defaultCurrency)) {
    ctx.problems.add(
      s?.default_currency_code ? "store.default_currency_code" : "store.currencies",
      `the store's default currency '${defaultCurrency}' must be one of its currencies (${currencies.join(", ")})`,
    )
  }

  // v1 creates "Default Sales Channel" at startup and makes it the store's default.
  let channel = s?.default_sales_channel_id ?? existing?.default_sales_channel_id ?? null
  if (s?.default_sales_channel_id) ctx.ref("sales_channel", s.default_sales_channel_id, "store.default_sales_channel_id")
  if (!channel) {
    channel = stableId("salesChannel", DEFAULT_SALES_CHANNEL.name)
    if (!ctx.exists("sales_channel", channel)) {
      ctx.define("sales_channel", channel, "store")
      ctx.model.entity("sales_channel", "store", { id: channel, ...DEFAULT_SALES_CHANNEL, is_disabled: false, metadata: { json: null } })
    }
  }
  ctx.defaultChannelId = channel

  // Fields the file leaves out keep their stored values (v1's seed updates the store, it does not recreate it).
  const optional = ["name", "swap_link_template", "payment_link_template", "invite_link_template", "metadata"] as const
  const insertOnly = optional.filter((f) => s?.[f] === undefined)
  ctx.model.entity(
    "store",
    "store",
    {
      id,
      created_at: createdAt(s?.created_at),
      name: s?.name ?? DEFAULT_STORE_NAME,
      default_currency_code: defaultCurrency,
      default_sales_channel_id: channel,
      swap_link_template: s?.swap_link_template ?? null,
      payment_link_template: s?.payment_link_template ?? null,
      invite_link_template: s?.invite_link_template ?? null,
      metadata: { json: s?.metadata ?? null },
    },
    insertOnly,
  )
  ctx.model.link("store_currency", id, currencies.map((c) => [c]), "store.currencies")
}

function checkCurrency(ctx: Ctx, code: string, path: string): void {
  if (ctx.snap.currencies && !ctx.snap.currencies.has(code)) ctx.problems.add(path, `unknown currency '${code}'`)
}

export function resolveShippingProfiles(ctx: Ctx, seed: SeedFile): void {
  const byType = new Map<string, string>()
  seed.shipping_profiles.forEach((p, i) => {
    const path = joinPath("shipping_profiles", i)
    const stored = p.type === "custom" ? undefined : ctx.snap.profiles.get(p.type)
    const id = p.id ?? stored ?? stableId("shippingProfile", p.type === "custom" ? `custom\u0000${p.name}` : p.type)
    if (p.type !== "custom") {
      if (byType.has(p.type)) ctx.problems.add(joinPath(path, "type"), `only one shipping profile of type '${p.type}' is allowed`)
      else if (stored && stored !== id) {
        ctx.problems.add(joinPath(path, "id"), `the database already has the ${p.type} shipping profile '${stored}'`)
      }
      byType.set(p.type, id)
    }
    if (!ctx.define("shipping_profile", id, path)) return
    ctx.model.entity("shipping_profile", path, {
      id,
      created_at: createdAt(p.created_at),
      name: p.name,
      type: p.type,
      metadata: { json: p.metadata ?? null },
    })
  })
  // v1 creates both profiles at startup; the seed command puts products and options on them.
  for (const type of ["default", "gift_card"] as const) {
    let id = byType.get(type) ?? ctx.snap.profiles.get(type)
    if (!id) {
      id = stableId("shippingProfile", type)
      ctx.define("shipping_profile", id, "shipping_profiles")
      ctx.model.entity("shipping_profile", "shipping_profiles", { id, name: DEFAULT_PROFILES[type], type, metadata: { json: null } })
    }
    if (type === "default") ctx.defaultProfileId = id
    else ctx.giftCardProfileId = id
  }
}

export function resolveRegions(ctx: Ctx, seed: SeedFile): void {
  const countryOwner = new Map<string, string>()
  const seedIds = seed.regions.map((r) => regionId(r.id, r.name))
  seed.regions.forEach((r, i) => {
    const path = joinPath("regions", i)
    const id = seedIds[i] as string
    if (r.id && id !== r.id) ctx.regionAlias.set(r.id, id)
    if (!ctx.define("region", id, path)) return
    const currency = r.currency_code.toLowerCase()
    checkCurrency(ctx, currency, joinPath(path, "currency_code"))
    if (!ctx.storeCurrencies.includes(currency)) {
      ctx.problems.add(
        joinPath(path, "currency_code"),
        `'${currency}' is not one of the store currencies (${ctx.storeCurrencies.join(", ")}); add it to store.currencies`,
      )
    }
    const countries = [...new Set(r.countries.map((c) => c.toLowerCase()))]
    r.countries.forEach((raw, j) => {
      const code = raw.toLowerCase()
      const cpath = joinPath(joinPath(path, "countries"), j)
      const owner = countryOwner.get(code)
      if (owner && owner !== path) ctx.problems.add(cpath, `country '${code}' is also in ${owner}`)
      countryOwner.set(code, path)
      if (!ctx.snap.countries) return
      if (!ctx.snap.countries.has(code)) return ctx.problems.add(cpath, `unknown country code '${code}'`)
      const stored = ctx.snap.countries.get(code)
      if (stored && stored !== id && !seedIds.includes(stored)) {
        ctx.problems.add(cpath, `country '${code}' already belongs to region '${stored}'`)
      }
    })
    checkProviders(ctx, r.payment_providers, ctx.snap.paymentProviders, joinPath(path, "payment_providers"), "payment")
    checkProviders(ctx, r.fulfillment_providers, ctx.snap.fulfillmentProviders, joinPath(path, "fulfillment_providers"), "fulfillment")

    ctx.regions.set(id, {
      name: r.name,
      currency_code: currency,
      tax_rate: r.tax_rate,
      gift_cards_taxable: r.gift_cards_taxable ?? true,
      fulfillment_providers: [...r.fulfillment_providers],
    })
    ctx.model.entity("region", path, {
      id,
      created_at: createdAt(r.created_at),
      name: r.name,
      currency_code: currency,
      tax_rate: r.tax_rate,
      tax_code: r.tax_code ?? null,
      gift_cards_taxable: r.gift_cards_taxable ?? true,
      automatic_taxes: r.automatic_taxes ?? true,
      tax_provider_id: r.tax_provider_id ?? null,
      includes_tax: r.includes_tax ?? false,
      metadata: { json: r.metadata ?? null },
    })
    ctx.model.link("region_payment_provider", id, [...new Set(r.payment_providers)].map((p) => [p]), path)
    ctx.model.link("region_fulfillment_provider", id, [...new Set(r.fulfillment_providers)].map((p) => [p]), path)
    const region = sqlString(id)
    if (!countries.length) {
      ctx.model.countryStatements.push(`UPDATE country SET region_id = NULL WHERE region_id = ${region}`)
    } else {
      const list = sqlList(countries)
      ctx.model.countryStatements.push(
        `UPDATE country SET region_id = NULL WHERE region_id = ${region} AND iso_2 NOT IN ${list}`,
        `UPDATE country SET region_id = ${region} WHERE iso_2 IN ${list} AND region_id IS NOT ${region}`,
      )
    }
  })
}

/** v1's seed keeps region ids that start with `reg_`; any other id is a placeholder other records refer to. */
function regionId(given: string | undefined, name: string): string {
  if (given?.startsWith("reg_")) return given
  return stableId("region", given ?? name)
}

function checkProviders(ctx: Ctx, ids: readonly string[], known: Set<string> | undefined, path: string, kind: string): void {
  if (!known) return
  ids.forEach((id, i) => {
    if (!known.has(id)) {
      ctx.problems.add(joinPath(path, i), `unknown ${kind} provider '${id}' (installed: ${[...known].join(", ") || "none"})`)
    }
  })
}

export function resolveShippingOptions(ctx: Ctx, seed: SeedFile): void {
  const occurrences = new Map<string, number>()
  seed.shipping_options.forEach((so, i) => {
    const path = joinPath("shipping_options", i)
    const region = ctx.region(so.region_id, joinPath(path, "region_id"))
    if (ctx.snap.fulfillmentProviders && !ctx.snap.fulfillmentProviders.has(so.provider_id)) {
      ctx.problems.add(joinPath(path, "provider_id"), `unknown fulfillment provider '${so.provider_id}'`)
    } else if (region && !region.fulfillment_providers.includes(so.provider_id)) {
      ctx.problems.add(
        joinPath(path, "provider_id"),
        `'${so.provider_id}' is not a fulfillment provider of region '${region.id}' (v1: "The fulfillment provider is not available in the provided region")`,
      )
    }
    if (so.profile_id) ctx.ref("shipping_profile", so.profile_id, joinPath(path, "profile_id"))
    if (so.price_type === "flat_rate" && (so.amount === undefined || so.amount === null)) {
      ctx.problems.add(joinPath(path, "amount"), "is required when price_type is flat_rate")
    }
    const reqs = so.requirements ?? []
    const types = new KeySet(ctx, "requirement type")
    const distinct = reqs
      .map((r, j) => ({ r, j }))
      .filter(({ r, j }) => types.add(r.type, joinPath(joinPath(joinPath(path, "requirements"), j), "type")))
    const min = reqs.find((r) => r.type === "min_subtotal")?.amount
    const max = reqs.find((r) => r.type === "max_subtotal")?.amount
    if (min !== undefined && max !== undefined && max <= min) {
      ctx.problems.add(joinPath(path, "requirements"), "max_subtotal must be greater than min_subtotal")
    }
    const regionKey = region?.id ?? so.region_id
    const natural = `${regionKey}\u0000${so.name}\u0000${so.is_return ? 1 : 0}`
    const n = (occurrences.get(natural) ?? 0) + 1
    occurrences.set(natural, n)
    const id = so.id ?? stableId("shippingOption", `${natural}\u0000${n}`)
    if (!ctx.define("shipping_option", id, path, regionKey)) return
    ctx.model.entity("shipping_option", path, {
      id,
      created_at: createdAt(so.created_at),
      name: so.name,
      region_id: regionKey,
      profile_id: so.profile_id ?? (so.is_giftcard ? ctx.giftCardProfileId : ctx.defaultProfileId),
      provider_id: so.provider_id,
      price_type: so.price_type,
      amount: so.amount ?? null,
      is_return: so.is_return ?? false,
      admin_only: so.admin_only ?? false,
      includes_tax: so.includes_tax ?? false,
      data: { json: so.data ?? {} },
      metadata: { json: so.metadata ?? null },
    })
    const reqIds = distinct.map(({ r, j }) => {
      const reqId = r.id ?? stableId("requirement", `${id}\u0000${r.type}`)
      ctx.define("requirement", reqId, joinPath(joinPath(path, "requirements"), j))
      ctx.model.entity("shipping_option_requirement", joinPath(joinPath(path, "requirements"), j), {
        id: reqId,
        shipping_option_id: id,
        type: r.type,
        amount: r.amount,
      })
      return reqId
    })
    ctx.model.keepChildren("shipping_option_requirement", id, reqIds)
  })
}

export function resolvePublishableKeys(ctx: Ctx, seed: SeedFile): void {
  const titles = new KeySet(ctx, "publishable key title without an id")
  seed.publishable_api_keys.forEach((k, i) => {
    const path = joinPath("publishable_api_keys", i)
    if (!k.id && !titles.add(k.title, joinPath(path, "title"))) return
    const id = k.id ?? ctx.lookupId("publishable_key.title", k.title) ?? stableId("publishableKey", k.title)
    if (!ctx.define("publishable_key", id, path)) return
    // Revocation is managed at runtime, never by the seed.
    const row = { id, created_at: createdAt(k.created_at), title: k.title, created_by: null, revoked_by: null, revoked_at: null }
    ctx.model.entity("publishable_api_key", path, row, [
      "created_by",
      "revoked_by",
      "revoked_at",
    ])
    const channels = k.sales_channels?.map((c) => c.id) ?? [ctx.defaultChannelId]
    k.sales_channels?.forEach((c, j) => ctx.ref("sales_channel", c.id, joinPath(joinPath(joinPath(path, "sales_channels"), j), "id")))
    ctx.model.link("publishable_api_key_sales_channel", id, [...new Set(channels)].map((c) => [c]), path)
  })
}
