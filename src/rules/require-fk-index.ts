import { z } from "zod";
import { isCoveredByIndex } from "../schema/index-coverage.js";
import { makeObjectName } from "../schema/naming.js";
import { defineRule } from "./rule.js";
import { originComparator } from "./utils/compare-origins.js";
import { foreignKeysOf, referencedTableAt } from "./utils/foreign-key-clause-sql.js";
import { NamesAt } from "./utils/renamed-since.js";
import { columnListSql, qualifiedSql, quoteIdentifier } from "./utils/sql.js";

/**
 * PostgreSQL indexes the referenced side of a foreign key (it must be a PK or UNIQUE) but never the
 * referencing side. Without an index there, every DELETE or key UPDATE on the referenced table scans
 * the referencing table while holding locks, and joins along the relationship cannot use an index.
 * https://www.postgresql.org/docs/current/ddl-constraints.html#DDL-CONSTRAINTS-FK
 */
export default defineRule({
  meta: {
    id: "require-fk-index",
    summary: "Cover the columns of every foreign key with the leading columns of an index.",
    category: "indexes",
    defaultSeverity: "warn",
    options: z.object({}),
    messages: {
      missingIndex: {
        message:
          'Foreign key {{constraint}} on {{table}} ({{columns}}) has no index that starts with its columns: every DELETE or key UPDATE on {{referenced}} scans {{table}}, and joins on the relationship cannot use an index.',
        help: "Create an index whose leading columns are {{columns}}, for example: {{sql}}",
      },
      indexDropped: {
        message:
          'Dropping {{dropped}} leaves foreign key {{constraint}} on {{table}} ({{columns}}) without an index that starts with its columns: every DELETE or key UPDATE on {{referenced}} will scan {{table}}, and joins on the relationship can no longer use an index.',
        help: "Keep the index, or before dropping it create one whose leading columns are {{columns}}, with CONCURRENTLY so writes continue: {{sql}}",
      },
    },
  },
  create(context) {
    return {
      // The files' migration order (absent for verify --rules) tells whether a RENAME came after the reported statement.
      "Schema:exit"({ catalog, files }) {
        const compare = originComparator(files);
        for (const table of catalog.allTables()) {
          for (const fk of foreignKeysOf(catalog, table)) {
            if (isCoveredByIndex(catalog, table, fk.columns)) continue;
            const indexName = makeObjectName("idx", `${table.name}_${fk.columns.join("_")}`, "");
            const sql = `CREATE INDEX CONCURRENTLY ${quoteIdentifier(indexName)} ON ${qualifiedSql(table)} (${columnListSql(fk.columns)});`;
            // A later migration dropped the index the foreign key had: the finding belongs to the file a
            // review (or --changed-since) looks at.
            const loss = fk.indexLoss;
            const at = loss?.origin ?? fk.origin;
            // The reported statement shows the names of its time: the message says what a later RENAME made of them.
            const names = new NamesAt(compare, at);
            // The CREATE INDEX names the table and the referencing columns, neither the constraint nor the referenced table.
            names.columnsUsedInSql(table, fk.columns);
            const data = {
              constraint: names.object(fk),
              table: names.table(table),
              columns: names.columns(table, fk.columns),
              referenced: referencedTableAt(catalog, fk, names),
              sql,
            };
            // Inserted after the reported statement, SQL with names a later RENAME gave would fail.
            const suggestion = names.renamed ? {} : { suggestion: { description: `Add index ${indexName}.`, sql } };
            if (loss === undefined) {
              context.report({ messageId: "missingIndex", data, at, ...suggestion });
              continue;
            }
            const dropped = loss.kind === "index" ? `index "${loss.name}"` : `constraint "${loss.name}" and its index`;
            context.report({ messageId: "indexDropped", data: { ...data, dropped }, at, ...suggestion });
          }
        }
      },
    };
  },
});
