import { describe, expect, it } from "vitest";
import rule from "../../src/rules/no-column-type-change.js";
import { typeLabel, typeSql } from "../../src/rules/utils/type-text.js";
import type { ColumnType } from "../../src/schema/model.js";
import { allMessages, lintWithRule } from "../helpers/lint.js";
import { ruleTester } from "../helpers/rule-tester.js";

const table = `CREATE TABLE items (
  id integer PRIMARY KEY,
  code varchar(10),
  name varchar,
  body text,
  price numeric(10,2),
  flags varbit(4),
  network cidr,
  created_at timestamp(3),
  seen_at timestamp,
  sku character(5),
  tags varchar(20)[]
);`;

ruleTester(rule, {
  valid: [
    { name: "varchar(n) to a longer varchar", code: [table, "ALTER TABLE items ALTER COLUMN code TYPE varchar(50);"] },
    { name: "varchar(n) to unconstrained varchar and to text", code: [table, "ALTER TABLE items ALTER COLUMN code TYPE varchar, ALTER COLUMN name TYPE text;"] },
    { name: "text to unconstrained varchar", code: [table, "ALTER TABLE items ALTER COLUMN body SET DATA TYPE character varying;"] },
    { name: "numeric precision raised with the same scale, and the modifier removed", code: [table, "ALTER TABLE items ALTER COLUMN price TYPE numeric(14,2);", "ALTER TABLE items ALTER COLUMN price TYPE decimal;"] },
    { name: "varbit longer", code: [table, "ALTER TABLE items ALTER COLUMN flags TYPE bit varying(8);"] },
    { name: "cidr to inet", code: [table, "ALTER TABLE items ALTER COLUMN network TYPE inet;"] },
    { name: "timestamp precision raised", code: [table, "ALTER TABLE items ALTER COLUMN created_at TYPE timestamp(6);"] },
    { name: "same type again", code: [table, "ALTER TABLE items ALTER COLUMN id TYPE int4;"] },
    { name: "unconstrained domain over text", code: [`${table}\nCREATE DOMAIN label AS text;`, "ALTER TABLE items ALTER COLUMN code TYPE label;"] },
    { name: "timestamp to timestamptz with the session TimeZone set to UTC", code: [table, "SET timezone = 'UTC';\nALTER TABLE items ALTER COLUMN seen_at TYPE timestamptz;"] },
    { name: "SET LOCAL TIME ZONE inside the tool's transaction", code: [{ path: "/m/000001_init.up.sql", sql: table }, { path: "/m/000002_tz.up.sql", sql: "SET LOCAL TIME ZONE 'Etc/UTC';\nALTER TABLE items ALTER COLUMN seen_at TYPE timestamptz;" }] },
    { name: "collation change on a column without an index", code: [table, 'ALTER TABLE items ALTER COLUMN name TYPE text COLLATE "C";'] },
    { name: "table created in the same migration", code: `${table}\nALTER TABLE items ALTER COLUMN id TYPE bigint;` },
    { name: "column added in the same migration", code: [table, "ALTER TABLE items ADD COLUMN qty integer;\nALTER TABLE items ALTER COLUMN qty TYPE bigint;"] },
    { name: "foreign table", code: ["CREATE FOREIGN TABLE remote_items (id integer) SERVER other;", "ALTER FOREIGN TABLE remote_items ALTER COLUMN id TYPE bigint;\nALTER TABLE remote_items ALTER COLUMN id TYPE bigint;"] },
    { name: "a search_path schema the history never created holds the unqualified table", code: ["SET search_path = app;\nCREATE TABLE accounts (id bigint PRIMARY KEY, name varchar(50));", "ALTER TABLE app.accounts ALTER COLUMN name TYPE text;"] },
    { name: "down migration is not checked", code: [{ path: "/m/000001_init.up.sql", sql: table }, { path: "/m/000002_x.up.sql", sql: "SELECT 1;" }, { path: "/m/000002_x.down.sql", sql: "ALTER TABLE items ALTER COLUMN id TYPE bigint;" }] },
  ],
  invalid: [
    {
      name: "a serial column is named by its integer type",
      code: ["CREATE TABLE t (id serial PRIMARY KEY);", "ALTER TABLE t ALTER COLUMN id TYPE bigint;"],
      errors: [{ messageId: "rewrite", file: 2, line: 1, column: 28, endLine: 1, endColumn: 42, message: "from integer to bigint" }],
    },
    {
      name: "a user type is named as written: quoted, without the public schema",
      code: ['CREATE TYPE "Role" AS ENUM (\'a\', \'b\');\nCREATE TYPE "Role_new" AS ENUM (\'a\', \'b\', \'c\');\nCREATE TABLE users (id bigint PRIMARY KEY, role "Role" NOT NULL);', 'ALTER TABLE users ALTER COLUMN role TYPE "Role_new" USING role::text::"Role_new";'],
      errors: [{ messageId: "rewriteUsing", file: 2, line: 1, column: 32, endLine: 1, endColumn: 81, message: 'Changing column "role" of "users" to "Role_new" with USING' }],
    },
    {
      name: "a user type of another schema is qualified",
      code: ["CREATE SCHEMA app;\nCREATE TYPE app.status AS ENUM ('on', 'off');\nCREATE TABLE items (id bigint PRIMARY KEY, state text);", "ALTER TABLE items ALTER COLUMN state TYPE app.status;"],
      errors: [{ messageId: "rewrite", file: 2, line: 1, column: 32, endLine: 1, endColumn: 53, message: 'Changing column "state" of "items" from text to "app"."status" rewrites' }],
    },
    {
      name: "integer to bigint",
      code: [table, "ALTER TABLE items ALTER COLUMN id TYPE bigint;"],
      errors: [
        {
          messageId: "rewrite",
          file: 2,
          line: 1,
          column: 32,
          endLine: 1,
          endColumn: 46,
          message: 'Changing column "id" of "items" from integer to bigint rewrites the table and rebuilds its indexes under an ACCESS EXCLUSIVE lock',
        },
      ],
    },
    {
      name: "shorter varchar, numeric scale change, text to varchar(n): one finding per subcommand",
      code: [table, "ALTER TABLE items\n  ALTER COLUMN code TYPE varchar(5),\n  ALTER COLUMN price TYPE numeric(12,3),\n  ALTER body SET DATA TYPE varchar(100);"],
      errors: [
        { messageId: "rewrite", file: 2, line: 2, column: 16, endLine: 2, endColumn: 36, message: "from character varying(10) to character varying(5)" },
        { messageId: "rewrite", file: 2, line: 3, column: 16, endLine: 3, endColumn: 40, message: "from numeric(10,2) to numeric(12,3)" },
        { messageId: "rewrite", file: 2, line: 4, column: 9, endLine: 4, endColumn: 40, message: "from text to character varying(100)" },
      ],
    },
    {
      name: "USING always rewrites",
      code: [table, "ALTER TABLE items ALTER COLUMN code TYPE text USING upper(code);"],
      errors: [{ messageId: "rewriteUsing", file: 2, line: 1, column: 32, endLine: 1, endColumn: 64, message: 'to text with USING computes every value anew' }],
    },
    {
      name: "character(n) to text strips the padding",
      code: [table, "ALTER TABLE items ALTER COLUMN sku TYPE text;"],
      errors: [{ messageId: "rewrite", file: 2, line: 1, column: 32, endLine: 1, endColumn: 45, message: "from character(5) to text" }],
    },
    {
      name: "array of a binary-coercible element type",
      code: [table, "ALTER TABLE items ALTER COLUMN tags TYPE text[];"],
      errors: [{ messageId: "rewrite", file: 2, line: 1, column: 32, endLine: 1, endColumn: 48 }],
    },
    {
      name: "timestamp precision lowered",
      code: [table, "ALTER TABLE items ALTER COLUMN created_at TYPE timestamp(0);"],
      errors: [{ messageId: "rewrite", file: 2, line: 1, column: 32, endLine: 1, endColumn: 60 }],
    },
    {
      name: "timestamp to timestamptz without a UTC session",
      code: [table, "ALTER TABLE items ALTER COLUMN seen_at TYPE timestamptz;"],
      errors: [{ messageId: "timeZone", file: 2, line: 1, column: 32, endLine: 1, endColumn: 56, message: "from timestamp without time zone to timestamp with time zone rewrites the table under an ACCESS EXCLUSIVE lock unless the session TimeZone is UTC" }],
    },
    {
      name: "time zone set to a zone with daylight saving, or UTC in an earlier migration",
      code: [table, "SET timezone = 'UTC';", "SET timezone TO 'Europe/London';\nALTER TABLE items ALTER COLUMN seen_at TYPE timestamptz;\nRESET timezone;\nALTER TABLE items ALTER COLUMN created_at TYPE timestamptz;"],
      errors: [
        { messageId: "timeZone", file: 3, line: 2, column: 32, endLine: 2, endColumn: 56 },
        { messageId: "timeZone", file: 3, line: 4, column: 32, endLine: 4, endColumn: 59 },
      ],
    },
    {
      name: "SET LOCAL outside a transaction has no effect",
      code: [table, "SET LOCAL timezone = 'UTC';\nALTER TABLE items ALTER COLUMN seen_at TYPE timestamptz;"],
      errors: [{ messageId: "timeZone", file: 2, line: 2, column: 32, endLine: 2, endColumn: 56 }],
    },
    {
      name: "timestamp to timestamptz always rewrites before PostgreSQL 12",
      code: [table, "SET timezone = 'UTC';\nALTER TABLE items ALTER COLUMN seen_at TYPE timestamptz;"],
      postgresVersion: 11,
      errors: [{ messageId: "rewrite", file: 2, line: 2, column: 32, endLine: 2, endColumn: 56 }],
    },
    {
      name: "domain with a CHECK constraint checks every row",
      code: [`${table}\nCREATE DOMAIN short_code AS varchar(10) CHECK (VALUE <> '');`, "ALTER TABLE items ALTER COLUMN code TYPE short_code;"],
      errors: [{ messageId: "rewrite", file: 2, line: 1, column: 32, endLine: 1, endColumn: 52 }],
    },
    {
      name: "collation change on an indexed column",
      code: [`${table}\nCREATE INDEX items_name_idx ON items (name);`, 'ALTER TABLE items ALTER COLUMN name TYPE text COLLATE "C";'],
      errors: [{ messageId: "collation", file: 2, line: 1, column: 32, endLine: 1, endColumn: 58, message: 'Changing the collation of indexed column "name" of "items"' }],
    },
    {
      name: "table the history never created",
      code: "ALTER TABLE legacy.accounts ALTER COLUMN balance TYPE numeric(18,4);",
      errors: [{ messageId: "unknownType", line: 1, column: 42, endLine: 1, endColumn: 68, message: 'Changing column "balance" of "legacy"."accounts" to numeric(18,4), whose current type the migrations do not show' }],
    },
    {
      name: "golang-migrate up file inside the tool's transaction",
      code: [{ path: "/m/000001_init.up.sql", sql: table }, { path: "/m/000002_bigint.up.sql", sql: "SET lock_timeout = '2s';\nALTER TABLE items ALTER COLUMN id TYPE bigint;" }],
      errors: [{ messageId: "rewrite", file: 2, line: 2, column: 32, endLine: 2, endColumn: 46 }],
    },
  ],
});

