import { describe, expect, it } from "vitest";
import { unwrap, type Node } from "../../src/parser/ast.js";
import { initParser, parseSql } from "../../src/parser/parse.js";
import rule, { provesNotNull } from "../../src/rules/safe-set-not-null.js";
import { ruleTester } from "../helpers/rule-tester.js";
import { golang, init, tables } from "../helpers/truncated-table.js";

const users = "CREATE TABLE users (id bigint PRIMARY KEY, email text, name text NOT NULL);";

ruleTester(rule, {
  valid: [
    { name: "table created in the same migration", code: `${users}\nALTER TABLE users ALTER COLUMN email SET NOT NULL;` },
    { name: "column added in the same migration", code: [users, "ALTER TABLE users ADD COLUMN nick text;\nUPDATE users SET nick = name;\nALTER TABLE users ALTER COLUMN nick SET NOT NULL;"] },
    { name: "column already NOT NULL (a no-op)", code: [users, "ALTER TABLE users ALTER COLUMN name SET NOT NULL;"] },
    {
      name: "validated CHECK (email IS NOT NULL) from earlier migrations (PostgreSQL 12+)",
      code: [users, "ALTER TABLE users ADD CONSTRAINT users_email_not_null CHECK (email IS NOT NULL) NOT VALID;", "ALTER TABLE users VALIDATE CONSTRAINT users_email_not_null;\nALTER TABLE users ALTER COLUMN email SET NOT NULL;\nALTER TABLE users DROP CONSTRAINT users_email_not_null;"],
    },
    {
      name: "CHECK validated when added (without NOT VALID) proves it too; AND conjunct",
      code: [users, "ALTER TABLE users ADD CONSTRAINT users_email_present CHECK (email IS NOT NULL AND email <> '');", "ALTER TABLE users ALTER COLUMN email SET NOT NULL;"],
    },
    { name: "PostgreSQL 18: NOT NULL constraint added NOT VALID", code: [users, "ALTER TABLE users ADD CONSTRAINT users_email_not_null NOT NULL email NOT VALID;"], postgresVersion: 18 },
    { name: "DROP NOT NULL is not this rule", code: [users, "ALTER TABLE users ALTER COLUMN name DROP NOT NULL;"] },
  ],
  invalid: [
    {
      name: "SET NOT NULL on an existing column",
      code: [users, "ALTER TABLE users ALTER COLUMN email SET NOT NULL;"],
      errors: [
        {
          messageId: "setNotNull",
          file: 2,
          line: 1,
          column: 19,
          endLine: 1,
          endColumn: 50,
          message: 'Making column "email" of existing table "users" NOT NULL scans the whole table',
          suggestion: [
            "ALTER TABLE users ADD CONSTRAINT users_email_not_null CHECK (email IS NOT NULL) NOT VALID;",
            "-- In a separate migration (its own transaction):",
            "ALTER TABLE users VALIDATE CONSTRAINT users_email_not_null;",
            "ALTER TABLE users ALTER COLUMN email SET NOT NULL;",
            "ALTER TABLE users DROP CONSTRAINT users_email_not_null;",
          ].join("\n"),
        },
      ],
    },
    {
      name: "PostgreSQL 18 suggests NOT NULL ... NOT VALID",
      code: [users, "ALTER TABLE users ALTER COLUMN email SET NOT NULL;"],
      postgresVersion: 18,
      errors: [
        {
          messageId: "setNotNull",
          file: 2,
          line: 1,
          column: 19,
          endLine: 1,
          endColumn: 50,
          suggestion: "ALTER TABLE users ADD CONSTRAINT users_email_not_null NOT NULL email NOT VALID;\n-- In a separate migration (its own transaction):\nALTER TABLE users VALIDATE CONSTRAINT users_email_not_null;",
        },
      ],
    },
    {
      name: "CHECK that does not prove non-null (a CHECK passes on NULL)",
      code: [users, "ALTER TABLE users ADD CONSTRAINT users_email_format CHECK (email LIKE '%@%');", "ALTER TABLE users ALTER COLUMN email SET NOT NULL;"],
      errors: [{ messageId: "setNotNull", file: 3, line: 1, column: 19, endLine: 1, endColumn: 50 }],
    },
    {
      name: "OR does not prove it",
      code: [users, "ALTER TABLE users ADD CHECK (email IS NOT NULL OR name = 'x');", "ALTER TABLE users ALTER COLUMN email SET NOT NULL;"],
      errors: [{ messageId: "setNotNull", file: 3, line: 1, column: 19, endLine: 1, endColumn: 50 }],
    },
    {
      name: "CHECK still NOT VALID",
      code: [users, "ALTER TABLE users ADD CONSTRAINT users_email_not_null CHECK (email IS NOT NULL) NOT VALID;", "ALTER TABLE users ALTER COLUMN email SET NOT NULL;"],
      errors: [
        {
          messageId: "unvalidatedCheck",
          file: 3,
          line: 1,
          column: 19,
          endLine: 1,
          endColumn: 50,
          message: 'CHECK constraint "users_email_not_null" would let PostgreSQL skip the scan, but it is NOT VALID',
          suggestion: "ALTER TABLE users VALIDATE CONSTRAINT users_email_not_null;\nALTER TABLE users ALTER COLUMN email SET NOT NULL;",
        },
      ],
    },
    {
      name: "PostgreSQL 11: a validated CHECK does not help",
      code: [users, "ALTER TABLE users ADD CONSTRAINT users_email_not_null CHECK (email IS NOT NULL);", "ALTER TABLE users ALTER COLUMN email SET NOT NULL;"],
      postgresVersion: 11,
      errors: [{ messageId: "before12", file: 3, line: 1, column: 19, endLine: 1, endColumn: 50, message: "before PostgreSQL 12 (the target is 11)" }],
    },
    {
      name: "PostgreSQL 11 without a CHECK suggests the validated CHECK",
      code: [users, "ALTER TABLE users ALTER COLUMN email SET NOT NULL;"],
      postgresVersion: 11,
      errors: [
        {
          messageId: "before12",
          file: 2,
          line: 1,
          column: 19,
          endLine: 1,
          endColumn: 50,
          suggestion: "ALTER TABLE users ADD CONSTRAINT users_email_not_null CHECK (email IS NOT NULL) NOT VALID;\n-- In a separate migration (its own transaction):\nALTER TABLE users VALIDATE CONSTRAINT users_email_not_null;",
        },
      ],
    },
    {
      name: "renamed column of an earlier migration (golang-migrate, one transaction)",
      code: [
        { path: "/m/000001_users.up.sql", sql: "CREATE TABLE customers (id bigint PRIMARY KEY, name text);" },
        { path: "/m/000002_rename.up.sql", sql: "ALTER TABLE customers RENAME COLUMN name TO full_name;\nALTER TABLE customers ALTER COLUMN full_name SET NOT NULL;" },
      ],
      errors: [{ messageId: "setNotNull", file: 2, line: 2, column: 23, endLine: 2, endColumn: 58, suggestion: "ALTER TABLE customers ADD CONSTRAINT customers_full_name_not_null CHECK (full_name IS NOT NULL) NOT VALID;\n-- In a separate migration (its own transaction):\nALTER TABLE customers VALIDATE CONSTRAINT customers_full_name_not_null;\nALTER TABLE customers ALTER COLUMN full_name SET NOT NULL;\nALTER TABLE customers DROP CONSTRAINT customers_full_name_not_null;" }],
    },
    {
      name: "PostgreSQL 18 ADD CONSTRAINT ... NOT NULL without NOT VALID scans too",
      code: [users, "ALTER TABLE users ADD CONSTRAINT users_email_nn NOT NULL email;"],
      postgresVersion: 18,
      errors: [{ messageId: "setNotNull", file: 2, line: 1, column: 23, endLine: 1, endColumn: 63 }],
    },
    {
      name: "table never seen, schema-qualified, two subcommands",
      code: "ALTER TABLE app.people ALTER COLUMN email SET NOT NULL, ALTER COLUMN name SET NOT NULL;",
      errors: [
        { messageId: "setNotNull", line: 1, column: 24, endLine: 1, endColumn: 55, message: '"email" of existing table "app"."people"' },
        { messageId: "setNotNull", line: 1, column: 57, endLine: 1, endColumn: 87, message: '"name" of existing table "app"."people"' },
      ],
    },
    {
      name: "constraint name numbered when taken",
      code: [users, "ALTER TABLE users ADD CONSTRAINT users_email_not_null CHECK (email <> '');", "ALTER TABLE users ALTER COLUMN email SET NOT NULL;"],
      errors: [{ messageId: "setNotNull", file: 3, line: 1, column: 19, endLine: 1, endColumn: 50, suggestion: "ALTER TABLE users ADD CONSTRAINT users_email_not_null1 CHECK (email IS NOT NULL) NOT VALID;\n-- In a separate migration (its own transaction):\nALTER TABLE users VALIDATE CONSTRAINT users_email_not_null1;\nALTER TABLE users ALTER COLUMN email SET NOT NULL;\nALTER TABLE users DROP CONSTRAINT users_email_not_null1;" }],
    },
  ],
});

