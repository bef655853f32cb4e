import type { Catalog } from "../../schema/catalog.js";
import type { Column, Table } from "../../schema/model.js";

/**
 * The columns a table defines itself: columns inherited from a parent the catalog knows (a partition's
 * parent or an `INHERITS` parent) are left out. The fold copies an inherited column with the parent's
 * origin, so reporting it on the child too would repeat the parent's finding at the same place. A
 * partition has exactly its parent's columns (https://www.postgresql.org/docs/current/ddl-partitioning.html),
 * so a partition of a known table has none of its own.
 */
export function ownColumns(catalog: Catalog, table: Table): readonly Readonly<Column>[] {
  // Eight final-schema rules ask for every table's columns: computed once per table and fold state.
  // A table object can be shared by two catalogs (copy on write, see Catalog.writableTable) whose parent
  // tables differ: the catalog is part of the key.
  const cached = memo.get(table);
  if (cached?.catalog === catalog && cached.version === catalog.version) return cached.columns;
  const columns = collectOwnColumns(catalog, table);
  memo.set(table, { catalog, version: catalog.version, columns });
  return columns;
}

const memo = new WeakMap<Table, { catalog: Catalog; version: number; columns: readonly Readonly<Column>[] }>();

function collectOwnColumns(catalog: Catalog, table: Table): Readonly<Column>[] {
  const columns = [...table.columns.values()];
  if (table.partitionOf === undefined && table.inherits.length === 0) return columns;
  const parents = [...(table.partitionOf === undefined ? [] : [table.partitionOf]), ...table.inherits].flatMap((name) => {
    const parent = catalog.tableByName(name);
    return parent === undefined ? [] : [parent];
  });
  if (parents.length === 0) return columns;
  return columns.filter((column) => !parents.some((parent) => parent.columns.has(column.name)));
}
