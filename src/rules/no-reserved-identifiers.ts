import { z } from "zod";
import { displayName } from "../schema/catalog.js";
import { defineRule } from "./rule.js";
import { columnDefinitionOnce } from "./utils/column-definition-once.js";
import { ownColumns } from "./utils/own-columns.js";
import { columnNameInsteadOf, reservedKeywordCategory, tableNameInsteadOf, type ReservedCategory } from "./utils/reserved-identifiers.js";
import { qualifiedSql, quoteIdentifier } from "./utils/sql.js";

/**
 * PostgreSQL's grammar takes table and column names as `ColId`: identifiers, unreserved key words and
 * COL_NAME key words (`year`, `position`, `values`). RESERVED key words (`order`, `user`, `group`) and
 * TYPE_FUNC_NAME key words (`left`, `join`, `verbose`) work only in double quotes, in every statement
 * that names the object; unquoted, the statement fails or, for `user` and `current_date`-like words,
 * silently calls the SQL function of that name. The category comes from the real scanner.
 * https://www.postgresql.org/docs/current/sql-keywords-appendix.html
 */
const CATEGORY_TEXT: Readonly<Record<ReservedCategory, string>> = {
  RESERVED_KEYWORD: "reserved",
  TYPE_FUNC_NAME_KEYWORD: "reserved, allowed only as a function or type name",
};

export default defineRule({
  meta: {
    id: "no-reserved-identifiers",
    summary: "Name tables and columns with words that are not reserved SQL key words.",
    category: "naming",
    defaultSeverity: "warn",
    options: z.object({}),
    messages: {
      reservedTable: {
        message:
          "Table {{table}} is named with the SQL key word {{keyword}} ({{category}}): every statement must write the name in double quotes, and unquoted it is a syntax error or silently means the key word instead.",
        help: 'Rename it to a word that is not a key word, for example "{{suggestion}}": {{sql}}',
      },
      reservedColumn: {
        message:
          'Column "{{column}}" of {{table}} is named with the SQL key word {{keyword}} ({{category}}): every query must write the name in double quotes, and unquoted it is a syntax error or silently means the key word instead.',
        help: 'Rename it to a word that is not a key word, for example "{{suggestion}}": {{sql}}',
      },
    },
  },
  create(context) {
    return {
      "Schema:exit"({ catalog }) {
        const firstTime = columnDefinitionOnce();
        for (const table of catalog.allTables()) {
          const tableCategory = reservedKeywordCategory(table.name);
          if (tableCategory !== undefined) {
            const suggestion = tableNameInsteadOf(table.name);
            const sql = `ALTER TABLE ${qualifiedSql(table)} RENAME TO ${quoteIdentifier(suggestion)};`;
            context.report({
              messageId: "reservedTable",
              data: { table: displayName(table), keyword: table.name.toUpperCase(), category: CATEGORY_TEXT[tableCategory], suggestion, sql },
              at: table.nameOrigin ?? table.origin,
              suggestion: { description: `Rename table ${table.name} to ${suggestion}.`, sql },
            });
          }
          for (const column of ownColumns(catalog, table)) {
            const category = reservedKeywordCategory(column.name);
            if (category === undefined || !firstTime(column)) continue;
            const suggestion = columnNameInsteadOf(column.name, table.name, (n) => table.columns.has(n));
            const sql = `ALTER TABLE ${qualifiedSql(table)} RENAME COLUMN ${quoteIdentifier(column.name)} TO ${quoteIdentifier(suggestion)};`;
            context.report({
              messageId: "reservedColumn",
              data: {
                column: column.name,
                table: displayName(table),
                keyword: column.name.toUpperCase(),
                category: CATEGORY_TEXT[category],
                suggestion,
                sql,
              },
              at: column.nameOrigin ?? column.origin,
              suggestion: { description: `Rename column ${column.name} to ${suggestion}.`, sql },
            });
          }
        }
      },
    };
  },
});
