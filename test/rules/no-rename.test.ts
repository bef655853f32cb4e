import { describe, expect, it } from "vitest";
import rule from "../../src/rules/no-rename.js";
import { allMessages, lintWithRule } from "../helpers/lint.js";
import { ruleTester } from "../helpers/rule-tester.js";

const orders = "CREATE TABLE orders (id bigint PRIMARY KEY, total numeric(12,2));";
const status = "CREATE TYPE order_status AS ENUM ('new', 'paid');";

ruleTester(rule, {
  valid: [
    { name: "table created and renamed in the same migration", code: `${orders}\nALTER TABLE orders RENAME TO purchases;` },
    {
      name: "Prisma's enum swap: the old name is given to the new type in the same migration",
      code: [
        `CREATE TYPE "Role" AS ENUM ('USER', 'ADMIN', 'GUEST');\n${orders}`,
        `CREATE TYPE "Role_new" AS ENUM ('USER', 'ADMIN');\nALTER TYPE "Role" RENAME TO "Role_old";\nALTER TYPE "Role_new" RENAME TO "Role";\nDROP TYPE "Role_old";`,
      ],
    },
    { name: "a table swapped for a new one under its name", code: [orders, "CREATE TABLE orders_new (id bigint PRIMARY KEY);\nALTER TABLE orders RENAME TO orders_old;\nALTER TABLE orders_new RENAME TO orders;"] },
    { name: "a table created again under the old name", code: [orders, "ALTER TABLE orders RENAME TO orders_archive;\nCREATE TABLE orders (id bigint PRIMARY KEY);"] },
    { name: "column of a table created in the same migration", code: `${orders}\nALTER TABLE orders RENAME COLUMN total TO amount;` },
    { name: "a column rebuilt under its name: the old name is added again in the same migration", code: [orders, "ALTER TABLE orders RENAME COLUMN total TO total_old;\nALTER TABLE orders ADD COLUMN total numeric(14,2);\nUPDATE orders SET total = total_old;\nALTER TABLE orders DROP COLUMN total_old;"] },
    { name: "two columns swapped", code: ["CREATE TABLE t (id bigint PRIMARY KEY, a text, b text);", "ALTER TABLE t RENAME COLUMN a TO tmp;\nALTER TABLE t RENAME COLUMN b TO a;\nALTER TABLE t RENAME COLUMN tmp TO b;"] },
    { name: "column added in the same migration", code: [orders, "ALTER TABLE orders ADD COLUMN note text;\nALTER TABLE orders RENAME COLUMN note TO remark;"] },
    { name: "view and materialized view created in the same migration", code: [orders, "CREATE VIEW v AS SELECT id FROM orders;\nALTER VIEW v RENAME TO w;\nCREATE MATERIALIZED VIEW m AS SELECT id FROM orders;\nALTER MATERIALIZED VIEW m RENAME TO n;"] },
    { name: "schema created in the same migration", code: "CREATE SCHEMA staging;\nALTER SCHEMA staging RENAME TO import;" },
    { name: "type and enum value of a type created in the same migration", code: `${status}\nALTER TYPE order_status RENAME VALUE 'new' TO 'created';\nALTER TYPE order_status RENAME TO purchase_status;` },
    { name: "indexes and constraints are not named by clients", code: [`${orders}\nCREATE INDEX orders_total_idx ON orders (total);`, "ALTER INDEX orders_total_idx RENAME TO orders_total_key;\nALTER TABLE orders RENAME CONSTRAINT orders_pkey TO orders_pk;\nALTER TABLE orders_total_key RENAME TO orders_total_ix;"] },
    { name: "sequence renamed through ALTER TABLE", code: ["CREATE SEQUENCE order_numbers;", "ALTER TABLE order_numbers RENAME TO order_no_seq;"] },
    {
      name: "rename with a view under the old name in the same migration",
      code: [orders, "ALTER TABLE orders RENAME TO purchases;\nCREATE VIEW orders AS SELECT * FROM purchases;"],
    },
    {
      name: "rename with a schema-qualified compatibility view",
      code: ["CREATE SCHEMA app;\nCREATE TABLE app.orders (id bigint);", "ALTER TABLE app.orders RENAME TO purchases;\nCREATE OR REPLACE VIEW app.orders AS SELECT * FROM app.purchases;"],
    },
    { name: "down migration is not checked", code: [{ path: "/m/000001_init.up.sql", sql: orders }, { path: "/m/000002_x.up.sql", sql: "SELECT 1;" }, { path: "/m/000002_x.down.sql", sql: "ALTER TABLE orders RENAME TO purchases;" }] },
  ],
  invalid: [
    {
      name: "table created by an earlier migration, with the view suggestion",
      code: [orders, "ALTER TABLE orders RENAME TO purchases;"],
      errors: [
        {
          messageId: "renameRelation",
          file: 2,
          line: 1,
          column: 30,
          endLine: 1,
          endColumn: 39,
          message: 'Renaming table "orders" to "purchases" breaks every running client',
          suggestion: "CREATE VIEW orders AS SELECT * FROM purchases;",
        },
      ],
    },
    {
      name: "schema-qualified table never seen",
      code: "ALTER TABLE IF EXISTS billing.invoices RENAME TO bills;",
      errors: [{ messageId: "renameRelation", line: 1, column: 50, endLine: 1, endColumn: 55, message: 'table "billing"."invoices" to "bills"', suggestion: "CREATE VIEW billing.invoices AS SELECT * FROM billing.bills;" }],
    },
    {
      name: "a compatibility view in a later migration comes too late",
      code: [orders, "ALTER TABLE orders RENAME TO purchases;", "CREATE VIEW orders AS SELECT * FROM purchases;"],
      errors: [{ messageId: "renameRelation", file: 2, line: 1, column: 30, endLine: 1, endColumn: 39 }],
    },
    {
      name: "view renamed through ALTER TABLE is reported as a view",
      code: [`${orders}\nCREATE VIEW open_orders AS SELECT * FROM orders;`, "ALTER TABLE open_orders RENAME TO pending_orders;"],
      errors: [{ messageId: "renameRelation", file: 2, line: 1, column: 35, endLine: 1, endColumn: 49, message: 'Renaming view "open_orders"' }],
    },
    {
      name: "materialized view",
      code: [`${orders}\nCREATE MATERIALIZED VIEW order_totals AS SELECT sum(total) FROM orders;`, "ALTER MATERIALIZED VIEW order_totals RENAME TO revenue;"],
      errors: [{ messageId: "renameRelation", file: 2, line: 1, column: 48, endLine: 1, endColumn: 55, message: 'Renaming materialized view "order_totals"' }],
    },
    {
      name: "column of an existing table",
      code: [orders, "ALTER TABLE orders\n  RENAME COLUMN total TO amount;"],
      errors: [{ messageId: "renameColumn", file: 2, line: 2, column: 26, endLine: 2, endColumn: 32, message: 'Renaming column "total" of "orders" to "amount"' }],
    },
    {
      name: "column of an existing view",
      code: [`${orders}\nCREATE VIEW v AS SELECT id FROM orders;`, "ALTER VIEW v RENAME COLUMN id TO order_id;"],
      errors: [{ messageId: "renameColumn", file: 2, line: 1, column: 34, endLine: 1, endColumn: 42, message: 'column "id" of "v"' }],
    },
    {
      name: "schema",
      code: ["CREATE SCHEMA billing;", "ALTER SCHEMA billing RENAME TO invoicing;"],
      errors: [{ messageId: "renameSchema", file: 2, line: 1, column: 32, endLine: 1, endColumn: 41, message: 'Renaming schema "billing" to "invoicing"' }],
    },
    {
      name: "type and domain",
      code: [`${status}\nCREATE DOMAIN money_amount AS numeric(12,2);`, "ALTER TYPE order_status RENAME TO purchase_status;\nALTER DOMAIN money_amount RENAME TO amount;"],
      errors: [
        { messageId: "renameType", file: 2, line: 1, column: 35, endLine: 1, endColumn: 50, message: 'Renaming type "order_status" to "purchase_status" breaks every running client that names the type: casts such as ::order_status' },
        { messageId: "renameType", file: 2, line: 2, column: 37, endLine: 2, endColumn: 43, message: '"money_amount"' },
      ],
    },
    {
      name: "a column rename is reported when the old name comes back in a later migration, or on another table",
      code: [`${orders}\nCREATE TABLE items (id bigint PRIMARY KEY);`, "ALTER TABLE orders RENAME COLUMN total TO total_old;\nALTER TABLE items ADD COLUMN total numeric;", "ALTER TABLE orders ADD COLUMN total numeric;"],
      errors: [{ messageId: "renameColumn", file: 2, line: 1, column: 43, endLine: 1, endColumn: 52, message: 'Renaming column "total" of "orders" to "total_old"' }],
    },
    {
      name: "enum value",
      code: [status, "ALTER TYPE order_status RENAME VALUE 'new' TO 'created';"],
      errors: [{ messageId: "renameEnumValue", file: 2, line: 1, column: 1, endLine: 1, endColumn: 56, message: "Renaming value 'new' of enum \"order_status\" to 'created'" }],
    },
    {
      name: "dbmate up section",
      code: [{ path: "/db/20240101000000_init.sql", sql: `-- migrate:up\n${orders}\n-- migrate:down\nDROP TABLE orders;\n` }, { path: "/db/20240102000000_rename.sql", sql: "-- migrate:up\nALTER TABLE orders RENAME COLUMN total TO amount;\n-- migrate:down\nALTER TABLE orders RENAME COLUMN amount TO total;\n" }],
      errors: [{ messageId: "renameColumn", file: 2, line: 2, column: 43, endLine: 2, endColumn: 49 }],
    },
  ],
});

describe("no-rename: help", () => {
  it("quotes the view that keeps the old name once, ending in one semicolon, and suggests it as SQL", async () => {
    const [message] = allMessages(await lintWithRule(rule, [orders, "ALTER TABLE orders RENAME TO purchases;"]));
    expect(message?.help).toContain("(CREATE VIEW orders AS SELECT * FROM purchases; a view over one table is updatable");
    expect(message?.suggestions?.[0]?.fix.text).toContain("CREATE VIEW orders AS SELECT * FROM purchases;");
  });
});
