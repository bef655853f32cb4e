import { describe, expect, it } from "vitest";
import { unwrap, type Node } from "../../src/parser/ast.js";
import { initParser, parseSql } from "../../src/parser/parse.js";
import rule from "../../src/rules/require-not-valid-constraint.js";
import { expressionSql } from "../../src/rules/utils/expression-sql.js";
import { ruleTester } from "../helpers/rule-tester.js";
import { golang, init, tables as inputTables } from "../helpers/truncated-table.js";

const tables = "CREATE TABLE accounts (id bigint PRIMARY KEY);\nCREATE TABLE invoices (id bigint PRIMARY KEY, account_id bigint, amount numeric);";

ruleTester(rule, {
  valid: [
    { name: "FK added NOT VALID, validated in a later migration", code: [tables, "ALTER TABLE invoices ADD CONSTRAINT fk_invoices_accounts FOREIGN KEY (account_id) REFERENCES accounts (id) NOT VALID;", "ALTER TABLE invoices VALIDATE CONSTRAINT fk_invoices_accounts;"] },
    { name: "CHECK added NOT VALID", code: [tables, "ALTER TABLE invoices ADD CONSTRAINT invoices_amount_check CHECK (amount >= 0) NOT VALID;"] },
    { name: "constraints on a table created in the same migration", code: `${tables}\nALTER TABLE invoices ADD FOREIGN KEY (account_id) REFERENCES accounts, ADD CHECK (amount >= 0);\nALTER TABLE invoices ADD COLUMN parent_id bigint REFERENCES invoices;` },
    {
      name: "inline REFERENCES on ADD COLUMN without a default (every row holds NULL: PostgreSQL marks the key valid without reading the table)",
      code: [tables, "ALTER TABLE invoices ADD COLUMN parent_id bigint REFERENCES invoices (id) ON DELETE SET NULL;"],
    },
    { name: "constraints inside CREATE TABLE", code: "CREATE TABLE accounts (id bigint PRIMARY KEY);\nCREATE TABLE invoices (id bigint PRIMARY KEY, account_id bigint REFERENCES accounts, amount numeric CHECK (amount >= 0));" },
    {
      name: "NOT VALID and VALIDATE in the same file without a transaction (plain layout: each statement commits)",
      code: [tables, "ALTER TABLE invoices ADD CONSTRAINT fk_invoices_accounts FOREIGN KEY (account_id) REFERENCES accounts NOT VALID;\nALTER TABLE invoices VALIDATE CONSTRAINT fk_invoices_accounts;"],
    },
    {
      name: "NOT VALID, COMMIT, then VALIDATE in a new block",
      code: [tables, "BEGIN;\nALTER TABLE invoices ADD CONSTRAINT c CHECK (amount >= 0) NOT VALID;\nCOMMIT;\nBEGIN;\nALTER TABLE invoices VALIDATE CONSTRAINT c;\nCOMMIT;"],
    },
    {
      name: "golang-migrate: NOT VALID in one migration, VALIDATE in the next (the example app's 000007/000008)",
      code: [
        { path: "/m/000001_init.up.sql", sql: tables },
        { path: "/m/000002_fk.up.sql", sql: "ALTER TABLE invoices ADD CONSTRAINT fk_invoices_accounts FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE CASCADE NOT VALID;" },
        { path: "/m/000003_validate.up.sql", sql: "ALTER TABLE invoices VALIDATE CONSTRAINT fk_invoices_accounts;\nCREATE INDEX CONCURRENTLY idx_x ON invoices (account_id);" },
      ],
    },
    { name: "FK on a partitioned table before 18 cannot be NOT VALID", code: ["CREATE TABLE accounts (id bigint PRIMARY KEY);\nCREATE TABLE events (id bigint, account_id bigint) PARTITION BY RANGE (id);", "ALTER TABLE events ADD FOREIGN KEY (account_id) REFERENCES accounts;"], postgresVersion: 17 },
    { name: "inline REFERENCES on a partitioned table before 18", code: ["CREATE TABLE accounts (id bigint PRIMARY KEY);\nCREATE TABLE events (id bigint, account_id bigint) PARTITION BY RANGE (id);", "ALTER TABLE events ADD COLUMN owner_id bigint REFERENCES accounts;"], postgresVersion: 17 },
    { name: "UNIQUE and PRIMARY KEY are not this rule", code: [tables, "ALTER TABLE invoices ADD CONSTRAINT invoices_account_key UNIQUE (account_id);"] },
    { name: "NOT ENFORCED constraints are not checked (PostgreSQL 18)", code: [tables, "ALTER TABLE invoices ADD CONSTRAINT c CHECK (amount >= 0) NOT ENFORCED;"], postgresVersion: 18 },
    { name: "ADD COLUMN without constraints", code: [tables, "ALTER TABLE invoices ADD COLUMN note text;"] },
    { name: "PostgreSQL 18 NOT NULL without NOT VALID is safe-set-not-null's", code: [tables, "ALTER TABLE invoices ADD CONSTRAINT n NOT NULL amount;"], postgresVersion: 18 },
  ],
  invalid: [
    {
      name: "FK without NOT VALID on an existing table",
      code: [tables, "ALTER TABLE invoices\n    ADD CONSTRAINT fk_invoices_accounts FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE CASCADE;"],
      errors: [
        {
          messageId: "foreignKey",
          file: 2,
          line: 2,
          column: 9,
          endLine: 2,
          endColumn: 108,
          message: 'Foreign key "fk_invoices_accounts" is added to existing table "invoices" without NOT VALID: PostgreSQL checks every existing row while holding SHARE ROW EXCLUSIVE locks on "invoices" and "accounts"',
          suggestion: [
            "ALTER TABLE invoices ADD CONSTRAINT fk_invoices_accounts FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE CASCADE NOT VALID;",
            "-- In a separate migration (its own transaction):",
            "ALTER TABLE invoices VALIDATE CONSTRAINT fk_invoices_accounts;",
          ].join("\n"),
        },
      ],
    },
    {
      name: "a self-referencing FK names its one table once",
      code: ["CREATE TABLE collections (id text PRIMARY KEY, parent_id text);", "ALTER TABLE collections ADD CONSTRAINT collections_parent_fkey FOREIGN KEY (parent_id) REFERENCES collections (id) ON DELETE CASCADE;"],
      errors: [
        {
          messageId: "foreignKey",
          file: 2,
          line: 1,
          column: 29,
          endLine: 1,
          endColumn: 133,
          message:
            'Foreign key "collections_parent_fkey" is added to existing table "collections" without NOT VALID: PostgreSQL checks every existing row while holding a SHARE ROW EXCLUSIVE lock on "collections", which blocks writes to it until the check finishes.',
        },
      ],
    },
    {
      name: "unnamed FK and CHECK get PostgreSQL's names",
      code: [tables, "ALTER TABLE invoices ADD FOREIGN KEY (account_id) REFERENCES public.accounts MATCH FULL ON UPDATE RESTRICT DEFERRABLE INITIALLY DEFERRED, ADD CHECK (amount >= 0 AND amount < 1000000);"],
      errors: [
        {
          messageId: "foreignKey",
          file: 2,
          line: 1,
          column: 26,
          endLine: 1,
          endColumn: 137,
          suggestion: "ALTER TABLE invoices ADD CONSTRAINT invoices_account_id_fkey FOREIGN KEY (account_id) REFERENCES public.accounts MATCH FULL ON UPDATE RESTRICT DEFERRABLE INITIALLY DEFERRED NOT VALID;\n-- In a separate migration (its own transaction):\nALTER TABLE invoices VALIDATE CONSTRAINT invoices_account_id_fkey;",
        },
        {
          messageId: "check",
          file: 2,
          line: 1,
          column: 143,
          endLine: 1,
          endColumn: 183,
          message: 'CHECK constraint "invoices_amount_check" is added to existing table "invoices" without NOT VALID: PostgreSQL checks every existing row while holding an ACCESS EXCLUSIVE lock',
          suggestion: "ALTER TABLE invoices ADD CONSTRAINT invoices_amount_check CHECK ((amount >= 0) AND (amount < 1000000)) NOT VALID;\n-- In a separate migration (its own transaction):\nALTER TABLE invoices VALIDATE CONSTRAINT invoices_amount_check;",
        },
      ],
    },
    {
      name: "CHECK over two columns is {table}_check; a taken name is numbered",
      code: [tables, "ALTER TABLE invoices ADD CONSTRAINT invoices_check CHECK (id > 0);", "ALTER TABLE invoices ADD CHECK (amount > id);"],
      errors: [
        { messageId: "check", file: 2, line: 1, column: 26, endLine: 1, endColumn: 66 },
        { messageId: "check", file: 3, line: 1, column: 26, endLine: 1, endColumn: 45, suggestion: "ALTER TABLE invoices ADD CONSTRAINT invoices_check1 CHECK (amount > id) NOT VALID;\n-- In a separate migration (its own transaction):\nALTER TABLE invoices VALIDATE CONSTRAINT invoices_check1;" },
      ],
    },
    {
      name: "inline REFERENCES on ADD COLUMN with DEFAULT NULL (an explicit default makes PostgreSQL read every row under ACCESS EXCLUSIVE)",
      code: [tables, "ALTER TABLE invoices ADD COLUMN parent_id bigint DEFAULT NULL REFERENCES invoices (id) ON DELETE SET NULL;"],
      errors: [
        {
          messageId: "columnConstraint",
          file: 2,
          line: 1,
          column: 63,
          endLine: 1,
          endColumn: 106,
          message: 'Column "parent_id" is added to existing table "invoices" with FOREIGN KEY "invoices_parent_id_fkey": PostgreSQL checks every existing row while holding the ACCESS EXCLUSIVE lock of ADD COLUMN and SHARE ROW EXCLUSIVE on "invoices"',
          suggestion: [
            "ALTER TABLE invoices ADD COLUMN parent_id bigint DEFAULT NULL;",
            "ALTER TABLE invoices ADD CONSTRAINT invoices_parent_id_fkey FOREIGN KEY (parent_id) REFERENCES invoices (id) ON DELETE SET NULL NOT VALID;",
            "-- In a separate migration (its own transaction):",
            "ALTER TABLE invoices VALIDATE CONSTRAINT invoices_parent_id_fkey;",
          ].join("\n"),
        },
      ],
    },
    {
      name: "inline CHECK and REFERENCES with a default",
      code: [tables, "ALTER TABLE invoices ADD COLUMN status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'sent')), ADD COLUMN owner_id bigint DEFAULT 1 CONSTRAINT fk_owner REFERENCES accounts CHECK (owner_id > 0);"],
      errors: [
        {
          messageId: "columnConstraint",
          file: 2,
          line: 1,
          column: 70,
          endLine: 1,
          endColumn: 105,
          message: 'with CHECK "invoices_status_check"',
          suggestion: "ALTER TABLE invoices ADD COLUMN status text NOT NULL DEFAULT 'draft';\nALTER TABLE invoices ADD CONSTRAINT invoices_status_check CHECK (status IN ('draft', 'sent')) NOT VALID;\n-- In a separate migration (its own transaction):\nALTER TABLE invoices VALIDATE CONSTRAINT invoices_status_check;",
        },
        {
          messageId: "columnConstraint",
          file: 2,
          line: 1,
          column: 144,
          endLine: 1,
          endColumn: 204,
          message: 'with FOREIGN KEY "fk_owner" and CHECK "invoices_owner_id_check"',
          suggestion: "ALTER TABLE invoices ADD COLUMN owner_id bigint DEFAULT 1;\nALTER TABLE invoices ADD CONSTRAINT fk_owner FOREIGN KEY (owner_id) REFERENCES accounts NOT VALID;\nALTER TABLE invoices ADD CONSTRAINT invoices_owner_id_check CHECK (owner_id > 0) NOT VALID;\n-- In a separate migration (its own transaction):\nALTER TABLE invoices VALIDATE CONSTRAINT fk_owner;\nALTER TABLE invoices VALIDATE CONSTRAINT invoices_owner_id_check;",
        },
      ],
    },
    {
      name: "VALIDATE in the same golang-migrate migration (one transaction)",
      code: [
        { path: "/m/000001_init.up.sql", sql: tables },
        { path: "/m/000002_fk.up.sql", sql: "ALTER TABLE invoices ADD CONSTRAINT fk_invoices_accounts FOREIGN KEY (account_id) REFERENCES accounts NOT VALID;\nALTER TABLE invoices VALIDATE CONSTRAINT fk_invoices_accounts;" },
      ],
      errors: [
        {
          messageId: "validateInSameTransaction",
          file: 2,
          line: 2,
          column: 22,
          endLine: 2,
          endColumn: 62,
          message: 'Constraint "fk_invoices_accounts" of "invoices" is validated in the transaction that added it NOT VALID: the lock of the ADD (SHARE ROW EXCLUSIVE on both tables) is held until commit',
        },
      ],
    },
    {
      name: "VALIDATE inside the same explicit BEGIN, unnamed CHECK",
      code: [tables, "BEGIN;\nALTER TABLE invoices ADD CHECK (amount >= 0) NOT VALID;\nSAVEPOINT s;\nALTER TABLE invoices VALIDATE CONSTRAINT invoices_amount_check;\nCOMMIT;"],
      errors: [{ messageId: "validateInSameTransaction", file: 2, line: 4, column: 22, endLine: 4, endColumn: 63, message: "(ACCESS EXCLUSIVE)" }],
    },
    {
      name: "dbmate section runs in a transaction",
      code: [
        { path: "/db/migrations/20240101000000_init.sql", sql: `-- migrate:up\n${tables}\n` },
        { path: "/db/migrations/20240102000000_check.sql", sql: "-- migrate:up\nALTER TABLE invoices ADD CONSTRAINT c CHECK (amount >= 0) NOT VALID;\nALTER TABLE invoices VALIDATE CONSTRAINT c;\n" },
      ],
      errors: [{ messageId: "validateInSameTransaction", file: 2, line: 3, column: 22, endLine: 3, endColumn: 43 }],
    },
    {
      name: "FK on a partitioned table on PostgreSQL 18",
      code: ["CREATE TABLE accounts (id bigint PRIMARY KEY);\nCREATE TABLE events (id bigint, account_id bigint) PARTITION BY RANGE (id);", "ALTER TABLE events ADD FOREIGN KEY (account_id) REFERENCES accounts;"],
      postgresVersion: 18,
      errors: [{ messageId: "foreignKey", file: 2, line: 1, column: 24, endLine: 1, endColumn: 68 }],
    },
    {
      name: "table never seen in the history",
      code: "ALTER TABLE billing.invoices ADD CONSTRAINT positive CHECK (amount > 0);",
      errors: [{ messageId: "check", line: 1, column: 34, endLine: 1, endColumn: 72, suggestion: "ALTER TABLE billing.invoices ADD CONSTRAINT positive CHECK (amount > 0) NOT VALID;\n-- In a separate migration (its own transaction):\nALTER TABLE billing.invoices VALIDATE CONSTRAINT positive;" }],
    },
  ],
});

