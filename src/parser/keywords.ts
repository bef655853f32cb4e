import { scanSync } from "./pg-query.js";

const cache = new Map<string, string>();

/**
 * PostgreSQL's keyword category of a word, from the scanner itself (src/include/parser/kwlist.h):
 * `RESERVED_KEYWORD`, `TYPE_FUNC_NAME_KEYWORD`, `COL_NAME_KEYWORD`, `UNRESERVED_KEYWORD` or `NO_KEYWORD`.
 */
export function keywordCategory(word: string): string {
  const key = word.toLowerCase();
  // Keywords are letters and underscores only: anything else is no keyword, without a scanner call.
  if (!/^[a-z_]+$/u.test(key)) return "NO_KEYWORD";
  let category = cache.get(key);
  if (category === undefined) {
    try {
      const tokens = scanSync(key).tokens;
      category = tokens.length === 1 ? (tokens[0]?.keywordName ?? "NO_KEYWORD") : "NO_KEYWORD";
    } catch {
      category = "NO_KEYWORD";
    }
    cache.set(key, category);
  }
  return category;
}
