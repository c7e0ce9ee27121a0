/**
 * The catalog: collections, the category tree, and products with their types, tags, images, options, variants
 * and prices — with v1's seed defaults (status "published", default sales channel, default / gift card profile).
 */
import { KeySet, type Ctx } from "./context"
import { stableId } from "./hash"
import { joinPath } from "./problems"
import type { CategorySeedInput, ProductSeed, SeedFile, VariantSeed } from "./schema"
import { collectionSearchTerms, productSearchTerms } from "./search"
import { createdAt, toHandle } from "./text"

export function resolveCollections(ctx: Ctx, seed: SeedFile): void {
  const handles = new KeySet(ctx, "collection handle")
  seed.product_collections.forEach((c, i) => {
    const path = joinPath("product_collections", i)
    const handle = handleFor(ctx, c.handle, c.title, path, "title")
    if (!handle || !handles.add(handle, joinPath(path, "handle"))) return
    const id = keyedId(ctx, c.id, "collection.handle", handle, path, "collection") ?? stableId("collection", handle)
    if (!ctx.define("collection", id, path)) return
    ctx.model.entity("product_collection", path, {
      id,
      created_at: createdAt(c.created_at),
      title: c.title,
      handle,
      metadata: { json: c.metadata ?? null },
    })
    ctx.model.link("search_term", id, collectionSearchTerms(c.title).map((t) => [t]), path)
  })
}

export function resolveCategories(ctx: Ctx, seed: SeedFile): void {
  const handles = new KeySet(ctx, "category handle")
  const walk = (list: readonly CategorySeedInput[], parent: { id: string; mpath: string } | null, base: string) => {
    list.forEach((c, i) => {
      const path = joinPath(base, i)
      const handle = handleFor(ctx, c.handle, c.name, path, "name")
      if (!handle || !handles.add(handle, joinPath(path, "handle"))) return
      const id = keyedId(ctx, c.id, "category.handle", handle, path, "category") ?? stableId("category", handle)
      if (!ctx.define("category", id, path)) return
      // Materialized path of ancestor ids ending with this id (migrations/0002_catalog.sql).
      const mpath = parent ? `${parent.mpath}.${id}` : id
      ctx.model.entity("product_category", path, {
        id,
        created_at: createdAt(c.created_at),
        name: c.name,
        description: c.description ?? "",
        handle,
        mpath,
        // v1's seed forces is_active to true (`is_active || true`); an explicit false is honoured here.
        is_active: c.is_active ?? true,
        is_internal: c.is_internal ?? false,
        parent_category_id: parent?.id ?? null,
        rank: c.rank ?? i,
        metadata: { json: c.metadata ?? null },
      })
      if (c.category_children) walk(c.category_children, { id, mpath }, joinPath(path, "category_children"))
    })
  }
  walk(seed.categories, null, "categories")
}

/** The handle given, or v1's kebab-cased default; reports titles that produce no handle. */
function handleFor(ctx: Ctx, given: string | undefined, title: string, path: string, field: string): string | undefined {
  if (given) return given
  const handle = toHandle(title)
  if (!handle) ctx.problems.add(joinPath(path, "handle"), `is required: no handle can be derived from the ${field}`)
  return handle || undefined
}

/**
 * The id for a record with a natural key: the given id, else the stored row's id under that key.
 * Reports a given id that clashes with another stored row holding the key.
 */
function keyedId(
  ctx: Ctx,
  given: string | undefined,
  kind: Parameters<Ctx["lookupId"]>[0],
  key: string,
  path: string,
  label: string,
): string | undefined {
  const stored = ctx.lookupId(kind, key)
  const field = kind.split(".")[1] as string
  if (given && stored && stored !== given) {
    ctx.problems.add(joinPath(path, field), `${field} '${key}' already belongs to ${label} '${stored}' in the database`)
  }
  return given ?? stored
}

/** Types, tags and images are shared by value/URL across products (v1 upserts them). */
class SharedRecords {
  private readonly ids = new Map<string, { id: string; path: string }>()
  constructor(
    private readonly ctx: Ctx,
    private readonly kind: "type" | "tag" | "image",
  ) {}

