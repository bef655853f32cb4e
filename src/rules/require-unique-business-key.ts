import { z } from "zod";
import type { Catalog } from "../schema/catalog.js";
import { columnsReferenced } from "../schema/expression.js";
import type { Column, Table } from "../schema/model.js";
import { makeObjectName } from "../schema/naming.js";
import { defineRule } from "./rule.js";
import { originComparator } from "./utils/compare-origins.js";
import { ownColumns } from "./utils/own-columns.js";
import { NamesAt } from "./utils/renamed-since.js";
import { qualifiedSql, quoteIdentifier } from "./utils/sql.js";

/**
 * Columns whose values a primary key, unique constraint or unique index enforces, alone or together
 * with other keys (a per-tenant `UNIQUE (account_id, email)` counts). An expression key counts for
 * the one column it reads (`lower(email)`); a partial unique index counts too (the soft-delete
 * pattern `WHERE deleted_at IS NULL`). INCLUDE columns are stored, not enforced, so they do not count.
 * https://www.postgresql.org/docs/current/indexes-unique.html
 */
function uniquelyKeyedColumns(catalog: Catalog, table: Table): Set<string> {
  const out = new Set<string>();
  for (const constraint of table.constraints.values()) {
    if (constraint.kind === "primary key" || constraint.kind === "unique") for (const c of constraint.columns) out.add(c);
  }
  for (const index of catalog.indexesOf(table)) {
    if (!index.unique) continue;
    for (const key of index.keys) {
      if (key.kind === "column") {
        out.add(key.column);
        continue;
      }
      const [only, ...more] = columnsReferenced(key.expression.node);
      if (only !== undefined && more.length === 0) out.add(only);
    }
  }
  return out;
}

/** E-mail addresses are compared case-insensitively by people; `citext` already compares that way. */
function caseInsensitiveKey(column: Column): boolean {
  return column.name.toLowerCase() === "email" && column.type.name.split(".").at(-1) !== "citext";
}

/**
 * Only a unique index stops two concurrent transactions from inserting the same value; a check in
 * application code races. https://www.postgresql.org/docs/current/ddl-constraints.html#DDL-CONSTRAINTS-UNIQUE-CONSTRAINTS
 */
export default defineRule({
  meta: {
    id: "require-unique-business-key",
    summary: "Back columns that identify rows to people, such as email, username or sku, with a unique constraint or index.",
    category: "constraints",
    defaultSeverity: "warn",
    options: z.object({
      columns: z
        .array(z.string())
        .default(["email", "username", "slug", "sku", "handle", "code"])
        .describe("Names of business-key columns (compared case-insensitively, whole names). Replaces the defaults."),
    }),
    messages: {
      missingUnique: {
        message:
          'Column {{column}} of {{table}} identifies rows to people, but no unique constraint or unique index includes it: duplicate values can be stored, and a lookup by "{{name}}" can return several rows.',
        help: "Remove the duplicates, then add a unique index (put the tenant column first when values are unique per tenant; CONCURRENTLY does not block writes): {{sql}}",
      },
    },
  },
  create(context) {
    const names = new Set(context.options.columns.map((c) => c.toLowerCase()));
    return {
      // The files' migration order (absent for verify --rules) tells whether a RENAME came after the column was defined.
      "Schema:exit"({ catalog, files }) {
        const compare = originComparator(files);
        for (const table of catalog.allTables()) {
          // A foreign table cannot have indexes; uniqueness belongs to the remote side.
          if (table.foreign) continue;
          const candidates = ownColumns(catalog, table).filter((c) => names.has(c.name.toLowerCase()));
          if (candidates.length === 0) continue;
          const keyed = uniquelyKeyedColumns(catalog, table);
          for (const column of candidates) {
            if (keyed.has(column.name)) continue;
            const lower = caseInsensitiveKey(column);
            const columnSql = quoteIdentifier(column.name);
            const indexName = makeObjectName("idx", `${table.name}_${lower ? "lower_" : ""}${column.name}`, "");
            const key = lower ? `lower(${columnSql})` : columnSql;
            const sql = `CREATE UNIQUE INDEX CONCURRENTLY ${quoteIdentifier(indexName)} ON ${qualifiedSql(table)} (${key});`;
            // The column definition shows the names of its time: the message says what a later RENAME made of them.
            const names = new NamesAt(compare, column.origin);
            names.usedInSql(table, column);
            context.report({
              messageId: "missingUnique",
              data: { column: names.object(column), name: column.name, table: names.table(table), sql },
              at: column.origin,
              // Inserted after the column definition, SQL with names a later RENAME gave would fail.
              ...(names.renamed ? {} : { suggestion: { description: `Add unique index ${indexName}.`, sql } }),
            });
          }
        }
      },
    };
  },
});
