import { describe, expect, it } from "vitest";
import { unwrap, type Node } from "../../src/parser/ast.js";
import { initParser, parseSql } from "../../src/parser/parse.js";
import rule from "../../src/rules/safe-add-column.js";
import { volatileCall } from "../../src/rules/utils/volatile-expression.js";
import { ruleTester } from "../helpers/rule-tester.js";
import { addColumn, events, golang, goose, init, tables } from "../helpers/truncated-table.js";

const orders = "CREATE TABLE orders (id bigint PRIMARY KEY, total numeric NOT NULL);";

ruleTester(rule, {
  valid: [
    { name: "nullable column without default", code: [orders, "ALTER TABLE orders ADD COLUMN note text;"] },
    { name: "NOT NULL with a constant default (PostgreSQL 11+)", code: [orders, "ALTER TABLE orders ADD COLUMN view_count integer NOT NULL DEFAULT 0;"] },
    { name: "cast constants are constants", code: [orders, "ALTER TABLE orders ADD COLUMN meta jsonb NOT NULL DEFAULT '{}'::jsonb, ADD COLUMN kind text NOT NULL DEFAULT 'x'::text, ADD COLUMN big bigint DEFAULT 0::bigint;"] },
    { name: "negative and expression constants", code: [orders, "ALTER TABLE orders ADD COLUMN delta integer NOT NULL DEFAULT -1, ADD COLUMN ratio numeric NOT NULL DEFAULT (1.5 * 2);"] },
    { name: "stable functions: now(), CURRENT_TIMESTAMP, statement_timestamp()", code: [orders, "ALTER TABLE orders ADD COLUMN created_at timestamptz NOT NULL DEFAULT now(), ADD COLUMN seen_at timestamptz DEFAULT CURRENT_TIMESTAMP, ADD COLUMN s timestamptz DEFAULT statement_timestamp(), ADD COLUMN t timestamptz DEFAULT transaction_timestamp();"] },
    { name: "table created in the same migration", code: `${orders}\nALTER TABLE orders ADD COLUMN public_id uuid NOT NULL DEFAULT gen_random_uuid(), ADD COLUMN ref text NOT NULL;` },
    { name: "table created earlier in the same golang-migrate migration", code: [{ path: "/m/000001_init.up.sql", sql: `${orders}\nALTER TABLE orders ADD COLUMN ref text NOT NULL;` }] },
    { name: "columns of CREATE TABLE are not this rule", code: "CREATE TABLE t (id bigint GENERATED ALWAYS AS IDENTITY, public_id uuid NOT NULL DEFAULT gen_random_uuid(), n serial);" },
    { name: "virtual generated column (PostgreSQL 18)", code: [orders, "ALTER TABLE orders ADD COLUMN doubled numeric GENERATED ALWAYS AS (total * 2) VIRTUAL;"], postgresVersion: 18 },
    { name: "NOT NULL DEFAULT NULL is not NOT NULL here: explicit NULL", code: [orders, "ALTER TABLE orders ADD COLUMN note text NULL DEFAULT NULL;"] },
    { name: "ADD COLUMN IF NOT EXISTS of an existing column does nothing", code: ["CREATE TABLE orders (id bigint PRIMARY KEY, ref text);", "ALTER TABLE orders ADD COLUMN IF NOT EXISTS ref text NOT NULL;"] },
    { name: "a domain may bring its own default", code: ["CREATE DOMAIN code AS text;\nCREATE TABLE orders (id bigint PRIMARY KEY);", "ALTER TABLE orders ADD COLUMN c code NOT NULL;"] },
    { name: "PostgreSQL 10: nullable column without default", code: [orders, "ALTER TABLE orders ADD COLUMN note text;"], postgresVersion: 10 },
    { name: "PostgreSQL 10: DEFAULT NULL", code: [orders, "ALTER TABLE orders ADD COLUMN note text DEFAULT NULL;"], postgresVersion: 10 },
    { name: "foreign table", code: ["CREATE FOREIGN TABLE remote (id bigint) SERVER s;", "ALTER FOREIGN TABLE remote ADD COLUMN ref text NOT NULL;"] },
    { name: "user function not listed", code: [orders, "ALTER TABLE orders ADD COLUMN code text NOT NULL DEFAULT make_code();"] },
  ],
  invalid: [
    {
      name: "NOT NULL without default on an existing table",
      code: [orders, "ALTER TABLE orders ADD COLUMN external_ref text NOT NULL;"],
      errors: [
        {
          messageId: "notNullWithoutDefault",
          file: 2,
          line: 1,
          column: 31,
          endLine: 1,
          endColumn: 57,
          message: 'Column "external_ref" is added to existing table "orders" as NOT NULL without a DEFAULT',
          suggestion: [
            "ALTER TABLE orders ADD COLUMN external_ref text;",
            '-- Backfill "external_ref" in batches, then:',
            "ALTER TABLE orders ADD CONSTRAINT orders_external_ref_not_null CHECK (external_ref IS NOT NULL) NOT VALID;",
            "-- In a separate migration (its own transaction):",
            "ALTER TABLE orders VALIDATE CONSTRAINT orders_external_ref_not_null;",
            "ALTER TABLE orders ALTER COLUMN external_ref SET NOT NULL;",
            "ALTER TABLE orders DROP CONSTRAINT orders_external_ref_not_null;",
          ].join("\n"),
        },
      ],
    },
    {
      name: "NOT NULL without default, PostgreSQL 18 suggests a NOT VALID not-null constraint",
      code: [orders, "ALTER TABLE orders ADD COLUMN ref varchar(20) NOT NULL;"],
      postgresVersion: 18,
      errors: [
        {
          messageId: "notNullWithoutDefault",
          file: 2,
          line: 1,
          column: 31,
          endLine: 1,
          endColumn: 55,
          suggestion: [
            "ALTER TABLE orders ADD COLUMN ref character varying(20);",
            '-- Backfill "ref" in batches, then:',
            "ALTER TABLE orders ADD CONSTRAINT orders_ref_not_null NOT NULL ref NOT VALID;",
            "-- In a separate migration (its own transaction):",
            "ALTER TABLE orders VALIDATE CONSTRAINT orders_ref_not_null;",
          ].join("\n"),
        },
      ],
    },
    {
      name: "NOT NULL DEFAULT NULL is no default",
      code: [orders, "ALTER TABLE orders ADD COLUMN ref text NOT NULL DEFAULT NULL;"],
      errors: [{ messageId: "notNullWithoutDefault", file: 2, line: 1, column: 31, endLine: 1, endColumn: 61 }],
    },
    {
      name: "inline PRIMARY KEY implies NOT NULL (no suggestion: the definition has more than NOT NULL)",
      code: ["CREATE TABLE tags (name text);", "ALTER TABLE tags ADD COLUMN id bigint PRIMARY KEY;"],
      errors: [{ messageId: "notNullWithoutDefault", file: 2, line: 1, column: 29, endLine: 1, endColumn: 50 }],
    },
    {
      name: "volatile default gen_random_uuid() with NOT NULL",
      code: [orders, "ALTER TABLE orders ADD COLUMN public_id uuid NOT NULL DEFAULT gen_random_uuid();"],
      errors: [
        {
          messageId: "volatileDefault",
          file: 2,
          line: 1,
          column: 31,
          endLine: 1,
          endColumn: 80,
          message: "with the volatile DEFAULT gen_random_uuid()",
          suggestion: [
            "ALTER TABLE orders ADD COLUMN public_id uuid;",
            "ALTER TABLE orders ALTER COLUMN public_id SET DEFAULT gen_random_uuid();",
            '-- Backfill "public_id" in batches, then:',
            "ALTER TABLE orders ADD CONSTRAINT orders_public_id_not_null CHECK (public_id IS NOT NULL) NOT VALID;",
            "-- In a separate migration (its own transaction):",
            "ALTER TABLE orders VALIDATE CONSTRAINT orders_public_id_not_null;",
            "ALTER TABLE orders ALTER COLUMN public_id SET NOT NULL;",
            "ALTER TABLE orders DROP CONSTRAINT orders_public_id_not_null;",
          ].join("\n"),
        },
      ],
    },
    {
      name: "volatile functions inside an expression, one finding per column",
      code: [
        orders,
        "ALTER TABLE orders\n  ADD COLUMN bucket integer DEFAULT (random() * 10)::integer,\n  ADD COLUMN at timestamptz DEFAULT clock_timestamp(),\n  ADD COLUMN seq bigint DEFAULT nextval('orders_seq'::regclass),\n  ADD COLUMN u uuid DEFAULT public.uuid_generate_v4(),\n  ADD COLUMN t text DEFAULT timeofday();",
      ],
      errors: [
        { messageId: "volatileDefault", file: 2, line: 2, column: 14, endLine: 2, endColumn: 61, message: "random()", suggestion: "ALTER TABLE orders ADD COLUMN bucket integer;\nALTER TABLE orders ALTER COLUMN bucket SET DEFAULT (random() * 10)::integer;\n-- Backfill \"bucket\" of the existing rows in batches." },
        { messageId: "volatileDefault", file: 2, line: 3, column: 14, endLine: 3, endColumn: 54, message: "clock_timestamp()" },
        { messageId: "volatileDefault", file: 2, line: 4, column: 14, endLine: 4, endColumn: 64, message: "nextval()", suggestion: "ALTER TABLE orders ADD COLUMN seq bigint;\nALTER TABLE orders ALTER COLUMN seq SET DEFAULT nextval('orders_seq'::regclass);\n-- Backfill \"seq\" of the existing rows in batches." },
        { messageId: "volatileDefault", file: 2, line: 5, column: 14, endLine: 5, endColumn: 54, message: "uuid_generate_v4()" },
        { messageId: "volatileDefault", file: 2, line: 6, column: 14, endLine: 6, endColumn: 40, message: "timeofday()" },
      ],
    },
    {
      name: "volatileFunctions option adds names",
      code: [orders, "ALTER TABLE orders ADD COLUMN code text NOT NULL DEFAULT make_code();"],
      options: { volatileFunctions: ["make_code"] },
      errors: [{ messageId: "volatileDefault", file: 2, line: 1, column: 31, endLine: 1, endColumn: 69, message: "make_code()" }],
    },
    {
      name: "serial and bigserial",
      code: [orders, "ALTER TABLE orders ADD COLUMN n serial, ADD COLUMN m bigserial;"],
      errors: [
        { messageId: "identity", file: 2, line: 1, column: 31, endLine: 1, endColumn: 39, message: "as a serial column" },
        { messageId: "identity", file: 2, line: 1, column: 52, endLine: 1, endColumn: 63, message: "as a bigserial column" },
      ],
    },
    {
      name: "identity column, ALWAYS or BY DEFAULT",
      code: ["CREATE TABLE tags (name text);", "ALTER TABLE tags ADD COLUMN id bigint GENERATED ALWAYS AS IDENTITY;\nALTER TABLE tags ADD COLUMN n bigint GENERATED BY DEFAULT AS IDENTITY;"],
      errors: [
        { messageId: "identity", file: 2, line: 1, column: 29, endLine: 1, endColumn: 67, message: "as an identity column" },
        { messageId: "identity", file: 2, line: 2, column: 29, endLine: 2, endColumn: 70 },
      ],
    },
    {
      name: "stored generated column",
      code: [orders, "ALTER TABLE orders ADD COLUMN doubled numeric GENERATED ALWAYS AS (total * 2) STORED;"],
      errors: [{ messageId: "storedGenerated", file: 2, line: 1, column: 31, endLine: 1, endColumn: 85 }],
    },
    {
      name: "domain with a CHECK",
      code: ["CREATE DOMAIN positive AS integer CHECK (VALUE > 0);\nCREATE TABLE orders (id bigint PRIMARY KEY);", "ALTER TABLE orders ADD COLUMN qty positive DEFAULT 1;"],
      errors: [{ messageId: "constrainedDomain", file: 2, line: 1, column: 31, endLine: 1, endColumn: 53, message: 'the domain "positive", which has constraints' }],
    },
    {
      name: "PostgreSQL 10: a constant default rewrites too",
      code: [orders, "ALTER TABLE orders ADD COLUMN view_count integer NOT NULL DEFAULT 0;"],
      postgresVersion: 10,
      errors: [
        {
          messageId: "defaultBefore11",
          file: 2,
          line: 1,
          column: 31,
          endLine: 1,
          endColumn: 68,
          message: "before PostgreSQL 11 (the target is 10)",
          suggestion: [
            "ALTER TABLE orders ADD COLUMN view_count integer;",
            "ALTER TABLE orders ALTER COLUMN view_count SET DEFAULT 0;",
            '-- Backfill "view_count" in batches, then:',
            "ALTER TABLE orders ADD CONSTRAINT orders_view_count_not_null CHECK (view_count IS NOT NULL) NOT VALID;",
            "-- In a separate migration (its own transaction):",
            "ALTER TABLE orders VALIDATE CONSTRAINT orders_view_count_not_null;",
          ].join("\n"),
        },
      ],
    },
    {
      name: "table never seen in the history is treated as existing; schema-qualified",
      code: "ALTER TABLE billing.invoices ADD COLUMN ref text NOT NULL;",
      errors: [{ messageId: "notNullWithoutDefault", line: 1, column: 41, endLine: 1, endColumn: 58, message: 'existing table "billing"."invoices"', suggestion: 'ALTER TABLE billing.invoices ADD COLUMN ref text;\n-- Backfill "ref" in batches, then:\nALTER TABLE billing.invoices ADD CONSTRAINT invoices_ref_not_null CHECK (ref IS NOT NULL) NOT VALID;\n-- In a separate migration (its own transaction):\nALTER TABLE billing.invoices VALIDATE CONSTRAINT invoices_ref_not_null;\nALTER TABLE billing.invoices ALTER COLUMN ref SET NOT NULL;\nALTER TABLE billing.invoices DROP CONSTRAINT invoices_ref_not_null;' }],
    },
    {
      name: "golang-migrate: table from an earlier migration",
      code: [{ path: "/m/000001_init.up.sql", sql: orders }, { path: "/m/000002_ref.up.sql", sql: "ALTER TABLE orders ADD COLUMN ref text NOT NULL;" }],
      errors: [{ messageId: "notNullWithoutDefault", file: 2, line: 1, column: 31, endLine: 1, endColumn: 48 }],
    },
  ],
});

