import { z } from "zod";
import { displayName } from "../schema/catalog.js";
import { isCoveredByIndex } from "../schema/index-coverage.js";
import { makeObjectName } from "../schema/naming.js";
import { defineRule } from "./rule.js";
import { columnListSql, qualifiedSql, quoteIdentifier, quotedList } from "./utils/sql.js";

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
          'Foreign key "{{constraint}}" on {{table}} ({{columns}}) has no index that starts with its columns: every DELETE or key UPDATE on {{referenced}} scans {{table}}, and joins on the relationship cannot use an index.',
        help: "Create an index whose leading columns are {{columns}}, for example: {{sql}}",
      },
      indexDropped: {
        message:
          'Dropping {{dropped}} leaves foreign key "{{constraint}}" on {{table}} ({{columns}}) without an index that starts with its columns: every DELETE or key UPDATE on {{referenced}} will scan {{table}}, and joins on the relationship can no longer use an index.',
        help: "Keep the index, or before dropping it create one whose leading columns are {{columns}}, with CONCURRENTLY so writes continue: {{sql}}",
      },
    },
  },
  create(context) {
    return {
      "Schema:exit"({ catalog }) {
        for (const table of catalog.allTables()) {
          for (const fk of catalog.foreignKeys(table)) {
            if (fk.references === undefined || isCoveredByIndex(catalog, table, fk.columns)) continue;
            const indexName = makeObjectName("idx", `${table.name}_${fk.columns.join("_")}`, "");
            const sql = `CREATE INDEX CONCURRENTLY ${quoteIdentifier(indexName)} ON ${qualifiedSql(table)} (${columnListSql(fk.columns)});`;
            const data = {
              constraint: fk.name,
              table: displayName(table),
              columns: quotedList(fk.columns),
              referenced: displayName(fk.references.table),
              sql,
            };
            const suggestion = { description: `Add index ${indexName}.`, sql };
            const loss = fk.indexLoss;
            if (loss === undefined) {
              context.report({ messageId: "missingIndex", data, at: fk.origin, suggestion });
              continue;
            }
            // A later migration dropped the index the foreign key had: the finding belongs to the file a
            // review (or --changed-since) looks at.
            const dropped = loss.kind === "index" ? `index "${loss.name}"` : `constraint "${loss.name}" and its index`;
            context.report({ messageId: "indexDropped", data: { ...data, dropped }, at: loss.origin, suggestion });
          }
        }
      },
    };
  },
});
