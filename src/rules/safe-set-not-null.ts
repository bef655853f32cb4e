import { z } from "zod";
import { stringList, unwrap, type Node } from "../parser/ast.js";
import { displayName } from "../schema/catalog.js";
import type { Constraint, Origin, QualifiedName, Table } from "../schema/model.js";
import { defineRule, type StatementContext, type Suggestion } from "./rule.js";
import { relationTarget } from "./utils/existing-relation.js";
import { notNullConstraintName, safeNotNullSteps } from "./utils/not-null-sql.js";
import { qualifiedSql, quoteIdentifier } from "./utils/sql.js";

/**
 * Whether a CHECK expression proves `column IS NOT NULL`: the test itself, or one of the conjuncts of
 * an AND. PostgreSQL's proof (`NotNullImpliedByRelConstraints`) is weak implication: a CHECK passes
 * on NULL, so `CHECK (col > 0)` proves nothing; only an explicit `IS NOT NULL` does.
 */
export function provesNotNull(node: Node | undefined, column: string): boolean {
  const bool = unwrap(node, "BoolExpr");
  if (bool?.boolop === "AND_EXPR") return (bool.args ?? []).some((arg) => provesNotNull(arg, column));
  const test = unwrap(node, "NullTest");
  if (test?.nulltesttype !== "IS_NOT_NULL") return false;
  const ref = unwrap(test.arg, "ColumnRef");
  return ref !== undefined && stringList(ref.fields).at(-1) === column;
}

/** The table's CHECK constraints that prove the column non-null: validated ones first. */
function provingChecks(table: Table | undefined, column: string): Readonly<Constraint>[] {
  const checks = [...(table?.constraints.values() ?? [])].filter((c) => c.kind === "check" && provesNotNull(c.expression?.node, column));
  return checks.sort((a, b) => Number(a.notValid) - Number(b.notValid));
}

/**
 * `ALTER TABLE ... ALTER COLUMN ... SET NOT NULL` (and PostgreSQL 18's `ADD CONSTRAINT ... NOT NULL col`
 * without NOT VALID) on an existing column of an existing table: PostgreSQL scans the whole table for
 * NULLs while holding ACCESS EXCLUSIVE, blocking reads and writes. Since 12 it skips the scan when a
 * *validated* `CHECK (col IS NOT NULL)` proves the column has no NULL; a CHECK added `NOT VALID` and
 * validated separately scans under SHARE UPDATE EXCLUSIVE, which lets reads and writes go on. Since 18
 * a not-null constraint itself can be added `NOT VALID` and validated.
 * https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-DESC-SET-DROP-NOT-NULL,
 * https://www.postgresql.org/docs/current/explicit-locking.html
 */
