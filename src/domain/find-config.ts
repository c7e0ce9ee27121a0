import { invalidData } from "./errors"

/** How a route lets clients shape a response with `fields`, `expand` and `order` (v1 prepareListQuery). */
export interface FindConfigSpec {
  /** Columns returned when `fields` is absent. Empty means all of `allowedFields`. */
  defaultFields: readonly string[]
  allowedFields: readonly string[]
  defaultRelations: readonly string[]
  allowedRelations: readonly string[]
  /** Fields `order` may name; default order is `created_at DESC`. */
  allowedOrderFields?: readonly string[]
  /** Lists always add created_at to the select (v1 behaviour). */
  isList?: boolean
}

export interface FindConfig {
  fields: ReadonlySet<string>
  relations: ReadonlySet<string>
  order: { field: string; direction: "asc" | "desc" }
}

const splitList = (value: string | undefined) =>
  value === undefined ? undefined : value.split(",").map((s) => s.trim()).filter(Boolean)

/**
 * Resolves `fields` / `expand` / `order` against a route spec:
 * - `fields=a,b` replaces the default select; `fields=+a,-b` (every entry prefixed) adjusts it; `id` is always in.
 * - `expand=a,b` replaces the default relations; `expand=` means none.
 * - anything outside the allowed lists is `invalid_data`, as in v1.
 */
export function resolveFindConfig(
  spec: FindConfigSpec,
  query: { fields?: string | undefined; expand?: string | undefined; order?: string | undefined },
): FindConfig {
  const defaults = spec.defaultFields.length ? spec.defaultFields : spec.allowedFields
  let fields = new Set(defaults)
  const requested = splitList(query.fields)
  if (requested && requested.length) {
    const allPrefixed = requested.every((f) => f.startsWith("+") || f.startsWith("-"))
    const names = requested.map((f) => f.replace(/^[+-]/, ""))
    const invalid = names.filter((f) => !spec.allowedFields.includes(f) && !spec.allowedRelations.includes(f))
    if (invalid.length) throw invalidData(`Requested fields [${invalid.join(", ")}] are not valid`)
    if (allPrefixed) {
      for (const f of requested) {
        if (f.startsWith("+")) fields.add(f.slice(1))
        else fields.delete(f.slice(1))
      }
    } else {
      fields = new Set(names.filter((f) => spec.allowedFields.includes(f)))
    }
  }
  fields.add("id")
  if (spec.isList) fields.add("created_at")

  let relations = new Set(spec.defaultRelations)
  const expand = splitList(query.expand)
  if (expand) {
    const invalid = expand.filter((r) => !spec.allowedRelations.includes(r))
    if (invalid.length) throw invalidData(`Requested fields [${invalid.join(", ")}] are not valid`)
    relations = new Set(expand)
  }
  // A relation named in `fields` (e.g. fields=variants) is loaded too, as TypeORM's select does.
  for (const name of requested ?? []) {
    const bare = name.replace(/^[+-]/, "")
    if (spec.allowedRelations.includes(bare) && !name.startsWith("-")) relations.add(bare)
  }
  // Nested relations imply their parents (variants.prices needs variants).
  for (const rel of [...relations]) {
    const parts = rel.split(".")
    for (let i = 1; i < parts.length; i++) relations.add(parts.slice(0, i).join("."))
  }

  let order: FindConfig["order"] = { field: "created_at", direction: "desc" }
  if (query.order) {
    const desc = query.order.startsWith("-")
    const field = query.order.replace(/^[-+]/, "")
    const allowed = spec.allowedOrderFields ?? spec.allowedFields
    if (!allowed.includes(field)) throw invalidData(`Order field ${field} is not valid`)
    order = { field, direction: desc ? "desc" : "asc" }
  }
  return { fields, relations, order }
}

/** Keeps the selected columns of a row; relation keys are added by the caller after loading. */
export function pickFields<T extends Record<string, unknown>>(row: T, fields: ReadonlySet<string>): Partial<T> {
  const out: Partial<T> = {}
  for (const key of Object.keys(row) as (keyof T & string)[]) if (fields.has(key)) out[key] = row[key]
  return out
}

/** Copies the selected keys of `row` in `keys` order (the order v1 serializes them in, whatever the row's). */
export function pickInOrder<K extends string>(row: Readonly<Record<K, unknown>>, keys: readonly K[], fields: ReadonlySet<string>) {
  const out: Record<string, unknown> = {}
  for (const key of keys) if (fields.has(key)) out[key] = row[key]
  return out
}