describe("volatileCall", () => {
  const parse = async (sql: string): Promise<Node | undefined> => {
    await initParser();
    const target = unwrap(parseSql(`SELECT ${sql}`).statements[0]?.node, "SelectStmt")?.targetList?.[0];
    return unwrap(target, "ResTarget")?.val;
  };
  it("finds volatile calls anywhere in the expression, schema-qualified or not", async () => {
    expect(volatileCall(await parse("gen_random_uuid()"))).toBe("gen_random_uuid()");
    expect(volatileCall(await parse("md5(random()::text)"))).toBe("random()");
    expect(volatileCall(await parse("pg_catalog.clock_timestamp() + interval '1 day'"))).toBe("clock_timestamp()");
    expect(volatileCall(await parse("COALESCE(NULL, nextval('s'))"))).toBe("nextval()");
    expect(volatileCall(await parse("uuidv7()"))).toBe("uuidv7()");
  });
  it("treats constants and STABLE functions as non-volatile", async () => {
    for (const sql of ["0", "'x'::text", "'{}'::jsonb", "now()", "CURRENT_TIMESTAMP", "statement_timestamp()", "transaction_timestamp()", "current_setting('app.tenant')", "lower('X')"]) {
      expect(volatileCall(await parse(sql)), sql).toBeUndefined();
    }
  });
  it("adds extra names", async () => {
    expect(volatileCall(await parse("app.make_code()"), ["make_code"])).toBe("make_code()");
    expect(volatileCall(await parse("app.make_code()"))).toBeUndefined();
  });
});

