import { z } from "zod";
import { defineRule } from "./rule.js";
import { textConversions } from "./utils/alter-column-type-sql.js";
import { originComparator } from "./utils/compare-origins.js";

/**
 * `character(n)` pads values with spaces to n characters, treats trailing spaces as insignificant
 * in comparisons and removes them on conversion to other string types. The manual: "there is no
 * such advantage in PostgreSQL; in fact character(n) is usually the slowest of the three".
 * https://www.postgresql.org/docs/current/datatype-character.html
 *
 * The grammar gives `char` and `character` without a length the modifier 1 (`char(1)`), so every
 * `character(n)` column has a modifier. A type without one is the internal one-byte `"char"` (which
 * the model also names `character`) or a bare `bpchar`, which pads nothing: neither is reported.
 */
export default defineRule({
  meta: {
    id: "no-char-n",
    summary: "Use text or varchar instead of the blank-padded character(n) type.",
    category: "data-types",
    defaultSeverity: "warn",
    options: z.object({}),
    messages: {
      charN: {
        message:
          'Column {{column}} of {{table}} has type {{type}}: PostgreSQL pads shorter values with spaces, ignores trailing spaces when comparing and drops them on conversion to text, and character(n) is no faster or smaller than text.',
        help: 'Use "text", with a CHECK constraint when the exact length matters (or "varchar(n)" for a maximum length): {{sql}}',
      },
    },
  },
  create(context) {
    return {
      // The files' migration order (absent for verify --rules) tells whether a RENAME came after the type was declared.
      "Schema:exit"({ catalog, files }) {
        for (const { data, at } of textConversions(catalog, "character", "=", originComparator(files))) context.report({ messageId: "charN", data, at });
      },
    };
  },
});
