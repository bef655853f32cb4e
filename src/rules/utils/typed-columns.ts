import type { Catalog } from "../../schema/catalog.js";
import type { Column, Table } from "../../schema/model.js";
import { ownColumns } from "./own-columns.js";

export interface TableColumn {
  readonly table: Table;
  readonly column: Readonly<Column>;
}

function definedBy(table: Table, column: Readonly<Column>): boolean {
  return column.typeOrigin.file === table.origin.file && column.typeOrigin.statementIndex === table.origin.statementIndex;
}

/**
 * The columns whose declared type the data-type rules judge, in table order: the own columns of every
 * table (a partition's or an inheritance child's inherited columns belong to the parent), foreign
 * tables left out (their types describe data stored elsewhere), and each type declaration once.
 * `CREATE TABLE copy (LIKE source)` copies a column together with the source's origins, so the copy
 * and the source would be reported at the same place: the table whose own statement declares the type
 * is kept. https://www.postgresql.org/docs/current/sql-createtable.html#SQL-CREATETABLE-PARMS-LIKE
 */
export function typedColumns(catalog: Catalog): readonly TableColumn[] {
  // Eight data-type rules walk the same list: compute it once per fold state.
  const cached = memo.get(catalog);
  if (cached?.version === catalog.version) return cached.columns;
  const columns = collectTypedColumns(catalog);
  memo.set(catalog, { version: catalog.version, columns });
  return columns;
}

const memo = new WeakMap<Catalog, { version: number; columns: readonly TableColumn[] }>();

function collectTypedColumns(catalog: Catalog): TableColumn[] {
  // Indexed by file, then location (no string key per column): positions in `out`, which keeps the
  // order in which each declaration was first seen.
  const positions = new Map<string, Map<number, number>>();
  const out: TableColumn[] = [];
  for (const table of catalog.allTables()) {
    if (table.foreign) continue;
    for (const column of ownColumns(catalog, table)) {
      const { file, location } = column.typeOrigin;
      let byLocation = positions.get(file);
      if (byLocation === undefined) {
        byLocation = new Map();
        positions.set(file, byLocation);
      }
      const at = byLocation.get(location);
      if (at === undefined) {
        byLocation.set(location, out.length);
        out.push({ table, column });
        continue;
      }
      const seen = out[at];
      if (seen !== undefined && !definedBy(seen.table, seen.column) && definedBy(table, column)) out[at] = { table, column };
    }
  }
  return out;
}
