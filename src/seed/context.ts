/** Shared state of one seed resolution: problems found, the model being built, and every id the file defines. */
import { PlanModel } from "./model"
import { Problems } from "./problems"
import { lookup, type LookupKind, type RegionInfo, type Snapshot } from "./snapshot"

export type RefKind =
  | "region"
  | "sales_channel"
  | "shipping_profile"
  | "shipping_option"
  | "collection"
  | "category"
  | "product"
  | "type"
  | "tag"
  | "return_reason"
  | "discount"
  | "gift_card"
  | "tax_rate"
  | "customer"
  | "publishable_key"
  | "variant"
  | "image"
  | "option"
  | "option_value"
  | "price"
  | "requirement"
  | "condition"
  | "address"

const LABEL: Record<RefKind, string> = {
  region: "region",
  sales_channel: "sales channel",
  shipping_profile: "shipping profile",
  shipping_option: "shipping option",
  collection: "collection",
  category: "category",
  product: "product",
  type: "product type",
  tag: "product tag",
  return_reason: "return reason",
  discount: "discount",
  gift_card: "gift card",
  tax_rate: "tax rate",
  customer: "customer",
  publishable_key: "publishable API key",
  variant: "variant",
  image: "image",
  option: "product option",
  option_value: "option value",
  price: "price",
  requirement: "shipping requirement",
  condition: "discount condition",
  address: "address",
}

const DB_LOOKUP: Partial<Record<RefKind, LookupKind>> = {
  product: "product.id",
  collection: "collection.id",
  category: "category.id",
  type: "type.id",
  tag: "tag.id",
  sales_channel: "sales_channel.id",
  shipping_option: "shipping_option.id",
  shipping_profile: "shipping_profile.id",
  return_reason: "return_reason.id",
  variant: "variant.id",
  customer: "customer.id",
}

export interface ResolveOptions {
  now: string
  snapshot: Snapshot
  /** Password hashes by `${lowercased email}|1` (see prepareSeedImport). */
  passwordHashes?: ReadonlyMap<string, string> | undefined
}

export class Ctx {
  readonly problems = new Problems()
  readonly model = new PlanModel()
  readonly snap: Snapshot
  readonly now: string
  readonly passwordHashes: ReadonlyMap<string, string>
  /** Seed-defined ids per kind → the path that defined them (and a value some kinds attach, e.g. region of an option). */
  private readonly defined = new Map<RefKind, Map<string, { path: string; value?: string | undefined }>>()
  /** Seed placeholder region ids (v1: ids not starting with `reg_`) → generated ids. */
  readonly regionAlias = new Map<string, string>()
  readonly regions = new Map<string, RegionInfo>()
  storeCurrencies: string[] = []
  defaultChannelId = ""
  defaultProfileId = ""
  giftCardProfileId = ""

  constructor(opts: ResolveOptions) {
    this.snap = opts.snapshot
    this.now = opts.now
    this.passwordHashes = opts.passwordHashes ?? new Map()
    for (const [id, info] of this.snap.regions) this.regions.set(id, info)
  }

  /** Registers a seed-defined id; reports a duplicate id of the same kind. */
  define(kind: RefKind, id: string, path: string, value?: string): boolean {
    const map = this.defined.get(kind) ?? new Map<string, { path: string; value?: string | undefined }>()
    this.defined.set(kind, map)
    const previous = map.get(id)
    if (previous) {
      this.problems.add(path, `duplicate ${LABEL[kind]} id '${id}' (also ${previous.path})`)
      return false
    }
    map.set(id, { path, value })
    return true
  }

  definedValue(kind: RefKind, id: string): { path: string; value?: string | undefined } | undefined {
    return this.defined.get(kind)?.get(id)
  }

  /** Whether `id` names a record of `kind` in the file or the database. */
  exists(kind: RefKind, id: string): boolean {
    if (this.defined.get(kind)?.has(id)) return true
    if (kind === "region") return this.snap.regions.has(id)
    const dbKind = DB_LOOKUP[kind]
    return dbKind ? lookup(this.snap, dbKind, id) !== undefined : false
  }

  /** Checks a reference; reports `unknown <kind> '<id>'` at `path` when it resolves to nothing. */
  ref(kind: RefKind, id: string, path: string): boolean {
    if (this.exists(kind, id)) return true
    this.problems.add(path, `unknown ${LABEL[kind]} '${id}' (not in the file or the database)`)
    return false
  }

  /** The stored id under a natural key, if the database has one. */
  lookupId(kind: LookupKind, key: string): string | undefined {
    return lookup(this.snap, kind, key)?.id
  }

  lookupRow(kind: LookupKind, key: string): { id: string; x: string | null } | undefined {
    return lookup(this.snap, kind, key)
  }

  /** Resolves a region reference (placeholder ids included) to its id and currency/tax info. */
  region(ref: string, path: string): ({ id: string } & RegionInfo) | undefined {
    const id = this.regionAlias.get(ref) ?? ref
    const info = this.regions.get(id)
    if (!info) {
      this.problems.add(path, `unknown region '${ref}' (not in the file or the database)`)
      return undefined
    }
    return { id, ...info }
  }
}

/** Finds duplicates of a natural key within the file. */
export class KeySet {
  private readonly seen = new Map<string, string>()
  constructor(
    private readonly ctx: Ctx,
    private readonly label: string,
  ) {}
  /** Returns false (and reports the problem at `path`) when `key` was already used. */
  add(key: string, path: string, shown: string = key): boolean {
    const previous = this.seen.get(key)
    if (previous !== undefined) {
      this.ctx.problems.add(path, `duplicate ${this.label} '${shown}' (also ${previous})`)
      return false
    }
    this.seen.set(key, path)
    return true
  }
}
