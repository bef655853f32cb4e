import type { ColumnDef } from "libpg-query";
import { z } from "zod";
import type { Node } from "../parser/ast.js";
import { nodesWithTag, unwrap } from "../parser/ast.js";
import { displayName, type Catalog } from "../schema/catalog.js";
import { normalizeType } from "../schema/column-type.js";
import type { ColumnType, Origin, QualifiedName, Table } from "../schema/model.js";
import { defineRule, type StatementContext } from "./rule.js";
import { hasEffectiveDefault } from "./utils/effective-default.js";
import { type FrozenTimeLiteral, frozenTimeDefault } from "./utils/frozen-time-default.js";
import { ownColumns } from "./utils/own-columns.js";
import { qualifiedSql, quoteIdentifier } from "./utils/sql.js";

/**
 * The default that fills a column of this type with the current time. `now()` is the transaction's
 * start time and converts to `timestamp` and `time` types on assignment; a date takes CURRENT_DATE,
 * an integer column holds seconds since the epoch.
 * https://www.postgresql.org/docs/current/functions-datetime.html#FUNCTIONS-DATETIME-CURRENT
 */
function currentTimeDefault(type: ColumnType): string {
  switch (type.name) {
    case "date":
      return "CURRENT_DATE";
    case "integer":
    case "bigint":
      return `(extract(EPOCH FROM now()))::${type.name}`;
    default:
      return "now()";
  }
}

/** The expression that gives, at each INSERT, the time a frozen special value meant when the DDL ran. */
function liveDefault(frozen: FrozenTimeLiteral): string {
  switch (frozen.value) {
    case "today":
      return "CURRENT_DATE";
    case "tomorrow":
      return "CURRENT_DATE + 1";
    case "yesterday":
      return "CURRENT_DATE - 1";
    default:
      return currentTimeDefault(frozen.type);
  }
}

/** The DEFAULT expression of a column definition (CREATE TABLE, ADD COLUMN). */
function defaultOf(def: ColumnDef): Node | undefined {
  for (const node of def.constraints ?? []) {
    const c = unwrap(node, "Constraint");
    if (c?.contype === "CONSTR_DEFAULT") return c.raw_expr;
  }
  return undefined;
}

/**
 * Without a DEFAULT every INSERT must supply the time, so application clocks (or a forgotten value)
 * decide it. SET DEFAULT only changes the catalog and never rewrites the table.
 * https://www.postgresql.org/docs/current/ddl-default.html
 */