  resolve(key: string, givenId: string | undefined, path: string, write: (id: string) => void): string {
    const known = this.ids.get(key)
    if (known) {
      if (givenId && givenId !== known.id) {
        this.ctx.problems.add(joinPath(path, "id"), `'${key}' already has id '${known.id}' (${known.path})`)
      }
      return known.id
    }
    const lookupKind = this.kind === "image" ? "image.url" : this.kind === "type" ? "type.value" : "tag.value"
    const stored = this.ctx.lookupId(lookupKind, key)
    if (givenId && stored && stored !== givenId && this.kind !== "image") {
      this.ctx.problems.add(joinPath(path, "id"), `'${key}' already has id '${stored}' in the database`)
    }
    const id = givenId ?? stored ?? stableId(this.kind === "image" ? "image" : this.kind, key)
    this.ids.set(key, { id, path })
    if (this.ctx.define(this.kind, id, path)) write(id)
    return id
  }
}

export function resolveProducts(ctx: Ctx, seed: SeedFile): void {
  const handles = new KeySet(ctx, "product handle")
  const skus = new KeySet(ctx, "sku")
  const types = new SharedRecords(ctx, "type")
  const tags = new SharedRecords(ctx, "tag")
  const images = new SharedRecords(ctx, "image")

  seed.products.forEach((p, i) => {
    const path = joinPath("products", i)
    const handle = handleFor(ctx, p.handle, p.title, path, "title")
    if (!handle || !handles.add(handle, joinPath(path, "handle"))) return
    const id = keyedId(ctx, p.id, "product.handle", handle, path, "product") ?? stableId("product", handle)
    if (!ctx.define("product", id, path)) return

    if (p.collection_id) ctx.ref("collection", p.collection_id, joinPath(path, "collection_id"))
    p.categories.forEach((c, j) => ctx.ref("category", c.id, joinPath(joinPath(joinPath(path, "categories"), j), "id")))
    p.sales_channels?.forEach((c, j) => ctx.ref("sales_channel", c.id, joinPath(joinPath(joinPath(path, "sales_channels"), j), "id")))
    if (p.profile_id) ctx.ref("shipping_profile", p.profile_id, joinPath(path, "profile_id"))

    const created = createdAt(p.created_at)
    const typeId = p.type
      ? types.resolve(p.type.value, p.type.id, joinPath(path, "type"), (tid) =>
          ctx.model.entity("product_type", joinPath(path, "type"), { id: tid, created_at: created, value: p.type?.value, metadata: { json: null } }),
        )
      : null
    const tagIds = p.tags.map((t, j) =>
      tags.resolve(t.value, t.id, joinPath(joinPath(path, "tags"), j), (tid) =>
        ctx.model.entity("product_tag", joinPath(joinPath(path, "tags"), j), { id: tid, created_at: created, value: t.value, metadata: { json: null } }),
      ),
    )
    const urls = new KeySet(ctx, "image")
    const imageIds: string[] = []
    p.images.forEach((img, j) => {
      const ipath = joinPath(joinPath(path, "images"), j)
      const url = typeof img === "string" ? img : img.url
      if (!urls.add(url, ipath)) return
      const given = typeof img === "string" ? undefined : img.id
      imageIds.push(images.resolve(url, given, ipath, (iid) => ctx.model.entity("image", ipath, { id: iid, created_at: created, url, metadata: { json: null } })))
    })
    const firstImage = p.images[0]
    const isGiftCard = p.is_giftcard ?? false

    ctx.model.entity("product", path, {
      id,
      created_at: created,
      title: p.title,
      subtitle: p.subtitle ?? null,
      description: p.description ?? null,
      handle,
      is_giftcard: isGiftCard,
      // v1's seed command publishes products unless the file says otherwise.
      status: p.status ?? "published",
      thumbnail: p.thumbnail ?? (firstImage === undefined ? null : typeof firstImage === "string" ? firstImage : firstImage.url),
      weight: p.weight ?? null,
      length: p.length ?? null,
      height: p.height ?? null,
      width: p.width ?? null,
      hs_code: p.hs_code ?? null,
      origin_country: p.origin_country ?? null,
      mid_code: p.mid_code ?? null,
      material: p.material ?? null,
      collection_id: p.collection_id ?? null,
      type_id: typeId,
      profile_id: p.profile_id ?? (isGiftCard ? ctx.giftCardProfileId : ctx.defaultProfileId),
      // v1: gift cards are never discountable.
      discountable: isGiftCard ? false : (p.discountable ?? true),
      external_id: p.external_id ?? null,
      metadata: { json: p.metadata ?? null },
    })
    ctx.model.link("product_tags", id, [...new Set(tagIds)].map((t) => [t]), path)
    ctx.model.link("product_images", id, imageIds.map((img, pos) => [img, pos]), path)
    ctx.model.link("product_category_product", id, [...new Set(p.categories.map((c) => c.id))].map((c) => [c]), path)
    const channels = p.sales_channels?.map((c) => c.id) ?? [ctx.defaultChannelId]
    ctx.model.link("product_sales_channel", id, [...new Set(channels)].map((c) => [c]), path)

    const variants = resolveOptionsAndVariants(ctx, p, id, path, skus, created)
    const terms = productSearchTerms({ title: p.title, subtitle: p.subtitle, description: p.description, handle, variants })
    ctx.model.link("search_term", id, terms.map((t) => [t]), path)
  })
}

