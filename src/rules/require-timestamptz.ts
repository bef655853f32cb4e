import { z } from "zod";
import type { ColumnType } from "../schema/model.js";
import { defineRule } from "./rule.js";
import { originComparator } from "./utils/compare-origins.js";
import { NamesAt } from "./utils/renamed-since.js";
import { alterColumnTypeSql, arraySuffix } from "./utils/alter-column-type-sql.js";
import { quoteIdentifier } from "./utils/sql.js";
import { typedColumns } from "./utils/typed-columns.js";
import { typeLabel } from "./utils/type-text.js";

/** `timestamptz` with the column's precision and array dimensions (`timestamp(3)[]` → `timestamptz(3)[]`). */
function replacementType(type: ColumnType): string {
  const precision = type.modifiers.length > 0 ? `(${type.modifiers.join(", ")})` : "";
  return `timestamptz${precision}${arraySuffix(type)}`;
}

/**
 * `timestamp without time zone` stores a wall-clock reading with no zone: PostgreSQL never converts
 * it, so clients in different time zones read the same value as different instants, and local times
 * in the hour a daylight-saving change repeats are ambiguous. `timestamptz` stores an instant (UTC
 * internally) and converts to each session's TimeZone on output.
 * https://www.postgresql.org/docs/current/datatype-datetime.html#DATATYPE-TIMEZONES
 */
export default defineRule({
  meta: {
    id: "require-timestamptz",
    summary: "Store points in time as timestamp with time zone (timestamptz), not timestamp without time zone.",
    category: "data-types",
    defaultSeverity: "warn",
    options: z.object({}),
    messages: {
      timestampWithoutTimeZone: {
        message:
          'Column {{column}} of {{table}} has type {{type}}: the values carry no time zone, so the same row means different instants to clients in different time zones, and local times in the hour a daylight-saving change repeats are ambiguous.',
        help: 'Use "timestamptz", converting the stored values from the time zone they were written in (UTC in this statement; change it if the application wrote local times): {{sql}}',
      },
    },
  },
  create(context) {
    return {
      // The files' migration order (absent for verify --rules) tells whether a RENAME came after the type was declared.
      "Schema:exit"({ catalog, files }) {
        const compare = originComparator(files);
        for (const { table, column } of typedColumns(catalog)) {
          if (column.type.name !== "timestamp without time zone") continue;
          const target = replacementType(column.type);
          // `AT TIME ZONE` takes one value, not an array: an array column is converted by the
          // assignment cast, which reads the values in the session's TimeZone.
          const sql =
            column.type.arrayDimensions === 0
              ? alterColumnTypeSql(table, column.name, target, { using: `${quoteIdentifier(column.name)} AT TIME ZONE 'UTC'` })
              : `SET TimeZone = 'UTC'; ${alterColumnTypeSql(table, column.name, target)}`;
          // The statement that declared the type shows the names of its time.
          const names = new NamesAt(compare, column.typeOrigin);
          context.report({
            messageId: "timestampWithoutTimeZone",
            data: { column: names.object(column), table: names.table(table), type: typeLabel(column.type), sql },
            at: column.typeOrigin,
          });
        }
      },
    };
  },
});
