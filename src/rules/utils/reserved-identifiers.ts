import pluralize from "pluralize";
import { keywordCategory } from "../../parser/keywords.js";
import { singularName } from "./inflection.js";

/** The key word categories PostgreSQL does not accept as a table or column name unless quoted. */
export type ReservedCategory = "RESERVED_KEYWORD" | "TYPE_FUNC_NAME_KEYWORD";

/**
 * The category of a lower-case name that is a key word PostgreSQL does not accept unquoted as a table
 * or column name, else undefined. The grammar takes table and column names as `ColId`, which admits
 * unreserved and COL_NAME key words but neither RESERVED nor TYPE_FUNC_NAME ones (the manual lists
 * both as "reserved": https://www.postgresql.org/docs/current/sql-keywords-appendix.html). Names with
 * upper-case letters or other characters need quotes anyway and are not key words as written.
 */
export function reservedKeywordCategory(name: string): ReservedCategory | undefined {
  if (!/^[a-z_][a-z0-9_$]*$/u.test(name)) return undefined;
  const category = keywordCategory(name);
  return category === "RESERVED_KEYWORD" || category === "TYPE_FUNC_NAME_KEYWORD" ? category : undefined;
}

/** Whether a name can be written unquoted as a table or column name. */
function usableUnquoted(name: string): boolean {
  return /^[a-z_][a-z0-9_]*$/u.test(name) && reservedKeywordCategory(name) === undefined;
}

/** A table name to use instead of a reserved word: its plural (`user` → `users`), else `<word>_records`. */
export function tableNameInsteadOf(word: string): string {
  const plural = pluralize.plural(word);
  return plural !== word && usableUnquoted(plural) ? plural : `${word}_records`;
}

/**
 * A column name to use instead of a reserved word: prefixed with the table's singular
 * (`category` + `order` → `category_order`), else `<word>_value`; `taken` avoids existing columns.
 */
export function columnNameInsteadOf(word: string, tableName: string, taken: (name: string) => boolean): string {
  const singular = singularName(tableName);
  const prefixed = `${singular}_${word}`;
  const base = singular !== word && usableUnquoted(prefixed) ? prefixed : `${word}_value`;
  let candidate = base;
  for (let n = 2; taken(candidate); n++) candidate = `${base}_${n}`;
  return candidate;
}
