import type { Constraint as ConstraintNode, RangeVar } from "libpg-query";
import { z } from "zod";
import type { ByteRange } from "../parser/extent.js";
import { stringList, unwrap, type Node } from "../parser/ast.js";
import { displayName } from "../schema/catalog.js";
import { defineRule, type StatementContext } from "./rule.js";
import { optionEnabled, reindexConcurrently } from "./utils/concurrently.js";
import { objectName } from "./utils/existing-object.js";
import { alterTableCommandLock, blocksReads, blocksWrites, lockModeNumbered, lockPhrase, strongerLock, type LockMode } from "./utils/lock-level.js";
import { dropMakesRoomForNewIndex, indexTarget, lockTarget, namedLockTarget, TemporaryTables, type LockTarget } from "./utils/lock-target.js";

/** A lock a statement takes on a relation that may be in use. */
interface HeldLock {
  /** The statement, as the message names it: `ALTER TABLE`, `CREATE INDEX`, `LOCK TABLE` ... */
  readonly statement: string;
  readonly mode: LockMode;
  /** What is locked, for the message: `table "orders"`, `index "orders_pkey"`. */
  readonly object: string;
  /** Where to point: a node's byte offset (its list element), a name's range, or the statement when undefined. */
  readonly location?: number | ByteRange | undefined;
}

/** A PostgreSQL duration (lock_timeout takes milliseconds by default): `5s`, `500ms`, `1min`. */
const DURATION = /^\s*\d+(\.\d+)?\s*(us|ms|s|min|h|d)?\s*$/u;

function tableObject(target: LockTarget): string {
  return `${target.kind ?? "table"} ${displayName(target.name)}`;
}

/** The FOREIGN KEY constraints of a CREATE TABLE or ALTER TABLE element list (table and column constraints). */
function foreignKeys(elements: readonly Node[]): ConstraintNode[] {
  // Loops rather than flatMap: this runs for every element of every CREATE and ALTER TABLE.
  const found: ConstraintNode[] = [];
  for (const element of elements) {
    for (const c of unwrap(element, "ColumnDef")?.constraints ?? [element]) {
      const constraint = unwrap(c, "Constraint");
      if (constraint?.contype === "CONSTR_FOREIGN") found.push(constraint);
    }
  }
  return found;
}

/**
 * A statement that needs a strong lock waits behind every transaction holding a conflicting one (a long
 * query, an idle-in-transaction session, autovacuum's wraparound run), and while it waits in the lock
 * queue every later request that conflicts with it waits too: a pending ACCESS EXCLUSIVE request blocks
 * every reader, a pending SHARE request every writer. Without lock_timeout the migration can stall the
 * table for as long as the blocker lasts; with it, the statement gives up after a short wait and the
 * migration can be retried. Locks that let reads and writes through (SHARE UPDATE EXCLUSIVE and below)
 * and relations the migration created itself (nobody else uses them yet) are not reported, and only
 * the first statement of a migration is: one SET at its top covers them all. `SET LOCAL` in a
 * transaction and `set_config('lock_timeout', ..., true)` count (the session tracks them).
 * https://www.postgresql.org/docs/current/runtime-config-client.html#GUC-LOCK-TIMEOUT
 * https://www.postgresql.org/docs/current/explicit-locking.html#LOCKING-TABLES
 */
