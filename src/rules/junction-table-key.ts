import { z } from "zod";
import { displayName } from "../schema/catalog.js";
import { uniqueColumnSets } from "../schema/index-coverage.js";
import type { Column, Table } from "../schema/model.js";
import { defineRule } from "./rule.js";
import { foreignKeysOf } from "./utils/foreign-key-clause-sql.js";
import { columnListSql, qualifiedSql, quotedList } from "./utils/sql.js";

/** Bookkeeping columns a link table may carry besides its keys: timestamps and dates (`created_at`, `granted_on`). */
const TIMESTAMP_NAME = /_(at|on)$/u;

/** A key column PostgreSQL fills in (identity, serial, a default such as `gen_random_uuid()`), or the conventional `id`. */
function generated(column: Readonly<Column>): boolean {
  return column.name === "id" || column.identity !== undefined || column.type.serial !== undefined || column.default !== undefined;
}

/**
 * Whether the rows of a table with primary key `pkColumns` are things of their own rather than links
 * between the rows their foreign keys reference. A natural primary key that is not a foreign key (an
 * image's `alias`, a code the application supplies) identifies the row itself: the table is an entity
 * that references others, and two rows with the same references are two things. A generated key (an
 * `id`) carries no meaning of its own, but with it a foreign key column that allows NULL lets a row
 * exist without one end (an attachment of a post or of a comment): a link needs both ends. Without a
 * primary key the rows are nothing but their references and are reported, nullable or not: the primary
 * key the finding suggests makes the columns NOT NULL too.
 * https://www.postgresql.org/docs/current/ddl-constraints.html#DDL-CONSTRAINTS-PRIMARY-KEYS
 */
function ownsIdentity(table: Table, pkColumns: readonly string[], fkColumns: ReadonlySet<string>): boolean {
  const natural = pkColumns.some((name) => {
    const column = table.columns.get(name);
    return !fkColumns.has(name) && column !== undefined && !generated(column);
  });
  return natural || [...fkColumns].some((name) => table.columns.get(name)?.notNull === false);
}

/**
 * A junction (link) table holds one row per pair of related rows. Only a primary key or unique
 * constraint on the foreign key columns stops the same pair from being inserted twice; a surrogate
 * `id` key does not, since every duplicate gets its own id. Duplicate pairs make joins through the
 * table return rows twice and make a "remove the link" DELETE leave a copy behind.
 * https://www.postgresql.org/docs/current/ddl-constraints.html#DDL-CONSTRAINTS-UNIQUE-CONSTRAINTS
 */
export default defineRule({
  meta: {
    id: "junction-table-key",
    summary: "Give every junction table a primary key or unique constraint on its foreign key columns.",
    category: "relationships",
    defaultSeverity: "warn",
    options: z.object({
      maxExtraColumns: z
        .number()
        .int()
        .min(0)
        .default(1)
        .describe(
          "How many columns besides the foreign key columns and timestamps (`*_at`, `*_on`) a table without a surrogate `id` may have and still count as a junction table (a `role`, a `position`). A table with an `id` column and any such column is an entity (an order line with a quantity), not a junction table.",
        ),
    }),
    messages: {
      missingKey: {
        message:
          "Junction table {{table}} links {{referenced}} through {{columns}} but has no primary key or unique constraint on them: the same {{tuple}} can be stored twice, so joins through it return duplicate rows.",
        help: "Make the {{tuple}} the primary key: {{sql}}",
      },
      pairNotUnique: {
        message:
          "Junction table {{table}} links {{referenced}} through {{columns}} but its primary key ({{primaryKey}}) does not make the {{tuple}} unique: each duplicate {{tuple}} gets its own key value, so the same {{tuple}} can be stored twice and joins through it return duplicate rows.",
        help: "Add a unique constraint on the {{tuple}}: {{sql}}",
      },
    },
  },
  create(context) {
    const { maxExtraColumns } = context.options;
    return {
      "Schema:exit"({ catalog }) {
        for (const table of catalog.allTables()) {
          // Partitions share the keys of their partitioned parent; their column list must be known.
          if (table.partitionOf !== undefined || !table.columnsKnown) continue;
          const fks = foreignKeysOf(catalog, table);
          const fkColumnSet = new Set(fks.flatMap((fk) => fk.columns));
          if (fks.length < 2 || fkColumnSet.size < 2) continue;
          // A row that outlives the row it references (ON DELETE SET NULL or SET DEFAULT) records an
          // event about it (a view, a click); a link between two rows is deleted with either of them.
          if (fks.some((fk) => fk.references.onDelete === "set null" || fk.references.onDelete === "set default")) continue;
          const columns = [...table.columns.keys()];
          const extras = columns.filter((c) => !fkColumnSet.has(c) && c !== "id" && !TIMESTAMP_NAME.test(c));
          // With its own `id` plus business columns, a table is an entity that happens to reference two
          // others (order lines, comments): repeating a pair there can be legitimate.
          const allowedExtras = table.columns.has("id") ? 0 : maxExtraColumns;
          if (extras.length > allowedExtras) continue;
          const pk = catalog.primaryKey(table);
          if (pk !== undefined && ownsIdentity(table, pk.columns, fkColumnSet)) continue;
          // A key on the pair, or on part of it (then no pair can repeat either), prevents duplicates.
          const keyed = uniqueColumnSets(catalog, table).some((set) => set.length > 0 && set.every((c) => fkColumnSet.has(c)));
          if (keyed) continue;
          const fkColumns = columns.filter((c) => fkColumnSet.has(c));
          const tableSql = qualifiedSql(table);
          const sql = pk === undefined ? `ALTER TABLE ${tableSql} ADD PRIMARY KEY (${columnListSql(fkColumns)});` : `ALTER TABLE ${tableSql} ADD UNIQUE (${columnListSql(fkColumns)});`;
          const referenced = [...new Set(fks.map((fk) => displayName(fk.references.table)))];
          context.report({
            messageId: pk === undefined ? "missingKey" : "pairNotUnique",
            data: {
              table: displayName(table),
              referenced: referenced.length === 1 ? `${referenced.join("")} to itself` : `${referenced.slice(0, -1).join(", ")} and ${referenced.at(-1) ?? ""}`,
              columns: quotedList(fkColumns),
              // Two key columns link a pair of rows; three or more (a user, a role and a project) a combination.
              tuple: fkColumns.length === 2 ? "pair" : "combination",
              primaryKey: quotedList(pk?.columns ?? []),
              sql,
            },
            // A key a later ALTER TABLE dropped: the finding belongs to that change.
            at: table.primaryKeyDroppedOrigin ?? table.origin,
            suggestion: { description: pk === undefined ? "Add the primary key." : "Add the unique constraint.", sql },
          });
        }
      },
    };
  },
});
