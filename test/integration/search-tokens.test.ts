import { beforeAll, describe, expect, it } from "vitest"
import { env } from "cloudflare:workers"
import { searchTermSet, searchTokens } from "../../src/domain/search-tokens"

/** [text, the words FTS5's unicode61 remove_diacritics 2 tokenizer produces (observed in workerd's SQLite)]. */
const CASES: [string, string[]][] = [
  ["Medusa T-Shirt (XL) SKU-9999-M", ["medusa", "t", "shirt", "xl", "sku", "9999", "m"]],
  ["under_score a.b a'b a’b a@b a+b", ["under", "score", "a", "b", "a", "b", "a", "b", "a", "b", "a", "b"]],
  ["tab\tnew\nline a\u00a0b a\u200bb a\u0000b", ["tab", "new", "line", "a", "b", "a", "b", "a", "b"]],
  ["Crème brûlée", ["creme", "brulee"]],
  ["Øresund ø æ œ Łódź", ["øresund", "ø", "æ", "œ", "łodz"]],
  ["Việt Nam Đà Nẵng", ["viet", "nam", "đa", "nang"]],
  ["Ǻ ǖ ȁ Ơ ư ḑ ỹ Å", ["a", "u", "a", "o", "u", "d", "y", "a"]],
  ["Straße ẞ ŉ ȷ ª", ["straße", "ß", "ŉ", "ȷ", "ª"]],
  ["İstanbul ı ſ µ K Ω ẛ", ["istanbul", "ı", "s", "μ", "k", "ω", "s"]],
  ["ϐ ϑ ϕ ϖ ϰ ϱ ϵ ι", ["β", "θ", "φ", "π", "κ", "ρ", "ε", "ι"]],
  ["Ǆ ǅ ǈ Ǳ", ["ǆ", "ǆ", "ǉ", "ǳ"]],
  // Decomposed diacritics in U+0300–U+0331 are part of the word and dropped, whatever the script.
  ["e\u0301te\u0301 x\u0300\u0301y α\u0301β и\u0306 à\u0301", ["ete", "xy", "αβ", "и", "a"]],
  // Other combining marks separate words.
  ["a\u0332b a\u0345b a\u20d0b", ["a", "b", "a", "b", "a", "b"]],
  // No compatibility mapping.
  ["ﬁsh ﬃ Ａｂｃ １２ x² ½ ⅷ ｶﾀｶﾅ", ["ﬁsh", "ﬃ", "ａｂｃ", "１２", "x²", "½", "ⅷ", "ｶﾀｶﾅ"]],
  // Other scripts keep their diacritics.
  ["Ελληνικά ά Ϊ ΣΊΣΥΦΟΣ ς", ["ελληνικά", "ά", "ϊ", "σίσυφοσ", "σ"]],
  ["Привет Ёж й", ["привет", "ёж", "й"]],
  ["日本語テスト 한국어 ภาษาไทย", ["日本語テスト", "한국어", "ภาษาไทย"]],
  ["हिन्दी", ["ह", "न", "द"]],
  ["𐐀𐐨 𝐀𝐁", ["𐐨𐐨", "𝐀𝐁"]],
  ["a😀b a♥b ℃ Ⓐ", ["a", "b", "a", "b"]],
]

describe("searchTokens", () => {
  it.each(CASES)("splits %j", (text, words) => {
    expect(searchTokens(text)).toEqual(words)
  })

  it("collects the distinct words of several texts, sorted", () => {
    expect(searchTermSet(["Medusa T-Shirt", null, "t-shirt", undefined, "S / Black TSHIRT-S-BLACK"])).toEqual([
      "black", "medusa", "s", "shirt", "t", "tshirt",
    ])
    expect(searchTermSet([])).toEqual([])
  })
})

describe("agreement with SQLite's tokenizer", () => {
  beforeAll(async () => {
    // A scratch FTS5 table with product_search's tokenizer; fts5vocab lists what it indexed (tests only: the
    // production schema does not rely on fts5vocab).
    await env.DB.batch([
      env.DB.prepare(`CREATE VIRTUAL TABLE tokens_probe USING fts5(x, tokenize = 'unicode61 remove_diacritics 2')`),
      env.DB.prepare(`CREATE VIRTUAL TABLE tokens_probe_v USING fts5vocab(tokens_probe, 'instance')`),
      ...CASES.map(([text], i) => env.DB.prepare(`INSERT INTO tokens_probe (rowid, x) VALUES (?, ?)`).bind(i + 1, text)),
    ])
  })

  it.each(CASES.map(([text], i) => [text, i + 1] as const))("FTS5 indexes %j the same way", async (text, doc) => {
    const { results } = await env.DB.prepare(`SELECT term FROM tokens_probe_v WHERE doc = ? ORDER BY offset`).bind(doc).all<{ term: string }>()
    expect(results.map((r) => r.term)).toEqual(searchTokens(text))
  })
})
