import { stringList, unwrap, type Node } from "../../parser/ast.js";
import type { Catalog } from "../../schema/catalog.js";
import type { Table } from "../../schema/model.js";

/**
 * Whether a partial index's predicate is only `col IS NOT NULL` tests (alone or AND-ed) on the given
 * columns. An equality lookup `col = $1` uses a strict operator, which implies `col IS NOT NULL`, so
 * PostgreSQL's predicate proof lets such a lookup use the index
 * (https://www.postgresql.org/docs/current/indexes-partial.html).
 */
export function predicateImpliedByEquality(predicate: Node, columns: readonly string[]): boolean {
  const test = unwrap(predicate, "NullTest");
  if (test !== undefined) {
    const column = stringList(unwrap(test.arg, "ColumnRef")?.fields).at(-1);
    return test.nulltesttype === "IS_NOT_NULL" && column !== undefined && columns.includes(column);
  }
  const bool = unwrap(predicate, "BoolExpr");
  if (bool?.boolop === "AND_EXPR") return (bool.args ?? []).every((arg) => predicateImpliedByEquality(arg, columns));
  return false;
}

/**
 * The leading plain-column keys of every index that can serve an equality lookup on a table's rows:
 * btree indexes, the primary key and unique constraints (each backed by a btree index). A partial
 * index counts only when its predicate is implied by equality on its own leading columns
 * (`WHERE col IS NOT NULL`); any other predicate is not implied by the foreign key checks PostgreSQL
 * runs on DELETE/UPDATE of the referenced row.
 */
export function btreeKeyPrefixes(catalog: Catalog, table: Table): string[][] {
  const out: string[][] = [];
  for (const index of catalog.indexesOf(table)) {
    if (index.method !== "btree") continue;
    const columns: string[] = [];
    for (const key of index.keys) {
      if (key.kind !== "column") break;
      columns.push(key.column);
    }
    if (index.predicate !== undefined && !predicateImpliedByEquality(index.predicate.node, columns)) continue;
    out.push(columns);
  }
  for (const constraint of table.constraints.values()) {
    if (constraint.kind === "primary key" || constraint.kind === "unique") out.push([...constraint.columns]);
  }
  return out;
}

/**
 * The key columns of every unique index and constraint whose keys are all plain columns and that has no
 * predicate: equal values in them identify at most one row.
 */
function uniqueKeys(catalog: Catalog, table: Table): string[][] {
  const out: string[][] = [];
  for (const index of catalog.indexesOf(table)) {
    if (!index.unique || index.method !== "btree" || index.predicate !== undefined) continue;
    const columns: string[] = [];
    for (const key of index.keys) if (key.kind === "column") columns.push(key.column);
    if (columns.length === index.keys.length) out.push(columns);
  }
  for (const constraint of table.constraints.values()) {
    if (constraint.kind === "primary key" || constraint.kind === "unique") out.push([...constraint.columns]);
  }
  return out;
}

/**
 * Whether a lookup by `columns` can use an index: some index has exactly `columns` (in any order among
 * themselves) as its leftmost keys (https://www.postgresql.org/docs/current/indexes-multicolumn.html), or
 * a unique index's columns are all among them, so the index finds the one row that can match.
 */
export function isCoveredByIndex(catalog: Catalog, table: Table, columns: readonly string[]): boolean {
  if (columns.length === 0) return true;
  const wanted = new Set(columns);
  const prefix = btreeKeyPrefixes(catalog, table).some(
    (keys) => keys.length >= wanted.size && keys.slice(0, wanted.size).every((k) => wanted.has(k)),
  );
  return prefix || uniqueKeys(catalog, table).some((keys) => keys.length > 0 && keys.every((k) => wanted.has(k)));
}
