import type { RangeVar } from "libpg-query";
import { unwrap } from "../../parser/ast.js";
import { keyOf } from "../../schema/catalog.js";
import type { QualifiedName, Table } from "../../schema/model.js";
import type { StatementContext } from "../rule.js";
import { namedRelation, unknownMayExist, type NamedRelation } from "./existing-object.js";
import { PerMigration } from "./per-migration.js";

/**
 * What the locking rules (require-concurrent-index, require-lock-timeout) need to know about a relation a
 * statement locks: whether it may be in use by the application. A relation created by the current
 * migration is not (no client knows it yet, and nothing else holds a lock on it); one created by an
 * earlier migration, or never seen in the history, is. Temporary tables are private to the session and
 * never conflict with anyone: they are not targets at all.
 */
export interface LockTarget {
  /** As PostgreSQL resolves it (the search path applied). */
  readonly name: QualifiedName;
  readonly kind: NamedRelation["kind"];
  /** The table, when the history created one under this name. */
  readonly table: Table | undefined;
  readonly existing: boolean;
  /** A partitioned table (`PARTITION BY`): CREATE INDEX and DROP INDEX cannot use CONCURRENTLY on it. */
  readonly partitioned: boolean;
  /** Whether a TRUNCATE earlier in the open transaction emptied it (see `StatementContext.emptied`). */
  readonly emptied: boolean;
}

/**
 * The temporary tables the current migration created (`CREATE TEMP TABLE`, `CREATE TEMP TABLE ... AS`,
 * `SELECT ... INTO TEMP`): the schema model does not keep them. A temporary table shadows a permanent
 * one of the same name (pg_temp comes first in the search path). Call `note` from the rule's
 * CreateStmt, CreateTableAsStmt and SelectStmt hooks.
 */
export class TemporaryTables {
  private readonly names = new PerMigration(() => new Set<string>());

  private current(ctx: StatementContext): Set<string> {
    return this.names.of(ctx);
  }

  note(relation: RangeVar | undefined, ctx: StatementContext): void {
    if (relation?.relpersistence === "t" && relation.relname !== undefined) this.current(ctx).add(relation.relname);
  }

  /** After `DROP TABLE` of the temporary table. */
  forget(name: string, ctx: StatementContext): void {
    this.current(ctx).delete(name);
  }

  has(schema: string | undefined, name: string, ctx: StatementContext): boolean {
    return schema === "pg_temp" || (schema === undefined && this.current(ctx).has(name));
  }
}

/** Resolves a table, view or materialized view name; undefined for a temporary table. */
export function namedLockTarget(schema: string | undefined, name: string, ctx: StatementContext, temporary: TemporaryTables): LockTarget | undefined {
  if (temporary.has(schema, name, ctx)) return undefined;
  const relation = namedRelation(schema, name, ctx);
  const table = ctx.catalog.tableByName(relation.name);
  return { name: relation.name, kind: relation.kind, table, existing: relation.existing, partitioned: table?.partitioned === true, emptied: ctx.emptied(relation.name) };
}

/** Resolves a `RangeVar`; undefined for a temporary table or a missing name. */
export function lockTarget(relation: RangeVar | undefined, ctx: StatementContext, temporary: TemporaryTables): LockTarget | undefined {
  if (relation?.relname === undefined || relation.relpersistence === "t") return undefined;
  return namedLockTarget(relation.schemaname, relation.relname, ctx, temporary);
}

/** An index named by DROP INDEX or REINDEX INDEX, with the table it belongs to. */
export interface IndexTarget {
  readonly index: QualifiedName;
  /** The index's table, when the catalog knows the index (or the constraint it implements). */
  readonly table: LockTarget | undefined;
  /** Whether the index may be in use: it (and its table) were not created by the current migration. */
  readonly existing: boolean;
}

/**
 * Resolves an index name. An index the history never created counts as existing (made by hand or before
 * the history starts); a constraint's index (`users_pkey`) is found through its constraint.
 */
export function indexTarget(schema: string | undefined, name: string, ctx: StatementContext): IndexTarget {
  const { catalog } = ctx;
  const index = catalog.index(schema, name);
  const table = index === undefined ? catalog.constraintIndex(schema, name)?.table : catalog.tableByName(index.table);
  const tableTarget: LockTarget | undefined =
    table === undefined
      ? undefined
      : { name: { schema: table.schema, name: table.name }, kind: "table", table, existing: !ctx.isNew(table), partitioned: table.partitioned, emptied: ctx.emptied(table) };
  const qualified = index === undefined ? (table === undefined ? catalog.qualify(schema, name, catalog.indexes) : { schema: table.schema, name }) : { schema: index.schema, name: index.name };
  // An index the history dropped (or that went with its table) is gone: DROP INDEX IF EXISTS is a no-op.
  const known = index !== undefined || table !== undefined;
  const existing = (known ? index === undefined || !ctx.isNew(index) : unknownMayExist(qualified, ctx)) && tableTarget?.existing !== false;
  return { index: qualified, table: tableTarget, existing };
}

/**
 * Whether a `DROP INDEX` of an index the history does not know only makes room for one the migration
 * builds next, on a table the migration created before the DROP: the first later statement of the file
 * that creates an index of that name puts it on such a table (`CREATE TABLE t ...; DROP INDEX IF EXISTS i;
 * CREATE INDEX IF NOT EXISTS i ON t ...`, written so that the script can run twice). The name is then meant
 * for the new table's index, and a second run finds it there: locking a table no client uses yet blocks
 * nobody. (An index of that name on another table, made outside the migrations, would be locked and
 * dropped; the CREATE INDEX that follows shows the migration expects none.)
 */
export function dropMakesRoomForNewIndex(target: IndexTarget, ctx: StatementContext): boolean {
  const { catalog } = ctx;
  if (target.table !== undefined || catalog.index(target.index.schema, target.index.name) !== undefined) return false;
  for (const statement of ctx.following()) {
    const create = unwrap(statement.node, "IndexStmt");
    if (create?.idxname !== target.index.name) continue;
    // An index lives in its table's schema: one of that name elsewhere is another index.
    const relation = catalog.qualify(create.relation?.schemaname, create.relation?.relname ?? "");
    if (relation.schema !== target.index.schema) continue;
    const table = catalog.tableByName(relation);
    return table !== undefined && ctx.isNew(table);
  }
  return false;
}

/** The partitions of `parent` that the history created (for suggestions: others may exist). */
export function partitionsOf(parent: QualifiedName, ctx: StatementContext): Table[] {
  const key = keyOf(parent);
  return ctx.catalog.allTables().filter((t) => t.partitionOf !== undefined && keyOf(t.partitionOf) === key);
}
