import rule from "../../src/rules/no-reserved-identifiers.js";
import { ruleTester } from "../helpers/rule-tester.js";

const orders = "CREATE TABLE orders (id bigint PRIMARY KEY);\n";

ruleTester(rule, {
  valid: [
    { name: "ordinary names", code: "CREATE TABLE users (id bigint PRIMARY KEY, email text);\nCREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint, order_number text, group_name text);" },
    { name: "unreserved key words as column names", code: "CREATE TABLE products (id bigint PRIMARY KEY, name text, type text, value numeric, year integer, data jsonb, key text, comment text);" },
    { name: "COL_NAME key words work unquoted as column names", code: "CREATE TABLE slots (id bigint PRIMARY KEY, position integer, time timestamptz, values integer[], national boolean, int integer);" },
    { name: "COL_NAME key word as a table name", code: "CREATE TABLE position (id bigint PRIMARY KEY);" },
    { name: "quoted mixed case is not the key word", code: 'CREATE TABLE "Order" ("User" text, "Group" text);' },
    { name: "reserved column renamed in a later file", code: [`${orders}ALTER TABLE orders ADD COLUMN "desc" text;`, 'ALTER TABLE orders RENAME COLUMN "desc" TO description;'] },
    { name: "reserved table renamed in a later file", code: ['CREATE TABLE "user" (id bigint PRIMARY KEY);', 'ALTER TABLE "user" RENAME TO users;'] },
    { name: "reserved column dropped in a later file", code: ['CREATE TABLE category (id bigint PRIMARY KEY, "order" integer);', 'ALTER TABLE category DROP COLUMN "order";'] },
    { name: "reserved table dropped in a later file", code: ['CREATE TABLE "group" (id bigint PRIMARY KEY);', 'DROP TABLE "group";'] },
  ],
  invalid: [
    {
      name: "reserved word as a column name",
      code: 'CREATE TABLE category (\n  id bigint PRIMARY KEY,\n  "order" integer NOT NULL DEFAULT 0\n);',
      errors: [{ messageId: "reservedColumn", line: 3, column: 3, endLine: 3, endColumn: 37, message: 'Column "order" of "category" is named with the SQL key word ORDER (reserved)', suggestion: 'ALTER TABLE category RENAME COLUMN "order" TO category_order;' }],
    },
    {
      name: "reserved word as a table name",
      code: 'CREATE TABLE "user" (id bigint PRIMARY KEY, email text);',
      errors: [{ messageId: "reservedTable", line: 1, column: 14, endLine: 1, endColumn: 56, message: 'Table "user" is named with the SQL key word USER (reserved)', suggestion: 'ALTER TABLE "user" RENAME TO users;' }],
    },
    {
      name: "TYPE_FUNC_NAME key words as column names",
      code: 'CREATE TABLE ranges (id bigint PRIMARY KEY, "left" integer, "right" integer);',
      errors: [
        { messageId: "reservedColumn", line: 1, column: 45, endLine: 1, endColumn: 59, message: "LEFT (reserved, allowed only as a function or type name)", suggestion: 'ALTER TABLE ranges RENAME COLUMN "left" TO range_left;' },
        { messageId: "reservedColumn", line: 1, column: 61, endLine: 1, endColumn: 76 },
      ],
    },
    {
      name: "TYPE_FUNC_NAME key word as a table name",
      code: 'CREATE TABLE "join" (a bigint, b bigint);',
      errors: [{ messageId: "reservedTable", line: 1, column: 14, endLine: 1, endColumn: 41, suggestion: 'ALTER TABLE "join" RENAME TO joins;' }],
    },
    {
      name: "non-public schema",
      code: 'CREATE SCHEMA app;\nCREATE TABLE app."group" (id bigint PRIMARY KEY);',
      errors: [{ messageId: "reservedTable", line: 2, column: 14, endLine: 2, endColumn: 49, message: 'Table "app"."group"', suggestion: 'ALTER TABLE app."group" RENAME TO groups;' }],
    },
    {
      name: "column added in a later file, reported there",
      code: [orders, 'ALTER TABLE orders ADD COLUMN "user" bigint;'],
      errors: [{ messageId: "reservedColumn", file: 2, line: 1, column: 31, endLine: 1, endColumn: 44, suggestion: 'ALTER TABLE orders RENAME COLUMN "user" TO order_user;' }],
    },
    {
      name: "a partitioned table's column is reported once, not again on its partitions",
      code: "CREATE TABLE events (id bigint, \"desc\" text, at date) PARTITION BY RANGE (at);\nCREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');",
      errors: [{ messageId: "reservedColumn", line: 1, column: 33, endLine: 1, endColumn: 44 }],
    },
  ],
});