describe("expressionSql (suggestion SQL from the parse tree)", () => {
  const parse = async (sql: string): Promise<Node | undefined> => {
    await initParser();
    const target = unwrap(parseSql(`SELECT ${sql}`).statements[0]?.node, "SelectStmt")?.targetList?.[0];
    return unwrap(target, "ResTarget")?.val;
  };
  const shape = (node: Node | undefined): string => JSON.stringify(node, (key, value: unknown) => (key === "location" || key.startsWith("rexpr_list") || key.startsWith("list_") ? undefined : value));
  const roundTrips = [
    "a > 0",
    "a IS NOT NULL AND a <> ''",
    "status IN ('draft', 'sent', 'it''s')",
    "status NOT IN ('x')",
    "n BETWEEN 1 AND 10",
    "n NOT BETWEEN SYMMETRIC 10 AND 1",
    "name LIKE 'a%'",
    "name NOT ILIKE 'a%'",
    "NOT flag",
    "flag IS NOT TRUE",
    "x = ANY (ARRAY[1, 2, 3])",
    "-n < 0",
    "n > -1",
    "(n * 2)::bigint > 10",
    "'x'::character varying(10)[]",
    "'2024-01-01'::timestamp(3) with time zone",
    "CURRENT_TIMESTAMP(3) > now()",
    "COALESCE(a, 0) = GREATEST(b, c)",
    "CASE WHEN a THEN 1 ELSE 2 END",
    "a IS DISTINCT FROM b",
    "NULLIF(a, '')",
    "lower(email) = email",
    "\"Weird Name\" = \"select\"",
    "a OPERATOR(pg_catalog.=) b",
    "B'0101' = X'FF'",
    "1.5e3 > 1.5",
    "name COLLATE \"C\" < 'b'",
    "make_interval(days => 1)",
  ];
  for (const sql of roundTrips) {
    it(`renders ${sql} to SQL that parses to the same tree`, async () => {
      const node = await parse(sql);
      const rendered = expressionSql(node);
      expect(rendered).toBeDefined();
      expect(shape(await parse(rendered ?? ""))).toBe(shape(node));
    });
  }
  it("gives up on forms it does not render", async () => {
    expect(expressionSql(await parse("EXISTS (SELECT 1)"))).toBeUndefined();
    expect(expressionSql(await parse("extract(year FROM d)"))).toBeUndefined();
    expect(expressionSql(await parse("count(DISTINCT a)"))).toBeUndefined();
  });
  it("renders readable SQL for common cases", async () => {
    expect(expressionSql(await parse("price > 0"))).toBe("price > 0");
    expect(expressionSql(await parse("'{}'::jsonb"))).toBe("'{}'::jsonb");
    expect(expressionSql(await parse("(random() * 10)::int"))).toBe("(random() * 10)::integer");
  });
});

// A table a TRUNCATE emptied earlier in the same, still open transaction.
ruleTester(rule, {
  valid: [
    {
      name: "nothing to check",
      code: [init, golang("TRUNCATE inputs;\nALTER TABLE inputs ADD COLUMN resource_id bigint DEFAULT 1 REFERENCES resources (id), ADD CONSTRAINT note_short CHECK (length(note) < 100), ADD FOREIGN KEY (id) REFERENCES builds (id);")],
    },
  ],
  invalid: [
    {
      name: "a plain file",
      code: [inputTables, "TRUNCATE inputs;\nALTER TABLE inputs ADD CONSTRAINT note_short CHECK (length(note) < 100);"],
      errors: [{ messageId: "check", file: 2, line: 2, column: 24, endLine: 2, endColumn: 72 }],
    },
  ],
});
