import { z } from "zod";
import { defineRule } from "./rule.js";
import { originComparator } from "./utils/compare-origins.js";
import { NamesAt } from "./utils/renamed-since.js";
import { alterColumnTypeSql, arraySuffix } from "./utils/alter-column-type-sql.js";
import { quoteIdentifier } from "./utils/sql.js";
import { typedColumns } from "./utils/typed-columns.js";
import { typeLabel } from "./utils/type-text.js";

/**
 * `json` stores an exact copy of the input text, which processing functions must reparse on each
 * execution; it keeps whitespace, key order and duplicate keys. `jsonb` stores a decomposed binary
 * form, is faster to process and supports GIN indexes (`jsonb_ops`, `jsonb_path_ops`); `json` has
 * no GIN operator class and not even an equality operator.
 * https://www.postgresql.org/docs/current/datatype-json.html
 */
export default defineRule({
  meta: {
    id: "prefer-jsonb",
    summary: "Store JSON documents as jsonb, not json.",
    category: "data-types",
    defaultSeverity: "warn",
    options: z.object({}),
    messages: {
      jsonType: {
        message:
          'Column {{column}} of {{table}} has type {{type}}: PostgreSQL stores json as the input text and parses it again on every access, keeps duplicate keys and whitespace, and has no equality operator or GIN operator class for it, so containment and key lookups cannot use an index.',
        help: 'Use "jsonb": {{sql}}',
      },
    },
  },
  create(context) {
    return {
      // The files' migration order (absent for verify --rules) tells whether a RENAME came after the type was declared.
      "Schema:exit"({ catalog, files }) {
        const compare = originComparator(files);
        for (const { table, column } of typedColumns(catalog)) {
          if (column.type.name !== "json") continue;
          const target = `jsonb${arraySuffix(column.type)}`;
          // The statement that declared the type shows the names of its time.
          const names = new NamesAt(compare, column.typeOrigin);
          context.report({
            messageId: "jsonType",
            data: {
              column: names.object(column),
              table: names.table(table),
              type: typeLabel(column.type),
              sql: alterColumnTypeSql(table, column.name, target, { using: `${quoteIdentifier(column.name)}::${target}` }),
            },
            at: column.typeOrigin,
          });
        }
      },
    };
  },
});
