import { z } from "zod";
import { displayName } from "../schema/catalog.js";
import type { ColumnType } from "../schema/model.js";
import { defineRule } from "./rule.js";
import { hasEffectiveDefault } from "./utils/effective-default.js";
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
    },
  },
  create(context) {
    const names = new Set(context.options.columns.map((c) => c.toLowerCase()));
    return {
      "Schema:exit"({ catalog }) {
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
