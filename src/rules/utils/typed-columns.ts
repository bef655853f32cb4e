import type { Catalog } from "../../schema/catalog.js";
import type { Column, Origin, Table } from "../../schema/model.js";
import { ownColumns } from "./own-columns.js";

export interface TableColumn {
  readonly table: Table;
  readonly column: Column;
}

function originKey(origin: Origin): string {
  return `${origin.file}\u0000${String(origin.location)}`;
}

function definedBy(table: Table, column: Column): boolean {
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
  const byOrigin = new Map<string, TableColumn>();
  for (const table of catalog.allTables()) {
    if (table.foreign) continue;
    for (const column of ownColumns(catalog, table)) {
      const key = originKey(column.typeOrigin);
      const seen = byOrigin.get(key);
      if (seen === undefined || (!definedBy(seen.table, seen.column) && definedBy(table, column))) byOrigin.set(key, { table, column });
    }
  }
  return [...byOrigin.values()];
}
