import { displayName, type Catalog } from "./catalog.js";
import type { Column, Constraint, Index, Table } from "./model.js";

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

function columnDetail(c: Column): string {
  return `${c.type.display}${c.notNull ? " NOT NULL" : ""}`;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function constraintDetail(c: Constraint): string {
  const refs = c.references === undefined ? "" : ` REFERENCES ${displayName(c.references.table)} (${c.references.columns.join(", ")})`;
  return `${c.kind.toUpperCase()} (${c.columns.join(", ")})${refs}${c.notValid ? " NOT VALID" : ""}`;
}

function indexDetail(i: Index): string {
  const keys = i.keys.map((k) => (k.kind === "column" ? k.column : "(expression)")).join(", ");
  return `${i.unique ? "UNIQUE " : ""}ON ${displayName(i.table)} USING ${i.method} (${keys})${i.predicate === undefined ? "" : " WHERE …"}`;
}

/** Compares with the details only when they may differ: details build strings, the common case is equal. */
function sameConstraint(a: Constraint, b: Constraint): boolean {
  return a.kind === b.kind && a.notValid === b.notValid && sameList(a.columns, b.columns) && (a.references === b.references || constraintDetail(a) === constraintDetail(b));
}

function sameIndex(a: Index, b: Index): boolean {
  return a.unique === b.unique && a.method === b.method && a.keys.length === b.keys.length && indexDetail(a) === indexDetail(b);
}

/** Keys of `a` missing from `b`, keys of `b` missing from `a`, keys in both. */
function* walk<T>(a: ReadonlyMap<string, T>, b: ReadonlyMap<string, T>): Generator<[string, T | undefined, T | undefined]> {
  for (const [key, value] of a) yield [key, value, b.get(key)];
  for (const [key, value] of b) if (!a.has(key)) yield [key, undefined, value];
}

function named<T>(out: SchemaDifference[], kind: SchemaObjectKind, a: T | undefined, b: T | undefined, display: (x: T) => string): boolean {
  if (a === undefined && b !== undefined) out.push({ kind, display: display(b), change: "added" });
  else if (a !== undefined && b === undefined) out.push({ kind, display: display(a), change: "missing" });
  else return a !== undefined;
  return false;
}

function tableParts(out: SchemaDifference[], a: Table, b: Table): void {
  const table = displayName(b);
  for (const [, x, y] of walk(a.columns, b.columns)) {
    if (named(out, "column", x, y, (c) => `"${c.name}" of ${table}`) && x !== undefined && y !== undefined) {
      const before = columnDetail(x);
      const after = columnDetail(y);
      if (before !== after) out.push({ kind: "column", display: `"${y.name}" of ${table}`, change: "changed", before, after });
    }
  }
  for (const [, x, y] of walk(a.constraints, b.constraints)) {
    if (named(out, "constraint", x, y, (c) => `"${c.name}" on ${table}`) && x !== undefined && y !== undefined && !sameConstraint(x, y)) {
      out.push({ kind: "constraint", display: `"${y.name}" on ${table}`, change: "changed", before: constraintDetail(x), after: constraintDetail(y) });
    }
  }
}

/**
 * The named objects that differ between two catalogs: what `down-migration-mismatch` finds between the
 * schema before an up migration and after its down. Objects are matched by their current names, so a
 * rename the down does not reverse shows up as one object missing and another added. A table (or enum)
 * only in one catalog is one difference, not one per column (or value); its indexes go with it.
 * Linear in the catalogs' size with no string built for equal objects: it runs once per migration.
 */
export function schemaDifferences(a: Catalog, b: Catalog): SchemaDifference[] {
  const out: SchemaDifference[] = [];
  for (const name of a.schemas.keys()) if (!b.schemas.has(name)) out.push({ kind: "schema", display: `"${name}"`, change: "missing" });
  for (const name of b.schemas.keys()) if (!a.schemas.has(name)) out.push({ kind: "schema", display: `"${name}"`, change: "added" });
  const onlyInOne = new Set<string>();
  for (const [key, x, y] of walk(a.tables, b.tables)) {
    if (named(out, "table", x, y, displayName) && x !== undefined && y !== undefined) tableParts(out, x, y);
    else onlyInOne.add(key);
  }
  for (const [, x, y] of walk(a.indexes, b.indexes)) {
    const table = (x ?? y)?.table;
    if (table !== undefined && onlyInOne.has(`${table.schema}.${table.name}`)) continue;
    if (named(out, "index", x, y, displayName) && x !== undefined && y !== undefined && !sameIndex(x, y)) {
      out.push({ kind: "index", display: displayName(y), change: "changed", before: indexDetail(x), after: indexDetail(y) });
    }
  }
  for (const [, x, y] of walk(a.types, b.types)) {
    if (!named(out, "type", x, y, displayName) || x === undefined || y === undefined) continue;
    if (x.kind !== "enum" || y.kind !== "enum") continue;
    const before = new Set(x.values);
    const after = new Set(y.values);
    for (const v of y.values) if (!before.has(v)) out.push({ kind: "enum value", display: `'${v}' of ${displayName(y)}`, change: "added" });
    for (const v of x.values) if (!after.has(v)) out.push({ kind: "enum value", display: `'${v}' of ${displayName(x)}`, change: "missing" });
  }
  for (const [, x, y] of walk(a.views, b.views)) named(out, "view", x, y, displayName);
  for (const [, x, y] of walk(a.sequences, b.sequences)) named(out, "sequence", x, y, displayName);
  for (const [, x, y] of walk(a.routines, b.routines)) named(out, "function", x, y, (r) => `${displayName(r)}()`);
  return out;
}
