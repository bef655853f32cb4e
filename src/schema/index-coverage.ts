import { stringList, unwrap, type Node } from "../parser/ast.js";
import type { Catalog } from "./catalog.js";
import type { Table } from "./model.js";

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

/** An index that can serve lookups, or the primary key or unique constraint whose index it is. */
export interface LookupIndex {
  readonly name: string;
  readonly kind: "index" | "constraint";
  /** Its key columns, up to the first expression. */
  readonly columns: readonly string[];
}

/**
 * The leading plain-column keys of every index that can serve an equality lookup on a table's rows:
 * btree indexes, the primary key and unique constraints (each backed by a btree index). A partial
 * index counts only when its predicate is implied by equality on its own leading columns
 * (`WHERE col IS NOT NULL`); any other predicate is not implied by the foreign key checks PostgreSQL
 * runs on DELETE/UPDATE of the referenced row.
 */
function btreeKeyPrefixes(catalog: Catalog, table: Table): LookupIndex[] {
  const out: LookupIndex[] = [];
  for (const index of catalog.indexesOf(table)) {
    if (index.method !== "btree") continue;
    const columns: string[] = [];
    for (const key of index.keys) {
      if (key.kind !== "column") break;
      columns.push(key.column);
    }
    if (index.predicate !== undefined && !predicateImpliedByEquality(index.predicate.node, columns)) continue;
    out.push({ name: index.name, kind: "index", columns });
  }
  return [...out, ...keyConstraints(table)];
}

function keyConstraints(table: Table): LookupIndex[] {
  const out: LookupIndex[] = [];
  for (const constraint of table.constraints.values()) {
    if (constraint.kind === "primary key" || constraint.kind === "unique") out.push({ name: constraint.name, kind: "constraint", columns: constraint.columns });
  }
  return out;
}

/**
 * Every unique index and constraint whose keys are all plain columns and that has no predicate: equal
 * values in them identify at most one row.
 */
function uniqueKeys(catalog: Catalog, table: Table): LookupIndex[] {
  const out: LookupIndex[] = [];
  for (const index of catalog.indexesOf(table)) {
    if (!index.unique || index.method !== "btree" || index.predicate !== undefined) continue;
    const columns: string[] = [];
    for (const key of index.keys) if (key.kind === "column") columns.push(key.column);
    if (columns.length === index.keys.length) out.push({ name: index.name, kind: "index", columns });
  }
  return [...out, ...keyConstraints(table)];
}

/**
 * The indexes a lookup by `columns` can use: those that have exactly `columns` (in any order among
 * themselves) as their leftmost keys (https://www.postgresql.org/docs/current/indexes-multicolumn.html),
 * and the unique ones whose columns are all among them, which find the one row that can match.
 */
export function lookupIndexes(catalog: Catalog, table: Table, columns: readonly string[]): LookupIndex[] {
  const wanted = new Set(columns);
  const found = btreeKeyPrefixes(catalog, table).filter((i) => i.columns.length >= wanted.size && i.columns.slice(0, wanted.size).every((k) => wanted.has(k)));
  for (const unique of uniqueKeys(catalog, table)) {
    if (unique.columns.length > 0 && unique.columns.every((k) => wanted.has(k)) && !found.some((i) => i.name === unique.name && i.kind === unique.kind)) found.push(unique);
  }
  return found;
}

/** Whether a lookup by `columns` can use an index (see {@link lookupIndexes}). */
export function isCoveredByIndex(catalog: Catalog, table: Table, columns: readonly string[]): boolean {
  return columns.length === 0 || lookupIndexes(catalog, table, columns).length > 0;
}