export default defineRule({
  meta: {
    id: "require-lock-timeout",
    summary: "Set lock_timeout before a migration takes a lock that blocks reads or writes on an existing table.",
    category: "migrations",
    defaultSeverity: "warn",
    options: z.object({
      suggestedTimeout: z
        .string()
        .regex(DURATION, { error: "must be a PostgreSQL duration such as '5s' or '500ms'" })
        .refine((value) => Number.parseFloat(value) > 0, { error: "must be greater than zero (0 disables the timeout)" })
        .default("5s")
        .describe("The lock_timeout the suggested SET uses: how long a statement may wait for its lock before it fails (a PostgreSQL duration such as '2s' or '500ms')."),
    }),
    messages: {
      missingLockTimeout: {
        message:
          "No lock_timeout is set, and {{statement}} takes {{lock}} on {{object}}: if another transaction holds a conflicting lock, the statement waits in the lock queue, and {{blocked}} behind it until it gets the lock and finishes.",
        help: "Set lock_timeout at the top of the migration, so that a statement that cannot get its lock fails after a short wait instead of stalling the table, then retry the migration (inside a transaction, SET LOCAL works too): {{sql}}",
      },
    },
  },
  create(context) {
    const version = context.settings.postgresVersion;
    const timeout = context.options.suggestedTimeout.trim();
    const temporary = new TemporaryTables();
    const reported = new Set<string>();

    const keyOf = (ctx: StatementContext): string => `${ctx.migration.id}\u0000${ctx.migration.role}`;
    /**
     * Whether nothing more can be reported for this migration part (a timeout is set, or its finding is
     * made): the hooks a dump repeats thousands of times return before resolving any lock.
     */
    const settled = (ctx: StatementContext): boolean => ctx.lockTimeout || reported.has(keyOf(ctx));

    const check = (ctx: StatementContext, locks: readonly (HeldLock | undefined)[]): void => {
      if (settled(ctx)) return;
      const key = keyOf(ctx);
      const lock = locks.find((l): l is HeldLock => l !== undefined && blocksWrites(l.mode));
      if (lock === undefined) return;
      reported.add(key);
      const blocked = blocksReads(lock.mode) ? "every later query on it, reads included, waits" : "every later INSERT, UPDATE and DELETE on it waits";
      const sql = `SET lock_timeout = '${timeout}';`;
      context.report({
        messageId: "missingLockTimeout",
        data: { statement: lock.statement, lock: lockPhrase(lock.mode), object: lock.object, blocked, sql },
        at: ctx.origin(lock.location),
        suggestion: { description: "Set lock_timeout at the top of the migration, before its first locking statement.", sql },
      });
    };

    /**
     * A lock on a relation named by a RangeVar, when the relation may be in use. The finding spans the
     * statement, or the list element at `location` (a table of TRUNCATE a, b; a REFERENCES clause).
     */
    const on = (relation: RangeVar | undefined, statement: string, mode: LockMode, ctx: StatementContext, location?: number | ByteRange): HeldLock | undefined => {
      const target = lockTarget(relation, ctx, temporary);
      return target?.existing === true ? { statement, mode, object: tableObject(target), location } : undefined;
    };

    /** ADD FOREIGN KEY and REFERENCES take SHARE ROW EXCLUSIVE on the referenced table too. */
    const referenced = (elements: readonly Node[], statement: string, ctx: StatementContext): (HeldLock | undefined)[] =>
      foreignKeys(elements).map((fk) => on(fk.pktable, statement, "SHARE ROW EXCLUSIVE", ctx, fk.location));

    /** The same lock on each relation of a list (TRUNCATE, LOCK TABLE, VACUUM FULL), pointing at its name. */
    const each = (relations: readonly (RangeVar | undefined)[], statement: string, mode: LockMode, ctx: StatementContext): (HeldLock | undefined)[] =>
      relations.map((r) => {
        const name = r?.relname === undefined ? undefined : ctx.locate(r.schemaname === undefined ? [r.relname] : [r.schemaname, ".", r.relname]);
        return on(r, statement, mode, ctx, name ?? r?.location);
      });

    return {
      CreateStmt(node, ctx) {
        temporary.note(node.relation, ctx);
        if (node.relation?.relpersistence === "t" || settled(ctx)) return;
        // CREATE TABLE ... PARTITION OF locks the partitioned table ACCESS EXCLUSIVE (ATTACH PARTITION does not).
        const parent = node.partbound === undefined ? undefined : unwrap(node.inhRelations?.[0], "RangeVar");
        // A self-reference (parent_id REFERENCES the table being created) locks nothing that exists.
        const qualified = (r: RangeVar | undefined): string => {
          const name = ctx.catalog.qualify(r?.schemaname, r?.relname ?? "");
          return `${name.schema}.${name.name}`;
        };
        let self: string | undefined;
        const elements = (node.tableElts ?? []).filter((e) => {
          const fks = foreignKeys([e]);
          if (fks.length === 0) return false;
          self ??= qualified(node.relation);
          return !fks.some((fk) => qualified(fk.pktable) === self);
        });
        check(ctx, [on(parent, "CREATE TABLE ... PARTITION OF", "ACCESS EXCLUSIVE", ctx), ...referenced(elements, "CREATE TABLE ... REFERENCES", ctx)]);
      },
      CreateTableAsStmt(node, ctx) {
        temporary.note(node.into?.rel, ctx);
      },
      SelectStmt(node, ctx) {
        temporary.note(node.intoClause?.rel, ctx);
      },
      AlterTableStmt(node, ctx) {
        if ((node.objtype !== undefined && node.objtype !== "OBJECT_TABLE") || settled(ctx)) return;
        const cmds = (node.cmds ?? []).flatMap((c) => {
          const cmd = unwrap(c, "AlterTableCmd");
          return cmd === undefined ? [] : [cmd];
        });
        const mode = cmds.reduce<LockMode>((strongest, cmd) => strongerLock(strongest, alterTableCommandLock(cmd, version)), "ACCESS SHARE");
        const added = cmds.flatMap((cmd) => (cmd.subtype === "AT_AddConstraint" || cmd.subtype === "AT_AddColumn") && cmd.def !== undefined ? [cmd.def] : []);
        const attached = cmds.flatMap((cmd) => (cmd.subtype === "AT_AttachPartition" ? [unwrap(cmd.def, "PartitionCmd")?.name] : []));
        check(ctx, [
          on(node.relation, "ALTER TABLE", mode, ctx),
          ...referenced(added, "ALTER TABLE ... ADD FOREIGN KEY", ctx),
          ...attached.map((partition) => on(partition, "ALTER TABLE ... ATTACH PARTITION", "ACCESS EXCLUSIVE", ctx)),
        ]);
      },
      IndexStmt(node, ctx) {
        if (node.concurrent !== true && !settled(ctx)) check(ctx, [on(node.relation, "CREATE INDEX", "SHARE", ctx)]);
      },
      ReindexStmt(node, ctx) {
        const relation = node.relation;
        if (reindexConcurrently(node) || relation?.relname === undefined) return;
        // REINDEX locks the table SHARE and each index it rebuilds ACCESS EXCLUSIVE, which every query planned on the table needs.
        if (node.kind === "REINDEX_OBJECT_INDEX") {
          const target = indexTarget(relation.schemaname, relation.relname, ctx);
          if (target.existing) check(ctx, [{ statement: "REINDEX", mode: "ACCESS EXCLUSIVE", object: `index ${displayName(target.index)}` }]);
        } else if (node.kind === "REINDEX_OBJECT_TABLE") {
          const target = lockTarget(relation, ctx, temporary);
          if (target?.existing === true) check(ctx, [{ statement: "REINDEX", mode: "ACCESS EXCLUSIVE", object: `the indexes of ${tableObject(target)}` }]);
        }
      },
      DropStmt(node, ctx) {
        if (settled(ctx)) return;
        const locks = (node.objects ?? []).map((object): HeldLock | undefined => {
          if (node.removeType === "OBJECT_INDEX") {
            if (node.concurrent === true) return undefined;
            const { schema, name } = objectName(object);
            const target = indexTarget(schema, name, ctx);
            if (!target.existing || dropMakesRoomForNewIndex(target, ctx)) return undefined;
            return { statement: "DROP INDEX", mode: "ACCESS EXCLUSIVE", object: target.table === undefined ? `the table of index ${displayName(target.index)}` : tableObject(target.table) };
          }
          if (node.removeType === "OBJECT_TABLE") {
            const { schema, name } = objectName(object);
            const target = namedLockTarget(schema, name, ctx, temporary);
            return target?.existing === true && target.kind !== "view" && target.kind !== "materialized view" ? { statement: "DROP TABLE", mode: "ACCESS EXCLUSIVE", object: tableObject(target) } : undefined;
          }
          if (node.removeType === "OBJECT_TRIGGER") {
            // DROP TRIGGER name ON table: the object is [schema,] table, trigger.
            const parts = stringList(unwrap(object, "List")?.items);
            const table = parts.slice(0, -1);
            const target = table.length === 0 ? undefined : namedLockTarget(table.length > 1 ? table[0] : undefined, table.at(-1) ?? "", ctx, temporary);
            return target?.existing === true ? { statement: "DROP TRIGGER", mode: "ACCESS EXCLUSIVE", object: tableObject(target) } : undefined;
          }
          return undefined;
        });
        check(ctx, locks);
      },
      TruncateStmt(node, ctx) {
        check(ctx, each((node.relations ?? []).map((r) => unwrap(r, "RangeVar")), "TRUNCATE", "ACCESS EXCLUSIVE", ctx));
      },
      LockStmt(node, ctx) {
        // NOWAIT fails at once instead of queueing: it needs no timeout.
        if (node.nowait === true) return;
        check(ctx, each((node.relations ?? []).map((r) => unwrap(r, "RangeVar")), "LOCK TABLE", lockModeNumbered(node.mode), ctx));
      },
      RenameStmt(node, ctx) {
        const renamesTable =
          node.renameType === "OBJECT_TABLE" || node.renameType === "OBJECT_TABCONSTRAINT" || (node.renameType === "OBJECT_COLUMN" && node.relationType === "OBJECT_TABLE");
        if (renamesTable) check(ctx, [on(node.relation, "ALTER TABLE ... RENAME", "ACCESS EXCLUSIVE", ctx)]);
      },
      AlterObjectSchemaStmt(node, ctx) {
        if (node.objectType === "OBJECT_TABLE") check(ctx, [on(node.relation, "ALTER TABLE ... SET SCHEMA", "ACCESS EXCLUSIVE", ctx)]);
      },
      VacuumStmt(node, ctx) {
        const full = (node.options ?? []).some((o) => {
          const option = unwrap(o, "DefElem");
          return option?.defname === "full" && optionEnabled(option);
        });
        if (node.is_vacuumcmd !== true || !full) return;
        const relations = (node.rels ?? []).map((r) => unwrap(r, "VacuumRelation")?.relation);
        if (relations.length === 0) check(ctx, [{ statement: "VACUUM FULL", mode: "ACCESS EXCLUSIVE", object: "every table of the database in turn" }]);
        else check(ctx, each(relations, "VACUUM FULL", "ACCESS EXCLUSIVE", ctx));
      },
      ClusterStmt(node, ctx) {
        if (node.relation === undefined) check(ctx, [{ statement: "CLUSTER", mode: "ACCESS EXCLUSIVE", object: "every table clustered before, in turn" }]);
        else check(ctx, [on(node.relation, "CLUSTER", "ACCESS EXCLUSIVE", ctx)]);
      },
      RefreshMatViewStmt(node, ctx) {
        if (node.concurrent !== true) check(ctx, [on(node.relation, "REFRESH MATERIALIZED VIEW", "ACCESS EXCLUSIVE", ctx)]);
      },
      CreateTrigStmt(node, ctx) {
        check(ctx, [on(node.relation, "CREATE TRIGGER", "SHARE ROW EXCLUSIVE", ctx)]);
      },
    };
  },
});
