import rule from "../../src/rules/no-float-money.js";
import { ruleTester } from "../helpers/rule-tester.js";

ruleTester(rule, {
  valid: [
    { name: "numeric money", code: "CREATE TABLE products (id bigint PRIMARY KEY, price numeric(12, 2));" },
    { name: "integer cents", code: "CREATE TABLE products (id bigint PRIMARY KEY, price_cents bigint);" },
    { name: "float that is not money", code: "CREATE TABLE products (id bigint PRIMARY KEY, weight_kg real, rating double precision);" },
    { name: "rates and percentages next to money words", code: "CREATE TABLE orders (id bigint PRIMARY KEY, tax_rate real, discount_percent double precision, total_count float8);" },
    { name: "money word inside another word", code: "CREATE TABLE t (id bigint PRIMARY KEY, pricey_score real, costume float);" },
    { name: "float money column changed to numeric later", code: ["CREATE TABLE orders (id bigint PRIMARY KEY, total double precision);", "ALTER TABLE orders ALTER COLUMN total TYPE numeric(12, 2);"] },
    { name: "float money column dropped later", code: ["CREATE TABLE orders (id bigint PRIMARY KEY, total double precision);", "ALTER TABLE orders DROP COLUMN total;"] },
    { name: "custom patterns replace the defaults", code: "CREATE TABLE t (id bigint PRIMARY KEY, price real);", options: { columnPatterns: ["^amt$"] } },
  ],
  invalid: [
    {
      name: "double precision price",
      code: "CREATE TABLE products (\n  id bigint PRIMARY KEY,\n  price double precision NOT NULL\n);",
      errors: [{ messageId: "floatMoney", line: 3, column: 3, endLine: 3, endColumn: 34, message: 'Column "price" of "products" stores money as double precision' }],
    },
    {
      name: "every float spelling",
      code: "CREATE TABLE t (id bigint PRIMARY KEY, amount real, fee float4, balance float8, total_price float, tax float(24));",
      errors: [
        { messageId: "floatMoney", line: 1, column: 40, endLine: 1, endColumn: 51 },
        { messageId: "floatMoney", line: 1, column: 53, endLine: 1, endColumn: 63 },
        { messageId: "floatMoney", line: 1, column: 65, endLine: 1, endColumn: 79 },
        { messageId: "floatMoney", line: 1, column: 81, endLine: 1, endColumn: 98 },
        { messageId: "floatMoney", line: 1, column: 100, endLine: 1, endColumn: 113 },
      ],
    },
    {
      name: "added by ALTER TABLE in a later file, reported there",
      code: ["CREATE TABLE orders (id bigint PRIMARY KEY);", "ALTER TABLE orders ADD COLUMN shipping_cost real;"],
      errors: [{ messageId: "floatMoney", file: 2, line: 1, column: 31, endLine: 1, endColumn: 49 }],
    },
    {
      name: "type changed to float later: reported at the ALTER",
      code: ["CREATE TABLE orders (id bigint PRIMARY KEY, total numeric);", "ALTER TABLE orders\n  ALTER COLUMN total TYPE double precision;"],
      errors: [{ messageId: "floatMoney", file: 2, line: 2, column: 16, endLine: 2, endColumn: 43 }],
    },
    {
      name: "quoted mixed-case name and non-ASCII before it",
      code: "-- Montant en € 日本\nCREATE TABLE t (id bigint PRIMARY KEY, \"Unit_Price\" real);",
      errors: [{ messageId: "floatMoney", line: 2, column: 40, endLine: 2, endColumn: 57 }],
    },
    { name: "custom pattern", code: "CREATE TABLE t (id bigint PRIMARY KEY, amt real);", options: { columnPatterns: ["^amt$"] }, errors: [{ messageId: "floatMoney", line: 1, column: 40, endLine: 1, endColumn: 48 }] },
  ],
});
