import { describe, expect, it } from "vitest"
import { resolveFindConfig, type FindConfigSpec } from "../../src/domain/find-config"

const spec: FindConfigSpec = {
  defaultFields: ["id", "title", "handle", "created_at"],
  allowedFields: ["id", "title", "handle", "created_at", "status"],
  defaultRelations: ["variants", "variants.prices"],
  allowedRelations: ["variants", "variants.prices", "variants.options", "tags"],
  isList: true,
}

describe("resolveFindConfig", () => {
  it("uses the defaults without fields or expand", () => {
    const cfg = resolveFindConfig(spec, {})
    expect([...cfg.fields].sort()).toEqual(["created_at", "handle", "id", "title"])
    expect([...cfg.relations].sort()).toEqual(["variants", "variants.prices"])
    expect(cfg.order).toEqual({ field: "created_at", direction: "desc" })
  })

  it("replaces the select with unprefixed fields, keeping id and created_at for lists", () => {
    expect([...resolveFindConfig(spec, { fields: "title" }).fields].sort()).toEqual(["created_at", "id", "title"])
  })

  it("adjusts the select with +/- when every entry is prefixed", () => {
    expect([...resolveFindConfig(spec, { fields: "+status,-handle" }).fields].sort()).toEqual([
      "created_at", "id", "status", "title",
    ])
  })

  it("replaces relations with expand, adds parents of nested ones, and empties them with expand=", () => {
    expect([...resolveFindConfig(spec, { expand: "variants.options" }).relations].sort()).toEqual(["variants", "variants.options"])
    expect([...resolveFindConfig(spec, { expand: "" }).relations]).toEqual([])
  })

  it("loads a relation named in fields", () => {
    expect(resolveFindConfig(spec, { fields: "title,tags", expand: "" }).relations.has("tags")).toBe(true)
  })

  it("rejects unknown fields, relations and order fields with v1's messages", () => {
    expect(() => resolveFindConfig(spec, { fields: "nope,title,bad" })).toThrow("Requested fields [nope, bad] are not valid")
    expect(() => resolveFindConfig(spec, { expand: "owner" })).toThrow("Requested fields [owner] are not valid")
    expect(() => resolveFindConfig(spec, { order: "-secret" })).toThrow("Order field secret is not valid")
  })

  it("parses order direction", () => {
    expect(resolveFindConfig(spec, { order: "-title" }).order).toEqual({ field: "title", direction: "desc" })
    expect(resolveFindConfig(spec, { order: "title" }).order).toEqual({ field: "title", direction: "asc" })
  })
})
