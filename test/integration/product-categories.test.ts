import { beforeAll, describe, expect, it } from "vitest"
import { api } from "../helpers/api"
import { catalogDb, categoryRow, day, insertRows, productRow, type CategoryInsert } from "../helpers/catalog-rows"
import { product, productCategory, productCategoryProduct, productSalesChannel } from "../../src/db/schema"
import { publishableKey, runStatements, salesChannelRow } from "../helpers/product-rows"

// apparel ─┬ shirts ─┬ polos (0)      merch (root, 1)      internal* (root) ─ orphan
//          │         ├ tees (1)
//          │         └ secret* ─ deep      (* = internal, † = inactive: hidden with their whole subtree)
//          ├ pants (1)
//          └ hidden†
const apparel = categoryRow({ id: "pcat_apparel", name: "Apparel", description: "Things to wear", rank: 0 })
const shirts = categoryRow({ id: "pcat_shirts", name: "Shirts", rank: 0, parent: apparel, metadata: { size: "all" } })
const pants = categoryRow({ id: "pcat_pants", name: "Pants", rank: 1, parent: apparel })
const hidden = categoryRow({ id: "pcat_hidden", name: "Hidden", rank: 2, parent: apparel, is_active: false })
const polos = categoryRow({ id: "pcat_polos", name: "Polos", rank: 0, parent: shirts })
const tees = categoryRow({ id: "pcat_tees", name: "Tees", handle: "t-shirts", rank: 1, parent: shirts })
const secret = categoryRow({ id: "pcat_secret", name: "Secret", rank: 2, parent: shirts, is_internal: true })
const deep = categoryRow({ id: "pcat_deep", name: "Deep", rank: 0, parent: secret })
const merch = categoryRow({ id: "pcat_merch", name: "Merch", rank: 1, created_at: day(2), updated_at: day(2) })
const internal = categoryRow({ id: "pcat_internal", name: "Internal Only", handle: "internal-only", rank: 2, is_internal: true })
const orphan = categoryRow({ id: "pcat_orphan", name: "Orphan", rank: 3, parent: internal })

/** The default wire fields of a category row (v1 selects neither mpath nor is_active/is_internal). */
const fieldsOf = (c: CategoryInsert) => ({
  id: c.id,
  created_at: c.created_at,
  updated_at: c.updated_at,
  name: c.name,
  description: c.description,
  handle: c.handle,
  parent_category_id: c.parent_category_id,
  rank: c.rank,
  metadata: c.metadata,
})
/** A node of include_descendants_tree: the whole entity (minus mpath) and its own children. */
const treeNode = (c: CategoryInsert, children: unknown[] = []) => ({
  ...fieldsOf(c),
  is_active: true,
  is_internal: false,
  category_children: children,
})

const ids = (body: { product_categories: { id: string }[] }) => body.product_categories.map((c) => c.id)

beforeAll(async () => {
  const db = catalogDb()
  await insertRows(productCategory, [apparel, shirts, pants, hidden, polos, tees, secret, deep, merch, internal, orphan])
  await db.insert(product).values([
    productRow({ id: "prod_tee", title: "Tee", profile_id: "sp_default", material: "cotton" }),
    productRow({ id: "prod_old", title: "Old", deleted_at: day(3) }),
  ])
  await db.insert(productCategoryProduct).values([
    { product_category_id: "pcat_apparel", product_id: "prod_tee" },
    { product_category_id: "pcat_apparel", product_id: "prod_old" },
    { product_category_id: "pcat_tees", product_id: "prod_tee" },
  ])
  // Merch holds a draft and a product of another sales channel next to a product of the key's channel.
  await runStatements([salesChannelRow("sc_cat_shop"), salesChannelRow("sc_cat_other"), ...publishableKey("pk_cat_shop", ["sc_cat_shop"])])
  await db.insert(product).values([
    productRow({ id: "prod_cat_mug", title: "Mug", created_at: day(4) }),
    productRow({ id: "prod_cat_draft", title: "Draft", status: "draft", created_at: day(5) }),
    productRow({ id: "prod_cat_elsewhere", title: "Elsewhere", created_at: day(6) }),
  ])
  await db.insert(productSalesChannel).values([
    { product_id: "prod_cat_mug", sales_channel_id: "sc_cat_shop" },
    { product_id: "prod_cat_draft", sales_channel_id: "sc_cat_shop" },
    { product_id: "prod_cat_elsewhere", sales_channel_id: "sc_cat_other" },
  ])
  await db.insert(productCategoryProduct).values(
    ["prod_cat_mug", "prod_cat_draft", "prod_cat_elsewhere"].map((id) => ({ product_category_id: "pcat_merch", product_id: id })),
  )
})

