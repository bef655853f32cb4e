import { z } from "zod";
import { defineRule } from "./rule.js";
import { originComparator } from "./utils/compare-origins.js";
import { NamesAt } from "./utils/renamed-since.js";
import { alterColumnTypeSql, arraySuffix } from "./utils/alter-column-type-sql.js";
import { quoteIdentifier } from "./utils/sql.js";
import { typedColumns } from "./utils/typed-columns.js";
import { typeLabel } from "./utils/type-text.js";

/**
 * `money` reads and prints its values in the format of the `lc_monetary` locale, and that locale also
 * fixes its number of decimals; no currency is stored. The manual warns that a dump "might not work"
 * when restored into a database with a different `lc_monetary`.
 * https://www.postgresql.org/docs/current/datatype-money.html
 */
export default defineRule({
  meta: {
    id: "no-money-type",
    summary: "Store amounts in numeric, never in the locale-dependent money type.",
    category: "data-types",
    defaultSeverity: "error",
    options: z.object({}),
    messages: {
      moneyType: {
        message:
          'Column {{column}} of {{table}} has type {{type}}: its text form follows the lc_monetary setting, so a dump restored under another locale can misread the amounts; it records no currency, and the locale fixes its number of decimals.',
        help: 'Use "numeric(12, 2)" (or the precision and scale the amounts need), with a separate currency column holding an ISO 4217 code when amounts can be in more than one currency: {{sql}}',
      },
    },
  },
  create(context) {
    return {
      // The files' migration order (absent for verify --rules) tells whether a RENAME came after the type was declared.
      "Schema:exit"({ catalog, files }) {
        const compare = originComparator(files);
        for (const { table, column } of typedColumns(catalog)) {
          if (column.type.name !== "money") continue;
          const target = `numeric(12, 2)${arraySuffix(column.type)}`;
          // The statement that declared the type shows the names of its time.
          const names = new NamesAt(compare, column.typeOrigin);
          context.report({
            messageId: "moneyType",
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
