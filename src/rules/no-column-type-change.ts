import type { Node } from "libpg-query";
import { z } from "zod";
import { unwrap } from "../parser/ast.js";
import { displayName, type Catalog } from "../schema/catalog.js";
import { normalizeType } from "../schema/column-type.js";
import { columnsReferenced } from "../schema/expression.js";
import type { Table } from "../schema/model.js";
import { defineRule, type StatementContext } from "./rule.js";
import { columnExisting } from "./utils/existing-object.js";
import { relationTarget } from "./utils/existing-relation.js";
import { indexEntriesOf } from "./utils/table-index-entries.js";
import { typeChangeEffect } from "./utils/type-change-rewrite.js";
import { qualifiedSql, quoteIdentifier } from "./utils/sql.js";
import { typeLabel, typeSql } from "./utils/type-text.js";

const EXPAND_CONTRACT =
  'Expand and contract instead: add a new column ({{sql}}), keep it in sync with a trigger and backfill it in batches, deploy code that reads and writes it, then drop "{{column}}" in a later migration.';

/**
 * Time zones whose offset from UTC is always 0: with one of them as the session TimeZone, PostgreSQL 12+
 * converts timestamp ↔ timestamptz without rewriting (TimestampTimestampTzRequiresRewrite in
 * src/backend/utils/adt/timestamp.c checks for a fixed zero offset).
 */
const UTC_ZONES = new Set(
  ["UTC", "UCT", "GMT", "GMT0", "GMT+0", "GMT-0", "Greenwich", "Universal", "Zulu"].flatMap((z) => [z.toLowerCase(), `etc/${z.toLowerCase()}`]),
);

function isUtc(value: Node | undefined): boolean {
  const constant = unwrap(value, "A_Const");
  if (constant === undefined) return false;
  if (constant.sval !== undefined) return UTC_ZONES.has((constant.sval.sval ?? "").trim().toLowerCase());
  // `SET TIME ZONE 0`: an offset in hours (the parser leaves a zero ival empty).
  return constant.ival !== undefined && (constant.ival.ival ?? 0) === 0;
}

/** Whether an index or a PRIMARY KEY / UNIQUE / EXCLUDE constraint of the table uses the column. */
function indexed(catalog: Catalog, table: Table, column: string): boolean {
  return indexEntriesOf(catalog, table).some(
    (entry) =>
      entry.include.includes(column) ||
      entry.keys.some((key) => (key.kind === "column" ? key.column === column : columnsReferenced(key.expression.node).includes(column))) ||
      (entry.predicate !== undefined && columnsReferenced(entry.predicate.node).includes(column)),
  );
}

/**
 * `ALTER TABLE ... ALTER COLUMN ... TYPE` (also `SET DATA TYPE`) takes an ACCESS EXCLUSIVE lock and,
 * unless the old type is binary-coercible to the new one, rewrites the whole table and rebuilds its
 * indexes while holding it: no reads or writes for the duration, and twice the disk space. Clients of
 * the old version still read and write the old type meanwhile. A `USING` clause computes every value,
 * so it always rewrites. New tables and columns added by the same migration hold no data yet.
 * https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-NOTES
 * https://www.postgresql.org/docs/current/explicit-locking.html#LOCKING-TABLES
 */
