import { describe, expect, it } from "vitest";
import rule from "../../src/rules/no-char-n.js";
import { allMessages, lintWithRule } from "../helpers/lint.js";
import { ruleTester } from "../helpers/rule-tester.js";

const customers = "CREATE TABLE customers (id bigint PRIMARY KEY, country text);";

ruleTester(rule, {
  valid: [
    { name: "text and varchar(n)", code: "CREATE TABLE customers (id bigint PRIMARY KEY, country_code varchar(2), name text, notes character varying);" },
    { name: 'the internal one-byte "char" type', code: 'CREATE TABLE t (id bigint PRIMARY KEY, kind "char" NOT NULL, kinds pg_catalog."char"[]);' },
    { name: "bpchar without a length (no padding)", code: "CREATE TABLE t (id bigint PRIMARY KEY, code bpchar);" },
    { name: "a column named char that is text", code: 'CREATE TABLE t (id bigint PRIMARY KEY, "char" text);' },
    { name: "changed to text in a later file", code: ["CREATE TABLE customers (id bigint PRIMARY KEY, country_code char(2));", "ALTER TABLE customers ALTER COLUMN country_code TYPE text;"] },
    { name: "dropped in a later file", code: ["CREATE TABLE customers (id bigint PRIMARY KEY, country_code char(2));", "ALTER TABLE customers DROP COLUMN country_code;"] },
    { name: "foreign table (the type is the remote table's)", code: "CREATE FOREIGN TABLE legacy_customers (id bigint, country_code char(2)) SERVER legacy;" },
  ],
  invalid: [
    {
      name: "table and column renamed after the type was declared: the message gives the names the statement shows",
      code: ["CREATE TABLE item (id bigint PRIMARY KEY, code char(3));", "ALTER TABLE item RENAME TO items;\nALTER TABLE items RENAME COLUMN code TO sku;\nALTER TABLE items RENAME COLUMN id TO item_id;"],
      errors: [{ messageId: "charN", file: 1, line: 1, column: 43, endLine: 1, endColumn: 55, message: 'Column "sku" (named "code" here) of "items" (named "item" here) has type character(3)' }],
    },
    {
      name: "char(2) column",
      code: "CREATE TABLE customers (\n  id bigint PRIMARY KEY,\n  country_code char(2),\n  name text\n);",
      errors: [{ messageId: "charN", line: 3, column: 3, endLine: 3, endColumn: 23, message: 'Column "country_code" of "customers" has type character(2): PostgreSQL pads shorter values with spaces' }],
    },
    {
      name: "every spelling; char without a length is char(1)",
      code: "CREATE TABLE t (id bigint PRIMARY KEY, a character(10), b char, c bpchar(4), d nchar(3) NOT NULL, e character(2)[]);",
      errors: [
        { messageId: "charN", line: 1, column: 40, endLine: 1, endColumn: 55 },
        { messageId: "charN", line: 1, column: 57, endLine: 1, endColumn: 63, message: 'has type character(1)' },
        { messageId: "charN", line: 1, column: 65, endLine: 1, endColumn: 76 },
        { messageId: "charN", line: 1, column: 78, endLine: 1, endColumn: 97 },
        { messageId: "charN", line: 1, column: 99, endLine: 1, endColumn: 115, message: 'has type character(2)[]' },
      ],
    },
    {
      name: "type changed to char(n) later: reported at the ALTER",
      code: [customers, "ALTER TABLE customers ALTER COLUMN country TYPE char(2);"],
      errors: [{ messageId: "charN", file: 2, line: 1, column: 36, endLine: 1, endColumn: 56 }],
    },
    {
      name: "added by ALTER TABLE in a later file",
      code: [customers, "ALTER TABLE customers ADD COLUMN currency char(3) NOT NULL DEFAULT 'EUR';"],
      errors: [{ messageId: "charN", file: 2, line: 1, column: 34, endLine: 1, endColumn: 73 }],
    },
    {
      name: "non-public schema, key column",
      code: "CREATE SCHEMA geo;\nCREATE TABLE geo.countries (iso_code character(2) PRIMARY KEY, name text NOT NULL);",
      errors: [{ messageId: "charN", line: 2, column: 29, endLine: 2, endColumn: 62, message: 'Column "iso_code" of "geo"."countries"' }],
    },
  ],
});

describe("no-char-n: help", () => {
  it("converts to text with a length check, and without one for arrays", async () => {
    const messages = allMessages(await lintWithRule(rule, 'CREATE SCHEMA geo;\nCREATE TABLE geo.countries ("ISO" char(2), codes character(3)[]);'));
    expect(messages.map((m) => m.help?.replace(/^.*?: (?=ALTER)/su, ""))).toEqual([
      'ALTER TABLE geo.countries ALTER COLUMN "ISO" TYPE text, ADD CHECK (char_length("ISO") = 2);',
      "ALTER TABLE geo.countries ALTER COLUMN codes TYPE text[];",
    ]);
  });
});