const productIds = (category: { products: { id: string }[] }) => category.products.map((p) => p.id)
const shopKey = { headers: { "x-publishable-api-key": "pk_cat_shop" } }

describe("expanded products follow the store's visibility rules (published, the key's sales channels)", () => {
  it("GET /store/product-categories?expand=products: no draft, no product of another channel, the key's answer cached apart", async () => {
    const withKey = await api.get("/store/product-categories?expand=products&handle=merch", shopKey)
    const withKeyAgain = await api.get("/store/product-categories?expand=products&handle=merch", shopKey)
    const withoutKey = await api.get("/store/product-categories?expand=products&handle=merch")
    expect(withKey.status).toBe(200)
    expect(productIds(withKey.body.product_categories[0])).toEqual(["prod_cat_mug"])
    expect([withKeyAgain.headers.get("x-cache"), productIds(withKeyAgain.body.product_categories[0])]).toEqual(["HIT", ["prod_cat_mug"]])
    // No key and no store default channel: every published product, still no draft.
    expect(productIds(withoutKey.body.product_categories[0])).toEqual(["prod_cat_mug", "prod_cat_elsewhere"])
  })

  it("GET /store/product-categories/:id?expand=products: no draft, no product of another channel", async () => {
    const withKey = await api.get("/store/product-categories/pcat_merch?expand=products", shopKey)
    const withoutKey = await api.get("/store/product-categories/pcat_merch?expand=products")
    expect(withKey.status).toBe(200)
    expect(productIds(withKey.body.product_category)).toEqual(["prod_cat_mug"])
    expect(productIds(withoutKey.body.product_category)).toEqual(["prod_cat_mug", "prod_cat_elsewhere"])
  })

  it("a revoked or unknown key scopes nothing beyond the store's default (as on /store/products)", async () => {
    const unknown = await api.get("/store/product-categories/pcat_merch?expand=products", { headers: { "x-publishable-api-key": "pk_nope" } })
    expect(productIds(unknown.body.product_category)).toEqual(["prod_cat_mug", "prod_cat_elsewhere"])
  })
})

