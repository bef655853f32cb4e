import { keyOf, type Catalog } from "./catalog.js";
import { uniqueIndexColumns } from "./index-coverage.js";
import type { Constraint, Index, Origin, QualifiedName, Table } from "./model.js";

/**
 * A key a foreign key can reference: a primary key, a UNIQUE constraint or a unique index on plain
 * columns (not partial, not deferrable). https://www.postgresql.org/docs/current/sql-createtable.html
 * ("The referenced columns must be the columns of a non-deferrable unique or primary key constraint").
 */
export interface ReferencedKey {
  /** The constraint's name, or the index's qualified key: what tells keys apart before and after a drop. */
  readonly name: string;
  readonly primary: boolean;
  readonly columns: readonly string[];
  /** The statement that created the key: which of two keys on the same columns came first. */
  readonly origin: Origin;
}

export function constraintKey(c: Readonly<Constraint>): ReferencedKey | undefined {
  if ((c.kind !== "primary key" && c.kind !== "unique") || c.deferrable) return undefined;
  return { name: c.name, primary: c.kind === "primary key", columns: c.columns, origin: c.origin };
}

export function indexKey(index: Readonly<Index>): ReferencedKey | undefined {
  const columns = uniqueIndexColumns(index);
  return columns === undefined ? undefined : { name: `index ${keyOf(index)}`, primary: false, columns, origin: index.origin };
}

/** The keys of a table that foreign keys can reference, with its unique indexes. */
export function referencedKeys(catalog: Catalog, table: Table): ReferencedKey[] {
  const keys: ReferencedKey[] = [];
  for (const c of table.constraints.values()) {
    const key = constraintKey(c);
    if (key !== undefined) keys.push(key);
  }
  for (const index of catalog.indexesOn(keyOf(table))) {
    const key = indexKey(index);
    if (key !== undefined) keys.push(key);
  }
  return keys;
}

/**
 * Whether `a` was certainly created before `b`: both in one file, `a` in an earlier statement. Within
 * one CREATE TABLE, PostgreSQL creates the primary key's index first and merges duplicate key
 * definitions (transformIndexConstraints in src/backend/parser/parse_utilcmd.c), so the written order
 * says nothing there.
 */
const createdBefore = (a: ReferencedKey, b: ReferencedKey): boolean =>
  a.origin.file === b.origin.file && a.origin.statementIndex < b.origin.statementIndex;

const sameSet = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((c) => b.includes(c)) && b.every((c) => a.includes(c));

/**
 * A foreign key depends on the index of the key it references (pg_depend), so dropping that key with
 * CASCADE (`ALTER TABLE ... DROP CONSTRAINT ... CASCADE`, `DROP INDEX ... CASCADE`, `DROP COLUMN ...
 * CASCADE`) drops the foreign key; without CASCADE PostgreSQL refuses the drop.
 * https://www.postgresql.org/docs/current/sql-altertable.html (DROP CONSTRAINT ... CASCADE)
 *
 * A foreign key written without referenced columns depends on the primary key. One with columns
 * depends on the key on those columns with the lowest OID, the first created, whether the foreign key
 * was created before or after the other key (transformFkeyCheckAttrs in
 * src/backend/commands/tablecmds.c takes the first match of RelationGetIndexList, sorted by OID);
 * dropping the other key leaves the foreign key alone, and dropping the first one without CASCADE
 * fails with 2BP01 "cannot drop constraint ... because other objects depend on it" (checked on
 * PostgreSQL 18 with PGlite). When another key on the same columns remains, the model knows which was
 * created first only when both came from different statements of one file (the fold does not know the order of the files):
 * then the foreign key goes with the dropped key when it was the first; otherwise it is kept.
 * `remaining` are the keys of `table` left after the drop.
 */
export function dropForeignKeysOnKey(catalog: Catalog, table: QualifiedName, dropped: readonly ReferencedKey[], remaining: readonly ReferencedKey[]): void {
  if (dropped.length === 0) return;
  const target = keyOf(table);
  const dependsOnDropped = (c: Readonly<Constraint>): boolean => {
    const ref = c.references;
    if (ref === undefined || keyOf(ref.table) !== target) return false;
    if (ref.columns.length === 0) return dropped.some((k) => k.primary);
    return dropped.some((k) => sameSet(k.columns, ref.columns) && !remaining.some((other) => sameSet(other.columns, ref.columns) && !createdBefore(k, other)));
  };
  for (const found of [...catalog.tables.values()]) {
    if (![...found.constraints.values()].some(dependsOnDropped)) continue;
    const referencing = catalog.writableTable(found);
    for (const [name, c] of referencing.constraints) if (dependsOnDropped(c)) referencing.constraints.delete(name);
  }
}
