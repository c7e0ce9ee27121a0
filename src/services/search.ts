import type { SQL } from "drizzle-orm"
import { listChannelScope } from "../domain/sales-channels"
import { productPageQueries, productWhere, runBatch, type ProductFilter, type ProductRow } from "../db/queries/products"
import { rankedSearchQueries, vocabularyCandidates } from "../db/queries/search"
import type { Database } from "../env"
import type { SearchFilter, SearchProductsBody } from "../schemas/products"
import { searchTokens } from "../domain/search-tokens"
import { decorateProducts, resolveProductConfig, type CatalogCtx } from "./products"
import { toResolvedPricing } from "./pricing-context"

export const DEFAULT_SEARCH_LIMIT = 20
/** Tokens shorter than this are matched as typed (prefix), never "corrected". */
const MIN_TYPO_LENGTH = 4
const MAX_TOKENS = 8
const MAX_CANDIDATES_PER_TOKEN = 8

/** The query's first words, split and folded the way the index's tokenizer does (domain/search-tokens.ts). */
export function tokenize(q: string | undefined): string[] {
  return q ? searchTokens(q).slice(0, MAX_TOKENS) : []
}

/** An FTS5 string literal (tokens are letters and digits only, the quotes just keep FTS5 syntax out). */
const phrase = (term: string) => `"${term.replace(/"/g, '""')}"`

/** Every token must match as the start of some indexed word: `swea shi` → `"swea"* "shi"*`. */
export const prefixMatch = (tokens: readonly string[]) => tokens.map((t) => `${phrase(t)}*`).join(" ")

/**
 * Whether `a` and `b` are at most one edit apart (insert, delete, substitute, or swap two neighbours):
 * O(length), no matrix.
 */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true
  if (Math.abs(a.length - b.length) > 1) return false
  let i = 0
  while (i < a.length && i < b.length && a[i] === b[i]) i++
  if (a.length === b.length) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true // substitution
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2) // transposition
  }
  const [shorter, longer] = a.length < b.length ? [a, b] : [b, a]
  return shorter.slice(i) === longer.slice(i + 1)
}

/** `term` is a plausible reading of `token`: one edit away, or its prefix is (the user was still typing). */
export function isTypoCandidate(token: string, term: string): boolean {
  for (const length of [token.length - 1, token.length, token.length + 1]) {
    if (length >= 1 && length <= term.length && withinOneEdit(token, term.slice(0, length))) return true
  }
  return false
}

/**
 * The typo-tolerant MATCH expression: each token becomes the OR of vocabulary terms it could be a typo of (most
 * frequent first, bounded). Tokens with no candidate are dropped; undefined when nothing is left.
 */
export function typoMatch(tokens: readonly string[], vocabulary: readonly { term: string; doc: number }[]): string | undefined {
  const groups: string[] = []
  for (const token of tokens) {
    const candidates =
      token.length < MIN_TYPO_LENGTH
        ? vocabulary.filter((v) => v.term.startsWith(token))
        : vocabulary.filter((v) => isTypoCandidate(token, v.term))
    const best = [...candidates].sort((x, y) => y.doc - x.doc || x.term.localeCompare(y.term)).slice(0, MAX_CANDIDATES_PER_TOKEN)
    if (best.length) groups.push(`(${best.map((c) => phrase(c.term)).join(" OR ")})`)
  }
  return groups.length ? groups.join(" AND ") : undefined
}

const asList = (value: string | string[] | undefined) => (typeof value === "string" ? [value] : value)

/** Published products in the request's sales channels, narrowed by the provider filters. */
function searchFilter(ctx: CatalogCtx, filter: SearchFilter | undefined): ProductFilter {
  return {
    published_only: true,
    channels: listChannelScope(undefined, ctx.keyScopes),
    ids: asList(filter?.id),
    collection_ids: asList(filter?.collection_id),
    type_ids: asList(filter?.type_id),
    tag_ids: asList(filter?.tags),
    category_ids: asList(filter?.category_id),
    is_giftcard: filter?.is_giftcard,
  }
}

async function runRanked(db: Database, match: string, where: SQL | undefined, page: { limit: number; offset: number }) {
  const { rows, count } = rankedSearchQueries(db, match, where, page)
  const [found, total] = await runBatch(db, [rows, count])
  return {
    products: (found as Awaited<typeof rows>).map((r) => r.product),
    total: (total as Awaited<typeof count>)[0]?.value ?? 0,
  }
}

/**
 * POST /store/products/search, the built-in search provider over the FTS5 `product_search` index:
 * published products in the request's sales channels, ranked by bm25, every word matched as a prefix; when
 * that finds nothing, words are widened to indexed terms one edit away (typo tolerance, bounded reads).
 * Hits are products with their variants (no prices); the response adds Meilisearch-style paging fields.
 */
export async function searchProducts(ctx: CatalogCtx, body: SearchProductsBody) {
  const page = { limit: body.limit ?? DEFAULT_SEARCH_LIMIT, offset: body.offset ?? 0 }
  const filter = searchFilter(ctx, body.filter)
  const where = productWhere(filter)
  const tokens = tokenize(body.q)
  let found: { products: ProductRow[]; total: number }
  if (tokens.length === 0) {
    // No words: everything the filters allow, newest first (what a search engine answers for an empty query).
    const { rows, count } = productPageQueries(ctx.db, filter, { ...page, order: { field: "created_at", direction: "desc" } })
    const [pageRows, total] = await runBatch(ctx.db, [rows, count])
    found = { products: pageRows as Awaited<typeof rows>, total: (total as Awaited<typeof count>)[0]?.value ?? 0 }
  } else {
    found = await runRanked(ctx.db, prefixMatch(tokens), where, page)
    if (found.total === 0) {
      const leading = [...new Set(tokens.flatMap((t) => [...t].slice(0, 2)))]
      const corrected = typoMatch(tokens, await vocabularyCandidates(ctx.db, leading))
      if (corrected) found = await runRanked(ctx.db, corrected, where, page)
    }
  }
  const config = resolveProductConfig({ expand: "variants" }, false)
  const hits = await decorateProducts(ctx.db, found.products, config, toResolvedPricing({}, undefined))
  return { hits, query: body.q ?? "", offset: page.offset, limit: page.limit, estimatedTotalHits: found.total }
}
