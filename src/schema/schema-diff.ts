import { tagOf, type Node } from "../parser/ast.js";
import { displayName, type Catalog } from "./catalog.js";
import { canonicalExpressionKey } from "./expression-canonical.js";
import type { Column, Constraint, Index, IndexKey, Sequence, Table } from "./model.js";

export type SchemaObjectKind = "schema" | "table" | "column" | "constraint" | "index" | "type" | "enum value" | "view" | "sequence" | "function";

/** One named object that differs between two catalogs. */
export interface SchemaDifference {
  readonly kind: SchemaObjectKind;
  /** For messages: `"orders"`, `"total" of "orders"`, `'b' of "status"`. */
  readonly display: string;
  /** Only in the second catalog, only in the first, or in both but different. */
  readonly change: "added" | "missing" | "changed";
  /** For `changed`: what it is in the first catalog and in the second (`text NOT NULL`). */
  readonly before?: string;
  readonly after?: string;
}

/**
 * How expressions are shown: the rules pass their SQL renderer (src/rules/utils/expression-sql.ts), which
 * the schema model does not depend on. Without one, or for a form it does not render, an expression is
 * shown as `(expression)`.
 */
export interface DifferenceOptions {
  readonly expressionSql?: (node: Node) => string | undefined;
  /**
   * Leaves out the columns of a table whose column list one of the catalogs does not know
   * (`columnsKnown`: `CREATE TABLE AS` of a query the model cannot follow): they would differ by what
   * the model does not know, not by what the migrations do. `--debug`'s comparison with PostgreSQL
   * wants exactly those gaps, so it is an option.
   */
  readonly onlyKnownColumns?: boolean;
}

