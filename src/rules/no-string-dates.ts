import { z } from "zod";
import { unwrap, withoutCasts, type Node } from "../parser/ast.js";
import { displayName } from "../schema/catalog.js";
import { defineRule } from "./rule.js";
import { alterColumnTypeSql, arraySuffix } from "./utils/alter-column-type-sql.js";
import { regexSourceList } from "./utils/options.js";
import { quoteIdentifier } from "./utils/sql.js";
import { typedColumns } from "./utils/typed-columns.js";
import { typeLabel } from "./utils/type-text.js";
import { CHARACTER_TYPES } from "../schema/column-type.js";

/** Default patterns: names that say "this is a date or a point in time". */
export const DEFAULT_DATE_PATTERNS = [
  "_at$",
  "_on$",
  "_date$",
  "^date$",
  "_time$",
  "^time$",
  "_timestamp$",
  "^timestamp$",
  "_datetime$",
  "^datetime$",
  "(^|_)birthday$",
  "(^|_)dob$",
  "^(created|updated|deleted)$",
];

/**
 * Look-alikes: `*_time` names that are durations (`response_time`, better an interval), `*_on` names
 * that are relations (`depends_on`, `runs_on`) and `*_at` names that are places (`located_at`).
 */
export const DEFAULT_NOT_DATE_PATTERNS = [
  "(^|_)(lead|response|processing|wait|waiting|run|up|down|idle|elapsed|execution|travel|cook|prep|cpu)_time$",
  "^(depends|based|built|runs?|hosted|relies|add|turned|logged)_on$",
  "^(located|hosted|based|aimed|pointed|directed|looked?)_at$",
];

/** Names that hold a calendar day rather than an instant. */
const DATE_NAME = /(^|_)(on|date|birthday|dob)$/iu;

/**
 * Date and time input without digits that PostgreSQL accepts: the special values
 * (https://www.postgresql.org/docs/current/datatype-datetime.html#DATATYPE-DATETIME-SPECIAL-VALUES).
 */
const SPECIAL_DATE_VALUES = /^\s*(?:now|today|tomorrow|yesterday|epoch|-?infinity|allballs)\s*$/iu;

/**
 * Whether the column's DEFAULT is a string no date or time is written as (no digit, not a special
 * value): `notify_on varchar[] DEFAULT '{triggered}'` holds event names, not days.
 */
function defaultIsNotADate(node: Node | undefined): boolean {
  // The string constant the DEFAULT writes, under any casts.
  const text = unwrap(withoutCasts(node), "A_Const")?.sval?.sval;
  return text !== undefined && !/\d/u.test(text) && !SPECIAL_DATE_VALUES.test(text);
}

/**
 * A date kept in a character column is not checked (`'2024-02-30'` and `'03/04/2024'` are accepted),
 * sorts and compares as text, and needs a cast for every calculation. `date` and `timestamptz`
 * validate on input, take 4 and 8 bytes, and support date arithmetic and range queries on an index.
 * https://www.postgresql.org/docs/current/datatype-datetime.html
 */
export default defineRule({
  meta: {
    id: "no-string-dates",
    summary: "Store dates and times in date or timestamptz columns, not in character columns.",
    category: "data-types",
    defaultSeverity: "error",
    options: z.object({
      columnPatterns: regexSourceList(DEFAULT_DATE_PATTERNS).describe(
        "Case-insensitive regular expressions (sources) matched against column names; a match marks a date or time column. Replaces the defaults.",
      ),
      ignorePatterns: regexSourceList(DEFAULT_NOT_DATE_PATTERNS).describe(
        "Case-insensitive regular expressions for names that match a date pattern but hold no date (durations, relations, places).",
      ),
    }),
    messages: {
      dateAsText: {
        message:
          'Column "{{column}}" of {{table}} is named like a date but has type {{type}}: PostgreSQL accepts any text in it (such as \'2024-02-30\' or \'03/04/2024\'), compares and sorts it as text, and needs a cast for every date calculation.',
        help: 'Store it as "date" (write to_date(...) in USING when the text is not in ISO 8601 form): {{sql}}',
      },
      timestampAsText: {
        message:
          'Column "{{column}}" of {{table}} is named like a point in time but has type {{type}}: PostgreSQL accepts any text in it (such as \'2024-13-01 10:00\'), compares and sorts it as text, and needs a cast for every time calculation.',
        help: 'Store it as "timestamptz" ("time" when it holds only a time of day; write to_timestamp(...) in USING when the text is not in ISO 8601 form): {{sql}}',
      },
    },
  },
  create(context) {
    const dateNames = context.options.columnPatterns.map((p) => new RegExp(p, "iu"));
    const notDateNames = context.options.ignorePatterns.map((p) => new RegExp(p, "iu"));
    return {
      "Schema:exit"({ catalog }) {
        for (const { table, column } of typedColumns(catalog)) {
          if (!CHARACTER_TYPES.has(column.type.name)) continue;
          if (!dateNames.some((r) => r.test(column.name)) || notDateNames.some((r) => r.test(column.name))) continue;
          if (defaultIsNotADate(column.default?.node)) continue;
          const isDate = DATE_NAME.test(column.name);
          const target = `${isDate ? "date" : "timestamptz"}${arraySuffix(column.type)}`;
          context.report({
            messageId: isDate ? "dateAsText" : "timestampAsText",
            data: {
              column: column.name,
              table: displayName(table),
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