describe("GET /store/product-categories", () => {
  it("lists visible categories by rank with visible children and parent, in one round trip", async () => {
    const res = await api.get("/store/product-categories")
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ count: 8, offset: 0, limit: 100 })
    // rank, then created_at (merch is newer than pants and tees), then id
    expect(ids(res.body)).toEqual([
      "pcat_apparel", "pcat_deep", "pcat_polos", "pcat_shirts", "pcat_pants", "pcat_tees", "pcat_merch", "pcat_orphan",
    ])
    const [first] = res.body.product_categories
    expect(first).toEqual({ ...fieldsOf(apparel), category_children: [fieldsOf(shirts), fieldsOf(pants)], parent_category: null })
    const shirtsItem = res.body.product_categories[3]
    expect(shirtsItem).toEqual({
      ...fieldsOf(shirts),
      category_children: [fieldsOf(polos), fieldsOf(tees)],
      parent_category: fieldsOf(apparel),
    })
    // A hidden parent reads as null.
    expect(res.body.product_categories[7].parent_category).toBeNull()
    expect(res.roundTrips).toBe(1)
  })

  it("treats parent_category_id=null as root categories and filters by a parent id", async () => {
    const roots = await api.get("/store/product-categories?parent_category_id=null")
    expect(ids(roots.body)).toEqual(["pcat_apparel", "pcat_merch"])
    expect(roots.body.count).toBe(2)
    expect(ids((await api.get("/store/product-categories?parent_category_id=pcat_shirts")).body)).toEqual(["pcat_polos", "pcat_tees"])
  })

  it("nests the whole visible subtree with include_descendants_tree, loading it with one statement", async () => {
    const res = await api.get("/store/product-categories?parent_category_id=null&include_descendants_tree=true")
    expect(res.status).toBe(200)
    expect(res.body).toEqual({
      count: 2,
      offset: 0,
      limit: 100,
      product_categories: [
        {
          ...fieldsOf(apparel),
          category_children: [treeNode(shirts, [treeNode(polos), treeNode(tees)]), treeNode(pants)],
          parent_category: null,
        },
        { ...fieldsOf(merch), category_children: [], parent_category: null },
      ],
    })
    expect(res.roundTrips).toBe(1)
  })

  it("keeps the tree whatever expand says, and ignores include_descendants_tree values other than true", async () => {
    const tree = await api.get("/store/product-categories?handle=shirts&include_descendants_tree=true&expand=")
    expect(tree.body.product_categories).toEqual([{ ...fieldsOf(shirts), category_children: [treeNode(polos), treeNode(tees)] }])
    const flat = await api.get("/store/product-categories?handle=shirts&include_descendants_tree=1")
    expect(flat.status).toBe(200)
    expect(flat.body.product_categories[0].category_children).toEqual([fieldsOf(polos), fieldsOf(tees)])
  })

  it("searches name and handle with q, and filters by handle", async () => {
    expect(ids((await api.get("/store/product-categories?q=SHI")).body)).toEqual(["pcat_shirts", "pcat_tees"])
    expect(ids((await api.get("/store/product-categories?q=olo")).body)).toEqual(["pcat_polos"])
    expect(ids((await api.get("/store/product-categories?handle=merch")).body)).toEqual(["pcat_merch"])
    expect((await api.get("/store/product-categories?handle=internal-only")).body).toEqual({
      count: 0, offset: 0, limit: 100, product_categories: [],
    })
    expect(ids((await api.get("/store/product-categories?q=app&parent_category_id=null")).body)).toEqual(["pcat_apparel"])
  })

  it("answers a q longer than D1's 50-byte LIKE pattern limit with an empty page, not a 500", async () => {
    const res = await api.get(`/store/product-categories?q=${"x".repeat(5000)}`)
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ product_categories: [], count: 0, offset: 0, limit: 100 })
  })

  it("pages with limit and offset", async () => {
    const res = await api.get("/store/product-categories?limit=2&offset=2")
    expect(res.body).toMatchObject({ count: 8, offset: 2, limit: 2 })
    expect(ids(res.body)).toEqual(["pcat_polos", "pcat_shirts"])
  })

  it("honours fields (applied to children and parent too) and expand", async () => {
    const bare = await api.get("/store/product-categories?fields=handle&expand=&limit=1")
    expect(bare.body.product_categories).toEqual([{ id: "pcat_apparel", created_at: day(1), handle: "apparel" }])
    expect(bare.roundTrips).toBe(1)

    const named = await api.get("/store/product-categories?fields=name&expand=parent_category&handle=shirts")
    expect(named.body.product_categories).toEqual([
      { id: "pcat_shirts", created_at: day(1), name: "Shirts", parent_category: { id: "pcat_apparel", created_at: day(1), name: "Apparel" } },
    ])

    const trimmed = await api.get("/store/product-categories?fields=-description,-metadata&handle=apparel")
    const { description: _d, metadata: _m, ...rest } = fieldsOf(shirts)
    expect(trimmed.body.product_categories[0].category_children[0]).toEqual(rest)
  })

  it("expands products (live ones, v1 product columns)", async () => {
    const res = await api.get("/store/product-categories?expand=products&handle=apparel")
    const [item] = res.body.product_categories
    expect(Object.keys(item)).not.toContain("category_children")
    expect(item.products).toHaveLength(1)
    expect(item.products[0]).toMatchObject({ id: "prod_tee", title: "Tee", material: "cotton", is_giftcard: false, status: "published" })
    expect(item.products[0]).not.toHaveProperty("profile_id")
  })

  it("accepts an allowed order but keeps v1's rank order", async () => {
    const res = await api.get("/store/product-categories?order=-name&parent_category_id=null")
    expect(ids(res.body)).toEqual(["pcat_apparel", "pcat_merch"])
  })

  it("rejects unknown keys, fields, relations and order fields with invalid_data", async () => {
    const cases: [string, string][] = [
      ["foo=1", "property foo should not exist"],
      ["created_at[gt]=2020-01-01", "property created_at should not exist"],
      ["fields=is_active", "Requested fields [is_active] are not valid"],
      ["fields=mpath", "Requested fields [mpath] are not valid"],
      ["expand=nope", "Requested fields [nope] are not valid"],
      ["order=nope", "Order field nope is not valid"],
      ["limit=abc", "limit must be a number conforming to the specified constraints"],
    ]
    for (const [qs, message] of cases) {
      const res = await api.get(`/store/product-categories?${qs}`)
      expect(res.status, qs).toBe(400)
      expect(res.body, qs).toEqual({ type: "invalid_data", message })
    }
  })
})

