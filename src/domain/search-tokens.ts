/**
 * Words as the `product_search` FTS5 index sees them (`tokenize = 'unicode61 remove_diacritics 2'`,
 * migrations/0002_catalog.sql). The importer stores these words in `search_term` for typo tolerance and the search
 * provider splits queries with them, so both must agree with SQLite's tokenizer:
 * - letters, digits and private-use characters (Unicode categories L*, N*, Co) make up words; everything else
 *   separates them, including most combining marks (`हिन्दी` → `ह`, `न`, `द`);
 * - the combining diacritics SQLite knows (a set within U+0300–U+0331) belong to the word and are dropped
 *   (`e\u0301te\u0301` → `ete`);
 * - characters are case-folded one at a time (`ſ` → `s`, `µ` → `μ`, `ς` → `σ`), with no compatibility mapping
 *   (`ﬁ`, `Ａ`, `²` stay as they are);
 * - Latin letters lose their diacritics (`Łódź` → `łodz`, `Đà Nẵng` → `đa nang`); other scripts keep theirs
 *   (`ά`, `й`).
 * Unicode versions differ (SQLite's tables are Unicode 6.1), so characters assigned since then may split or fold
 * differently; test/integration/search-tokens.test.ts checks this function against SQLite itself.
 */

/** SQLite's sqlite3Fts5UnicodeIsdiacritic: the combining marks in U+0300–U+0331 that fold to nothing. */
function isDiacritic(codePoint: number): boolean {
  if (codePoint < 0x300 || codePoint > 0x331) return false
  const bit = codePoint - 0x300
  return bit < 32 ? ((0x08029fdf >>> bit) & 1) === 1 : ((0x000361f8 >>> (bit - 32)) & 1) === 1
}

const WORD_CHAR = /^[\p{L}\p{N}\p{Co}]$/u
const LATIN = /^\p{Script=Latin}$/u
const MARKS = /\p{M}/gu
const ASCII = /^[\x00-\x7f]*$/

/** Unicode simple case foldings that differ from toLowerCase() (CaseFolding.txt, status C and S). */
const FOLDS: Record<string, string> = {
  "\u00b5": "\u03bc", // µ → μ
  "\u017f": "s", // ſ
  "\u03c2": "\u03c3", // ς → σ
  "\u03d0": "\u03b2", // ϐ → β
  "\u03d1": "\u03b8", // ϑ → θ
  "\u03d5": "\u03c6", // ϕ → φ
  "\u03d6": "\u03c0", // ϖ → π
  "\u03f0": "\u03ba", // ϰ → κ
  "\u03f1": "\u03c1", // ϱ → ρ
  "\u03f5": "\u03b5", // ϵ → ε
  "\u1e9b": "\u1e61", // ẛ → ṡ
  "\u1fbe": "\u03b9", // ι → ι
}

const folded = new Map<string, string>()

/** One word character, case-folded and (for Latin letters) without diacritics. */
function foldChar(ch: string): string {
  let out = folded.get(ch)
  if (out !== undefined) return out
  out = FOLDS[ch] ?? ch.toLowerCase()
  // `İ` lowers to `i` + U+0307; Latin letters drop every mark (remove_diacritics 2 removes several at once).
  if (LATIN.test(ch)) out = out.normalize("NFD").replace(MARKS, "")
  folded.set(ch, out)
  return out
}

/**
 * The words of `text`, in order, as FTS5's `unicode61 remove_diacritics 2` tokenizer produces them.
 *
 * @example searchTokens("Crème brûlée T-Shirt (XL)") → ["creme", "brulee", "t", "shirt", "xl"]
 */
export function searchTokens(text: string): string[] {
  if (ASCII.test(text)) return text.toLowerCase().match(/[a-z0-9]+/g) ?? []
  const words: string[] = []
  let word = ""
  for (const ch of text) {
    if (isDiacritic(ch.codePointAt(0) ?? 0)) continue
    if (WORD_CHAR.test(ch)) {
      word += foldChar(ch)
    } else if (word) {
      words.push(word)
      word = ""
    }
  }
  if (word) words.push(word)
  return words
}

/** The distinct words of several texts, sorted. */
export function searchTermSet(texts: readonly (string | null | undefined)[]): string[] {
  const terms = new Set<string>()
  for (const text of texts) if (text) for (const word of searchTokens(text)) terms.add(word)
  return [...terms].sort()
}