export default defineRule({
  meta: {
    id: "safe-set-not-null",
    summary: "Make existing columns NOT NULL through a validated constraint instead of a full-table scan under an exclusive lock.",
    category: "migrations",
    defaultSeverity: "warn",
    options: z.object({}),
    messages: {
      setNotNull: {
        message:
          'Making column "{{column}}" of existing table {{table}} NOT NULL scans the whole table for NULLs while holding an ACCESS EXCLUSIVE lock, which blocks reads and writes until the scan finishes.',
        help: "Prove there is no NULL without the long lock: {{path}}.",
      },
      unvalidatedCheck: {
        message:
          'Making column "{{column}}" of existing table {{table}} NOT NULL scans the whole table under an ACCESS EXCLUSIVE lock: CHECK constraint "{{constraint}}" would let PostgreSQL skip the scan, but it is NOT VALID.',
        help: 'Run VALIDATE CONSTRAINT "{{constraint}}" first (it scans under SHARE UPDATE EXCLUSIVE, which lets reads and writes go on); SET NOT NULL then skips its scan.',
      },
      before12: {
        message:
          'Making column "{{column}}" of existing table {{table}} NOT NULL scans the whole table under an ACCESS EXCLUSIVE lock, which blocks reads and writes until the scan finishes; before PostgreSQL 12 (the target is {{version}}) no constraint lets it skip the scan.',
        help: 'Enforce the rule with CHECK ("{{column}}" IS NOT NULL), added NOT VALID and validated in a separate migration (SHARE UPDATE EXCLUSIVE: reads and writes go on), and SET NOT NULL after upgrading to PostgreSQL 12 or later; or run it while the table is quiet, under a short lock_timeout.',
      },
    },
  },
  create(context) {
    const version = context.settings.postgresVersion;
    const path =
      version >= 18
        ? "add it as ADD CONSTRAINT ... NOT NULL ... NOT VALID (a brief lock, no scan), then VALIDATE CONSTRAINT in a separate migration, which scans under SHARE UPDATE EXCLUSIVE and lets reads and writes go on"
        : "add CHECK (... IS NOT NULL) NOT VALID, VALIDATE CONSTRAINT in a separate migration (it scans under SHARE UPDATE EXCLUSIVE, which lets reads and writes go on), then SET NOT NULL, which skips its scan because the validated CHECK proves there is no NULL, and drop the CHECK";

    function check(ctx: StatementContext, name: QualifiedName, table: Table | undefined, column: string, at: Origin): void {
      const existing = table?.columns.get(column);
      // A column added in this migration (with the table or by ADD COLUMN) is the job of safe-add-column;
      // one that is NOT NULL already makes SET NOT NULL a no-op.
      if (existing !== undefined && (existing.origin.migration === ctx.migration.id || existing.notNull)) return;
      const base = { column, table: displayName(name) };
      const [proof] = provingChecks(table, column);
      const alter = `ALTER TABLE ${qualifiedSql(name)}`;
      if (version < 12) {
        const steps = proof === undefined ? safeNotNullSteps(name, column, notNullConstraintName(ctx.catalog, name, column), version) : undefined;
        const suggestion: Suggestion | undefined = steps === undefined ? undefined : { description: `Enforce "${column}" with a validated CHECK instead.`, sql: steps.join("\n") };
        context.report({ messageId: "before12", data: { ...base, version }, at, ...(suggestion === undefined ? {} : { suggestion }) });
        return;
      }
      if (proof !== undefined && !proof.notValid) return;
      if (proof !== undefined) {
        // VALIDATE holds only SHARE UPDATE EXCLUSIVE, so SET NOT NULL may follow in the same transaction.
        const sql = `${alter} VALIDATE CONSTRAINT ${quoteIdentifier(proof.name)};\n${alter} ALTER COLUMN ${quoteIdentifier(column)} SET NOT NULL;`;
        context.report({ messageId: "unvalidatedCheck", data: { ...base, constraint: proof.name }, at, suggestion: { description: `Validate "${proof.name}" first.`, sql } });
        return;
      }
      const sql = safeNotNullSteps(name, column, notNullConstraintName(ctx.catalog, name, column), version).join("\n");
      context.report({ messageId: "setNotNull", data: { ...base, path }, at, suggestion: { description: `Make "${column}" NOT NULL through a validated constraint.`, sql } });
    }

    return {
      AlterTableStmt(node, ctx) {
        if (node.objtype !== undefined && node.objtype !== "OBJECT_TABLE") return;
        const target = relationTarget(node.relation, ctx);
        // A table a TRUNCATE emptied earlier in this transaction has nothing to scan, and is locked already.
        if (target === undefined || !target.existing || target.emptied || target.table?.foreign === true) return;
        for (const item of node.cmds ?? []) {
          const cmd = unwrap(item, "AlterTableCmd");
          if (cmd?.subtype === "AT_SetNotNull") {
            // The subcommand has no position of its own: the statement is reported.
            // The subcommand has no location: ALTER [COLUMN] name SET NOT NULL as written (to its comma).
            const column = cmd.name ?? "";
            const at = ctx.locate(["alter", "column", column, "set", "not", "null"]) ?? ctx.locate(["alter", column, "set", "not", "null"]);
            check(ctx, target.name, target.table, column, ctx.origin(at?.start));
            continue;
          }
          const constraint = cmd?.subtype === "AT_AddConstraint" ? unwrap(cmd.def, "Constraint") : undefined;
          // PostgreSQL 18: ADD [CONSTRAINT c] NOT NULL col, which without NOT VALID scans like SET NOT NULL.
          if (constraint?.contype !== "CONSTR_NOTNULL" || constraint.skip_validation === true) continue;
          for (const column of stringList(constraint.keys)) check(ctx, target.name, target.table, column, ctx.origin(constraint.location));
        }
      },
    };
  },
});