describe("GET /store/product-categories/:id", () => {
  it("returns a category with its full visible descendant tree and its parent, in one round trip", async () => {
    const res = await api.get("/store/product-categories/pcat_apparel")
    expect(res.status).toBe(200)
    const node = (c: CategoryInsert, children: unknown[] = []) => ({ ...fieldsOf(c), category_children: children })
    expect(res.body).toEqual({
      product_category: {
        ...fieldsOf(apparel),
        category_children: [node(shirts, [node(polos), node(tees)]), node(pants)],
        parent_category: null,
      },
    })
    expect(res.roundTrips).toBe(1)
  })

  it("includes a visible parent, reduced to the requested fields", async () => {
    const res = await api.get("/store/product-categories/pcat_shirts?fields=name")
    expect(res.body.product_category).toEqual({
      id: "pcat_shirts",
      name: "Shirts",
      category_children: [
        { id: "pcat_polos", name: "Polos", category_children: [] },
        { id: "pcat_tees", name: "Tees", category_children: [] },
      ],
      parent_category: { id: "pcat_apparel", name: "Apparel" },
    })
  })

  it("honours expand (none, or products)", async () => {
    expect((await api.get("/store/product-categories/pcat_apparel?fields=handle&expand=")).body).toEqual({
      product_category: { id: "pcat_apparel", handle: "apparel" },
    })
    const withProducts = await api.get("/store/product-categories/pcat_tees?expand=products")
    expect(withProducts.body.product_category.products.map((p: { id: string }) => p.id)).toEqual(["prod_tee"])
    expect(withProducts.body.product_category).not.toHaveProperty("category_children")
  })

  it("shows a visible category under a hidden parent with parent_category null", async () => {
    const res = await api.get("/store/product-categories/pcat_orphan")
    expect(res.body.product_category).toMatchObject({ id: "pcat_orphan", parent_category_id: "pcat_internal", parent_category: null })
  })

  it("answers 404 with v1's scoped message for internal, inactive and unknown categories", async () => {
    for (const id of ["pcat_internal", "pcat_hidden", "pcat_nope"]) {
      const res = await api.get(`/store/product-categories/${id}`)
      expect(res.status).toBe(404)
      expect(res.body).toEqual({
        type: "not_found",
        message: `ProductCategory with id: ${id}, is_internal: false, is_active: true was not found`,
      })
    }
  })

  it("rejects unknown query keys and fields", async () => {
    expect((await api.get("/store/product-categories/pcat_apparel?foo=1")).body).toEqual({
      type: "invalid_data",
      message: "property foo should not exist",
    })
    expect((await api.get("/store/product-categories/pcat_apparel?fields=is_internal")).body).toEqual({
      type: "invalid_data",
      message: "Requested fields [is_internal] are not valid",
    })
  })
})
