import type { ColumnDef, Constraint as ConstraintNode } from "libpg-query";
import { z } from "zod";
import { unwrap } from "../parser/ast.js";
import { displayName, keyOf } from "../schema/catalog.js";
import type { QualifiedName } from "../schema/model.js";
import { defineRule, type StatementContext, type Suggestion } from "./rule.js";
import { addedConstraintName, checkNodeSql, foreignKeyNodeSql } from "./utils/constraint-node-sql.js";
import { relationTarget } from "./utils/existing-relation.js";
import { expressionSql, typeNameSql } from "./utils/expression-sql.js";
import { SEPARATE_MIGRATION } from "./utils/not-null-sql.js";
import { qualifiedSql, quoteIdentifier } from "./utils/sql.js";
import type { TransactionState } from "./migration-state.js";

/** A constraint added NOT VALID, remembered until its VALIDATE. */
interface PendingValidation {
  /** The file (or section) and the transaction block it was added in. */
  readonly file: string;
  readonly block: number;
  readonly transaction: TransactionState;
  readonly lock: string;
}

/** Transaction control that ends a transaction block or starts one (savepoints do neither). */
const BLOCK_BOUNDARIES: ReadonlySet<string> = new Set([
  "TRANS_STMT_BEGIN",
  "TRANS_STMT_START",
  "TRANS_STMT_COMMIT",
  "TRANS_STMT_ROLLBACK",
  "TRANS_STMT_PREPARE",
  "TRANS_STMT_COMMIT_PREPARED",
  "TRANS_STMT_ROLLBACK_PREPARED",
]);

/** The locks a foreign key's ADD takes: on its table and the referenced one, which may be the same (a self-reference). */
function foreignKeyLocks(table: string, referenced: string): { readonly locks: string } {
  return { locks: table === referenced ? `a SHARE ROW EXCLUSIVE lock on ${table}, which blocks writes to it` : `SHARE ROW EXCLUSIVE locks on ${table} and ${referenced}, which block writes to both tables` };
}

function referencedName(node: ConstraintNode, ctx: StatementContext): string {
  const pk = node.pktable;
  return displayName(ctx.catalog.qualify(pk?.schemaname, pk?.relname ?? ""));
}

/**
 * Column constraints of an ADD COLUMN that PostgreSQL validates against every existing row. A foreign
 * key on a new column without a DEFAULT or generation expression is not checked: every existing row
 * holds NULL there, so PostgreSQL marks it valid without a scan (`transformAlterTableStmt` in
 * src/backend/parser/parse_utilcmd.c skips the validation unless the column has a raw default; an
 * explicit `DEFAULT NULL` counts as one). Checked on PostgreSQL 17 with `pg_stat_user_tables.seq_scan`:
 * no scan without a default, one with `DEFAULT NULL`. A CHECK is always checked.
 */
function validatedColumnConstraints(def: ColumnDef): ConstraintNode[] {
  const constraints = (def.constraints ?? []).flatMap((n) => {
    const c = unwrap(n, "Constraint");
    return c === undefined ? [] : [c];
  });
  const hasDefault = constraints.some((c) => c.contype === "CONSTR_DEFAULT" || c.contype === "CONSTR_GENERATED");
  return constraints.filter((c) => (c.contype === "CONSTR_CHECK" || (c.contype === "CONSTR_FOREIGN" && hasDefault)) && c.skip_validation !== true);
}

/**
 * `ALTER TABLE ... ADD CONSTRAINT ... FOREIGN KEY | CHECK` on a table that may hold rows, without
 * `NOT VALID`: PostgreSQL checks every existing row before the statement ends, holding the lock of
 * the ADD the whole time: SHARE ROW EXCLUSIVE on the table and on the referenced table for a foreign
 * key (writes to both wait), ACCESS EXCLUSIVE for a CHECK (reads wait too). With `NOT VALID` the ADD
 * only checks new rows; `VALIDATE CONSTRAINT` later scans under SHARE UPDATE EXCLUSIVE (plus ROW SHARE
 * on the referenced table), which lets reads and writes go on. That only helps in another transaction:
 * in the ADD's transaction its lock is still held, so a VALIDATE there is reported too. A constraint
 * on a column that ADD COLUMN creates is validated the same way (a column constraint cannot be NOT VALID).
 * https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-DESC-ADD-TABLE-CONSTRAINT,
 * https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-NOTES
 */