export default defineRule({
  meta: {
    id: "require-default",
    summary: "Give creation and update timestamp columns a DEFAULT so the database sets them.",
    category: "constraints",
    defaultSeverity: "warn",
    options: z.object({
      columns: z
        .array(z.string())
        .default(["created_at", "updated_at", "inserted_at"])
        .describe("Names of the timestamp columns that need a DEFAULT (compared case-insensitively). Replaces the defaults."),
    }),
    messages: {
      missingDefault: {
        message:
          'Column "{{column}}" of {{table}} has no DEFAULT: every INSERT has to supply the time itself, so one that leaves it out fails or stores NULL, and application clocks decide the value instead of the database.',
        help: "Let the database fill it in (SET DEFAULT changes only the catalog; it does not rewrite the table): {{sql}}",
      },
      frozenDefault: {
        message:
          'The DEFAULT of column "{{column}}" of {{table}} is the string {{literal}}, which PostgreSQL converts to a {{type}} value once, when this statement runs: every row inserted later gets that same fixed time instead of the time of its INSERT.',
        help: "Write DEFAULT {{live}}, which PostgreSQL evaluates at each INSERT.",
      },
    },
  },
  create(context) {
    const names = new Set(context.options.columns.map((c) => c.toLowerCase()));
    /**
     * Frozen defaults by file and byte location of their string, reported at the end only when they are
     * still the column's DEFAULT. One a later migration replaced (`SET DEFAULT now()`), dropped, or took
     * away with its column or table is not reported, like the design rules that judge the final schema:
     * the rows inserted in between keep the frozen time, but editing the applied migration changes
     * neither those rows nor the database (and the tools' checksums forbid it); the history already
     * holds the fix.
     */
    const pending = context.state(() => new Map<string, { readonly data: Record<string, string>; readonly at: Origin }>());
    const literalKey = (file: string, location: number): string => `${file}\u0000${String(location)}`;

    /** `known`: whether the model keeps the table's columns, so that the final schema tells whether the DEFAULT is still there. */
    function checkDefault(table: QualifiedName, column: string, expression: Node | undefined, type: ColumnType | undefined, ctx: StatementContext, known: boolean): void {
      const frozen = frozenTimeDefault(expression, type, ctx.catalog);
      if (frozen?.location === undefined) return;
      const at = ctx.origin(frozen.location);
      const data = { column, table: displayName(table), literal: frozen.literal, type: frozen.type.display, live: liveDefault(frozen) };
      if (known) pending.set(literalKey(at.file, frozen.location), { data, at });
      else context.report({ messageId: "frozenDefault", data, at });
    }

    /** Reports the frozen defaults whose string is still part of a column's DEFAULT in the final schema. */
    function reportFrozen(catalog: Catalog): void {
      if (pending.size === 0) return;
      const current = new Set<string>();
      for (const table of catalog.allTables()) {
        for (const column of table.columns.values()) {
          const origin = column.defaultOrigin;
          if (column.default === undefined || origin === undefined) continue;
          for (const constant of nodesWithTag(column.default.node, "A_Const")) {
            if (constant.location !== undefined) current.add(literalKey(origin.file, constant.location));
          }
        }
      }
      for (const [key, { data, at }] of pending) if (current.has(key)) context.report({ messageId: "frozenDefault", data, at });
    }

    /** `parents`: a partition's or inheritance child's parents, whose column types a column element without a type takes. */
    function checkColumnDef(table: QualifiedName, def: ColumnDef | undefined, ctx: StatementContext, known: boolean, parents: readonly Table[] = []): void {
      if (def === undefined) return;
      const inherited = parents.map((p) => p.columns.get(def.colname ?? "")?.type).find((t) => t !== undefined);
      const type = def.typeName === undefined ? inherited : normalizeType(def.typeName, ctx.catalog);
      checkDefault(table, def.colname ?? "", defaultOf(def), type, ctx, known);
    }

    return {
      // A special value such as 'now' in a DEFAULT is read when the DDL runs, not at each INSERT.
      CreateStmt(node, ctx) {
        if (node.relation?.relname === undefined) return;
        const table = ctx.catalog.qualify(node.relation.schemaname, node.relation.relname);
        // `PARTITION OF events (created_at DEFAULT 'now')`: the column element has no type, the parent's column gives it.
        const parents = (node.inhRelations ?? []).flatMap((n) => {
          const parent = unwrap(n, "RangeVar");
          const found = parent === undefined ? undefined : ctx.catalog.table(parent.schemaname, parent.relname ?? "");
          return found === undefined ? [] : [found];
        });
        for (const element of node.tableElts ?? []) checkColumnDef(table, unwrap(element, "ColumnDef"), ctx, true, parents);
      },
      AlterTableStmt(node, ctx) {
        if (node.relation?.relname === undefined) return;
        const existing = ctx.catalog.table(node.relation.schemaname, node.relation.relname);
        const table = existing ?? ctx.catalog.qualify(node.relation.schemaname, node.relation.relname);
        for (const item of node.cmds ?? []) {
          const cmd = unwrap(item, "AlterTableCmd");
          // A table the history never created gets no columns in the model: its finding cannot wait for the final schema.
          if (cmd?.subtype === "AT_AddColumn") checkColumnDef(table, unwrap(cmd.def, "ColumnDef"), ctx, existing !== undefined);
          else if (cmd?.subtype === "AT_ColumnDefault") {
            const column = existing?.columns.get(cmd.name ?? "");
            checkDefault(table, cmd.name ?? "", cmd.def, column?.type, ctx, column !== undefined);
          }
        }
      },
      "Schema:exit"({ catalog }) {
        reportFrozen(catalog);
        for (const table of catalog.allTables()) {
          // A foreign table's rows are written on the remote side, whose defaults apply.
          if (table.foreign) continue;
          for (const column of ownColumns(catalog, table)) {
            if (!names.has(column.name.toLowerCase())) continue;
            // A generated column is computed; identity and serial columns draw from a sequence.
            if (column.generated !== undefined || column.identity !== undefined || column.type.serial !== undefined) continue;
            if (hasEffectiveDefault(column)) continue;
            const sql = `ALTER TABLE ${qualifiedSql(table)} ALTER COLUMN ${quoteIdentifier(column.name)} SET DEFAULT ${currentTimeDefault(column.type)};`;
            context.report({
              messageId: "missingDefault",
              data: { column: column.name, table: displayName(table), sql },
              at: column.origin,
              suggestion: { description: `Set a DEFAULT on "${column.name}".`, sql },
            });
          }
        }
      },
    };
  },
});