export default defineRule({
  meta: {
    id: "no-column-type-change",
    summary: "Do not change the type of an existing column in a way that rewrites its table: add a new column and migrate to it instead.",
    category: "migrations",
    defaultSeverity: "warn",
    options: z.object({}),
    messages: {
      rewrite: {
        message:
          'Changing column "{{column}}" of {{table}} from {{from}} to {{to}} rewrites the table and rebuilds its indexes under an ACCESS EXCLUSIVE lock, blocking every read and write until it finishes, and clients that still use the old type may break.',
        help: EXPAND_CONTRACT,
      },
      rewriteUsing: {
        message:
          'Changing column "{{column}}" of {{table}} to {{to}} with USING computes every value anew: PostgreSQL rewrites the table and rebuilds its indexes under an ACCESS EXCLUSIVE lock, blocking every read and write until it finishes, and clients that still use the old type may break.',
        help: EXPAND_CONTRACT,
      },
      unknownType: {
        message:
          'Changing column "{{column}}" of {{table}} to {{to}}, whose current type the migrations do not show: unless the old type is binary-coercible to {{to}}, PostgreSQL rewrites the table and rebuilds its indexes under an ACCESS EXCLUSIVE lock, blocking every read and write until it finishes.',
        help: EXPAND_CONTRACT,
      },
      timeZone: {
        message:
          'Changing column "{{column}}" of {{table}} from {{from}} to {{to}} rewrites the table under an ACCESS EXCLUSIVE lock unless the session TimeZone is UTC, and clients that still use the old type may break.',
        help: "Set the time zone to UTC earlier in this migration (SET LOCAL timezone = 'UTC';) so PostgreSQL 12+ keeps the stored values and only changes the catalog; check first that the stored values are meant as UTC. Or expand and contract: add a new column ({{sql}}), backfill it in batches, switch the clients, then drop \"{{column}}\" in a later migration.",
      },
      collation: {
        message:
          'Changing the collation of indexed column "{{column}}" of {{table}} rebuilds every index on it under an ACCESS EXCLUSIVE lock, blocking every read and write until it finishes.',
        help: EXPAND_CONTRACT,
      },
    },
  },
  create(context) {
    const { postgresVersion } = context.settings;
    // Whether the session TimeZone is UTC, as set earlier in the current migration.
    let timeZone = { migration: "", utc: false };
    const utcSession = (ctx: StatementContext): boolean => timeZone.migration === ctx.migration.id && timeZone.utc;

    return {
      VariableSetStmt(node, ctx) {
        if (node.kind !== "VAR_RESET_ALL" && node.name !== "timezone") return;
        // SET LOCAL outside a transaction block has no effect (PostgreSQL only warns).
        if (node.is_local === true && ctx.transaction === "none") return;
        timeZone = { migration: ctx.migration.id, utc: node.kind === "VAR_SET_VALUE" && (node.args ?? []).length === 1 && isUtc(node.args?.[0]) };
      },
      AlterTableStmt(node, ctx) {
        if (node.objtype !== undefined && node.objtype !== "OBJECT_TABLE") return;
        const commands = (node.cmds ?? []).flatMap((item) => {
          const cmd = unwrap(item, "AlterTableCmd");
          return cmd === undefined ? [] : [cmd];
        });
        // Most ALTER TABLEs (a dump's constraints) change no type: skip resolving the table for them.
        if (!commands.some((cmd) => cmd.subtype === "AT_AlterColumnType")) return;
        const target = relationTarget(node.relation, ctx);
        // A foreign table stores nothing locally: its type change rewrites nothing.
        if (target?.existing !== true || target.table?.foreign === true) return;
        const added = new Set(commands.flatMap((cmd) => (cmd.subtype === "AT_AddColumn" ? [unwrap(cmd.def, "ColumnDef")?.colname ?? ""] : [])));
        const table = displayName(target.name);
        for (const cmd of commands) {
          if (cmd.subtype !== "AT_AlterColumnType") continue;
          const def = unwrap(cmd.def, "ColumnDef");
          const name = cmd.name ?? "";
          if (def?.typeName === undefined || added.has(name) || !columnExisting(target.table, name, ctx)) continue;
          const column = target.table?.columns.get(name);
          const to = normalizeType(def.typeName, ctx.catalog);
          const sql = `ALTER TABLE ${qualifiedSql(target.name)} ADD COLUMN ${quoteIdentifier(`${name}_new`)} ${typeSql(to)};`;
          // A serial column's type is its integer base type.
          const from = column === undefined ? "" : typeLabel(column.type, "base");
          const data = { column: name, table, to: typeLabel(to), from, sql };
          // The ALTER TABLE subcommand has no location; its column definition starts at the column name.
          const at = ctx.origin(def.location);
          if (column === undefined || target.table === undefined) {
            context.report({ messageId: "unknownType", data, at });
          } else if (def.raw_default !== undefined) {
            context.report({ messageId: "rewriteUsing", data, at });
          } else {
            const effect = typeChangeEffect(ctx.catalog, column.type, to, postgresVersion);
            if (effect === "rewrite") context.report({ messageId: "rewrite", data, at });
            else if (effect === "utc" && !utcSession(ctx)) context.report({ messageId: "timeZone", data, at });
            // Without a rewrite, indexes are still rebuilt when the collation changes (the sort order may differ).
            else if (def.collClause !== undefined && indexed(ctx.catalog, target.table, name)) {
              context.report({ messageId: "collation", data, at });
            }
          }
        }
      },
    };
  },
});
