import { describe, expect, it } from "vitest";
import rule from "../../src/rules/no-money-type.js";
import { allMessages, lintWithRule } from "../helpers/lint.js";
import { ruleTester } from "../helpers/rule-tester.js";

const invoices = "CREATE TABLE invoices (id bigint PRIMARY KEY, total numeric(12, 2));";
const partitioned = "CREATE TABLE payments (id bigint, paid money, paid_at timestamptz NOT NULL) PARTITION BY RANGE (paid_at);\n";

ruleTester(rule, {
  valid: [
    { name: "numeric amount with a currency column", code: "CREATE TABLE invoices (id bigint PRIMARY KEY, amount_due numeric(12, 2) NOT NULL, currency text NOT NULL);" },
    { name: "integer minor units", code: "CREATE TABLE invoices (id bigint PRIMARY KEY, amount_due_cents bigint NOT NULL);" },
    { name: "a column named money that is numeric", code: "CREATE TABLE wallets (id bigint PRIMARY KEY, money numeric(12, 2));" },
    { name: "a user type named money in another schema", code: "CREATE SCHEMA billing;\nCREATE DOMAIN billing.money AS numeric(12, 2);\nCREATE TABLE billing.invoices (id bigint PRIMARY KEY, total billing.money);" },
    { name: "money column changed to numeric in a later file", code: ["CREATE TABLE invoices (id bigint PRIMARY KEY, amount_due money);", "ALTER TABLE invoices ALTER COLUMN amount_due TYPE numeric(12, 2) USING amount_due::numeric(12, 2);"] },
    { name: "money column dropped in a later file", code: ["CREATE TABLE invoices (id bigint PRIMARY KEY, amount_due money);", "ALTER TABLE invoices DROP COLUMN amount_due;"] },
    { name: "table dropped in a later file", code: ["CREATE TABLE invoices (id bigint PRIMARY KEY, amount_due money);", "DROP TABLE invoices;"] },
    { name: "foreign table (the type is the remote table's)", code: "CREATE FOREIGN TABLE remote_invoices (id bigint, amount_due money) SERVER billing_server;" },
  ],
  invalid: [
    {
      name: "table and column renamed after the type was declared: the message gives the names the statement shows",
      code: ["CREATE TABLE item (id bigint PRIMARY KEY, amt money);", "ALTER TABLE item RENAME TO items;\nALTER TABLE items RENAME COLUMN amt TO amount;"],
      errors: [{ messageId: "moneyType", file: 1, line: 1, column: 43, endLine: 1, endColumn: 52, message: 'Column "amount" (named "amt" here) of "items" (named "item" here) has type money' }],
    },
    {
      name: "money column",
      code: "CREATE TABLE invoices (\n  id bigint PRIMARY KEY,\n  amount_due money NOT NULL,\n  due_date date\n);",
      errors: [{ messageId: "moneyType", line: 3, column: 3, endLine: 3, endColumn: 28, message: 'Column "amount_due" of "invoices" has type money: its text form follows the lc_monetary setting' }],
    },
    {
      name: "money array",
      code: "CREATE TABLE t (id bigint PRIMARY KEY, fees money[], note text);",
      errors: [{ messageId: "moneyType", line: 1, column: 40, endLine: 1, endColumn: 52, message: 'has type money[]' }],
    },
    {
      name: "added by ALTER TABLE in a later file, reported there",
      code: [invoices, "ALTER TABLE invoices ADD COLUMN tax money DEFAULT 0;"],
      errors: [{ messageId: "moneyType", file: 2, line: 1, column: 33, endLine: 1, endColumn: 52 }],
    },
    {
      name: "type changed to money later: reported at the ALTER",
      code: [invoices, "ALTER TABLE invoices\n  ALTER COLUMN total TYPE money USING total::money;"],
      errors: [{ messageId: "moneyType", file: 2, line: 2, column: 16, endLine: 2, endColumn: 51 }],
    },
    {
      name: "schema-qualified table and type name",
      code: "CREATE SCHEMA billing;\nCREATE TABLE billing.invoices (id bigint PRIMARY KEY, total pg_catalog.money);",
      errors: [{ messageId: "moneyType", line: 2, column: 55, endLine: 2, endColumn: 77, message: 'Column "total" of "billing"."invoices"' }],
    },
    {
      name: "partitioned table: reported once, on the parent",
      code: `${partitioned}CREATE TABLE payments_2024 PARTITION OF payments FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');`,
      errors: [{ messageId: "moneyType", line: 1, column: 35, endLine: 1, endColumn: 45 }],
    },
    {
      name: "pg_dump style partition attached later: reported once, on the parent",
      code: `${partitioned}CREATE TABLE payments_2024 (id bigint, paid money, paid_at timestamptz NOT NULL);\nALTER TABLE payments ATTACH PARTITION payments_2024 FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');`,
      errors: [{ messageId: "moneyType", line: 1, column: 35, endLine: 1, endColumn: 45 }],
    },
    {
      name: "copied with LIKE by a table named earlier: reported once, for the table that declares it",
      code: "CREATE TABLE invoices (id bigint PRIMARY KEY, amount_due money);\nCREATE TABLE archived_invoices (LIKE invoices INCLUDING ALL);",
      errors: [{ messageId: "moneyType", line: 1, column: 47, endLine: 1, endColumn: 63, message: 'Column "amount_due" of "invoices"' }],
    },
    {
      name: "quoted name after non-ASCII text",
      code: '-- Montant dû en € 日本\nCREATE TABLE t (id bigint PRIMARY KEY, "Solde" money);',
      errors: [{ messageId: "moneyType", line: 2, column: 40, endLine: 2, endColumn: 53, message: 'Column "Solde" of "t"' }],
    },
  ],
});

describe("no-money-type: help", () => {
  it("gives the conversion for the column, schema-qualified and quoted where needed", async () => {
    const messages = allMessages(await lintWithRule(rule, 'CREATE SCHEMA billing;\nCREATE TABLE billing.invoices (id bigint PRIMARY KEY, "Total" money, fees money[]);'));
    expect(messages.map((m) => m.help?.slice(m.help.indexOf("ALTER")))).toEqual([
      'ALTER TABLE billing.invoices ALTER COLUMN "Total" TYPE numeric(12, 2) USING "Total"::numeric(12, 2);',
      "ALTER TABLE billing.invoices ALTER COLUMN fees TYPE numeric(12, 2)[] USING fees::numeric(12, 2)[];",
    ]);
  });
});
