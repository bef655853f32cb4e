import { z } from "zod";
import { defineRule } from "./rule.js";
import { textConversions } from "./utils/alter-column-type-sql.js";
import { originComparator } from "./utils/compare-origins.js";

/**
 * `varchar(n)` and `text` are stored the same way and perform the same; the length limit is a
 * business rule. Changing it is an `ALTER COLUMN ... TYPE` under an ACCESS EXCLUSIVE lock, and
 * shrinking it rewrites the table (raising it is metadata-only since PostgreSQL 9.2). A CHECK
 * constraint states the same rule and is replaced with `ADD CONSTRAINT ... NOT VALID` and
 * `VALIDATE CONSTRAINT`, which does not block writes.
 * https://www.postgresql.org/docs/current/datatype-character.html
 * https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-NOTES
 */
export default defineRule({
  meta: {
    id: "prefer-text",
    summary: "Use text with a CHECK constraint instead of varchar(n) to limit the length of a string.",
    category: "data-types",
    defaultSeverity: "off",
    options: z.object({}),
    messages: {
      varcharN: {
        message:
          'Column {{column}} of {{table}} has type {{type}}: the length limit is a business rule written as a type, so changing it takes an ALTER COLUMN ... TYPE under an ACCESS EXCLUSIVE lock (and a table rewrite when the limit shrinks).',
        help: 'Use "text" with a CHECK constraint, which a later migration can replace without blocking writes (ADD CONSTRAINT ... NOT VALID, then VALIDATE CONSTRAINT): {{sql}}',
      },
    },
  },
  create(context) {
    return {
      // The files' migration order (absent for verify --rules) tells whether a RENAME came after the type was declared.
      "Schema:exit"({ catalog, files }) {
        // varchar to text is binary-coercible, so the conversion does not rewrite the table.
        for (const { data, at } of textConversions(catalog, "character varying", "<=", originComparator(files))) context.report({ messageId: "varcharN", data, at });
      },
    };
  },
});
