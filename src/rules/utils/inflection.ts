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

/** Whether a snake_case name's last word is plural (uncountable words such as `data` count as plural). */
export function isPluralName(name: string): boolean {
  const last = name.split("_").at(-1) ?? "";
  return pluralize.isPlural(last);
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
