import { z } from "zod";
import type { Catalog } from "../schema/catalog.js";
import type { Table } from "../schema/model.js";
import { defineRule } from "./rule.js";
import { originComparator } from "./utils/compare-origins.js";
import { NamesAt } from "./utils/renamed-since.js";
import { qualifiedSql } from "./utils/sql.js";
import { indexEntriesOf, indexEntryLabel } from "./utils/table-index-entries.js";

/**
 * Indexes a partition has because its partitioned parent has them: a partition gets every index of
 * its parent, and of the parent's own parent
 * (https://www.postgresql.org/docs/current/ddl-partitioning.html#DDL-PARTITIONING-DECLARATIVE).
 * `INHERITS` children get none.
 */
function inheritedCount(catalog: Catalog, table: Table, seen = new Set<Table>()): number {
  const parent = table.partitionOf === undefined ? undefined : catalog.tableByName(table.partitionOf);
  if (parent === undefined || seen.has(parent)) return 0;
  seen.add(parent);
  return indexEntriesOf(catalog, parent).length + inheritedCount(catalog, parent, seen);
}

/**
 * Every index is written on every INSERT, and on every UPDATE that changes an indexed column (which
 * also rules out the cheaper heap-only-tuple update, https://www.postgresql.org/docs/current/storage-hot.html);
 * each adds WAL, vacuum work and memory pressure. Past a handful, some are usually unused or overlap.
 */
export default defineRule({
  meta: {
    id: "max-indexes-per-table",
    summary: "Limit the number of indexes on a table.",
    category: "indexes",
    defaultSeverity: "off",
    options: z.object({
      max: z
        .number()
        .int()
        .min(1)
        .default(10)
        .describe("Most indexes a table may have, counting those of its primary key, unique and exclusion constraints (and, for a partition, its parent's)."),
    }),
    messages: {
      tooManyIndexes: {
        message:
          "Table {{table}} has {{count}} indexes counting its primary key and unique constraints, more than the limit of {{max}} ({{object}} is number {{position}}): every INSERT, and every UPDATE of an indexed column, writes to each of them, which slows writes and adds WAL and vacuum work.",
        help: "Drop the indexes no query uses and merge overlapping ones; list them by use with: {{sql}}",
      },
    },
  },
  create(context) {
    const { max } = context.options;
    return {
      // Files:exit sees the same final schema as Schema:exit, plus the migration order of the files,
      // which decides which index is the one over the limit.
      "Files:exit"({ catalog, files }) {
        const compare = originComparator(files);
        for (const table of catalog.allTables()) {
          const inherited = inheritedCount(catalog, table);
          // A partition whose parent alone is over the limit: the parent is reported.
          if (inherited > max) continue;
          const own = indexEntriesOf(catalog, table).sort((a, b) => compare(a.origin, b.origin));
          const over = own[max - inherited];
          if (over === undefined) continue;
          const tableSql = qualifiedSql(table).replaceAll("'", "''");
          // The statement that created the index over the limit shows the names of that time.
          const names = new NamesAt(compare, over.origin);
          context.report({
            messageId: "tooManyIndexes",
            data: {
              table: names.table(table),
              count: inherited + own.length,
              max,
              object: indexEntryLabel(over, names.object(over)),
              position: max + 1,
              sql: `SELECT indexrelname, idx_scan FROM pg_stat_user_indexes WHERE relid = '${tableSql}'::regclass ORDER BY idx_scan;`,
            },
            at: over.origin,
          });
        }
      },
    };
  },
});
