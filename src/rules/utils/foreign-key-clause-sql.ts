import { displayName, type Catalog } from "../../schema/catalog.js";
import type { Constraint, ForeignKeyAction, ForeignKeyReference, Table } from "../../schema/model.js";
import type { NamesAt } from "./renamed-since.js";
import { columnListSql, qualifiedSql, quoteIdentifier } from "./sql.js";

/** A foreign key constraint with its reference (every `kind: "foreign key"` constraint has one). */
export type ForeignKey = Constraint & { readonly references: ForeignKeyReference };

/** The foreign keys of a table that carry their reference. */
export function foreignKeysOf(catalog: Catalog, table: Table): ForeignKey[] {
  return catalog.foreignKeys(table).filter((c): c is ForeignKey => c.references !== undefined);
}

/**
 * The referenced columns of a foreign key: as written, or else the referenced table's primary key
 * (`REFERENCES t` without a column list means its primary key,
 * https://www.postgresql.org/docs/current/sql-createtable.html#SQL-CREATETABLE-PARMS-REFERENCES).
 * Undefined when they cannot be known (unknown table, no primary key).
 */
export function referencedColumns(catalog: Catalog, fk: ForeignKey): readonly string[] | undefined {
  if (fk.references.columns.length > 0) return fk.references.columns;
  const referenced = catalog.tableByName(fk.references.table);
  if (referenced === undefined) return undefined;
  return catalog.primaryKey(referenced)?.columns;
}

/** `ON DELETE` / `ON UPDATE` action as SQL (`set null` → `SET NULL`). */
export function actionSql(action: ForeignKeyAction): string {
  return action.toUpperCase();
}

/**
 * The referencing columns a SET NULL or SET DEFAULT action writes: for ON DELETE, the column list
 * when one was written (`ON DELETE SET NULL (author_id)`, PostgreSQL 15+), else every referencing
 * column (https://www.postgresql.org/docs/current/sql-createtable.html#SQL-CREATETABLE-PARMS-REFERENCES).
 * ON UPDATE takes no column list.
 */
export function columnsSetBy(columns: readonly string[], references: ForeignKeyReference, event: "delete" | "update"): readonly string[] {
  return (event === "delete" ? references.onDeleteColumns : undefined) ?? columns;
}

export interface ForeignKeyClauseChanges {
  readonly onDelete?: ForeignKeyAction;
  readonly onUpdate?: ForeignKeyAction;
}

/**
 * `FOREIGN KEY (a) REFERENCES t (id) [MATCH FULL] [ON DELETE ... [(a)]] [ON UPDATE ...] [DEFERRABLE]`:
 * the constraint as the catalog knows it, with `changes` applied. Actions are written only when they
 * were written before or are changed (so NO ACTION that was left implicit stays implicit).
 */
export function foreignKeyClauseSql(catalog: Catalog, fk: ForeignKey, changes: ForeignKeyClauseChanges = {}): string {
  const ref = fk.references;
  const columns = referencedColumns(catalog, fk);
  const parts = [`FOREIGN KEY (${columnListSql(fk.columns)}) REFERENCES ${qualifiedSql(ref.table)}`];
  if (columns !== undefined && columns.length > 0) parts.push(`(${columnListSql(columns)})`);
  if (ref.match === "full") parts.push("MATCH FULL");
  const onDelete = changes.onDelete ?? ref.onDelete;
  // The column list belongs to the action it was written with.
  const setColumns = onDelete === ref.onDelete && ref.onDeleteColumns !== undefined ? ` (${columnListSql(ref.onDeleteColumns)})` : "";
  if (changes.onDelete !== undefined || ref.onDeleteExplicit || ref.onDelete !== "no action") parts.push(`ON DELETE ${actionSql(onDelete)}${setColumns}`);
  const onUpdate = changes.onUpdate ?? ref.onUpdate;
  if (changes.onUpdate !== undefined || ref.onUpdateExplicit || ref.onUpdate !== "no action") parts.push(`ON UPDATE ${actionSql(onUpdate)}`);
  if (fk.deferrable) parts.push("DEFERRABLE");
  return parts.join(" ");
}

/**
 * Ready SQL that replaces a foreign key by `clause` under the same name. PostgreSQL cannot alter a
 * foreign key's actions in place, so it is dropped and re-added in one statement (no window without
 * the constraint). `NOT VALID` makes the re-add skip the scan of existing rows, so the statement's
 * ACCESS EXCLUSIVE lock (taken by DROP CONSTRAINT) is held only briefly, and `VALIDATE CONSTRAINT`
 * checks the rows afterwards under SHARE UPDATE EXCLUSIVE, which does not block writes
 * (https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-NOTES).
 */
export function replaceForeignKeySql(table: Table, fk: ForeignKey, clause: string): string {
  const tableSql = qualifiedSql(table);
  const name = quoteIdentifier(fk.name);
  return `ALTER TABLE ${tableSql} DROP CONSTRAINT ${name}, ADD CONSTRAINT ${name} ${clause} NOT VALID; ALTER TABLE ${tableSql} VALIDATE CONSTRAINT ${name};`;
}

/**
 * Notes the names that `replaceForeignKeySql` with `foreignKeyClauseSql` writes (see `NamesAt.usedInSql`):
 * the table, the constraint, the referencing columns, the referenced table and the referenced columns
 * (those written, or its primary key's).
 */
export function foreignKeyNamesUsedInSql(names: NamesAt, catalog: Catalog, table: Table, fk: ForeignKey): void {
  names.usedInSql(fk);
  names.columnsUsedInSql(table, fk.columns);
  const referenced = catalog.tableByName(fk.references.table);
  if (referenced !== undefined) names.columnsUsedInSql(referenced, referencedColumns(catalog, fk) ?? []);
}

/** The referenced table of a foreign key as the statement `names` stands for shows it (see NamesAt). */
export function referencedTableAt(catalog: Catalog, fk: ForeignKey, names: NamesAt): string {
  const referenced = catalog.tableByName(fk.references.table);
  return referenced === undefined ? displayName(fk.references.table) : names.table(referenced);
}
