import { z } from "zod";
import { displayName, type Catalog } from "../schema/catalog.js";
import type { Column, Table } from "../schema/model.js";
import { makeObjectName } from "../schema/naming.js";
import { defineRule } from "./rule.js";
import { foreignKeysOf } from "./utils/foreign-key-clause-sql.js";
import { tableNamedBy } from "./utils/inflection.js";
import { qualifiedSql, quoteIdentifier } from "./utils/sql.js";

/** A regular expression source that compiles and has at least one capture group (the `<x>` of `<x>_id`). */
const capturingPattern = z.string().refine(
  (source) => {
    try {
      // An empty alternative makes every pattern match "", and the match has one slot per group.
      return (new RegExp(`${source}|`, "u").exec("")?.length ?? 0) > 1;
    } catch {
      return false;
    }
  },
  { message: "must be a valid regular expression with a capture group" },
);

/**
 * The key a single column can reference: the referenced table's primary key, else a single-column
 * UNIQUE constraint. PostgreSQL requires the referenced columns to be a primary key or unique
 * constraint (https://www.postgresql.org/docs/current/ddl-constraints.html#DDL-CONSTRAINTS-FK).
 */
function singleColumnKey(catalog: Catalog, table: Table): string | undefined {
  const pk = catalog.primaryKey(table);
  if (pk !== undefined) return pk.columns.length === 1 ? pk.columns[0] : undefined;
  for (const c of table.constraints.values()) {
    if (c.kind === "unique" && c.columns.length === 1) return c.columns[0];
  }
  return undefined;
}

/** Whether a column comes from a known parent (partition or inheritance child); it is judged on the parent. */
function inheritedFromParent(catalog: Catalog, table: Table, column: Column): boolean {
  const parents = table.partitionOf === undefined ? table.inherits : [table.partitionOf, ...table.inherits];
  return parents.some((p) => catalog.tableByName(p)?.columns.has(column.name) === true);
}

/**
 * A `<x>_id` column whose `<x>` names a table is almost always a reference to that table. Without a
 * foreign key PostgreSQL lets it hold ids of rows that never existed or were deleted, and the
 * relationship is invisible to tools that read the catalog (ERD generators, ORMs' introspection).
 * https://www.postgresql.org/docs/current/ddl-constraints.html#DDL-CONSTRAINTS-FK
 */
export default defineRule({
  meta: {
    id: "require-foreign-key",
    summary: "Declare a foreign key on every column whose name says it references another table.",
    category: "relationships",
    defaultSeverity: "warn",
    options: z.object({
      columnPattern: capturingPattern
        .default("^(.+)_id$")
        .describe(
          "Case-insensitive regular expression (source) matched against column names; its first capture group is the name of the referenced table, singular or plural.",
        ),
      ignoreColumns: z
        .array(z.string())
        .default([])
        .describe('Columns never reported: a column name ("legacy_id") or a table-qualified one ("invoices.order_id").'),
    }),
    messages: {
      missingForeignKey: {
        message:
          'Column "{{column}}" of {{table}} looks like a reference to {{referenced}} but is part of no foreign key: it can hold ids of rows that never existed or were deleted, and the relationship is invisible to tools that read the catalog.',
        help: "Add the foreign key as NOT VALID (no long lock), then validate the existing rows; pick the ON DELETE action that fits (RESTRICT refuses the delete, CASCADE deletes the rows with their parent, SET NULL unlinks them): {{sql}}",
      },
    },
  },
  create(context) {
    const pattern = new RegExp(context.options.columnPattern, "iu");
    const ignored = new Set(context.options.ignoreColumns);
    return {
      "Schema:exit"({ catalog }) {
        const reported = new Set<string>();
        for (const table of catalog.allTables()) {
          // A foreign key of a partitioned table applies to each partition (PostgreSQL 11+), so
          // partitions are judged through their parent.
          if (table.partitionOf !== undefined && catalog.tableByName(table.partitionOf) !== undefined) continue;
          const fkColumns = new Set(foreignKeysOf(catalog, table).flatMap((fk) => fk.columns));
          const suggestedNames = new Set<string>();
          for (const column of table.columns.values()) {
            if (fkColumns.has(column.name) || ignored.has(column.name) || ignored.has(`${table.name}.${column.name}`)) continue;
            // Arrays cannot be the referencing side of a foreign key.
            if (column.type.arrayDimensions > 0) continue;
            const prefix = pattern.exec(column.name)?.[1];
            if (prefix === undefined || prefix === "") continue;
            const referenced = tableNamedBy(catalog, prefix, table.schema);
            if (referenced === undefined) continue;
            // A column named after its own table (`users.user_id`, `provider_calendars.provider_calendar_id`)
            // is the table's own key or an identifier from elsewhere (a provider's id, a natural key), not a
            // reference: a row referring to another row of its table says how (`parent_id`, `manager_id`).
            if (referenced === table) continue;
            const key = singleColumnKey(catalog, referenced);
            if (key === undefined || inheritedFromParent(catalog, table, column)) continue;
            const at = `${column.origin.file}:${column.origin.location}`;
            if (reported.has(at)) continue;
            reported.add(at);

            let name = makeObjectName("fk", `${table.name}_${referenced.name}`, "");
            if (table.constraints.has(name) || suggestedNames.has(name) || catalog.relationExists({ schema: table.schema, name })) {
              name = makeObjectName("fk", `${table.name}_${column.name}`, "");
            }
            suggestedNames.add(name);
            const tableSql = qualifiedSql(table);
            const sql =
              `ALTER TABLE ${tableSql} ADD CONSTRAINT ${quoteIdentifier(name)} FOREIGN KEY (${quoteIdentifier(column.name)}) ` +
              `REFERENCES ${qualifiedSql(referenced)} (${quoteIdentifier(key)}) ON DELETE RESTRICT NOT VALID; ` +
              `ALTER TABLE ${tableSql} VALIDATE CONSTRAINT ${quoteIdentifier(name)};`;
            context.report({
              messageId: "missingForeignKey",
              data: { column: column.name, table: displayName(table), referenced: displayName(referenced), sql },
              at: column.origin,
              suggestion: { description: `Add foreign key ${name}.`, sql },
            });
          }
        }
      },
    };
  },
});

