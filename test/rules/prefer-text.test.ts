import { describe, expect, it } from "vitest";
import rule from "../../src/rules/prefer-text.js";
import { allMessages, lintWithRule } from "../helpers/lint.js";
import { ruleTester } from "../helpers/rule-tester.js";

ruleTester(rule, {
  valid: [
    { name: "text and varchar without a length", code: "CREATE TABLE products (id bigint PRIMARY KEY, name text, sku varchar, notes character varying);" },
    { name: "text with a length check", code: "CREATE TABLE products (id bigint PRIMARY KEY, sku text NOT NULL CHECK (char_length(sku) <= 50));" },
    { name: "character(n) is another rule's", code: "CREATE TABLE customers (id bigint PRIMARY KEY, country_code char(2));" },
    { name: "changed to text in a later file", code: ["CREATE TABLE products (id bigint PRIMARY KEY, sku varchar(50));", "ALTER TABLE products ALTER COLUMN sku TYPE text;"] },
    { name: "length removed in a later file", code: ["CREATE TABLE products (id bigint PRIMARY KEY, sku varchar(50));", "ALTER TABLE products ALTER COLUMN sku TYPE varchar;"] },
    { name: "foreign table (the type is the remote table's)", code: "CREATE FOREIGN TABLE legacy_products (id bigint, sku varchar(50)) SERVER legacy;" },
  ],
  invalid: [
    {
      name: "table and column renamed after the type was declared: the message gives the names the statement shows",
      code: ["CREATE TABLE item (id bigint PRIMARY KEY, code varchar(20));", "ALTER TABLE item RENAME TO items;\nALTER TABLE items RENAME COLUMN code TO sku;"],
      errors: [{ messageId: "varcharN", file: 1, line: 1, column: 43, endLine: 1, endColumn: 59, message: 'Column "sku" (named "code" here) of "items" (named "item" here) has type character varying(20)' }],
    },
    {
      name: "varchar(50) column",
      code: "CREATE TABLE products (\n  id bigint PRIMARY KEY,\n  sku varchar(50) NOT NULL,\n  name text NOT NULL\n);",
      errors: [{ messageId: "varcharN", line: 3, column: 3, endLine: 3, endColumn: 27, message: 'Column "sku" of "products" has type character varying(50): the length limit is a business rule written as a type' }],
    },
    {
      name: "every spelling, arrays too",
      code: "CREATE TABLE t (id bigint PRIMARY KEY, a character varying(20), b national character varying(5), c varchar(10)[]);",
      errors: [
        { messageId: "varcharN", line: 1, column: 40, endLine: 1, endColumn: 63 },
        { messageId: "varcharN", line: 1, column: 65, endLine: 1, endColumn: 96, message: 'has type character varying(5)' },
        { messageId: "varcharN", line: 1, column: 98, endLine: 1, endColumn: 113, message: 'has type character varying(10)[]' },
      ],
    },
    {
      name: "widened in a later file: reported at the ALTER that set the current length",
      code: ["CREATE TABLE products (id bigint PRIMARY KEY, sku varchar(50) NOT NULL);", "SET lock_timeout = '5s';\nALTER TABLE products ALTER COLUMN sku TYPE varchar(100);"],
      errors: [{ messageId: "varcharN", file: 2, line: 2, column: 35, endLine: 2, endColumn: 56, message: 'has type character varying(100)' }],
    },
    {
      name: "non-public schema",
      code: "CREATE SCHEMA inventory;\nCREATE TABLE inventory.items (id bigint PRIMARY KEY, code varchar(12) UNIQUE);",
      errors: [{ messageId: "varcharN", line: 2, column: 54, endLine: 2, endColumn: 77, message: 'Column "code" of "inventory"."items"' }],
    },
  ],
});

describe("prefer-text: help", () => {
  it("converts to text with a CHECK of the same limit, and without one for arrays", async () => {
    const messages = allMessages(await lintWithRule(rule, 'CREATE SCHEMA inventory;\nCREATE TABLE inventory.items ("Code" varchar(12), tags varchar(20)[]);'));
    expect(messages.map((m) => m.help?.replace(/^.*?: (?=ALTER)/su, ""))).toEqual([
      'ALTER TABLE inventory.items ALTER COLUMN "Code" TYPE text, ADD CHECK (char_length("Code") <= 12);',
      "ALTER TABLE inventory.items ALTER COLUMN tags TYPE text[];",
    ]);
  });
});
