import type { Node } from "libpg-query";
import { stringList, unwrap } from "../../parser/ast.js";
import type { Origin, QualifiedName, Table } from "../../schema/model.js";
import { keyOf } from "../../schema/catalog.js";
import type { StatementContext } from "../rule.js";

/**
 * Predicates the migration safety rules share about objects other than tables and indexes (those are in
 * existing-relation.ts): whether a column, schema, type or view was created by the current migration
 * (no production data, no client using it yet) or may already be in use. As for relations, an object the
 * history never created (made outside the migrations, or before the history starts) counts as existing.
 */

/**
 * Whether an object the catalog does not hold may exist anyway: made outside the migrations or before
 * the history starts — but not one the history dropped, and nothing in a schema dump, which creates
 * every object it holds (the DROPs of `pg_dump --clean` find nothing on the fresh database a dump is
 * restored into).
 */
export function unknownMayExist(name: QualifiedName | undefined, context: StatementContext): boolean {
  if (context.migration.layout === "dump") return false;
  return name === undefined || !context.catalog.wasDropped(name);
}

/** Whether `origin` lies in the migration being checked. */
export function inCurrentMigration(origin: Origin | undefined, context: StatementContext): boolean {
  return origin?.migration === context.migration.id;
}

/** The schema and name of an object name as DROP and RENAME write it: a `List` of `String`, a `TypeName` or a `String`. */
export function objectName(node: Node | undefined): { readonly schema: string | undefined; readonly name: string } {
  const list = unwrap(node, "List");
  const typeName = unwrap(node, "TypeName");
  const single = unwrap(node, "String")?.sval;
  const parts = list !== undefined ? stringList(list.items) : typeName !== undefined ? stringList(typeName.names) : single === undefined ? [] : [single];
  return { schema: parts.length > 1 ? parts.at(-2) : undefined, name: parts.at(-1) ?? "" };
}

/**
 * Whether column `name` of `table` may hold data and be in use: the table is not new and the column was
 * not added by the current migration. An unknown table or column counts as existing, except with
 * `ifExists` (`DROP COLUMN IF EXISTS`) on a table whose columns the history knows: the column is not
 * there, so the statement is a no-op.
 */
export function columnExisting(table: Table | undefined, name: string, context: StatementContext, ifExists = false): boolean {
  if (table !== undefined && context.isNew(table)) return false;
  if (table === undefined && !unknownMayExist(undefined, context)) return false;
  const column = table?.columns.get(name);
  if (ifExists && column === undefined && table?.columnsKnown === true) return false;
  return !inCurrentMigration(column?.origin, context);
}

/** Whether schema `name` existed before the current migration (`public` and unknown schemas do). */
export function schemaExisting(name: string, context: StatementContext): boolean {
  const { schemas } = context.catalog;
  if (!schemas.has(name)) return unknownMayExist(undefined, context);
  return !inCurrentMigration(schemas.get(name), context);
}

/** Whether the user type (enum, domain, composite, range) existed before the current migration. */
export function typeExisting(schema: string | undefined, name: string, context: StatementContext): boolean {
  const type = context.catalog.type(schema, name);
  if (type === undefined) return unknownMayExist(undefined, context);
  return !inCurrentMigration(type.origin, context);
}

/** A relation RENAME and DROP can name: a table, a view or a materialized view, as the catalog knows it. */
export interface NamedRelation {
  readonly name: QualifiedName;
  /** What the catalog holds under the name, or undefined when the history never created it. */
  readonly kind: "table" | "foreign table" | "view" | "materialized view" | "sequence" | undefined;
  readonly existing: boolean;
}

/** Resolves a table or view name against the catalog before the statement. */
export function namedRelation(schema: string | undefined, name: string, context: StatementContext): NamedRelation {
  const { catalog } = context;
  const table = catalog.table(schema, name);
  if (table !== undefined) {
    return { name: { schema: table.schema, name: table.name }, kind: table.foreign ? "foreign table" : "table", existing: !context.isNew(table) };
  }
  const view = catalog.view(schema, name);
  if (view !== undefined) {
    return { name: { schema: view.schema, name: view.name }, kind: view.materialized ? "materialized view" : "view", existing: !inCurrentMigration(view.origin, context) };
  }
  // ALTER TABLE also accepts a sequence (`ALTER TABLE s OWNER TO …`, as pg_dump writes for each one):
  // https://www.postgresql.org/docs/current/sql-altertable.html
  const sequenceName = catalog.qualify(schema, name, catalog.sequences);
  const sequence = catalog.sequences.get(keyOf(sequenceName));
  if (sequence !== undefined) return { name: sequenceName, kind: "sequence", existing: !inCurrentMigration(sequence.origin, context) };
  const qualified = catalog.qualify(schema, name);
  return { name: qualified, kind: undefined, existing: unknownMayExist(qualified, context) };
}
