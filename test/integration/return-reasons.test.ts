import { beforeAll, describe, expect, it } from "vitest"
import { api } from "../helpers/api"
import { catalogVersionWindowPassed } from "../helpers/catalog-cache"
import { day, insertRows, returnReasonRow } from "../helpers/catalog-rows"
import { returnReason } from "../../src/db/schema"

const wrongSize = returnReasonRow({
  id: "rr_wrong", value: "wrong_size", label: "Wrong size", description: "Wrong size", metadata: { a: 1 },
  created_at: day(1), updated_at: day(1),
})
const damaged = returnReasonRow({ id: "rr_damaged", value: "damaged", label: "Damaged item", created_at: day(2), updated_at: day(2) })
const damagedBox = returnReasonRow({
  id: "rr_damaged_box", value: "damaged_box", label: "Box damaged", parent_return_reason_id: "rr_damaged", metadata: { box: true },
  created_at: day(3), updated_at: day(3),
})
const damagedOld = returnReasonRow({
  id: "rr_damaged_old", value: "damaged_old", parent_return_reason_id: "rr_damaged", deleted_at: day(4), created_at: day(3), updated_at: day(4),
})
const changed = returnReasonRow({ id: "rr_changed", value: "changed_mind", label: "Changed my mind", created_at: day(3), updated_at: day(3) })
const gone = returnReasonRow({ id: "rr_gone", value: "gone", deleted_at: day(5), created_at: day(1), updated_at: day(5) })

/** v1 selects these columns of the reason itself (no metadata); relations come back whole. */
const own = (r: typeof wrongSize) => ({
  id: r.id,
  created_at: r.created_at,
  updated_at: r.updated_at,
  deleted_at: r.deleted_at,
  value: r.value,
  label: r.label,
  description: r.description,
  parent_return_reason_id: r.parent_return_reason_id,
})
const whole = (r: typeof wrongSize) => ({ ...own(r), metadata: r.metadata })

beforeAll(async () => {
  await insertRows(returnReason, [wrongSize, damaged, damagedBox, damagedOld, changed, gone])
})

describe("GET /store/return-reasons", () => {
  it("lists live top-level reasons in creation order with their live children, in one round trip", async () => {
    catalogVersionWindowPassed()
    const res = await api.get("/store/return-reasons")
    expect(res.status).toBe(200)
    expect(res.body).toEqual({
      return_reasons: [
        { ...own(wrongSize), parent_return_reason: null, return_reason_children: [] },
        { ...own(damaged), parent_return_reason: null, return_reason_children: [whole(damagedBox)] },
        { ...own(changed), parent_return_reason: null, return_reason_children: [] },
      ],
    })
    // the version read (the window has passed) + the page and its relations in one batch
    expect(res.roundTrips).toBe(2)
  })

  it("honours fields: replace (id stays) or +/- adjust, relations still per expand", async () => {
    const replaced = await api.get("/store/return-reasons?fields=value,label")
    expect(replaced.status).toBe(200)
    expect(replaced.body.return_reasons).toEqual([
      { id: "rr_wrong", value: "wrong_size", label: "Wrong size", parent_return_reason: null, return_reason_children: [] },
      { id: "rr_damaged", value: "damaged", label: "Damaged item", parent_return_reason: null, return_reason_children: [whole(damagedBox)] },
      { id: "rr_changed", value: "changed_mind", label: "Changed my mind", parent_return_reason: null, return_reason_children: [] },
    ])
    const adjusted = await api.get("/store/return-reasons?fields=%2Bmetadata,-description,-deleted_at&expand=")
    const { description: _d, deleted_at: _x, ...rest } = own(wrongSize)
    expect(adjusted.body.return_reasons[0]).toEqual({ ...rest, metadata: { a: 1 } })
    expect(Object.keys(adjusted.body.return_reasons[0])).toEqual([
      "id", "created_at", "updated_at", "value", "label", "parent_return_reason_id", "metadata",
    ])
  })

  it("honours expand: none, or only the children", async () => {
    const none = await api.get("/store/return-reasons?expand=")
    expect(none.body.return_reasons).toEqual([own(wrongSize), own(damaged), own(changed)])
    const children = await api.get("/store/return-reasons?expand=return_reason_children&fields=value")
    expect(children.body.return_reasons).toEqual([
      { id: "rr_wrong", value: "wrong_size", return_reason_children: [] },
      { id: "rr_damaged", value: "damaged", return_reason_children: [whole(damagedBox)] },
      { id: "rr_changed", value: "changed_mind", return_reason_children: [] },
    ])
    expect(children.roundTrips).toBe(1)
  })

  it("rejects unknown keys (paging included: v1 has none here), fields and relations with invalid_data", async () => {
    const cases: [string, string][] = [
      ["foo=1", "property foo should not exist"],
      ["limit=1", "property limit should not exist"],
      ["fields=name", "Requested fields [name] are not valid"],
      ["expand=parent", "Requested fields [parent] are not valid"],
      ["fields=value&expand=return_reason_children&q=x", "property q should not exist"],
    ]
    for (const [qs, message] of cases) {
      const res = await api.get(`/store/return-reasons?${qs}`)
      expect(res.status, qs).toBe(400)
      expect(res.body, qs).toEqual({ type: "invalid_data", message })
    }
  })
})

describe("GET /store/return-reasons/:id", () => {
  it("returns a reason with its children", async () => {
    const res = await api.get("/store/return-reasons/rr_damaged")
    expect(res.status).toBe(200)
    expect(res.body).toEqual({
      return_reason: { ...own(damaged), parent_return_reason: null, return_reason_children: [whole(damagedBox)] },
    })
    expect(res.roundTrips).toBe(1)
  })

  it("returns a child reason with its parent", async () => {
    const res = await api.get("/store/return-reasons/rr_damaged_box")
    expect(res.body).toEqual({
      return_reason: { ...own(damagedBox), parent_return_reason: whole(damaged), return_reason_children: [] },
    })
  })

  it("honours fields and expand", async () => {
    const parentOnly = await api.get("/store/return-reasons/rr_damaged_box?expand=parent_return_reason&fields=value,parent_return_reason_id")
    expect(parentOnly.body).toEqual({
      return_reason: { id: "rr_damaged_box", value: "damaged_box", parent_return_reason_id: "rr_damaged", parent_return_reason: whole(damaged) },
    })
    expect(parentOnly.roundTrips).toBe(1)
    const withMetadata = await api.get("/store/return-reasons/rr_damaged_box?fields=%2Bmetadata&expand=")
    expect(withMetadata.body).toEqual({ return_reason: whole(damagedBox) })
  })

  it("rejects unknown keys, fields and relations with invalid_data", async () => {
    const cases: [string, string][] = [
      ["expand=ignored", "Requested fields [ignored] are not valid"],
      ["fields=value,code", "Requested fields [code] are not valid"],
      ["foo=1", "property foo should not exist"],
    ]
    for (const [qs, message] of cases) {
      const res = await api.get(`/store/return-reasons/rr_damaged?${qs}`)
      expect(res.status, qs).toBe(400)
      expect(res.body, qs).toEqual({ type: "invalid_data", message })
    }
  })

  it("answers 404 with v1's message for unknown and deleted reasons", async () => {
    for (const id of ["rr_nope", "rr_gone", "rr_damaged_old"]) {
      const res = await api.get(`/store/return-reasons/${id}`)
      expect(res.status).toBe(404)
      expect(res.body).toEqual({ type: "not_found", message: `Return Reason with id: ${id} was not found.` })
    }
  })
})