/** Writes the product's options and variants; answers the variants' titles and SKUs (for the search words). */
function resolveOptionsAndVariants(
  ctx: Ctx,
  p: ProductSeed,
  productId: string,
  path: string,
  skus: KeySet,
  created: string | undefined,
): { title: string; sku: string | null }[] {
  const titles = new KeySet(ctx, "option title")
  let optionsOk = true
  const optionIds = p.options.map((o, j) => {
    const opath = joinPath(joinPath(path, "options"), j)
    const unique = titles.add(o.title, joinPath(opath, "title"))
    if (!unique) optionsOk = false
    const id = o.id ?? stableId("option", `${productId}\u0000${o.title}`)
    if (unique && ctx.define("option", id, opath)) {
      ctx.model.entity("product_option", opath, { id, created_at: created, title: o.title, product_id: productId, metadata: { json: null } })
    }
    return id
  })
  ctx.model.keepChildren("product_option", productId, optionIds)
  // Variants map their values to options by position; with ambiguous options that mapping means nothing.
  if (!optionsOk) return []

  const combos = new KeySet(ctx, "combination of option values")
  const variantIds: string[] = []
  const written: { title: string; sku: string | null }[] = []
  p.variants.forEach((v, j) => {
    const vpath = joinPath(joinPath(path, "variants"), j)
    const values = v.options.map((o) => o.value)
    if (values.length !== optionIds.length) {
      ctx.problems.add(
        joinPath(vpath, "options"),
        `must have ${optionIds.length} value${optionIds.length === 1 ? "" : "s"} (one per product option, in order), got ${values.length}`,
      )
      return
    }
    if (!combos.add(values.join("\u0000"), joinPath(vpath, "options"), values.join(" / "))) return
    const id = variantId(ctx, v, productId, values, vpath, skus)
    if (!id || !ctx.define("variant", id, vpath)) return
    variantIds.push(id)
    const title = v.title ?? (values.length ? values.join(" / ") : p.title)
    written.push({ title, sku: v.sku ?? null })

    ctx.model.entity(
      "product_variant",
      vpath,
      {
        id,
        created_at: created,
        title,
        product_id: productId,
        sku: v.sku ?? null,
        barcode: v.barcode ?? null,
        ean: v.ean ?? null,
        upc: v.upc ?? null,
        variant_rank: v.variant_rank ?? j,
        inventory_quantity: v.inventory_quantity ?? 0,
        allow_backorder: v.allow_backorder ?? false,
        manage_inventory: v.manage_inventory ?? true,
        hs_code: v.hs_code ?? null,
        origin_country: v.origin_country ?? null,
        mid_code: v.mid_code ?? null,
        material: v.material ?? null,
        weight: v.weight ?? null,
        length: v.length ?? null,
        height: v.height ?? null,
        width: v.width ?? null,
        metadata: { json: v.metadata ?? null },
      },
      // Stock moves at runtime; a file without inventory_quantity does not reset it.
      v.inventory_quantity === undefined ? ["inventory_quantity"] : [],
    )
    const valueIds = v.options.map((o, k) => {
      const optionId = optionIds[k] as string
      const valueId = o.id ?? stableId("optionValue", `${id}\u0000${optionId}`)
      if (!ctx.define("option_value", valueId, joinPath(joinPath(vpath, "options"), k))) return valueId
      ctx.model.entity("product_option_value", joinPath(joinPath(vpath, "options"), k), {
        id: valueId,
        created_at: created,
        value: o.value,
        option_id: optionId,
        variant_id: id,
        metadata: { json: null },
      })
      return valueId
    })
    ctx.model.keepChildren("product_option_value", id, valueIds)
    ctx.model.keepChildren("money_amount", id, resolvePrices(ctx, v, id, vpath, created))
  })
  ctx.model.keepChildren("product_variant", productId, variantIds)
  return written
}

