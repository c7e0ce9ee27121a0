/**
 * Store data v1 only creates through its admin API: tax-rate overrides, return reasons, discounts, gift cards
 * and customers. The checks mirror v1's admin services (messages quoted where v1 has one).
 */
import { KeySet, type Ctx, type RefKind } from "./context"
import { stableId } from "./hash"
import { joinPath } from "./problems"
import type { ReturnReasonSeedInput, SeedFile } from "./schema"
import { createdAt, isoTimestamp } from "./text"

export function resolveTaxRates(ctx: Ctx, seed: SeedFile): void {
  const occurrences = new Map<string, number>()
  seed.tax_rates.forEach((t, i) => {
    const path = joinPath("tax_rates", i)
    const region = ctx.region(t.region_id, joinPath(path, "region_id"))
    const regionId = region?.id ?? t.region_id
    const natural = `${regionId}\u0000${t.code ?? ""}\u0000${t.name}`
    const n = (occurrences.get(natural) ?? 0) + 1
    occurrences.set(natural, n)
    const id = t.id ?? stableId("taxRate", `${natural}\u0000${n}`)
    if (!ctx.define("tax_rate", id, path)) return
    t.products.forEach((p, j) => ctx.ref("product", p, joinPath(joinPath(path, "products"), j)))
    t.product_types.forEach((p, j) => ctx.ref("type", p, joinPath(joinPath(path, "product_types"), j)))
    t.shipping_options.forEach((so, j) => {
      const spath = joinPath(joinPath(path, "shipping_options"), j)
      if (!ctx.ref("shipping_option", so, spath) || !region) return
      const optionRegion = ctx.definedValue("shipping_option", so)?.value ?? ctx.lookupRow("shipping_option.id", so)?.x
      if (optionRegion && optionRegion !== region.id) {
        ctx.problems.add(spath, `shipping option '${so}' is in region '${optionRegion}', not '${region.id}' (v1: "Shipping Option and Tax Rate must belong to the same Region")`)
      }
    })
    ctx.model.entity("tax_rate", path, {
      id,
      created_at: createdAt(t.created_at),
      rate: t.rate ?? null,
      code: t.code ?? null,
      name: t.name,
      region_id: regionId,
      metadata: { json: t.metadata ?? null },
    })
    ctx.model.link("product_tax_rate", id, [...new Set(t.products)].map((p) => [p]), path)
    ctx.model.link("product_type_tax_rate", id, [...new Set(t.product_types)].map((p) => [p]), path)
    ctx.model.link("shipping_tax_rate", id, [...new Set(t.shipping_options)].map((p) => [p]), path)
  })
}

export function resolveReturnReasons(ctx: Ctx, seed: SeedFile): void {
  const values = new KeySet(ctx, "return reason value")
  const write = (r: ReturnReasonSeedInput, path: string, parent: string | null): string | undefined => {
    if (!values.add(r.value, joinPath(path, "value"))) return undefined
    const stored = ctx.lookupId("return_reason.value", r.value)
    if (r.id && stored && stored !== r.id) {
      ctx.problems.add(joinPath(path, "value"), `value '${r.value}' already belongs to return reason '${stored}' in the database`)
    }
    const id = r.id ?? stored ?? stableId("returnReason", r.value)
    if (!ctx.define("return_reason", id, path, parent ?? undefined)) return undefined
    ctx.model.entity("return_reason", path, {
      id,
      created_at: createdAt(r.created_at),
      value: r.value,
      label: r.label,
      description: r.description ?? null,
      parent_return_reason_id: parent,
      metadata: { json: r.metadata ?? null },
    })
    return id
  }
  const topLevel: { r: ReturnReasonSeedInput; path: string; id: string }[] = []
  seed.return_reasons.forEach((r, i) => {
    const path = joinPath("return_reasons", i)
    const id = write(r, path, r.parent_return_reason_id ?? null)
    if (id) topLevel.push({ r, path, id })
  })
  for (const { r, path, id } of topLevel) {
    const parent = r.parent_return_reason_id
    if (parent && ctx.ref("return_reason", parent, joinPath(path, "parent_return_reason_id"))) {
      const grandParent = ctx.definedValue("return_reason", parent)?.value ?? ctx.lookupRow("return_reason.id", parent)?.x
      if (grandParent || r.return_reason_children?.length) {
        ctx.problems.add(joinPath(path, "parent_return_reason_id"), "Doubly nested return reasons is not supported")
      }
    }
    r.return_reason_children?.forEach((child, j) => {
      const cpath = joinPath(joinPath(path, "return_reason_children"), j)
      if (child.return_reason_children?.length) {
        ctx.problems.add(joinPath(cpath, "return_reason_children"), "Doubly nested return reasons is not supported")
      }
      if (child.parent_return_reason_id && child.parent_return_reason_id !== id) {
        ctx.problems.add(joinPath(cpath, "parent_return_reason_id"), `must be '${id}' (the enclosing reason) or left out`)
      }
      write(child, cpath, id)
    })
  }
}

