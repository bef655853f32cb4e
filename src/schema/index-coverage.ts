import { stringList, unwrap, type Node } from "../parser/ast.js";
import type { Catalog } from "./catalog.js";
import type { Index, Table } from "./model.js";

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
 * The columns of a unique index without a predicate whose keys are all plain columns: equal values in
 * them identify at most one row. Undefined for any other index (an expression key or a partial index
 * does not make the columns unique in general).
 */
export function uniqueIndexColumns(index: Index): string[] | undefined {
  if (!index.unique || index.predicate !== undefined) return undefined;
  const columns = index.keys.flatMap((k) => (k.kind === "column" ? [k.column] : []));
  return columns.length === index.keys.length ? columns : undefined;
}

/** The column sets a primary key, a UNIQUE constraint or a unique index on plain columns ({@link uniqueIndexColumns}) make unique. */
export function uniqueColumnSets(catalog: Catalog, table: Table): (readonly string[])[] {
  const sets: (readonly string[])[] = [];
  for (const c of table.constraints.values()) if (c.kind === "primary key" || c.kind === "unique") sets.push(c.columns);
  for (const index of catalog.indexesOf(table)) {
    const columns = uniqueIndexColumns(index);
    if (columns !== undefined) sets.push(columns);
  }
  return sets;
}

/** Every unique B-tree index and key constraint on plain columns, without a predicate. */
function uniqueKeys(catalog: Catalog, table: Table): LookupIndex[] {
  const out: LookupIndex[] = [];
  for (const index of catalog.indexesOf(table)) {
    const columns = index.method === "btree" ? uniqueIndexColumns(index) : undefined;
    if (columns !== undefined) out.push({ name: index.name, kind: "index", columns });
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
