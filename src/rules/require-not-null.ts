import { z } from "zod";
import { stringList, unwrap, type Node } from "../parser/ast.js";
import { displayName, type Catalog } from "../schema/catalog.js";
import type { Column, Table } from "../schema/model.js";
import { defineRule } from "./rule.js";
import { hasEffectiveDefault } from "./utils/effective-default.js";
import { columnsSetBy } from "./utils/foreign-key-clause-sql.js";
import { regexSourceList } from "./utils/options.js";
import { ownColumns } from "./utils/own-columns.js";
import { qualifiedSql, quoteIdentifier } from "./utils/sql.js";

/** Timestamps every row has: when it was inserted and when it was last updated. */
const ALWAYS_SET_TIMESTAMPS = new Set(["created_at", "updated_at"]);

/** Events that may not have happened yet (`deleted_at`, `cancelled_at`) and actors that may be unknown (`approved_by`). */
const OPTIONAL_BY_NATURE = /_(?:at|by)$/iu;

/** Whether a CHECK expression is `column IS NOT NULL`, alone or as one operand of an AND. */
function isNotNullCheck(node: Node | undefined, column: string): boolean {
  const test = unwrap(node, "NullTest");
  if (test !== undefined) {
    const ref = unwrap(test.arg, "ColumnRef");
    return test.nulltesttype === "IS_NOT_NULL" && ref !== undefined && stringList(ref.fields).at(-1) === column;
  }
  const bool = unwrap(node, "BoolExpr");
  return bool?.boolop === "AND_EXPR" && (bool.args ?? []).some((arg) => isNotNullCheck(arg, column));
}

/**
 * Whether a foreign key sets the column to NULL when the referenced row is deleted or re-keyed: the
 * column must stay nullable, or the action fails
 * (https://www.postgresql.org/docs/current/ddl-constraints.html#DDL-CONSTRAINTS-FK).
 */
function nulledByForeignKey(table: Table, column: Column): boolean {
  for (const c of table.constraints.values()) {
    if (c.kind !== "foreign key" || c.references === undefined) continue;
    if (c.references.onDelete === "set null" && columnsSetBy(c.columns, c.references, "delete").includes(column.name)) return true;
    if (c.references.onUpdate === "set null" && columnsSetBy(c.columns, c.references, "update").includes(column.name)) return true;
  }
  return false;
}

/**
 * Whether NULL is already kept out by other means: a NOT NULL domain, or a validated
 * `CHECK (column IS NOT NULL)`, the constraint PostgreSQL 12+ uses to skip the scan of a later
 * `SET NOT NULL` (https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-DESC-SET-DROP-NOT-NULL).
 */
function nullKeptOut(catalog: Catalog, table: Table, column: Column): boolean {
  const type = catalog.types.get(column.type.name);
  if (type?.kind === "domain" && type.notNull && column.type.arrayDimensions === 0) return true;
  for (const c of table.constraints.values()) {
    if (c.kind === "check" && !c.notValid && isNotNullCheck(c.expression?.node, column.name)) return true;
  }
  return false;
}

type Reason = "nullableWithDefault" | "nullableBoolean" | "nullableTimestamp" | "nullableRequired";

/**
 * A DEFAULT fills a value only when the column is left out: an explicit NULL is stored anyway, and
 * only NOT NULL rejects it. "In most database designs the majority of columns should be marked not
 * null." https://www.postgresql.org/docs/current/ddl-constraints.html#DDL-CONSTRAINTS-NOT-NULL
 */
