import type { Catalog } from "../../schema/catalog.js";
import type { QualifiedName } from "../../schema/model.js";
import { chooseName } from "../../schema/naming.js";
import { qualifiedSql, quoteIdentifier } from "./sql.js";

/**
 * `{table}_{column}_not_null` (the name PostgreSQL 18 gives a column's not-null constraint), numbered
 * like PostgreSQL numbers its own choices when a constraint or relation of the table already has it.
 */
export function notNullConstraintName(catalog: Catalog, table: QualifiedName, column: string): string {
  const existing = catalog.tableByName(table);
  return chooseName(table.name, [column], "not_null", (name) => existing?.constraints.has(name) === true || catalog.relationExists({ schema: table.schema, name }));
}

/** The line the suggestions put before a step that must run in its own transaction. */
export const SEPARATE_MIGRATION = "-- In a separate migration (its own transaction):";

/**
 * Statements that make an existing column NOT NULL without scanning the table under an ACCESS
 * EXCLUSIVE lock (https://www.postgresql.org/docs/current/sql-altertable.html):
 * - PostgreSQL 18+: a not-null constraint added `NOT VALID` (brief ACCESS EXCLUSIVE, no scan), then
 *   `VALIDATE CONSTRAINT`, which scans under SHARE UPDATE EXCLUSIVE (reads and writes go on) and
 *   makes the column NOT NULL;
 * - 12 to 17: the same with `CHECK (col IS NOT NULL)`, then `SET NOT NULL`, which skips its scan
 *   because the validated CHECK proves no NULL exists, then the CHECK is dropped as redundant;
 * - before 12: `SET NOT NULL` always scans, so the validated CHECK is where it stops (it enforces the
 *   same rule; `SET NOT NULL` can follow after an upgrade).
 * The VALIDATE runs in a separate migration: in the transaction of the ADD, the ADD's lock is still held.
 */
export function safeNotNullSteps(table: QualifiedName, column: string, constraint: string, postgresVersion: number): string[] {
  const alter = `ALTER TABLE ${qualifiedSql(table)}`;
  const name = quoteIdentifier(constraint);
  const col = quoteIdentifier(column);
  const validate = [SEPARATE_MIGRATION, `${alter} VALIDATE CONSTRAINT ${name};`];
  if (postgresVersion >= 18) return [`${alter} ADD CONSTRAINT ${name} NOT NULL ${col} NOT VALID;`, ...validate];
  const check = `${alter} ADD CONSTRAINT ${name} CHECK (${col} IS NOT NULL) NOT VALID;`;
  if (postgresVersion < 12) return [check, ...validate];
  return [check, ...validate, `${alter} ALTER COLUMN ${col} SET NOT NULL;`, `${alter} DROP CONSTRAINT ${name};`];
}
