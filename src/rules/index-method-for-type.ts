import { z } from "zod";
import { displayName } from "../schema/catalog.js";
import type { ColumnType } from "../schema/model.js";
import { makeObjectName } from "../schema/naming.js";
import { defineRule } from "./rule.js";
import { createIndexSql, dropIndexSql } from "./utils/index-ddl-sql.js";
import { resolveDomain } from "./utils/resolve-domain.js";
import { quoteIdentifier } from "./utils/sql.js";
import { typeLabel } from "./utils/type-text.js";
import { originComparator } from "./utils/compare-origins.js";
import { nameAsOf, renamedAfter } from "./utils/renamed-since.js";

/**
 * The operators that search inside a value of a type, which a GIN index supports and a btree index
 * does not (https://www.postgresql.org/docs/current/gin.html#GIN-BUILTIN-OPCLASSES); undefined for
 * types a btree index suits.
 */
function searchOperators(type: ColumnType): string | undefined {
  if (type.arrayDimensions > 0) return "@>, <@, &&";
  if (type.name === "jsonb") return "@>, ?, ?|, ?&, @?, @@";
  if (type.name === "tsvector") return "@@";
  // hstore is an extension type: unqualified, or in the schema the extension was installed in.
  if (type.name === "hstore" || type.name.endsWith(".hstore")) return "@>, ?, ?|, ?&";
  return undefined;
}

/**
 * A btree index compares whole values: on jsonb, arrays, tsvector and hstore it serves only equality
 * and ordering of entire documents, which queries almost never ask for, while containment, key
 * existence and full-text search (the operators these types exist for) need GIN
 * (https://www.postgresql.org/docs/current/indexes-types.html). Large values also fail to insert
 * once an entry exceeds the btree limit of about a third of a page (2704 bytes with 8 kB pages,
 * https://www.postgresql.org/docs/current/btree-implementation.html).
 */
export default defineRule({
  meta: {
    id: "index-method-for-type",
    summary: "Index jsonb, array, tsvector and hstore columns with GIN, not btree.",
    category: "indexes",
    defaultSeverity: "warn",
    options: z.object({}),
    messages: {
      btreeOnDocument: {
        message:
          'Index {{index}} on {{table}} is a btree index on {{column}} of type {{type}}: btree only compares whole values, so searches inside them ({{operators}}) cannot use it, and a value over about 2.7 kB makes the INSERT or UPDATE fail.',
        help: "Index the column with GIN, which indexes the elements inside each value: {{sql}}",
      },
    },
  },
  create(context) {
    return {
      // Files:exit sees the same final schema as Schema:exit, plus the migration order of the files,
      // which tells whether a RENAME came after the index was created.
      "Files:exit"({ catalog, files }) {
        const compare = originComparator(files);
        for (const table of catalog.allTables()) {
          for (const index of catalog.indexesOf(table)) {
            // A unique btree index enforces something GIN cannot (GIN does not support uniqueness).
            if (index.method.toLowerCase() !== "btree" || index.unique) continue;
            for (const key of index.keys) {
              // An expression such as `(data->>'key')` yields a scalar a btree index suits.
              if (key.kind !== "column") continue;
              const column = table.columns.get(key.column);
              if (column === undefined) continue;
              const { base, domains } = resolveDomain(catalog, column.type);
              const operators = searchOperators(base);
              const domain = domains[0];
              if (operators === undefined) continue;
              const name = makeObjectName("idx", `${table.name}_${column.name}`, "gin");
              const create = createIndexSql(table, name, `USING gin (${quoteIdentifier(column.name)})`);
              // The whole index goes only when this column is its only key; otherwise its other keys may serve queries.
              const sql = index.keys.length === 1 ? `${create} ${dropIndexSql(table, index)}` : create;
              // The CREATE INDEX shows the names of that time: the message says what a later RENAME made of them.
              const renamed = [index, table, column].some((o) => renamedAfter(compare, o, index.origin));
              context.report({
                messageId: "btreeOnDocument",
                data: { index: nameAsOf(compare, index, index.origin), table: nameAsOf(compare, table, index.origin, displayName(table)), column: nameAsOf(compare, column, index.origin), type: domain === undefined ? typeLabel(base) : `${displayName(domain)} (a domain over ${typeLabel(base)})`, operators, sql },
                at: index.origin,
                // Inserted after the CREATE INDEX, SQL with names a later RENAME gave would fail.
                ...(renamed ? {} : { suggestion: { description: `Add GIN index ${name}.`, sql } }),
              });
              break;
            }
          }
        }
      },
    };
  },
});
