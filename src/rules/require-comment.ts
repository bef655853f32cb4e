import { z } from "zod";
import { defineRule } from "./rule.js";
import { originComparator } from "./utils/compare-origins.js";
import { ownColumns } from "./utils/own-columns.js";
import { NamesAt } from "./utils/renamed-since.js";
import { qualifiedSql, quoteIdentifier } from "./utils/sql.js";

/**
 * `COMMENT ON` stores documentation in the catalog, where `\d+` in psql, `obj_description()` and
 * schema documentation tools read it. PostgreSQL drops a comment set to NULL or to an empty string.
 * https://www.postgresql.org/docs/current/sql-comment.html
 */
function isMissing(comment: string | undefined): boolean {
  return comment === undefined || comment.trim() === "";
}

export default defineRule({
  meta: {
    id: "require-comment",
    summary: "Document every table, and optionally every column, with COMMENT ON.",
    category: "documentation",
    defaultSeverity: "off",
    strict: true,
    strictOptions: { columns: true },
    options: z.object({
      columns: z
        .boolean()
        .default(false)
        .describe("Also require a comment on every column except primary key columns."),
    }),
    messages: {
      missingTableComment: {
        message:
          "Table {{table}} has no comment: the schema does not say what one of its rows represents, so every reader (and documentation generated from the catalog) has to guess.",
        help: "Describe what one row is and who writes it: {{sql}}",
      },
      missingColumnComment: {
        message:
          'Column {{column}} of {{table}} has no comment: its meaning, unit and allowed values are not recorded in the schema.',
        help: "Describe what it holds: {{sql}}",
      },
    },
  },
  create(context) {
    return {
      // The files' migration order (absent for verify --rules) tells whether a RENAME came after the reported statement.
      "Schema:exit"({ catalog, files }) {
        const compare = originComparator(files);
        for (const table of catalog.allTables()) {
          // A partition holds rows of its parent, which is the table to document.
          if (table.partitionOf !== undefined) continue;
          const tableSql = qualifiedSql(table);
          if (isMissing(table.comment)) {
            context.report({
              messageId: "missingTableComment",
              // The CREATE TABLE shows the names of its time.
              data: { table: new NamesAt(compare, table.origin).table(table), sql: `COMMENT ON TABLE ${tableSql} IS '...';` },
              at: table.origin,
            });
          }
          if (!context.options.columns) continue;
          const primaryKey = catalog.primaryKey(table)?.columns ?? [];
          for (const column of ownColumns(catalog, table)) {
            if (primaryKey.includes(column.name) || !isMissing(column.comment)) continue;
            const names = new NamesAt(compare, column.origin);
            context.report({
              messageId: "missingColumnComment",
              data: { column: names.object(column), table: names.table(table), sql: `COMMENT ON COLUMN ${tableSql}.${quoteIdentifier(column.name)} IS '...';` },
              at: column.origin,
            });
          }
        }
      },
    };
  },
});
