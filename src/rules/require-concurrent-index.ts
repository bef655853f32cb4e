import type { AlterTableStmt, Constraint as ConstraintNode, DropStmt, IndexStmt, ReindexStmt } from "libpg-query";
import { z } from "zod";
import { stringList, unwrap } from "../parser/ast.js";
import { displayName } from "../schema/catalog.js";
import { indexExpressionName } from "../schema/expression.js";
import { chooseName } from "../schema/naming.js";
import type { QualifiedName } from "../schema/model.js";
import { defineRule, type StatementContext } from "./rule.js";
import { reindexConcurrently, transactionOptOut } from "./utils/concurrently.js";
import { objectName } from "./utils/existing-object.js";
import { createIndexSql, dropIndexConcurrentlySql, reindexConcurrentlySql, uniqueConstraintStepsSql } from "./utils/index-statement-sql.js";
import { dropMakesRoomForNewIndex, indexTarget, lockTarget, partitionsOf, TemporaryTables, type LockTarget } from "./utils/lock-target.js";
import { qualifiedSql, quotedList, quoteIdentifier } from "./utils/sql.js";

/** REINDEX CONCURRENTLY appeared in PostgreSQL 12; REINDEX of a partitioned table or index in 14. */
const REINDEX_CONCURRENTLY_SINCE = 12;
const REINDEX_PARTITIONED_SINCE = 14;

const CONCURRENT_INDEX_HELP = "if it fails (a duplicate key, a deadlock, a cancel), it leaves an INVALID index to drop before retrying";

/** `CREATE INDEX idx ON parent`: the name PostgreSQL gives an unnamed index, `{table}_{columns}_idx`. */
function indexName(node: IndexStmt, table: QualifiedName, ctx: StatementContext): string {
  if (node.idxname !== undefined && node.idxname !== "") return node.idxname;
  const columns = (node.indexParams ?? []).map((p) => {
    const elem = unwrap(p, "IndexElem");
    return elem?.name ?? (elem?.expr === undefined ? "expr" : indexExpressionName(elem.expr));
  });
  return chooseName(table.name, columns, "idx", (n) => ctx.catalog.relationExists({ schema: table.schema, name: n }));
}

/**
 * CREATE INDEX ON ONLY the partitioned table (instant, left invalid), CREATE INDEX CONCURRENTLY on each
 * partition the history knows, then ALTER INDEX ... ATTACH PARTITION; undefined when a partition is
 * itself partitioned (the same steps would be needed one level down) or none is known.
 */
function partitionedIndexSteps(node: IndexStmt, target: LockTarget, ctx: StatementContext): string | undefined {
  const partitions = partitionsOf(target.name, ctx);
  if (partitions.length === 0 || partitions.some((p) => p.partitioned)) return undefined;
  const parentIndex = indexName(node, target.name, ctx);
  const parent = createIndexSql(node, { only: true, name: parentIndex, table: target.name });
  if (parent === undefined) return undefined;
  const steps = [parent];
  const taken = new Set<string>([parentIndex]);
  for (const partition of partitions) {
    const name = indexName({ ...node, idxname: "" }, partition, ctx);
    const unique = taken.has(name) ? chooseName(partition.name, [name], "idx", (n) => taken.has(n) || ctx.catalog.relationExists({ schema: partition.schema, name: n })) : name;
    taken.add(unique);
    const build = createIndexSql({ ...node, if_not_exists: false }, { concurrently: true, only: false, name: unique, table: partition });
    if (build === undefined) return undefined;
    steps.push(build, `ALTER INDEX ${qualifiedSql({ schema: target.name.schema, name: parentIndex })} ATTACH PARTITION ${qualifiedSql({ schema: partition.schema, name: unique })};`);
  }
  return steps.join("\n");
}

