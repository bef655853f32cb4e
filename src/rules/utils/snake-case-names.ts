import pluralize from "pluralize";

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

/**
 * The index of the word that carries a snake_case name's grammatical number: the last word with no
 * digit, so `orders_2024` and `events_v2` are judged by `orders` and `events`; -1 when there is none.
 */
function nounIndex(words: readonly string[]): number {
  for (let i = words.length - 1; i >= 0; i--) {
    if (!/\d/u.test(words[i] ?? "")) return i;
  }
  return -1;
}

/** Whether a snake_case name is plural (per the pluralize library; uncountable words such as `data` count). */
export function isPluralSnakeName(name: string): boolean {
  const words = name.split("_");
  const noun = words[nounIndex(words)];
  return noun === undefined || noun === "" || pluralize.isPlural(noun);
}

/** The plural of a snake_case name (`category` → `categories`, `order_item_2024` → `order_items_2024`). */
export function pluralSnakeName(name: string): string {
  const words = name.split("_");
  const i = nounIndex(words);
  const noun = words[i];
  if (noun === undefined) return name;
  words[i] = pluralize.plural(noun);
  return words.join("_");
}