const CONDITION_TARGET: Record<string, RefKind> = {
  products: "product",
  product_types: "type",
  product_collections: "collection",
  product_tags: "tag",
}

export function resolveDiscounts(ctx: Ctx, seed: SeedFile): void {
  const codes = new KeySet(ctx, "discount code")
  seed.discounts.forEach((d, i) => {
    const path = joinPath("discounts", i)
    // v1 normalizes discount codes to upper case.
    const code = d.code.toUpperCase()
    if (!codes.add(code, joinPath(path, "code"))) return
    const stored = ctx.lookupRow("discount.code", code)
    if (d.id && stored && stored.id !== d.id) {
      ctx.problems.add(joinPath(path, "code"), `code '${code}' already belongs to discount '${stored.id}' in the database`)
    }
    const id = d.id ?? stored?.id ?? stableId("discount", code)
    if (!ctx.define("discount", id, path)) return
    const ruleId = d.rule.id ?? (stored && stored.id === id ? stored.x : null) ?? stableId("discountRule", id)

    if (d.rule.type === "percentage" && d.rule.value > 100) {
      ctx.problems.add(joinPath(path, "rule.value"), "Discount value above 100 is not allowed when type is percentage")
    }
    if (d.rule.type === "fixed" && d.regions.length > 1) ctx.problems.add(joinPath(path, "regions"), "Fixed discounts can have one region")
    const regionIds = d.regions.map((r, j) => ctx.region(r, joinPath(joinPath(path, "regions"), j))?.id ?? r)
    if (d.starts_at && d.ends_at && Date.parse(isoTimestamp(d.ends_at)) <= Date.parse(isoTimestamp(d.starts_at))) {
      ctx.problems.add(joinPath(path, "ends_at"), '"ends_at" must be greater than "starts_at"')
    }

    const created = createdAt(d.created_at)
    ctx.model.entity("discount_rule", joinPath(path, "rule"), {
      id: ruleId,
      created_at: created,
      description: d.rule.description ?? null,
      type: d.rule.type,
      value: d.rule.value,
      allocation: d.rule.allocation ?? "total",
      metadata: { json: d.rule.metadata ?? null },
    })
    ctx.model.entity(
      "discount",
      path,
      {
        id,
        created_at: created,
        code,
        is_dynamic: d.is_dynamic ?? false,
        rule_id: ruleId,
        is_disabled: d.is_disabled ?? false,
        parent_discount_id: null,
        // v1 starts a discount when it is created unless told otherwise
        starts_at: d.starts_at ? isoTimestamp(d.starts_at) : (created ?? ctx.now),
        ends_at: d.ends_at ? isoTimestamp(d.ends_at) : null,
        valid_duration: d.valid_duration ?? null,
        usage_limit: d.usage_limit ?? null,
        usage_count: d.usage_count ?? 0,
        metadata: { json: d.metadata ?? null },
      },
      // usage_count moves at runtime; a discount without starts_at started when it was first imported.
      d.starts_at ? ["usage_count"] : ["usage_count", "starts_at"],
    )
    ctx.model.link("discount_regions", id, [...new Set(regionIds)].map((r) => [r]), path)

    const types = new KeySet(ctx, "condition type")
    const conditionIds: string[] = []
    d.conditions.forEach((c, j) => {
      const cpath = joinPath(joinPath(path, "conditions"), j)
      if (!types.add(c.type, joinPath(cpath, "type"))) return
      const target = CONDITION_TARGET[c.type] as RefKind
      c.ids.forEach((t, k) => ctx.ref(target, t, joinPath(joinPath(cpath, "ids"), k)))
      const cid = c.id ?? stableId("discountCondition", `${ruleId}\u0000${c.type}`)
      if (!ctx.define("condition", cid, cpath)) return
      conditionIds.push(cid)
      ctx.model.entity("discount_condition", cpath, {
        id: cid,
        created_at: created,
        type: c.type,
        operator: c.operator,
        discount_rule_id: ruleId,
        metadata: { json: null },
      })
      ctx.model.link("discount_condition_target", cid, [...new Set(c.ids)].map((t) => [t]), cpath)
    })
    ctx.model.keepChildren("discount_condition", ruleId, conditionIds)
  })
}

