import rule from "../../src/rules/require-comment.js";
import { ruleTester } from "../helpers/rule-tester.js";

ruleTester(rule, {
  valid: [
    { name: "table with a comment", code: "CREATE TABLE accounts (id bigint PRIMARY KEY, name text);\nCOMMENT ON TABLE accounts IS 'Tenant organizations.';" },
    { name: "comment added in a later file", code: ["CREATE SCHEMA app;\nCREATE TABLE app.roles (id integer PRIMARY KEY, name text);", "COMMENT ON TABLE app.roles IS 'Named sets of permissions.';"] },
    { name: "columns are not required by default", code: "CREATE TABLE tags (id bigint PRIMARY KEY, name text);\nCOMMENT ON TABLE tags IS 'Labels for products.';" },
    { name: "every column but the primary key documented", code: "CREATE TABLE product_tags (product_id bigint, tag_id bigint, weight real, PRIMARY KEY (product_id, tag_id));\nCOMMENT ON TABLE product_tags IS 'Which tags a product has.';\nCOMMENT ON COLUMN product_tags.weight IS 'Relevance from 0 to 1.';", options: {"columns": true} },
    { name: "partitions are documented by their parent", code: "CREATE TABLE events (id bigint, created_at timestamptz NOT NULL) PARTITION BY RANGE (created_at);\nCOMMENT ON TABLE events IS 'Domain events.';\nCREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');\nCOMMENT ON COLUMN events.created_at IS 'When it happened.';\nCOMMENT ON COLUMN events.id IS 'Event id.';", options: {"columns": true} },
    { name: "views and types are not tables", code: "CREATE TYPE mood AS ENUM ('ok', 'sad');\nCREATE VIEW v AS SELECT 1 AS one;" },
  ],
  invalid: [
    {
      name: "table and column renamed after they were created: the messages give the names the statements show",
      code: ["CREATE TABLE item (id bigint PRIMARY KEY, code text);", "ALTER TABLE item RENAME TO items;\nALTER TABLE items RENAME COLUMN code TO sku;\nALTER TABLE items RENAME COLUMN id TO item_id;"],
      options: {"columns": true},
      errors: [
        { messageId: "missingTableComment", file: 1, line: 1, column: 14, endLine: 1, endColumn: 53, message: 'Table "items" (named "item" here) has no comment' },
        { messageId: "missingColumnComment", file: 1, line: 1, column: 43, endLine: 1, endColumn: 52, message: 'Column "sku" (named "code" here) of "items" (named "item" here) has no comment' },
      ],
    },
    {
      name: "table without a comment",
      code: "CREATE TABLE roles (\n  id integer PRIMARY KEY,\n  name text NOT NULL\n);",
      errors: [
        { messageId: "missingTableComment", line: 1, column: 14, endLine: 4, endColumn: 2, message: "Table \"roles\" has no comment" },
      ],
    },
    {
      name: "comment removed later with NULL or an empty string",
      code: ["CREATE TABLE a (id int PRIMARY KEY);\nCREATE TABLE b (id int PRIMARY KEY);\nCOMMENT ON TABLE a IS 'A.';\nCOMMENT ON TABLE b IS 'B.';", "COMMENT ON TABLE a IS NULL;\nCOMMENT ON TABLE b IS '';"],
      errors: [
        { messageId: "missingTableComment", line: 1, column: 14, endLine: 1, endColumn: 36 },
        { messageId: "missingTableComment", line: 2, column: 14, endLine: 2, endColumn: 36 },
      ],
    },
    {
      name: "non-public schema",
      code: "CREATE SCHEMA app;\nCREATE TABLE app.roles (id integer PRIMARY KEY, name text);",
      errors: [
        { messageId: "missingTableComment", line: 2, column: 14, endLine: 2, endColumn: 59, message: "Table \"app\".\"roles\" has no comment" },
      ],
    },
    {
      name: "columns: every undocumented column except the primary key",
      code: "CREATE TABLE products (\n  id bigint PRIMARY KEY,\n  name text NOT NULL,\n  price numeric(12, 2)\n);\nCOMMENT ON TABLE products IS 'Sellable items.';\nCOMMENT ON COLUMN products.name IS 'Display name.';\nALTER TABLE products ADD COLUMN sku text;",
      options: {"columns": true},
      errors: [
        { messageId: "missingColumnComment", line: 4, column: 3, endLine: 4, endColumn: 23, message: "Column \"price\" of \"products\" has no comment" },
        { messageId: "missingColumnComment", line: 8, column: 33, endLine: 8, endColumn: 41 },
      ],
    },
    {
      name: "columns: table and columns both reported",
      code: "CREATE TABLE notes (body text, author text);",
      options: {"columns": true},
      errors: [
        { messageId: "missingTableComment", line: 1, column: 14, endLine: 1, endColumn: 44 },
        { messageId: "missingColumnComment", line: 1, column: 21, endLine: 1, endColumn: 30 },
        { messageId: "missingColumnComment", line: 1, column: 32, endLine: 1, endColumn: 43 },
      ],
    },
    {
      name: "partitioned table: reported once, on the parent",
      code: "CREATE TABLE events (id bigint, created_at timestamptz NOT NULL) PARTITION BY RANGE (created_at);\nCREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');",
      errors: [
        { messageId: "missingTableComment", line: 1, column: 14, endLine: 1, endColumn: 97 },
      ],
    },
    {
      name: "inheritance child: its own comment and own columns only",
      code: "CREATE TABLE items (id bigint PRIMARY KEY, title text);\nCOMMENT ON TABLE items IS 'Items.';\nCOMMENT ON COLUMN items.title IS 'Title.';\nCREATE TABLE books (isbn text) INHERITS (items);",
      options: {"columns": true},
      errors: [
        { messageId: "missingTableComment", line: 4, column: 14, endLine: 4, endColumn: 48 },
        { messageId: "missingColumnComment", line: 4, column: 21, endLine: 4, endColumn: 30 },
      ],
    },
  ],
});
