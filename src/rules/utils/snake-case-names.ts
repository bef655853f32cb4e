
/**
 * Whether PostgreSQL can read the name unquoted with this exact spelling: it folds unquoted
 * identifiers to lower case, so a name with an upper-case letter (or a character outside
 * `[a-z0-9_]`) only exists in double quotes, in every query that uses it.
 * https://www.postgresql.org/docs/current/sql-syntax-lexical.html#SQL-SYNTAX-IDENTIFIERS
 */
export function isLowerCaseIdentifier(name: string): boolean {
  return /^[a-z_][a-z0-9_]*$/u.test(name);
}

/** snake_case: lower-case words of letters and digits joined by single underscores (`order_items`, `address_line1`). */
export function isSnakeCase(name: string): boolean {
  return /^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$/u.test(name);
}

/** The snake_case spelling of a name (`orderItems` → `order_items`, `HTTPStatus` → `http_status`), or undefined when none fits. */
export function toSnakeCase(name: string): string | undefined {
  const snake = name
    .replace(/([a-z0-9])([A-Z])/gu, "$1_$2")
    .replace(/([A-Z]+)([A-Z][a-z])/gu, "$1_$2")
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/gu, "")
    .replace(/[^a-z0-9]+/gu, "_")
    .replace(/^_+|_+$/gu, "");
  return isSnakeCase(snake) ? snake : undefined;
}