export default defineRule({
  meta: {
    id: "require-not-null",
    summary: "Declare NOT NULL on columns that always hold a value.",
    category: "constraints",
    defaultSeverity: "warn",
    options: z.object({
      columnPatterns: regexSourceList([]).describe(
        "Case-insensitive regular expressions (sources) matched against column names; a nullable column that matches is reported as required. Names ending in `_at` or `_by` without a default are never reported.",
      ),
    }),
    messages: {
      nullableWithDefault: {
        message:
          'Column "{{column}}" of {{table}} has a DEFAULT but allows NULL: the default shows a value always exists, yet an explicit NULL in an INSERT or UPDATE is still stored, and every reader has to handle it.',
        help: "Set the NULL rows to the default, then forbid NULL (on a large table SET NOT NULL scans it under an ACCESS EXCLUSIVE lock): {{sql}}",
      },
      nullableBoolean: {
        message:
          'Boolean column "{{column}}" of {{table}} allows NULL: it has three states instead of two, and conditions such as WHERE NOT "{{column}}" silently skip the NULL rows.',
        help: "Backfill the NULL rows with the value they stand for (UPDATE ... SET \"{{column}}\" = FALSE WHERE \"{{column}}\" IS NULL), then forbid NULL: {{sql}}",
      },
      nullableTimestamp: {
        message:
          'Column "{{column}}" of {{table}} allows NULL, but every row is inserted and updated at some time: rows with NULL drop out of time-range queries and sort apart from the others.',
        help: "Backfill the NULL rows (UPDATE ... SET \"{{column}}\" = now() WHERE \"{{column}}\" IS NULL, or a better-known time), then forbid NULL: {{sql}}",
      },
      nullableRequired: {
        message:
          'Column "{{column}}" of {{table}} matches the required-column pattern "{{pattern}}" but allows NULL: rows without a value can be stored, and every reader has to handle them.',
        help: "Backfill the NULL rows (UPDATE ... WHERE \"{{column}}\" IS NULL), then forbid NULL: {{sql}}",
      },
    },
  },
  create(context) {
    const patterns = context.options.columnPatterns.map((source) => ({ source, regex: new RegExp(source, "iu") }));

    /** Why the nullable column should be NOT NULL, if it should; the first reason found wins. */
    function reasonOf(column: Column): { messageId: Reason; pattern?: string } | undefined {
      if (hasEffectiveDefault(column)) return { messageId: "nullableWithDefault" };
      const name = column.name.toLowerCase();
      if (ALWAYS_SET_TIMESTAMPS.has(name)) return { messageId: "nullableTimestamp" };
      if (OPTIONAL_BY_NATURE.test(name)) return undefined;
      if (column.type.name === "boolean" && column.type.arrayDimensions === 0) return { messageId: "nullableBoolean" };
      const match = patterns.find((p) => p.regex.test(column.name));
      return match === undefined ? undefined : { messageId: "nullableRequired", pattern: match.source };
    }

    return {
      "Schema:exit"({ catalog }) {
        for (const table of catalog.allTables()) {
          // A foreign table's NOT NULL is not enforced locally; the remote side owns its data.
          if (table.foreign) continue;
          for (const column of ownColumns(catalog, table)) {
            // Identity and serial columns are NOT NULL already; generated columns are computed.
            if (column.notNull || column.generated !== undefined) continue;
            const reason = reasonOf(column);
            if (reason === undefined || nullKeptOut(catalog, table, column) || nulledByForeignKey(table, column)) continue;
            const tableSql = qualifiedSql(table);
            const columnSql = quoteIdentifier(column.name);
            const setNotNull = `ALTER TABLE ${tableSql} ALTER COLUMN ${columnSql} SET NOT NULL;`;
            const sql =
              reason.messageId === "nullableWithDefault"
                ? `UPDATE ${tableSql} SET ${columnSql} = DEFAULT WHERE ${columnSql} IS NULL; ${setNotNull}`
                : setNotNull;
            context.report({
              messageId: reason.messageId,
              data: { column: column.name, table: displayName(table), pattern: reason.pattern ?? "", sql },
              // The change that allowed NULL, when a later migration dropped NOT NULL: the finding
              // belongs to the file a review (or --changed-since) looks at.
              at: column.nullableOrigin ?? column.origin,
              suggestion: { description: `Forbid NULL in "${column.name}".`, sql },
            });
          }
        }
      },
    };
  },
});
