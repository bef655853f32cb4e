import rule from "../../src/rules/max-indexes-per-table.js";
import { ruleTester } from "../helpers/rule-tester.js";

/** A table with a primary key and `n` single-column indexes: n + 1 indexes in all. */
function tableWithIndexes(n: number): string {
  const columns = Array.from({ length: 10 }, (_, i) => `c${i + 1} int`).join(", ");
  const indexes = Array.from({ length: n }, (_, i) => `CREATE INDEX ON t (c${i + 1});\n`).join("");
  return `CREATE TABLE t (id bigint PRIMARY KEY, ${columns});\n${indexes}`;
}

const threeIndexes = "CREATE TABLE t (id bigint PRIMARY KEY, a int, b int, c int);\nCREATE INDEX t_a_idx ON t (a);\nCREATE INDEX t_b_idx ON t (b);";
const partitioned =
  "CREATE TABLE m (id bigint, d date, kind text, PRIMARY KEY (id, d)) PARTITION BY RANGE (d);\nCREATE INDEX m_kind_idx ON m (kind);\nCREATE TABLE m_2024 PARTITION OF m FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');\nCREATE INDEX m_2024_d_idx ON m_2024 (d);\nCREATE INDEX m_2024_kind_d_idx ON m_2024 (kind, d);";

ruleTester(rule, {
  valid: [
    { name: "exactly the default limit: primary key and nine indexes", code: tableWithIndexes(9) },
    { name: "primary key, unique constraint and one index within a limit of 3", code: "CREATE TABLE t (id bigint PRIMARY KEY, code text UNIQUE, a int);\nCREATE INDEX ON t (a);", options: { max: 3 } },
    { name: "over the limit until an index is dropped in a later file", code: [threeIndexes, "DROP INDEX t_b_idx;"], options: { max: 2 } },
    { name: "indexes spread over two tables", code: "CREATE TABLE a (id bigint PRIMARY KEY, x int);\nCREATE TABLE b (id bigint PRIMARY KEY, x int);\nCREATE INDEX ON a (x);\nCREATE INDEX ON b (x);", options: { max: 2 } },
    { name: "partition with its parent's indexes within the limit", code: partitioned, options: { max: 4 } },
    { name: "INHERITS children do not get the parent's indexes", code: "CREATE TABLE parent (id bigint PRIMARY KEY, a int);\nCREATE INDEX ON parent (a);\nCREATE TABLE child (b int) INHERITS (parent);\nCREATE INDEX ON child (b);", options: { max: 2 } },
  ],
  invalid: [
    {
      name: "table and index renamed after the CREATE INDEX: the message gives the names it shows",
      options: { max: 1 },
      code: ["CREATE TABLE orders (id bigint PRIMARY KEY, note text);\nCREATE INDEX orders_note_idx ON orders (note);", "ALTER TABLE orders RENAME TO purchase_orders;\nALTER INDEX orders_note_idx RENAME TO purchase_orders_note_idx;"],
      errors: [{
        messageId: "tooManyIndexes", file: 1, line: 2, column: 1, endLine: 2, endColumn: 46,
        message: 'Table "purchase_orders" (named "orders" here) has 2 indexes counting its primary key and unique constraints, more than the limit of 1 (index "purchase_orders_note_idx" (named "orders_note_idx" here) is number 2)',
      }],
    },
    {
      name: "primary key and ten indexes: the tenth index is number 11",
      code: tableWithIndexes(10),
      errors: [{ messageId: "tooManyIndexes", line: 11, column: 1, endLine: 11, endColumn: 24, message: 'Table "t" has 11 indexes counting its primary key and unique constraints, more than the limit of 10 (index "t_c10_idx" is number 11)' }],
    },
    {
      name: "a unique constraint can be the one over the limit",
      code: "CREATE TABLE t (id bigint PRIMARY KEY, code text UNIQUE);",
      options: { max: 1 },
      errors: [{ messageId: "tooManyIndexes", line: 1, column: 50, endLine: 1, endColumn: 56, message: '(unique constraint "t_code_key" is number 2)' }],
    },
    {
      name: "exclusion constraints are indexes too",
      code: "CREATE TABLE bookings (id bigint PRIMARY KEY, room int, during tstzrange,\n  EXCLUDE USING gist (room WITH =, during WITH &&));",
      options: { max: 1 },
      errors: [{ messageId: "tooManyIndexes", line: 2, column: 3, endLine: 2, endColumn: 51, message: '(exclusion constraint "' }],
    },
    {
      name: "migration order, not path order, decides which index is over the limit",
      code: [{ path: "/db/V9__t.sql", sql: threeIndexes }, { path: "/db/V10__more.sql", sql: "CREATE INDEX t_c_idx ON t (c);" }],
      options: { max: 2 },
      errors: [{ messageId: "tooManyIndexes", file: 1, line: 3, column: 1, endLine: 3, endColumn: 30, message: 'Table "t" has 4 indexes counting its primary key and unique constraints, more than the limit of 2 (index "t_b_idx" is number 3)' }],
    },
    {
      name: "partition: the parent's indexes count first",
      code: partitioned,
      options: { max: 3 },
      errors: [{ messageId: "tooManyIndexes", line: 5, column: 1, endLine: 5, endColumn: 51, message: 'Table "m_2024" has 4 indexes' }],
    },
    {
      name: "parent over the limit: reported on the parent only",
      code: partitioned,
      options: { max: 1 },
      errors: [{ messageId: "tooManyIndexes", line: 2, column: 1, endLine: 2, endColumn: 36, message: 'Table "m" has 2 indexes' }],
    },
    {
      name: "non-public schema",
      code: "CREATE SCHEMA app;\nCREATE TABLE app.t (id bigint PRIMARY KEY, a int, b int);\nCREATE INDEX t_a_idx ON app.t (a);\nCREATE INDEX t_b_idx ON app.t (b);",
      options: { max: 2 },
      errors: [{ messageId: "tooManyIndexes", line: 4, column: 1, endLine: 4, endColumn: 34, message: 'Table "app"."t" has 3 indexes' }],
    },
  ],
});