export default defineRule({
  meta: {
    id: "require-not-valid-constraint",
    summary: "Add foreign keys and CHECK constraints to existing tables NOT VALID, and validate them in a separate transaction.",
    category: "migrations",
    defaultSeverity: "warn",
    options: z.object({}),
    messages: {
      foreignKey: {
        message:
          'Foreign key "{{constraint}}" is added to existing table {{table}} without NOT VALID: PostgreSQL checks every existing row while holding {{locks}} until the check finishes.',
        help: "Add it with NOT VALID (new and changed rows are still checked), then run VALIDATE CONSTRAINT in a separate migration: it checks the existing rows under SHARE UPDATE EXCLUSIVE (ROW SHARE on {{referenced}}), which lets reads and writes go on.",
      },
      check: {
        message:
          'CHECK constraint "{{constraint}}" is added to existing table {{table}} without NOT VALID: PostgreSQL checks every existing row while holding an ACCESS EXCLUSIVE lock, which blocks reads and writes until the check finishes.',
        help: "Add it with NOT VALID (new and changed rows are still checked), then run VALIDATE CONSTRAINT in a separate migration: it checks the existing rows under SHARE UPDATE EXCLUSIVE, which lets reads and writes go on.",
      },
      columnConstraint: {
        message:
          'Column "{{column}}" is added to existing table {{table}} with {{constraints}}: PostgreSQL checks every existing row while holding the ACCESS EXCLUSIVE lock of ADD COLUMN{{referencedLock}}, which blocks reads and writes until the check finishes.',
        help: "Add the column without the constraint, add the constraint with ALTER TABLE ... ADD CONSTRAINT ... NOT VALID (a column constraint cannot be NOT VALID), and run VALIDATE CONSTRAINT in a separate migration.",
      },
      validateInSameTransaction: {
        message:
          'Constraint "{{constraint}}" of {{table}} is validated in the transaction that added it NOT VALID: the lock of the ADD ({{lock}}) is held until commit, so the validation runs under it and NOT VALID gains nothing.',
        help: "Run VALIDATE CONSTRAINT in a separate migration (or after a COMMIT), so that it runs in its own transaction under SHARE UPDATE EXCLUSIVE.",
      },
    },
  },
  create(context) {
    const version = context.settings.postgresVersion;
    // Constraints added NOT VALID, and a counter of transaction blocks: both outlive a migration (see RuleContext.state).
    const state = context.state(() => ({ pending: new Map<string, PendingValidation>(), block: 0 }));
    const pendingKey = (table: QualifiedName, name: string): string => `${keyOf(table)}\u0000${name}`;

    /** `ADD CONSTRAINT name <clause> NOT VALID;`, then VALIDATE in a separate migration. */
    function notValidSql(table: QualifiedName, name: string, clause: string | undefined, before: readonly string[] = []): Suggestion | undefined {
      if (clause === undefined) return undefined;
      const alter = `ALTER TABLE ${qualifiedSql(table)}`;
      const id = quoteIdentifier(name);
      const sql = [...before, `${alter} ADD CONSTRAINT ${id} ${clause} NOT VALID;`, SEPARATE_MIGRATION, `${alter} VALIDATE CONSTRAINT ${id};`];
      return { description: `Add "${name}" NOT VALID and validate it separately.`, sql: sql.join("\n") };
    }

    function addConstraint(ctx: StatementContext, table: QualifiedName, partitioned: boolean, node: ConstraintNode, chosen: Set<string>): void {
      if (node.contype !== "CONSTR_FOREIGN" && node.contype !== "CONSTR_CHECK" && node.contype !== "CONSTR_NOTNULL") return;
      const name = addedConstraintName(ctx.catalog, table, node, undefined, chosen);
      if (name === undefined) return;
      chosen.add(name);
      const fk = node.contype === "CONSTR_FOREIGN";
      if (node.skip_validation === true) {
        const lock = fk ? (referencedName(node, ctx) === displayName(table) ? "SHARE ROW EXCLUSIVE on the table" : "SHARE ROW EXCLUSIVE on both tables") : "ACCESS EXCLUSIVE";
        state.pending.set(pendingKey(table, name), { file: ctx.origin().file, block: state.block, transaction: ctx.transaction, lock });
        return;
      }
      // ADD ... NOT NULL without NOT VALID (PostgreSQL 18) is safe-set-not-null's. Before 18 a foreign key
      // on a partitioned table cannot be NOT VALID.
      if (node.contype === "CONSTR_NOTNULL" || (fk && partitioned && version < 18)) return;
      const referenced = fk ? referencedName(node, ctx) : "";
      const data = { constraint: name, table: displayName(table), referenced, ...foreignKeyLocks(displayName(table), referenced) };
      const suggestion = notValidSql(table, name, fk ? foreignKeyNodeSql(node) : checkNodeSql(node));
      context.report({ messageId: fk ? "foreignKey" : "check", data, at: ctx.origin(node.location), ...(suggestion === undefined ? {} : { suggestion }) });
    }

    function addColumn(ctx: StatementContext, table: QualifiedName, partitioned: boolean, def: ColumnDef, chosen: Set<string>): void {
      // Before 18 the foreign key of a partitioned table cannot be added NOT VALID instead.
      const moved = validatedColumnConstraints(def).filter((c) => !(partitioned && version < 18 && c.contype === "CONSTR_FOREIGN"));
      const first = moved[0];
      if (first === undefined) return;
      const column = def.colname ?? "";
      const names = moved.map((c) => addedConstraintName(ctx.catalog, table, c, column, chosen) ?? "");
      for (const name of names) chosen.add(name);
      const described = moved.map((c, i) => `${c.contype === "CONSTR_FOREIGN" ? "FOREIGN KEY" : "CHECK"} "${names[i] ?? ""}"`);
      const referenced = [...new Set(moved.filter((c) => c.contype === "CONSTR_FOREIGN").map((c) => referencedName(c, ctx)))];
      const data = {
        column,
        table: displayName(table),
        constraints: described.join(" and "),
        referencedLock: referenced.length === 0 ? "" : ` and SHARE ROW EXCLUSIVE on ${referenced.join(", ")}`,
      };
      const suggestion = columnSql(table, def, moved, names);
      context.report({ messageId: "columnConstraint", data, at: ctx.origin(first.location), ...(suggestion === undefined ? {} : { suggestion }) });
    }

    /** The column without its validated constraints, each added NOT VALID, then the VALIDATEs in a separate migration. */
    function columnSql(table: QualifiedName, def: ColumnDef, moved: readonly ConstraintNode[], names: readonly string[]): Suggestion | undefined {
      const type = typeNameSql(def.typeName);
      if (type === undefined || def.collClause !== undefined) return undefined;
      const parts = [`${quoteIdentifier(def.colname ?? "")} ${type}`];
      for (const n of def.constraints ?? []) {
        const c = unwrap(n, "Constraint");
        if (c === undefined || moved.includes(c)) continue;
        if (c.contype === "CONSTR_NOTNULL") parts.push("NOT NULL");
        else if (c.contype === "CONSTR_DEFAULT") {
          const value = expressionSql(c.raw_expr);
          if (value === undefined) return undefined;
          parts.push(`DEFAULT ${value}`);
        } else if (c.contype !== "CONSTR_NULL") return undefined;
      }
      const alter = `ALTER TABLE ${qualifiedSql(table)}`;
      const adds: string[] = [];
      for (const [i, c] of moved.entries()) {
        const clause = c.contype === "CONSTR_FOREIGN" ? foreignKeyNodeSql(c, def.colname) : checkNodeSql(c);
        if (clause === undefined) return undefined;
        adds.push(`${alter} ADD CONSTRAINT ${quoteIdentifier(names[i] ?? "")} ${clause} NOT VALID;`);
      }
      const validates = names.map((name) => `${alter} VALIDATE CONSTRAINT ${quoteIdentifier(name)};`);
      const sql = [`${alter} ADD COLUMN ${parts.join(" ")};`, ...adds, SEPARATE_MIGRATION, ...validates];
      return { description: `Add "${def.colname ?? ""}" without validating its constraints.`, sql: sql.join("\n") };
    }

    return {
      TransactionStmt(node) {
        if (BLOCK_BOUNDARIES.has(node.kind ?? "")) state.block++;
      },
      AlterTableStmt(node, ctx) {
        if (node.objtype !== undefined && node.objtype !== "OBJECT_TABLE") return;
        const target = relationTarget(node.relation, ctx);
        // A table a TRUNCATE emptied earlier in this transaction has no row to check, and is locked already.
        if (target === undefined || !target.existing || target.emptied || target.table?.foreign === true) return;
        const table = target.name;
        const chosen = new Set<string>();
        for (const item of node.cmds ?? []) {
          const cmd = unwrap(item, "AlterTableCmd");
          if (cmd?.subtype === "AT_AddConstraint") {
            const constraint = unwrap(cmd.def, "Constraint");
            if (constraint !== undefined) addConstraint(ctx, table, target.table?.partitioned === true, constraint, chosen);
          } else if (cmd?.subtype === "AT_AddColumn") {
            const def = unwrap(cmd.def, "ColumnDef");
            const exists = cmd.missing_ok === true && target.table?.columns.has(def?.colname ?? "") === true;
            if (def !== undefined && !exists) addColumn(ctx, table, target.table?.partitioned === true, def, chosen);
          } else if (cmd?.subtype === "AT_ValidateConstraint") {
            const key = pendingKey(table, cmd.name ?? "");
            const added = state.pending.get(key);
            state.pending.delete(key);
            const same = added?.file === ctx.origin().file && added.block === state.block;
            if (!same || added.transaction === "none" || ctx.transaction === "none") continue;
            // VALIDATE CONSTRAINT has no position of its own: the statement is reported.
            const at = ctx.locate(["validate", "constraint", cmd.name ?? ""]);
            context.report({ messageId: "validateInSameTransaction", data: { constraint: cmd.name ?? "", table: displayName(table), lock: added.lock }, at: ctx.origin(at?.start) });
          }
        }
      },
    };
  },
});
