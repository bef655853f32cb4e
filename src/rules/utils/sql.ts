import { keywordCategory } from "../../parser/keywords.js";
import type { QualifiedName } from "../../schema/model.js";

/**
 * Quotes an identifier the way `quote_ident()` does: only when it is not a plain lower-case name or
 * is a keyword that cannot be used bare as a table or column name.
 */
export function quoteIdentifier(name: string): string {
  const plain = /^[a-z_][a-z0-9_$]*$/u.test(name);
  const category = plain ? keywordCategory(name) : "NO_KEYWORD";
  if (plain && category !== "RESERVED_KEYWORD" && category !== "TYPE_FUNC_NAME_KEYWORD") return name;
  return `"${name.replaceAll('"', '""')}"`;
}

/** `table` or `schema.table` (the schema is omitted for `public`), quoted where needed. */
export function qualifiedSql(name: QualifiedName): string {
  return name.schema === "public" ? quoteIdentifier(name.name) : `${quoteIdentifier(name.schema)}.${quoteIdentifier(name.name)}`;
}

/** `a, b` with each identifier quoted where needed. */
export function columnListSql(columns: readonly string[]): string {
  return columns.map(quoteIdentifier).join(", ");
}

/** `"a", "b"` for messages. */
export function quotedList(names: readonly string[]): string {
  return names.map((n) => `"${n}"`).join(", ");
}
