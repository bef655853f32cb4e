import type { Catalog } from "../../schema/catalog.js";
import type { Table } from "../../schema/model.js";

/**
 * The leading plain-column keys of every index that can serve an equality lookup on a table's rows:
 * non-partial btree indexes, the primary key and unique constraints (each backed by a btree index).
 * A partial index is left out: it only serves queries whose WHERE implies its predicate, and the
 * foreign key checks PostgreSQL runs on DELETE/UPDATE of the referenced row do not.
 */
export function btreeKeyPrefixes(catalog: Catalog, table: Table): string[][] {
  const out: string[][] = [];
  for (const index of catalog.indexesOf(table)) {
    if (index.method !== "btree" || index.predicate !== undefined) continue;
    const columns: string[] = [];
    for (const key of index.keys) {
      if (key.kind !== "column") break;
      columns.push(key.column);
    }
    out.push(columns);
  }
  for (const constraint of table.constraints.values()) {
    if (constraint.kind === "primary key" || constraint.kind === "unique") out.push([...constraint.columns]);
  }
  return out;
}

/**
 * Whether some index has exactly `columns` (in any order among themselves) as its leftmost keys,
 * so a lookup by those columns can use it (https://www.postgresql.org/docs/current/indexes-multicolumn.html).
 */
export function isCoveredByIndex(catalog: Catalog, table: Table, columns: readonly string[]): boolean {
  if (columns.length === 0) return true;
  const wanted = new Set(columns);
  return btreeKeyPrefixes(catalog, table).some(
    (keys) => keys.length >= wanted.size && keys.slice(0, wanted.size).every((k) => wanted.has(k)),
  );
}
