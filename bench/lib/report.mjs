// The table: each figure with its ratio to the original Medusa (same scenario, same run) and to the /health floor.

/** D1 round trips per request before this change (issue 9 and the tests at e33e9eb), for the latency budget. */
export const BEFORE_TRIPS = {
  list: 3, handle: 3, "by-id": 3, deep: 3, search: 2, "add-item": 6, "cart-1": 1, "cart-10": 1, "cart-100": 1, "cart-200": 1,
}

const fmt = (n, digits = 0) => (n === null || n === undefined || Number.isNaN(n) ? "—" : Number(n).toFixed(digits))
const ratio = (a, b) => (a && b ? `${(a / b).toFixed(1)}×` : "—")

export function resultsTable(edge, medusa) {
  const floor = edge.find((r) => r.key === "floor")
  const head = [
    "| scenario | req/s | p50 ms | p99 ms | D1 trips | x-cache | Medusa req/s | Medusa p99 | × Medusa | % of floor | failed |",
    "|---|---|---|---|---|---|---|---|---|---|---|",
  ]
  const rows = edge.map((r) => {
    const m = medusa?.find((x) => x.key === r.key)
    const digits = r.key === "checkout" ? 2 : 0
    const pctFloor = floor && r.key !== "floor" ? `${Math.round((100 * r.rps) / floor.rps)} %` : "—"
    return `| ${r.name} | ${fmt(r.rps, digits)} | ${fmt(r.p50)} | ${fmt(r.p99)} | ${r.trips ?? "—"}${r.missTrips ? ` (miss ${r.missTrips})` : ""}${r.coldTrips ? ` (cold ${r.coldTrips})` : ""} | ${r.cache ?? "—"} | ${fmt(m?.rps, digits)} | ${fmt(m?.p99)} | ${ratio(r.rps, m?.rps)} | ${pctFloor} | ${r.failed + (m?.failed ?? 0)} |`
  })
  return [...head, ...rows].join("\n")
}

/**
 * What a shopper far from D1's primary waits for D1 alone: round trips × `hopMs` (one Worker → primary round trip).
 * Catalog hits cost 0; misses and carts their measured count.
 */
export function latencyBudgetTable(edge, hopMs) {
  const head = [`| scenario | D1 trips before | budget before | D1 trips now | budget now |`, "|---|---|---|---|---|"]
  const rows = edge
    .filter((r) => r.key !== "floor")
    .map((r) => {
      const before = BEFORE_TRIPS[r.key]
      const now = r.trips === null || r.trips === undefined ? null : Number(r.trips)
      return `| ${r.name} | ${before ?? "—"} | ${before === undefined ? "—" : `${before * hopMs} ms`} | ${now ?? "—"} | ${now === null ? "—" : `${now * hopMs} ms`} |`
    })
  return [...head, ...rows].join("\n")
}
