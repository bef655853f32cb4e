import pluralize from "pluralize";
import { z } from "zod";
import { displayName } from "../schema/catalog.js";
import { defineRule } from "./rule.js";
import { regexSourceList } from "./utils/options.js";
import { qualifiedSql, quoteIdentifier } from "./utils/sql.js";
import { typeLabel } from "./utils/type-text.js";

const MONEY_WORDS = [
  "price", "amount", "cost", "total", "subtotal", "balance", "fee", "salary", "wage", "tax", "vat",
  "discount", "payment", "payout", "revenue", "income", "credit", "debit", "refund", "budget",
  "profit", "charge", "spend", "earnings", "money", "cash", "tip", "deposit", "fine", "rent",
];

/** Default patterns: each money word or its plural (`salary`, `salaries`) as a whole word of a snake_case name. */
export const DEFAULT_MONEY_PATTERNS = MONEY_WORDS.map((w) => {
  const plural = pluralize.plural(w);
  return plural === w ? `(^|_)${w}($|_)` : `(^|_)(${w}|${plural})($|_)`;
});

/** Ratios, rates and counts often sit next to money words (`tax_rate`, `discount_percent`) but are not amounts. */
export const DEFAULT_NOT_MONEY_PATTERNS = ["(^|_)(rate|ratio|percent|percentage|pct|factor|multiplier|count|score|weight)s?($|_)"];

/** Binary floating point cannot represent most decimal fractions exactly (0.1 + 0.2 <> 0.3). */
const FLOAT_TYPES = new Set(["real", "double precision"]);

export default defineRule({
  meta: {
    id: "no-float-money",
    summary: "Store money in numeric or integer minor units, never in floating-point types.",
    category: "data-types",
    defaultSeverity: "error",
    options: z.object({
      columnPatterns: regexSourceList(DEFAULT_MONEY_PATTERNS).describe(
        "Case-insensitive regular expressions (sources) matched against column names; a match marks a money column. Replaces the defaults.",
      ),
      ignorePatterns: regexSourceList(DEFAULT_NOT_MONEY_PATTERNS).describe(
        "Case-insensitive regular expressions for names that match a money pattern but are not amounts (rates, percentages, counts).",
      ),
    }),
    messages: {
      floatMoney: {
        message:
          'Column "{{column}}" of {{table}} stores money as {{type}}: floating-point values cannot represent most decimal amounts exactly, so sums and comparisons drift by fractions of a cent.',
        help: 'Use "numeric(12, 2)" (or another precision and scale that fits the currency), or "bigint" holding the amount in cents: ALTER TABLE {{tableSql}} ALTER COLUMN {{columnSql}} TYPE numeric(12, 2);',
      },
    },
  },
  create(context) {
    const money = context.options.columnPatterns.map((p) => new RegExp(p, "iu"));
    const notMoney = context.options.ignorePatterns.map((p) => new RegExp(p, "iu"));
    return {
      "Schema:exit"({ catalog }) {
        for (const table of catalog.allTables()) {
          for (const column of table.columns.values()) {
            if (!FLOAT_TYPES.has(column.type.name)) continue;
            if (!money.some((r) => r.test(column.name)) || notMoney.some((r) => r.test(column.name))) continue;
            context.report({
              messageId: "floatMoney",
              data: {
                column: column.name,
                table: displayName(table),
                type: typeLabel(column.type),
                tableSql: qualifiedSql(table),
                columnSql: quoteIdentifier(column.name),
              },
              at: column.typeOrigin,
            });
          }
        }
      },
    };
  },
});