function columnDetail(c: Column): string {
  return `${c.type.display}${c.notNull ? " NOT NULL" : ""}`;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** `REFERENCES p` means p's primary key: compared by the columns it resolves to in that catalog. */
function referencedColumns(c: Constraint, catalog: Catalog): readonly string[] {
  if (c.references === undefined || c.references.columns.length > 0) return c.references?.columns ?? [];
  const table = catalog.tableByName(c.references.table);
  return (table === undefined ? undefined : catalog.primaryKey(table)?.columns) ?? [];
}

function constraintDetail(c: Constraint, catalog: Catalog): string {
  const refs = c.references === undefined ? "" : ` REFERENCES ${displayName(c.references.table)} (${referencedColumns(c, catalog).join(", ")})`;
  // `ADD PRIMARY KEY USING INDEX i` of an index the migrations do not show: its columns are not known.
  const key = c.columns.length === 0 && c.usingIndex !== undefined ? ` USING INDEX "${c.usingIndex}"` : ` (${c.columns.join(", ")})`;
  return `${c.kind.toUpperCase()}${key}${refs}${c.notValid ? " NOT VALID" : ""}`;
}

/** Index expressions that need no parentheses of their own in a key list (function calls, as pg_get_indexdef prints them). */
const BARE_EXPRESSIONS: ReadonlySet<string> = new Set(["FuncCall", "CoalesceExpr", "MinMaxExpr", "SQLValueFunction"]);

function keyDetail(k: IndexKey, options: DifferenceOptions): string {
  let sql: string;
  if (k.kind === "column") sql = k.column;
  else {
    const text = options.expressionSql?.(k.expression.node);
    sql = text === undefined ? "(expression)" : BARE_EXPRESSIONS.has(tagOf(k.expression.node)) ? text : `(${text})`;
  }
  return `${sql}${k.opclass === undefined ? "" : ` ${k.opclass}`}${k.descending ? " DESC" : ""}`;
}

function indexDetail(i: Index, options: DifferenceOptions): string {
  const keys = i.keys.map((k) => keyDetail(k, options)).join(", ");
  return `${i.unique ? "UNIQUE " : ""}ON ${displayName(i.table)} USING ${i.method} (${keys})${i.predicate === undefined ? "" : " WHERE …"}`;
}

/** A sequence's owner: a sequence no longer owned by its column outlives the column's table. */
function sequenceDetail(s: Sequence): string {
  const owner = s.ownedBy;
  if (owner === undefined) return "OWNED BY NONE";
  return `${owner.identity === true ? "the identity of" : "OWNED BY"} ${displayName(owner.table)}."${owner.column}"`;
}

/** Compares with the details only when they may differ: details build strings, the common case is equal. */
function sameConstraint(a: Constraint, ca: Catalog, b: Constraint, cb: Catalog): boolean {
  return a.kind === b.kind && a.notValid === b.notValid && sameList(a.columns, b.columns) && (a.references === b.references || constraintDetail(a, ca) === constraintDetail(b, cb));
}

/**
 * Key expressions compare by their canonical keys: a down written from pg_dump's output spells
 * `lower(name)` of a varchar column `lower((name)::text)` and may qualify functions, and PostgreSQL
 * stores both spellings the same way (see canonicalExpressionKey). Without a renderer (the comparison
 * with a replayed database) expressions are shown and compared as `(expression)`.
 */
function sameKeys(a: Index, ca: Catalog, b: Index, cb: Catalog, options: DifferenceOptions): boolean {
  if (options.expressionSql === undefined) return indexDetail(a, options) === indexDetail(b, options);
  if (a.keys.length !== b.keys.length) return false;
  const ta = ca.tableByName(a.table);
  const tb = cb.tableByName(b.table);
  return a.keys.every((x, i) => {
    const y = b.keys[i];
    if (x.descending !== y?.descending || x.opclass !== y.opclass) return false;
    if (x.kind === "column") return y.kind === "column" && x.column === y.column;
    return y.kind === "expression" && canonicalExpressionKey(x.expression, ta, ca) === canonicalExpressionKey(y.expression, tb, cb);
  });
}

function sameIndex(a: Index, ca: Catalog, b: Index, cb: Catalog, options: DifferenceOptions): boolean {
  // Key lists and the table are replaced, never mutated, by the fold: identical references are equal.
  if (a.unique !== b.unique || a.method !== b.method || (a.predicate === undefined) !== (b.predicate === undefined)) return false;
  if (a.table !== b.table && (a.table.schema !== b.table.schema || a.table.name !== b.table.name)) return false;
  return a.keys === b.keys || sameKeys(a, ca, b, cb, options);
}

/** Calls `visit` for every key of `a` (with its value in `b`, if any) and every key only in `b`. */
function walk<T>(a: ReadonlyMap<string, T>, b: ReadonlyMap<string, T>, visit: (key: string, x: T | undefined, y: T | undefined) => void): void {
  for (const [key, value] of a) visit(key, value, b.get(key));
  if (b.size === a.size) {
    // Same size and every key of `a` found in `b` (the common case) means no key only in `b`.
    let all = true;
    for (const key of a.keys()) {
      if (!b.has(key)) {
        all = false;
        break;
      }
    }
    if (all) return;
  }
  for (const [key, value] of b) if (!a.has(key)) visit(key, undefined, value);
}

function named<T>(out: SchemaDifference[], kind: SchemaObjectKind, a: T | undefined, b: T | undefined, display: (x: T) => string): boolean {
  if (a === undefined && b !== undefined) out.push({ kind, display: display(b), change: "added" });
  else if (a !== undefined && b === undefined) out.push({ kind, display: display(a), change: "missing" });
  else return a !== undefined;
  return false;
}

function tableParts(out: SchemaDifference[], a: Table, ca: Catalog, b: Table, cb: Catalog, options: DifferenceOptions): void {
  // Names are only built for differences; most tables have none.
  let name: string | undefined;
  const table = (): string => (name ??= displayName(b));
  const columns = options.onlyKnownColumns !== true || (a.columnsKnown && b.columnsKnown);
  if (columns) walk(a.columns, b.columns, (_key, x, y) => {
    if (!named(out, "column", x, y, (c) => `"${c.name}" of ${table()}`) || x === undefined || y === undefined) return;
    if (x.notNull === y.notNull && x.type.display === y.type.display) return;
    out.push({ kind: "column", display: `"${y.name}" of ${table()}`, change: "changed", before: columnDetail(x), after: columnDetail(y) });
  });
  walk(a.constraints, b.constraints, (_key, x, y) => {
    if (named(out, "constraint", x, y, (c) => `"${c.name}" on ${table()}`) && x !== undefined && y !== undefined && !sameConstraint(x, ca, y, cb)) {
      out.push({ kind: "constraint", display: `"${y.name}" on ${table()}`, change: "changed", before: constraintDetail(x, ca), after: constraintDetail(y, cb) });
    }
  });
}

/**
 * The named objects that differ between two catalogs: what `down-migration-mismatch` finds between the
 * schema before an up migration and after its down. Objects are matched by their current names, so a
 * rename the down does not reverse shows up as one object missing and another added. A table (or enum)
 * only in one catalog is one difference, not one per column (or value); its indexes go with it.
 * Linear in the catalogs' size with no string built for equal objects, and tables still shared by the
 * two catalogs are skipped: it runs once per migration.
 */
export function schemaDifferences(a: Catalog, b: Catalog, options: DifferenceOptions = {}): SchemaDifference[] {
  const out: SchemaDifference[] = [];
  for (const name of a.schemas.keys()) if (!b.schemas.has(name)) out.push({ kind: "schema", display: `"${name}"`, change: "missing" });
  for (const name of b.schemas.keys()) if (!a.schemas.has(name)) out.push({ kind: "schema", display: `"${name}"`, change: "added" });
  const onlyInOne = new Set<string>();
  walk(a.tables, b.tables, (key, x, y) => {
    // A table the two catalogs still share (Catalog.writableTable copies on write) is unchanged.
    if (x === y) return;
    if (named(out, "table", x, y, displayName) && x !== undefined && y !== undefined) tableParts(out, x, a, y, b, options);
    else onlyInOne.add(key);
  });
  walk(a.indexes, b.indexes, (_key, x, y) => {
    if (x === y) return;
    const table = (x ?? y)?.table;
    if (table !== undefined && onlyInOne.has(`${table.schema}.${table.name}`)) return;
    if (named(out, "index", x, y, displayName) && x !== undefined && y !== undefined && !sameIndex(x, a, y, b, options)) {
      out.push({ kind: "index", display: displayName(y), change: "changed", before: indexDetail(x, options), after: indexDetail(y, options) });
    }
  });
  walk(a.types, b.types, (_key, x, y) => {
    if (!named(out, "type", x, y, displayName) || x === undefined || y === undefined) return;
    if (x.kind !== "enum" || y.kind !== "enum") return;
    const before = new Set(x.values);
    const after = new Set(y.values);
    for (const v of y.values) if (!before.has(v)) out.push({ kind: "enum value", display: `'${v}' of ${displayName(y)}`, change: "added" });
    for (const v of x.values) if (!after.has(v)) out.push({ kind: "enum value", display: `'${v}' of ${displayName(x)}`, change: "missing" });
  });
  walk(a.views, b.views, (_key, x, y) => named(out, "view", x, y, displayName));
  walk(a.sequences, b.sequences, (_key, x, y) => {
    if (x === y || !named(out, "sequence", x, y, displayName) || x === undefined || y === undefined) return;
    const before = sequenceDetail(x);
    const after = sequenceDetail(y);
    if (before !== after) out.push({ kind: "sequence", display: displayName(y), change: "changed", before, after });
  });
  walk(a.routines, b.routines, (_key, x, y) => named(out, "function", x, y, (r) => `${displayName(r)}(${r.arguments})`));
  return out;
}