export function resolveGiftCards(ctx: Ctx, seed: SeedFile): void {
  const codes = new KeySet(ctx, "gift card code")
  seed.gift_cards.forEach((g, i) => {
    const path = joinPath("gift_cards", i)
    const key = g.code.toUpperCase()
    if (!codes.add(key, joinPath(path, "code"), g.code)) return
    const stored = ctx.lookupId("gift_card.code", key)
    if (g.id && stored && stored !== g.id) {
      ctx.problems.add(joinPath(path, "code"), `code '${g.code}' already belongs to gift card '${stored}' in the database`)
    }
    const id = g.id ?? stored ?? stableId("giftCard", key)
    if (!ctx.define("gift_card", id, path)) return
    const region = ctx.region(g.region_id, joinPath(path, "region_id"))
    // v1 GiftCardService.resolveTaxRate: none when the region does not tax gift cards, else the given or region rate.
    const taxRate = !region || !region.gift_cards_taxable ? null : g.tax_rate || region.tax_rate || null
    ctx.model.entity(
      "gift_card",
      path,
      {
        id,
        created_at: createdAt(g.created_at),
        code: g.code,
        value: g.value,
        balance: g.balance ?? g.value,
        region_id: region?.id ?? g.region_id,
        order_id: null,
        is_disabled: g.is_disabled ?? false,
        ends_at: g.ends_at ? isoTimestamp(g.ends_at) : null,
        tax_rate: taxRate,
        metadata: { json: g.metadata ?? null },
      },
      // The balance is spent at runtime; without an explicit balance a re-import keeps what is left.
      g.balance === undefined ? ["balance", "order_id"] : ["order_id"],
    )
  })
}

export function resolveCustomers(ctx: Ctx, seed: SeedFile): void {
  const emails = new KeySet(ctx, "customer email")
  seed.customers.forEach((c, i) => {
    const path = joinPath("customers", i)
    // v1 stores customer emails in lower case; a password makes the customer a registered account.
    const email = c.email.toLowerCase()
    const hasAccount = c.password || c.password_hash ? 1 : 0
    const key = `${email}|${hasAccount}`
    if (!emails.add(key, joinPath(path, "email"), email)) return
    const stored = ctx.lookupId("customer.email", key)
    if (c.id && stored && stored !== c.id) {
      ctx.problems.add(joinPath(path, "email"), `email '${email}' already belongs to customer '${stored}' in the database`)
    }
    const id = c.id ?? stored ?? stableId("customer", key)
    if (!ctx.define("customer", id, path)) return
    let passwordHash: string | null = null
    if (c.password || c.password_hash) {
      const hash = ctx.passwordHashes.get(key)
      if (!hash) throw new Error(`no password hash supplied for ${path}; plan through prepareSeedImport`)
      passwordHash = hash
    }
    ctx.model.entity(
      "customer",
      path,
      {
        id,
        created_at: createdAt(c.created_at),
        email,
        first_name: c.first_name ?? null,
        last_name: c.last_name ?? null,
        billing_address_id: null,
        password_hash: passwordHash,
        phone: c.phone ?? null,
        has_account: hasAccount === 1,
        metadata: { json: c.metadata ?? null },
      },
      ["billing_address_id"],
    )
    c.shipping_addresses.forEach((a, j) => {
      const apath = joinPath(joinPath(path, "shipping_addresses"), j)
      const country = a.country_code?.toLowerCase() ?? null
      if (country && ctx.snap.countries && !ctx.snap.countries.has(country)) {
        ctx.problems.add(joinPath(apath, "country_code"), `unknown country code '${country}'`)
      }
      const aid = a.id ?? stableId("address", `${id}\u0000${j}`)
      if (!ctx.define("address", aid, apath)) return
      ctx.model.entity("address", apath, {
        id: aid,
        created_at: createdAt(c.created_at),
        customer_id: id,
        company: a.company ?? null,
        first_name: a.first_name ?? null,
        last_name: a.last_name ?? null,
        address_1: a.address_1 ?? null,
        address_2: a.address_2 ?? null,
        city: a.city ?? null,
        country_code: country,
        province: a.province ?? null,
        postal_code: a.postal_code ?? null,
        phone: a.phone ?? null,
        metadata: { json: a.metadata ?? null },
      })
    })
  })
}