function variantId(ctx: Ctx, v: VariantSeed, productId: string, values: string[], path: string, skus: KeySet): string | undefined {
  if (!v.sku) return v.id ?? stableId("variant", `${productId}\u0000${values.join("\u0000")}`)
  if (!skus.add(v.sku, joinPath(path, "sku"))) return undefined
  const stored = ctx.lookupRow("variant.sku", v.sku)
  if (stored && stored.x !== productId) {
    ctx.problems.add(joinPath(path, "sku"), `sku '${v.sku}' already belongs to variant '${stored.id}' of product '${stored.x}' in the database`)
    return undefined
  }
  if (v.id && stored && stored.id !== v.id) {
    ctx.problems.add(joinPath(path, "sku"), `sku '${v.sku}' already belongs to variant '${stored.id}' in the database`)
    return undefined
  }
  return v.id ?? stored?.id ?? stableId("variant", `sku\u0000${v.sku}`)
}

function resolvePrices(ctx: Ctx, v: VariantSeed, variantId: string, vpath: string, created: string | undefined): string[] {
  const keys = new KeySet(ctx, "price")
  const ids: string[] = []
  v.prices.forEach((price, k) => {
    const path = joinPath(joinPath(vpath, "prices"), k)
    let currency = price.currency_code?.toLowerCase()
    let regionId: string | null = null
    if (price.region_id) {
      const region = ctx.region(price.region_id, joinPath(path, "region_id"))
      if (!region) return
      regionId = region.id
      if (currency && currency !== region.currency_code) {
        ctx.problems.add(joinPath(path, "currency_code"), `must match the currency of region '${region.id}' (${region.currency_code})`)
        return
      }
      currency = region.currency_code
    } else if (!currency) {
      ctx.problems.add(path, "needs a currency_code or a region_id")
      return
    } else if (ctx.snap.currencies && !ctx.snap.currencies.has(currency)) {
      ctx.problems.add(joinPath(path, "currency_code"), `unknown currency '${currency}'`)
      return
    }
    const min = price.min_quantity ?? null
    const max = price.max_quantity ?? null
    if (min !== null && max !== null && max < min) {
      ctx.problems.add(joinPath(path, "max_quantity"), "must be ≥ min_quantity")
      return
    }
    const scope = regionId ? `region:${regionId}` : `currency:${currency}`
    const key = `${scope}\u0000${min ?? ""}\u0000${max ?? ""}`
    if (!keys.add(key, path, `${regionId ?? currency}${min !== null || max !== null ? ` [${min ?? ""}..${max ?? ""}]` : ""}`)) return
    const id = price.id ?? stableId("moneyAmount", `${variantId}\u0000${key}`)
    if (!ctx.define("price", id, path)) return
    ids.push(id)
    ctx.model.entity("money_amount", path, {
      id,
      created_at: created,
      variant_id: variantId,
      currency_code: currency,
      amount: price.amount,
      region_id: regionId,
      min_quantity: min,
      max_quantity: max,
      price_list_id: null,
    })
  })
  return ids
}