describe("provesNotNull", () => {
  const expr = async (sql: string): Promise<Node | undefined> => {
    await initParser();
    const target = unwrap(parseSql(`SELECT ${sql}`).statements[0]?.node, "SelectStmt")?.targetList?.[0];
    return unwrap(target, "ResTarget")?.val;
  };
  it("accepts IS NOT NULL on the column, alone or in an AND", async () => {
    expect(provesNotNull(await expr("email IS NOT NULL"), "email")).toBe(true);
    expect(provesNotNull(await expr("users.email IS NOT NULL"), "email")).toBe(true);
    expect(provesNotNull(await expr("a > 0 AND (b = 1 AND email IS NOT NULL)"), "email")).toBe(true);
  });
  it("rejects other columns, OR, NOT and comparisons", async () => {
    expect(provesNotNull(await expr("name IS NOT NULL"), "email")).toBe(false);
    expect(provesNotNull(await expr("email IS NOT NULL OR a"), "email")).toBe(false);
    expect(provesNotNull(await expr("NOT (email IS NULL)"), "email")).toBe(false);
    expect(provesNotNull(await expr("email <> ''"), "email")).toBe(false);
  });
});

// A table a TRUNCATE emptied earlier in the same, still open transaction.
ruleTester(rule, {
  valid: [{ name: "nothing to scan", code: [init, golang("TRUNCATE inputs;\nALTER TABLE inputs ALTER COLUMN note SET NOT NULL;")] }],
  invalid: [
    {
      name: "goose NO TRANSACTION",
      code: [{ path: "/g/00001_init.sql", sql: `-- +goose Up\n${tables}` }, { path: "/g/00002_rebuild.sql", sql: "-- +goose NO TRANSACTION\n-- +goose Up\nTRUNCATE inputs;\nALTER TABLE inputs ALTER COLUMN note SET NOT NULL;" }],
      errors: [{ messageId: "setNotNull", file: 2, line: 4, column: 20, endLine: 4, endColumn: 50 }],
    },
  ],
});