// A table a TRUNCATE emptied earlier in the same, still open transaction.
ruleTester(rule, {
  valid: [
    {
      name: "golang-migrate: the multi-statement file runs as one implicit transaction",
      code: [init, golang(`TRUNCATE TABLE inputs;\n${addColumn}\nALTER TABLE inputs ADD COLUMN token uuid DEFAULT gen_random_uuid(), ADD COLUMN n bigint GENERATED ALWAYS AS IDENTITY;`)],
    },
    { name: "goose runs the file in a transaction", code: goose(`TRUNCATE inputs;\n${addColumn}`) },
    { name: "TRUNCATE of several tables, ONLY, in an explicit transaction block", code: [tables, `BEGIN;\nTRUNCATE ONLY resources, public.inputs CASCADE;\n${addColumn}\nCOMMIT;`] },
    { name: "a SAVEPOINT does not end the transaction", code: goose(`TRUNCATE inputs;\nSAVEPOINT s;\n${addColumn}`) },
    { name: "a partitioned table's TRUNCATE empties its partitions", code: [{ path: "/m/000001_init.up.sql", sql: events }, golang("TRUNCATE events;\nALTER TABLE events ADD COLUMN source text NOT NULL;")] },
    { name: "a partition created after the TRUNCATE is empty", code: [{ path: "/m/000001_init.up.sql", sql: events }, golang("TRUNCATE events;\nCREATE TABLE events_2026 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');\nALTER TABLE events ADD COLUMN source text NOT NULL;")] },
  ],
  invalid: [
    {
      name: "goose NO TRANSACTION: the TRUNCATE commits at once, other sessions may insert before the ALTER",
      code: [{ path: "/g/00001_init.sql", sql: `-- +goose Up\n${tables}` }, { path: "/g/00002_rebuild.sql", sql: `-- +goose NO TRANSACTION\n-- +goose Up\nTRUNCATE inputs;\n${addColumn}` }],
      errors: [{ messageId: "notNullWithoutDefault", file: 2, line: 4, column: 31, endLine: 4, endColumn: 58 }],
    },
    {
      name: "a plain file runs statement by statement",
      code: [tables, `TRUNCATE inputs;\n${addColumn}`],
      errors: [{ messageId: "notNullWithoutDefault", file: 2, line: 2, column: 31, endLine: 2, endColumn: 58 }],
    },
    {
      name: "after the COMMIT of the TRUNCATE's transaction",
      code: [tables, `BEGIN;\nTRUNCATE inputs;\nCOMMIT;\n${addColumn}`],
      errors: [{ messageId: "notNullWithoutDefault", file: 2, line: 4, column: 31, endLine: 4, endColumn: 58 }],
    },
    {
      name: "a COMMIT inside the tool's transaction ends it too",
      code: goose(`TRUNCATE inputs;\nCOMMIT;\nTRUNCATE builds;\n${addColumn}`),
      errors: [{ messageId: "notNullWithoutDefault", file: 2, line: 5, column: 31, endLine: 5, endColumn: 58 }],
    },
    {
      name: "ROLLBACK TO SAVEPOINT brings the rows back",
      code: goose(`SAVEPOINT s;\nTRUNCATE inputs;\nROLLBACK TO SAVEPOINT s;\n${addColumn}`),
      errors: [{ messageId: "notNullWithoutDefault", file: 2, line: 5, column: 31, endLine: 5, endColumn: 58 }],
    },
    {
      name: "rows inserted after the TRUNCATE, or a statement that may insert some",
      code: [init, golang(`TRUNCATE inputs;\nINSERT INTO inputs (id) VALUES (1);\n${addColumn}\nTRUNCATE inputs;\nCOPY inputs FROM '/srv/inputs.csv';\n${addColumn}\nTRUNCATE inputs;\nCALL refill();\nALTER TABLE inputs ADD COLUMN b bigint NOT NULL;`)],
      errors: [
        { messageId: "notNullWithoutDefault", file: 2, line: 3, column: 31, endLine: 3, endColumn: 58 },
        { messageId: "notNullWithoutDefault", file: 2, line: 6, column: 31, endLine: 6, endColumn: 58 },
        { messageId: "notNullWithoutDefault", file: 2, line: 9, column: 31, endLine: 9, endColumn: 48 },
      ],
    },
    {
      name: "a SELECT that inserts through a data-modifying WITH or may through a function, an ATTACH PARTITION",
      code: [
        { path: "/m/000001_init.up.sql", sql: `${tables}\n${events}\nCREATE TABLE events_2026 (id bigint, kind text, at date);` },
        golang(`TRUNCATE inputs;\nWITH ins AS (INSERT INTO inputs (id) VALUES (1) RETURNING id) SELECT count(*) FROM ins;\n${addColumn}\nTRUNCATE inputs;\nSELECT refill_inputs();\n${addColumn}\nTRUNCATE events;\nALTER TABLE events ATTACH PARTITION events_2026 FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');\nALTER TABLE events ADD COLUMN source text NOT NULL;`),
      ],
      errors: [
        { messageId: "notNullWithoutDefault", file: 2, line: 3, column: 31, endLine: 3, endColumn: 58 },
        { messageId: "notNullWithoutDefault", file: 2, line: 6, column: 31, endLine: 6, endColumn: 58 },
        { messageId: "notNullWithoutDefault", file: 2, line: 9, column: 31, endLine: 9, endColumn: 51 },
      ],
    },
    {
      name: "another table was truncated; the file does not run in a transaction the next time",
      code: [init, golang(`TRUNCATE builds;\n${addColumn}`), { path: "/m/000003_more.up.sql", sql: "ALTER TABLE builds ADD COLUMN b bigint NOT NULL;" }],
      errors: [
        { messageId: "notNullWithoutDefault", file: 2, line: 2, column: 31, endLine: 2, endColumn: 58 },
        { messageId: "notNullWithoutDefault", file: 3, line: 1, column: 31, endLine: 1, endColumn: 48 },
      ],
    },
    {
      name: "TRUNCATE ONLY leaves an inheritance child's rows, and ADD COLUMN reaches the child",
      code: ["CREATE TABLE logs (id bigint);\nCREATE TABLE old_logs () INHERITS (logs);", "BEGIN;\nTRUNCATE ONLY logs;\nALTER TABLE logs ADD COLUMN b bigint NOT NULL;\nCOMMIT;"],
      errors: [{ messageId: "notNullWithoutDefault", file: 2, line: 3, column: 29, endLine: 3, endColumn: 46 }],
    },
    {
      name: "a table with rows attached as a partition after the TRUNCATE",
      code: [{ path: "/m/000001_init.up.sql", sql: `${events}\nCREATE TABLE events_old (id bigint, kind text, at date);` }, golang("TRUNCATE events;\nALTER TABLE events ATTACH PARTITION events_old FOR VALUES FROM ('2000-01-01') TO ('2025-01-01');\nALTER TABLE events ADD COLUMN source text NOT NULL;")],
      errors: [{ messageId: "notNullWithoutDefault", file: 2, line: 3, column: 31, endLine: 3, endColumn: 51 }],
    },
  ],
});