describe("typeLabel and typeSql (types in messages and in suggested SQL)", () => {
  const type = (name: string, display = name, extra: Partial<ColumnType> = {}): ColumnType => ({ name, modifiers: [], arrayDimensions: 0, display, ...extra });

  it("keeps built-in types as unquoted keywords", () => {
    expect(typeLabel(type("integer"))).toBe("integer");
    expect(typeLabel(type("character varying", "character varying(255)", { modifiers: [255] }))).toBe("character varying(255)");
    expect(typeLabel(type("timestamp with time zone", "timestamp(3) with time zone[]", { modifiers: [3], arrayDimensions: 1 }))).toBe("timestamp(3) with time zone[]");
    expect(typeLabel(type("integer", "serial", { serial: "serial" }))).toBe("serial");
    expect(typeLabel(type("integer", "serial", { serial: "serial" }), "base")).toBe("integer");
    expect(typeSql(type("integer", "serial", { serial: "serial" }))).toBe("integer");
    expect(typeSql(type("character varying", "character varying(255)", { modifiers: [255] }))).toBe("character varying(255)");
  });

  it("quotes user types and qualifies them only outside public", () => {
    expect(typeLabel(type("public.Role_new"))).toBe('"Role_new"');
    expect(typeLabel(type("app.status", "app.status[]", { arrayDimensions: 1 }))).toBe('"app"."status"[]');
    expect(typeLabel(type("Unknown_type"))).toBe('"Unknown_type"');
    expect(typeSql(type("public.Role_new"))).toBe('"Role_new"');
    expect(typeSql(type("app.status", "app.status[]", { arrayDimensions: 1 }))).toBe("app.status[]");
    expect(typeSql(type("public.vector", "public.vector(3)", { modifiers: [3] }))).toBe("vector(3)");
  });

  it("suggests a new column of the quoted user type", async () => {
    const results = await lintWithRule(rule, ['CREATE TYPE "Role" AS ENUM (\'a\');\nCREATE TYPE "Role_new" AS ENUM (\'a\', \'b\');\nCREATE TABLE users (id bigint PRIMARY KEY, role "Role" NOT NULL);', 'ALTER TABLE users ALTER COLUMN role TYPE "Role_new" USING role::text::"Role_new";']);
    expect(allMessages(results).map((m) => m.help)).toEqual([expect.stringContaining('(ALTER TABLE users ADD COLUMN role_new "Role_new";)')]);
  });
});