/** The name PostgreSQL gives an unnamed PRIMARY KEY (`{table}_pkey`) or UNIQUE (`{table}_{columns}_key`) constraint. */
function constraintName(node: ConstraintNode, target: LockTarget, columns: readonly string[], chosen: Set<string>, ctx: StatementContext): string {
  if (node.conname !== undefined && node.conname !== "") return node.conname;
  const primaryKey = node.contype === "CONSTR_PRIMARY";
  const name = chooseName(
    target.name.name,
    primaryKey ? [] : columns,
    primaryKey ? "pkey" : "key",
    (n) => chosen.has(n) || target.table?.constraints.has(n) === true || ctx.catalog.relationExists({ schema: target.name.schema, name: n }),
  );
  chosen.add(name);
  return name;
}

/**
 * Building or dropping an index on a table in use blocks the application: CREATE INDEX holds a SHARE lock
 * (no INSERT, UPDATE or DELETE) for the whole build, DROP INDEX an ACCESS EXCLUSIVE lock (no query at
 * all) while it waits for the queries using the index, REINDEX blocks writes and takes ACCESS EXCLUSIVE
 * on each index it rebuilds (which blocks nearly every query: the planner locks all of a table's
 * indexes), and ALTER TABLE ... ADD UNIQUE / PRIMARY KEY builds its index under ACCESS EXCLUSIVE. The
 * CONCURRENTLY forms take SHARE UPDATE EXCLUSIVE, which lets reads and writes continue, and ADD CONSTRAINT
 * ... USING INDEX turns an index built concurrently into the constraint with only a brief lock.
 * Tables created by the same migration have no traffic yet; temporary tables are private to the session.
 * https://www.postgresql.org/docs/current/sql-createindex.html#SQL-CREATEINDEX-CONCURRENTLY
 * https://www.postgresql.org/docs/current/sql-dropindex.html
 * https://www.postgresql.org/docs/current/sql-reindex.html#SQL-REINDEX-CONCURRENTLY
 * https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-DESC-ADD-TABLE-CONSTRAINT-USING-INDEX
 * https://www.postgresql.org/docs/current/explicit-locking.html#LOCKING-TABLES
 */
