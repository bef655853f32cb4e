import pluralize from "pluralize";
import type { Catalog } from "../../schema/catalog.js";
import type { Table } from "../../schema/model.js";

/** The singular of a snake_case name's last word (`order_items` → `order_item`). */
export function singularName(name: string): string {
  const words = name.split("_");
  const last = words.pop() ?? "";
  return [...words, pluralize.singular(last)].join("_");
}

/** The plural of a snake_case name's last word (`order_item` → `order_items`). */
export function pluralName(name: string): string {
  const words = name.split("_");
  const last = words.pop() ?? "";
  return [...words, pluralize.plural(last)].join("_");
}

/**
 * The table a `<x>_id` style prefix names: `<x>` itself, or its plural or singular form, looked up in
 * `schema` first and then along the search path (`customer` → `customers`, `person` → `people`).
 */
export function tableNamedBy(catalog: Catalog, prefix: string, schema: string): Table | undefined {
  const candidates = [...new Set([prefix, pluralName(prefix), singularName(prefix)])];
  for (const name of candidates) {
    const table = catalog.table(schema, name);
    if (table !== undefined) return table;
  }
  for (const name of candidates) {
    const table = catalog.table(undefined, name);
    if (table !== undefined) return table;
  }
  return undefined;
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