export default defineRule({
  meta: {
    id: "require-concurrent-index",
    summary: "Create, drop and rebuild indexes on existing tables with CONCURRENTLY, and add UNIQUE and PRIMARY KEY constraints through an index built that way.",
    category: "migrations",
    defaultSeverity: "error",
    options: z.object({}),
    messages: {
      createIndex: {
        message:
          "CREATE INDEX on existing {{kind}} {{table}} without CONCURRENTLY holds a SHARE lock for the whole build: every INSERT, UPDATE and DELETE on the table waits until the index is built.",
        help: `Build the index with CONCURRENTLY, outside a transaction block.{{transaction}} It takes a SHARE UPDATE EXCLUSIVE lock, so reads and writes continue; ${CONCURRENT_INDEX_HELP}: {{sql}}`,
      },
      partitionedIndex: {
        message:
          "CREATE INDEX on partitioned table {{table}} builds the index on every partition under SHARE locks: every INSERT, UPDATE and DELETE on the table waits until all partitions are indexed, and PostgreSQL does not support CONCURRENTLY on a partitioned table.",
        help: "Create the index on the parent alone with CREATE INDEX ... ON ONLY {{table}} (instant; the index stays invalid), build each partition's index with CREATE INDEX CONCURRENTLY, and attach each one with ALTER INDEX ... ATTACH PARTITION: the parent index becomes valid once every partition has one.",
      },
      dropIndex: {
        message:
          "DROP INDEX {{index}} without CONCURRENTLY takes an ACCESS EXCLUSIVE lock on {{table}}: while it waits for running queries to finish, every later query on the table, reads included, waits behind it.",
        help: "Drop the index with CONCURRENTLY, outside a transaction block.{{transaction}} It waits for the queries using the index without blocking the others, and drops one index per statement, without CASCADE: {{sql}}",
      },
      reindex: {
        message:
          "REINDEX {{target}} without CONCURRENTLY blocks writes to {{table}} for the whole rebuild and takes an ACCESS EXCLUSIVE lock on each index it rebuilds, which blocks nearly every query on the table (the planner locks all of a table's indexes).",
        help: `Rebuild with CONCURRENTLY, outside a transaction block.{{transaction}} It builds a new copy of each index while reads and writes continue, then swaps it in; ${CONCURRENT_INDEX_HELP}: {{sql}}`,
      },
      reindexWithoutConcurrently: {
        message:
          "REINDEX {{target}} blocks writes to {{table}} for the whole rebuild and takes an ACCESS EXCLUSIVE lock on each index it rebuilds, which blocks nearly every query on the table (the planner locks all of a table's indexes).",
        help: "REINDEX CONCURRENTLY needs PostgreSQL 12. Before it, build a replacement with CREATE INDEX CONCURRENTLY, drop the old index with DROP INDEX CONCURRENTLY, then rename the new one with ALTER INDEX ... RENAME TO.",
      },
      addConstraint: {
        message:
          'ADD CONSTRAINT "{{constraint}}" {{kind}} builds a unique index on existing table {{table}} while holding an ACCESS EXCLUSIVE lock: every query on the table, reads included, waits for the whole build.',
        help: "Build the index first with CREATE UNIQUE INDEX CONCURRENTLY, outside a transaction block, so reads and writes continue; then add the constraint on it with USING INDEX, which holds the lock only briefly.{{transaction}}{{primaryKey}} The two steps: {{sql}}",
      },
      addColumnConstraint: {
        message:
          'ADD COLUMN "{{column}}" ... {{kind}} builds a unique index on existing table {{table}} while holding an ACCESS EXCLUSIVE lock: every query on the table, reads included, waits for the whole build.',
        help: "Add the column without {{kind}}; then build its index with CREATE UNIQUE INDEX CONCURRENTLY, outside a transaction block, and add the constraint on it with USING INDEX.{{transaction}}{{primaryKey}} The two steps after adding the column: {{sql}}",
      },
    },
  },
  create(context) {
    const version = context.settings.postgresVersion;
    const temporary = new TemporaryTables();

    /** The help's last sentence when the statement runs in a transaction, where CONCURRENTLY fails. */
    const transactionNote = (ctx: StatementContext): string => {
      // PostgreSQL refuses CONCURRENTLY in a function ("cannot be executed from a function"), and a
      // DO block runs as one: the statement has to leave the block first.
      if (ctx.statement.inDoBlock === true) return " This statement is inside a DO block, where PostgreSQL refuses CONCURRENTLY: move it out of the block, as a statement of its own.";
      return ctx.transaction === "none" ? "" : ` This statement runs inside a transaction block. ${transactionOptOut(ctx.migration.layout, ctx.migration.oneQuery)}`;
    };

    const createIndex = (node: IndexStmt, ctx: StatementContext): void => {
      const target = lockTarget(node.relation, ctx, temporary);
      // Views cannot be indexed, and foreign tables' indexes live on the remote server. On a
      // materialized view CONCURRENTLY changes nothing: nobody writes to it, reads continue under
      // either lock, and REFRESH MATERIALIZED VIEW (EXCLUSIVE, or ACCESS EXCLUSIVE without
      // CONCURRENTLY) conflicts with CREATE INDEX CONCURRENTLY's SHARE UPDATE EXCLUSIVE as it does with
      // CREATE INDEX's SHARE (https://www.postgresql.org/docs/current/explicit-locking.html#LOCKING-TABLES).
      // A table a TRUNCATE emptied earlier in this transaction: the build is instant, under the ACCESS
      // EXCLUSIVE lock the TRUNCATE holds until commit anyway.
      if (target === undefined || !target.existing || target.emptied || node.concurrent === true || target.kind === "view" || target.kind === "materialized view" || target.kind === "foreign table") return;
      // IF NOT EXISTS of an index that exists builds nothing: PostgreSQL only issues a NOTICE.
      if (node.if_not_exists === true && node.idxname !== undefined && ctx.catalog.index(target.name.schema, node.idxname) !== undefined) return;
      const table = displayName(target.name);
      if (target.partitioned) {
        // ON ONLY the partitioned table creates an invalid index on the parent alone: no build, no data.
        if (node.relation?.inh !== true) return;
        const sql = partitionedIndexSteps(node, target, ctx);
        context.report({
          messageId: "partitionedIndex",
          data: { table },
          at: ctx.origin(),
          ...(sql === undefined || ctx.statement.inDoBlock === true ? {} : { suggestion: { description: `Index ${table} partition by partition (the partitions the migrations created).`, sql } }),
        });
        return;
      }
      const sql = createIndexSql(node, { concurrently: true });
      context.report({
        messageId: "createIndex",
        data: { kind: target.kind ?? "table", table, sql: sql ?? "CREATE INDEX CONCURRENTLY with the same definition.", transaction: transactionNote(ctx) },
        at: ctx.origin(),
        ...(sql === undefined || ctx.statement.inDoBlock === true ? {} : { suggestion: { description: "Build the index without blocking writes.", sql } }),
      });
    };

    const dropIndex = (node: DropStmt, ctx: StatementContext): void => {
      if (node.removeType !== "OBJECT_INDEX" || node.concurrent === true) return;
      for (const object of node.objects ?? []) {
        const { schema, name } = objectName(object);
        const target = indexTarget(schema, name, ctx);
        // Temporary tables' indexes are new; an index on a partitioned table cannot be dropped concurrently.
        // The TRUNCATE of an emptied table holds its ACCESS EXCLUSIVE lock already.
        if (!target.existing || target.table?.partitioned === true || target.table?.emptied === true || dropMakesRoomForNewIndex(target, ctx)) continue;
        const sql = node.behavior === "DROP_CASCADE" ? undefined : dropIndexConcurrentlySql(schema, name, node.missing_ok === true);
        context.report({
          messageId: "dropIndex",
          data: {
            index: displayName(target.index),
            table: target.table === undefined ? "its table" : displayName(target.table.name),
            sql: sql ?? "drop the objects that depend on the index first, then the index with DROP INDEX CONCURRENTLY.",
            transaction: transactionNote(ctx),
          },
          at: ctx.origin(ctx.locate(schema === undefined ? [name] : [schema, ".", name], "index")),
          ...(sql === undefined || ctx.statement.inDoBlock === true ? {} : { suggestion: { description: `Drop ${displayName(target.index)} without blocking the table.`, sql } }),
        });
      }
    };

    const reindex = (node: ReindexStmt, ctx: StatementContext): void => {
      if (reindexConcurrently(node) || node.relation?.relname === undefined) return;
      let table: LockTarget | undefined;
      let targetText: string;
      if (node.kind === "REINDEX_OBJECT_INDEX") {
        const index = indexTarget(node.relation.schemaname, node.relation.relname, ctx);
        if (!index.existing || index.table?.emptied === true) return;
        table = index.table;
        targetText = `INDEX ${displayName(index.index)}`;
      } else if (node.kind === "REINDEX_OBJECT_TABLE") {
        table = lockTarget(node.relation, ctx, temporary);
        if (table?.existing !== true || table.emptied) return;
        targetText = `TABLE ${displayName(table.name)}`;
      } else return;
      if (table?.partitioned === true && version < REINDEX_PARTITIONED_SINCE) return;
      const data = { target: targetText, table: table === undefined ? "the index's table" : displayName(table.name) };
      if (version < REINDEX_CONCURRENTLY_SINCE) {
        context.report({ messageId: "reindexWithoutConcurrently", data, at: ctx.origin() });
        return;
      }
      const sql = reindexConcurrentlySql(node);
      context.report({
        messageId: "reindex",
        data: { ...data, sql: sql ?? "REINDEX ... CONCURRENTLY.", transaction: transactionNote(ctx) },
        at: ctx.origin(),
        ...(sql === undefined || ctx.statement.inDoBlock === true ? {} : { suggestion: { description: "Rebuild without blocking the table.", sql } }),
      });
    };

    const alterTable = (node: AlterTableStmt, ctx: StatementContext): void => {
      if (node.objtype !== undefined && node.objtype !== "OBJECT_TABLE") return;
      const target = lockTarget(node.relation, ctx, temporary);
      // ADD CONSTRAINT ... USING INDEX is not supported on partitioned tables: no concurrent path to offer.
      if (target?.existing !== true || target.emptied || target.partitioned || (target.kind !== "table" && target.kind !== undefined)) return;
      const chosen = new Set<string>();
      const report = (constraint: ConstraintNode, column: string | undefined): void => {
        const columns = column === undefined ? stringList(constraint.keys) : [column];
        const primaryKey = constraint.contype === "CONSTR_PRIMARY";
        const name = constraintName(constraint, target, columns, chosen, ctx);
        const sql = uniqueConstraintStepsSql({ table: target.name, name, primaryKey, columns, node: constraint });
        const kind = primaryKey ? "PRIMARY KEY" : "UNIQUE";
        const data = {
          constraint: name,
          column: column ?? "",
          kind,
          table: displayName(target.name),
          sql: sql?.replace("\n", " ") ?? `CREATE UNIQUE INDEX CONCURRENTLY ${quoteIdentifier(name)} ON ${qualifiedSql(target.name)} (...); then ADD CONSTRAINT ${quoteIdentifier(name)} ${kind} USING INDEX ${quoteIdentifier(name)}.`,
          primaryKey: primaryKey
            ? ` ADD PRIMARY KEY ... USING INDEX also sets NOT NULL on ${quotedList(columns)}, which scans the table under the ACCESS EXCLUSIVE lock unless the columns are NOT NULL already: make them NOT NULL first.`
            : "",
          transaction: transactionNote(ctx),
        };
        context.report({
          messageId: column === undefined ? "addConstraint" : "addColumnConstraint",
          data,
          at: ctx.origin(constraint.location),
          ...(sql === undefined || ctx.statement.inDoBlock === true ? {} : { suggestion: { description: `Build the index of "${name}" concurrently, then add the constraint on it.`, sql } }),
        });
      };
      for (const item of node.cmds ?? []) {
        const cmd = unwrap(item, "AlterTableCmd");
        if (cmd?.subtype === "AT_AddConstraint") {
          const constraint = unwrap(cmd.def, "Constraint");
          if (constraint !== undefined && isUniqueKey(constraint) && constraint.indexname === undefined) report(constraint, undefined);
        } else if (cmd?.subtype === "AT_AddColumn") {
          const column = unwrap(cmd.def, "ColumnDef");
          for (const c of column?.constraints ?? []) {
            const constraint = unwrap(c, "Constraint");
            if (constraint !== undefined && isUniqueKey(constraint)) report(constraint, column?.colname ?? "");
          }
        }
      }
    };

    return {
      CreateStmt(node, ctx) {
        temporary.note(node.relation, ctx);
      },
      CreateTableAsStmt(node, ctx) {
        temporary.note(node.into?.rel, ctx);
      },
      SelectStmt(node, ctx) {
        temporary.note(node.intoClause?.rel, ctx);
      },
      IndexStmt: createIndex,
      DropStmt: dropIndex,
      ReindexStmt: reindex,
      AlterTableStmt: alterTable,
    };
  },
});

function isUniqueKey(constraint: ConstraintNode): boolean {
  return constraint.contype === "CONSTR_UNIQUE" || constraint.contype === "CONSTR_PRIMARY";
}
