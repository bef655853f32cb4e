import { describe, expect, it } from "vitest";
import rule from "../../src/rules/naming-convention.js";
import { ruleTester } from "../helpers/rule-tester.js";

const accounts = "CREATE TABLE accounts (id bigint PRIMARY KEY);\n";
const connectors = "CREATE TABLE connectors (\n  id bigint CONSTRAINT connectors_pkey PRIMARY KEY,\n  kind text\n);\nCREATE INDEX connectors_kind_idx ON connectors (kind);";
const longTable = "customer_subscription_entitlements";
const longIndex = `idx_${longTable}_billing_account_id_effective_from`;

ruleTester(rule, {
  valid: [
    { name: "plural snake_case tables", code: "CREATE TABLE users (id bigint PRIMARY KEY, created_at timestamptz, user_id bigint);\nCREATE TABLE order_items (id bigint PRIMARY KEY, address_line1 text);" },
    { name: "irregular plural and uncountable", code: "CREATE TABLE people (id bigint PRIMARY KEY);\nCREATE TABLE data (id bigint PRIMARY KEY);\nCREATE TABLE news (id bigint PRIMARY KEY);" },
    { name: "a trailing number does not hide the plural word", code: "CREATE TABLE orders_2023 (id bigint PRIMARY KEY);\nCREATE TABLE events_v2 (id bigint PRIMARY KEY);" },
    {
      name: "conventional index, foreign key and primary key names",
      code: `${accounts}CREATE TABLE orders (\n  id bigint CONSTRAINT pk_orders PRIMARY KEY,\n  account_id bigint CONSTRAINT fk_orders_accounts REFERENCES accounts\n);\nCREATE INDEX idx_orders_account_id ON orders (account_id);`,
    },
    { name: "PostgreSQL's default primary key name written out", code: "CREATE TABLE orders (id bigint, CONSTRAINT orders_pkey PRIMARY KEY (id));" },
    {
      name: "unnamed constraints and indexes get PostgreSQL's names",
      code: `${accounts}CREATE TABLE orders (id bigint PRIMARY KEY, account_id bigint REFERENCES accounts, code text UNIQUE, total numeric CHECK (total >= 0));\nCREATE INDEX ON orders (account_id);\nCREATE UNIQUE INDEX ON orders (lower(code));`,
    },
    {
      name: "pg_dump style: PostgreSQL's default names written out",
      code: `${accounts}CREATE TABLE public.orders (id bigint NOT NULL, account_id bigint, code text, total numeric, CONSTRAINT orders_total_check CHECK ((total >= (0)::numeric)));\nALTER TABLE ONLY public.orders ADD CONSTRAINT orders_pkey PRIMARY KEY (id);\nALTER TABLE ONLY public.orders ADD CONSTRAINT orders_code_key UNIQUE (code);\nCREATE INDEX orders_account_id_idx ON public.orders USING btree (account_id);\nALTER TABLE ONLY public.orders ADD CONSTRAINT orders_account_id_fkey FOREIGN KEY (account_id) REFERENCES public.accounts(id);`,
    },
    { name: "pg_dump style: a unique index with PostgreSQL's name for a unique constraint", code: "CREATE TABLE public.customers (id bigint NOT NULL, email text);\nCREATE UNIQUE INDEX customers_email_key ON public.customers USING btree (email);" },
    {
      name: "non-public schema",
      code: `CREATE SCHEMA billing;\n${accounts}CREATE TABLE billing.invoices (id bigint PRIMARY KEY, account_id bigint CONSTRAINT fk_invoices_accounts REFERENCES accounts);\nCREATE INDEX idx_invoices_account_id ON billing.invoices (account_id);`,
    },
    { name: "expression index: function and column, or the function's name alone", code: "CREATE TABLE users (id bigint PRIMARY KEY, email text);\nCREATE UNIQUE INDEX idx_users_lower_email ON users (lower(email));\nCREATE INDEX idx_users_lower ON users (lower(email)) WHERE id > 0;" },
    { name: "partial index next to a full one on the same column takes a suffix", code: "CREATE TABLE products (id bigint PRIMARY KEY, name text, is_active boolean);\nCREATE INDEX idx_products_name ON products (name);\nCREATE INDEX idx_products_name_active ON products (name) WHERE is_active;" },
    { name: "two foreign keys to the same table take a suffix", code: "CREATE TABLE users (id bigint PRIMARY KEY);\nCREATE TABLE orders (id bigint PRIMARY KEY, created_by bigint CONSTRAINT fk_orders_users_created_by REFERENCES users, updated_by bigint CONSTRAINT fk_orders_users_updated_by REFERENCES users);" },
    { name: "unique and check constraints", code: "CREATE TABLE orders (id bigint PRIMARY KEY, code text CONSTRAINT uq_orders_code UNIQUE, total numeric, CONSTRAINT chk_orders_total_positive CHECK (total >= 0));" },
    { name: "a unique index may follow either the index or the unique constraint template", code: "CREATE TABLE users (id bigint PRIMARY KEY, email text, login text);\nCREATE UNIQUE INDEX uq_users_email ON users (email);\nCREATE UNIQUE INDEX idx_users_login ON users (login);" },
    { name: "a name PostgreSQL truncated to 63 bytes", code: `CREATE TABLE ${longTable} (id bigint PRIMARY KEY, billing_account_id bigint, effective_from date);\nCREATE INDEX ${longIndex} ON ${longTable} (billing_account_id, effective_from);` },
    { name: "migration tool tables are allowed by default", code: "CREATE TABLE schema_migrations (version bigint PRIMARY KEY, dirty boolean);\nCREATE TABLE goose_db_version (id serial PRIMARY KEY);\nCREATE TABLE flyway_schema_history (installed_rank integer PRIMARY KEY);" },
    { name: "partitions are judged by their parent", code: "CREATE TABLE measurements (id bigint, taken_on date) PARTITION BY RANGE (taken_on);\nCREATE TABLE measurement_y2024m01 PARTITION OF measurements FOR VALUES FROM ('2024-01-01') TO ('2024-02-01');" },
    { name: "singular table renamed in a later file", code: ["CREATE TABLE category (id bigint PRIMARY KEY);", "ALTER TABLE category RENAME TO categories;"] },
    { name: "quoted column renamed in a later file", code: ['CREATE TABLE audit_events (id bigint PRIMARY KEY, "createdBy" text);', 'ALTER TABLE audit_events RENAME COLUMN "createdBy" TO created_by;'] },
    { name: "index and constraint renamed in a later file", code: [`${accounts}CREATE TABLE orders (id bigint PRIMARY KEY, account_id bigint CONSTRAINT order_account REFERENCES accounts, created_at timestamptz);\nCREATE INDEX orders_by_date ON orders (created_at);`, "ALTER INDEX orders_by_date RENAME TO idx_orders_created_at;\nALTER TABLE orders RENAME CONSTRAINT order_account TO fk_orders_accounts;"] },
    { name: "badly named foreign key dropped in a later file", code: [`${accounts}CREATE TABLE orders (id bigint PRIMARY KEY, account_id bigint CONSTRAINT order_account REFERENCES accounts);`, "ALTER TABLE orders DROP CONSTRAINT order_account;"] },
    {
      name: "a later migration renames the table together with its primary key and index",
      code: [
        connectors,
        "ALTER TABLE connectors RENAME TO feedback_sources;\nALTER TABLE feedback_sources RENAME CONSTRAINT connectors_pkey TO feedback_sources_pkey;\nALTER INDEX connectors_kind_idx RENAME TO feedback_sources_kind_idx;",
      ],
    },
    {
      name: "the index renamed before its table in the same migration",
      code: [connectors, "ALTER INDEX connectors_kind_idx RENAME TO feedback_sources_kind_idx;\nALTER TABLE connectors RENAME CONSTRAINT connectors_pkey TO feedback_sources_pkey;\nALTER TABLE connectors RENAME TO feedback_sources;"],
    },
    { name: "an index named after a table renamed before it was created", code: ["CREATE TABLE connectors (id bigint PRIMARY KEY, kind text);\nALTER TABLE connectors RENAME TO feedback_sources;", "CREATE INDEX feedback_sources_kind_idx ON feedback_sources (kind);"] },
    { name: "tables.allow", code: "CREATE TABLE category (id bigint PRIMARY KEY);", options: { tables: { allow: ["category"] } } },
    { name: "tables.plural false", code: "CREATE TABLE category (id bigint PRIMARY KEY);", options: { tables: { plural: false } } },
    { name: "case any skips the quoting check", code: 'CREATE TABLE "OrderItems" ("createdAt" timestamptz);', options: { tables: { case: "any" }, columns: { case: "any" } } },
    { name: "kinds turned off", code: `${accounts}CREATE TABLE category ("createdBy" text, account_id bigint CONSTRAINT order_account REFERENCES accounts);\nCREATE INDEX by_date ON category (account_id);`, options: { tables: false, columns: false, indexes: false, foreignKeys: false } },
    { name: "custom index template", code: "CREATE TABLE orders (id bigint PRIMARY KEY, created_at timestamptz);\nCREATE INDEX orders_created_at_idx ON orders (created_at);", options: { indexes: "{table}_{columns}_idx", postgresDefaultNames: false } },
    { name: "table template with {name}", code: "CREATE TABLE tbl_category (id bigint PRIMARY KEY);", options: { tables: "tbl_{name}" } },
  ],
  invalid: [
    {
      name: "a table renamed after its primary key and index were named: reported at the RENAME",
      code: [connectors, "-- Rename\nALTER TABLE connectors RENAME TO feedback_sources;"],
      errors: [
        {
          messageId: "nameLeftBehind",
          file: 2,
          line: 2,
          column: 1,
          endLine: 2,
          endColumn: 50,
          message:
            'The primary key "connectors_pkey" was named after table "connectors", which this RENAME makes "feedback_sources": PostgreSQL does not rename constraints and indexes along with their table or column, so the name no longer matches the primary key naming convention (pk_{table}) or PostgreSQL\'s default "feedback_sources_pkey"',
          suggestion: "ALTER TABLE feedback_sources RENAME CONSTRAINT connectors_pkey TO feedback_sources_pkey;",
        },
        {
          messageId: "nameLeftBehind",
          file: 2,
          line: 2,
          column: 1,
          endLine: 2,
          endColumn: 50,
          message: 'The index "connectors_kind_idx" was named after table "connectors"',
          suggestion: "ALTER INDEX connectors_kind_idx RENAME TO feedback_sources_kind_idx;",
        },
      ],
    },
    {
      name: "renamed twice, the key with it the first time: the second RENAME is reported, with the name the key followed",
      code: [
        "CREATE TABLE connectors (id bigint CONSTRAINT connectors_pkey PRIMARY KEY);",
        "ALTER TABLE connectors RENAME TO sources;\nALTER TABLE sources RENAME CONSTRAINT connectors_pkey TO sources_pkey;",
        "ALTER TABLE sources RENAME TO feedback_sources;",
      ],
      errors: [
        {
          messageId: "nameLeftBehind",
          file: 3,
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 47,
          message: 'The primary key "sources_pkey" was named after table "sources", which this RENAME makes "feedback_sources"',
          suggestion: "ALTER TABLE feedback_sources RENAME CONSTRAINT sources_pkey TO feedback_sources_pkey;",
        },
      ],
    },
    {
      name: "a column renamed after an index was named {table}_{column}_idx: reported at the RENAME COLUMN",
      code: ["CREATE TABLE orders (id bigint PRIMARY KEY, status text);\nCREATE INDEX orders_status_idx ON orders (status);", "ALTER TABLE orders RENAME COLUMN status TO state;"],
      errors: [
        {
          messageId: "nameLeftBehind",
          file: 2,
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 49,
          message: 'The index "orders_status_idx" was named after column "status", which this RENAME makes "state"',
          suggestion: "ALTER INDEX orders_status_idx RENAME TO orders_state_idx;",
        },
      ],
    },
    {
      name: "a column renamed after an index was named by the template: the template's name is suggested",
      code: ["CREATE TABLE orders (id bigint PRIMARY KEY, status text);\nCREATE INDEX idx_orders_status ON orders (status);", "ALTER TABLE orders RENAME COLUMN status TO state;"],
      errors: [{ messageId: "nameLeftBehind", file: 2, line: 1, column: 1, endLine: 1, endColumn: 49, suggestion: "ALTER INDEX idx_orders_status RENAME TO idx_orders_state;" }],
    },
    {
      name: "the referenced table of a foreign key renamed: reported at the RENAME",
      code: [`${accounts}CREATE TABLE orders (id bigint PRIMARY KEY, account_id bigint CONSTRAINT fk_orders_accounts REFERENCES accounts);`, "ALTER TABLE accounts RENAME TO customers;"],
      errors: [
        {
          messageId: "nameLeftBehind",
          file: 2,
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 41,
          message: 'The foreign key "fk_orders_accounts" was named after table "accounts", which this RENAME makes "customers"',
          suggestion: "ALTER TABLE orders RENAME CONSTRAINT fk_orders_accounts TO fk_orders_customers;",
        },
      ],
    },
    {
      name: "a name off the convention from the start stays at its CREATE, which shows the table's old name",
      code: ["CREATE TABLE connectors (id bigint PRIMARY KEY, kind text);\nCREATE INDEX by_kind ON connectors (kind);", "ALTER TABLE connectors RENAME TO feedback_sources;"],
      errors: [
        {
          messageId: "indexName",
          file: 1,
          line: 2,
          column: 1,
          endLine: 2,
          endColumn: 42,
          message: 'Index "by_kind" on "feedback_sources" (named "connectors" here) does not follow',
          suggestion: "ALTER INDEX by_kind RENAME TO idx_feedback_sources_kind;",
        },
      ],
    },
    {
      name: "a table renamed to a singular name in a later migration is reported at the RENAME",
      code: ["CREATE TABLE orders (id bigint PRIMARY KEY);", "-- Rename\nALTER TABLE orders RENAME TO purchase;"],
      errors: [{ messageId: "tableNotPlural", file: 2, line: 2, column: 1, endLine: 2, endColumn: 38 }],
    },
    {
      name: "an unnamed constraint renamed to a name off the convention is checked at the RENAME",
      code: ["CREATE TABLE accounts (id bigint PRIMARY KEY);\nCREATE TABLE orders (id bigint PRIMARY KEY, account_id bigint REFERENCES accounts);", "ALTER TABLE orders RENAME CONSTRAINT orders_account_id_fkey TO order_account;"],
      errors: [{ messageId: "foreignKeyName", file: 2, line: 1, column: 1, endLine: 1, endColumn: 77 }],
    },
    {
      name: "singular table name",
      code: "CREATE TABLE category (\n  id bigint PRIMARY KEY,\n  name text NOT NULL\n);",
      errors: [{ messageId: "tableNotPlural", line: 1, column: 14, endLine: 4, endColumn: 2, message: 'Table "category" has a singular name', suggestion: "ALTER TABLE category RENAME TO categories;" }],
    },
    {
      name: "singular reserved word as table name",
      code: 'CREATE TABLE "user" (id bigint PRIMARY KEY);',
      errors: [{ messageId: "tableNotPlural", line: 1, column: 14, endLine: 1, endColumn: 44, suggestion: 'ALTER TABLE "user" RENAME TO users;' }],
    },
    {
      name: "quoted mixed-case table name",
      code: 'CREATE TABLE "orderItems" (id bigint PRIMARY KEY, quantity integer);',
      errors: [{ messageId: "quotedTableName", line: 1, column: 14, endLine: 1, endColumn: 68, message: 'Table "orderItems" has a name that only works in double quotes', suggestion: 'ALTER TABLE "orderItems" RENAME TO order_items;' }],
    },
    {
      name: "index not named idx_{table}_{columns}",
      code: "CREATE TABLE orders (id bigint PRIMARY KEY, created_at timestamptz NOT NULL);\nCREATE INDEX orders_by_date ON orders (created_at);",
      errors: [{ messageId: "indexName", line: 2, column: 1, endLine: 2, endColumn: 51, message: 'Index "orders_by_date" on "orders" does not follow the index naming convention (idx_{table}_{columns})', suggestion: "ALTER INDEX orders_by_date RENAME TO idx_orders_created_at;" }],
    },
    {
      name: "foreign key not named fk_{table}_{ref_table}",
      code: `${accounts}CREATE TABLE orders (\n  id bigint PRIMARY KEY,\n  account_id bigint NOT NULL,\n  CONSTRAINT order_account FOREIGN KEY (account_id) REFERENCES accounts (id)\n);`,
      errors: [{ messageId: "foreignKeyName", line: 5, column: 3, endLine: 5, endColumn: 77, message: 'Foreign key "order_account" on "orders"', suggestion: "ALTER TABLE orders RENAME CONSTRAINT order_account TO fk_orders_accounts;" }],
    },
    {
      name: "quoted camelCase column",
      code: 'CREATE TABLE audit_events (id bigint PRIMARY KEY, "createdBy" text NOT NULL);',
      errors: [{ messageId: "quotedColumnName", line: 1, column: 51, endLine: 1, endColumn: 76, message: 'Column "createdBy" of "audit_events" has a name that only works in double quotes', suggestion: 'ALTER TABLE audit_events RENAME COLUMN "createdBy" TO created_by;' }],
    },
    {
      name: "unique constraint not named uq_{table}_{columns}",
      code: "CREATE TABLE users (id bigint PRIMARY KEY, email text CONSTRAINT users_email_unique UNIQUE, name text);",
      errors: [{ messageId: "uniqueConstraintName", line: 1, column: 55, endLine: 1, endColumn: 91, message: 'Unique constraint "users_email_unique" on "users"', suggestion: "ALTER TABLE users RENAME CONSTRAINT users_email_unique TO uq_users_email;" }],
    },
    {
      name: "check constraint not named chk_{table}_...",
      code: "CREATE TABLE orders (\n  id bigint PRIMARY KEY,\n  total numeric(12, 2) NOT NULL,\n  CONSTRAINT positive_total CHECK (total >= 0)\n);",
      errors: [{ messageId: "checkConstraintName", line: 4, column: 3, endLine: 4, endColumn: 47, message: 'Check constraint "positive_total" on "orders" does not follow the check constraint naming convention (chk_{table}_{name})', suggestion: "ALTER TABLE orders RENAME CONSTRAINT positive_total TO chk_orders_positive_total;" }],
    },
    {
      name: "primary key named neither pk_{table} nor {table}_pkey",
      code: "CREATE TABLE orders (id bigint CONSTRAINT orders_pk PRIMARY KEY);",
      errors: [{ messageId: "primaryKeyName", line: 1, column: 32, endLine: 1, endColumn: 64, message: 'nor PostgreSQL\'s default "orders_pkey"', suggestion: "ALTER TABLE orders RENAME CONSTRAINT orders_pk TO pk_orders;" }],
    },
    {
      name: "lower-case but not snake_case table name",
      code: "CREATE TABLE order__items (id bigint PRIMARY KEY);",
      errors: [{ messageId: "tableName", line: 1, column: 14, endLine: 1, endColumn: 50, message: 'Table "order__items" does not follow the table naming convention (plural snake_case)', suggestion: "ALTER TABLE order__items RENAME TO order_items;" }],
    },
    {
      name: "lower-case but not snake_case column name",
      code: "CREATE TABLE orders (id bigint PRIMARY KEY, total_ numeric);",
      errors: [{ messageId: "columnName", line: 1, column: 45, endLine: 1, endColumn: 59, message: 'Column "total_" of "orders" does not follow the column naming convention (snake_case)', suggestion: "ALTER TABLE orders RENAME COLUMN total_ TO total;" }],
    },
    {
      name: "singular table in a non-public schema",
      code: "CREATE SCHEMA billing;\nCREATE TABLE billing.invoice (id bigint PRIMARY KEY);",
      errors: [{ messageId: "tableNotPlural", line: 2, column: 14, endLine: 2, endColumn: 53, message: 'Table "billing"."invoice"', suggestion: "ALTER TABLE billing.invoice RENAME TO invoices;" }],
    },
    {
      name: "index added in a later file, reported there",
      code: ["CREATE TABLE orders (id bigint PRIMARY KEY, created_at timestamptz NOT NULL);", "CREATE INDEX CONCURRENTLY orders_created ON orders (created_at);"],
      errors: [{ messageId: "indexName", file: 2, line: 1, column: 1, endLine: 1, endColumn: 64, suggestion: "ALTER INDEX orders_created RENAME TO idx_orders_created_at;" }],
    },
    {
      name: "conventional index renamed away in a later file: reported at the RENAME",
      code: ["CREATE TABLE orders (id bigint PRIMARY KEY, created_at timestamptz NOT NULL);\nCREATE INDEX idx_orders_created_at ON orders (created_at);", "ALTER INDEX idx_orders_created_at RENAME TO orders_by_date;"],
      errors: [{ messageId: "indexName", file: 2, line: 1, column: 1, endLine: 1, endColumn: 59, message: 'Index "orders_by_date"' }],
    },
    {
      name: "foreign key added by ALTER TABLE in a later file",
      code: [`${accounts}CREATE TABLE orders (id bigint PRIMARY KEY, account_id bigint);`, "ALTER TABLE orders\n  ADD CONSTRAINT orders_accounts_fk FOREIGN KEY (account_id) REFERENCES accounts;"],
      errors: [{ messageId: "foreignKeyName", file: 2, line: 2, column: 7, endLine: 2, endColumn: 81 }],
    },
    {
      name: "PostgreSQL's default names are checked when postgresDefaultNames is false",
      code: `${accounts}CREATE TABLE orders (id bigint PRIMARY KEY, account_id bigint CONSTRAINT orders_account_id_fkey REFERENCES accounts);`,
      options: { postgresDefaultNames: false },
      errors: [{ messageId: "foreignKeyName", line: 2, column: 63, endLine: 2, endColumn: 116 }],
    },
    {
      name: "unique index named after neither template",
      code: "CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);\nCREATE UNIQUE INDEX users_email_uniq ON users (email);",
      errors: [{ messageId: "indexName", line: 2, column: 1, endLine: 2, endColumn: 54, message: "(idx_{table}_{columns} or uq_{table}_{columns})", suggestion: "ALTER INDEX users_email_uniq RENAME TO idx_users_email;" }],
    },
    {
      name: "expression index: the suggestion names the function and the column",
      code: "CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);\nCREATE INDEX users_email_lower ON users (lower(email));",
      errors: [{ messageId: "indexName", line: 2, column: 1, endLine: 2, endColumn: 55, suggestion: "ALTER INDEX users_email_lower RENAME TO idx_users_lower_email;" }],
    },
    {
      name: "second foreign key to the same table: the suggestion adds its columns",
      code: "CREATE TABLE users (id bigint PRIMARY KEY);\nCREATE TABLE orders (\n  id bigint PRIMARY KEY,\n  created_by bigint CONSTRAINT fk_orders_users REFERENCES users,\n  updated_by bigint CONSTRAINT orders_updated_by_fk REFERENCES users\n);",
      errors: [{ messageId: "foreignKeyName", line: 5, column: 21, endLine: 5, endColumn: 69, suggestion: "ALTER TABLE orders RENAME CONSTRAINT orders_updated_by_fk TO fk_orders_users_updated_by;" }],
    },
    {
      name: "a column copied by LIKE is reported once, at its definition",
      code: 'CREATE TABLE audit_events (id bigint PRIMARY KEY, "createdBy" text);\nCREATE TABLE archived_audit_events (LIKE audit_events);',
      errors: [{ messageId: "quotedColumnName", line: 1, column: 51, endLine: 1, endColumn: 67 }],
    },
    {
      name: "an inherited column is reported on the parent only",
      code: 'CREATE TABLE vehicles (id bigint PRIMARY KEY, "maxSpeed" integer);\nCREATE TABLE trucks (payload_kg integer) INHERITS (vehicles);',
      errors: [{ messageId: "quotedColumnName", line: 1, column: 47, endLine: 1, endColumn: 65, message: 'Column "maxSpeed" of "vehicles"' }],
    },
    {
      name: "a 63-byte name that is not a truncation of the expected one",
      code: `CREATE TABLE orders (id bigint PRIMARY KEY, status text);\nCREATE INDEX ix_${"a".repeat(70)} ON orders (status);`,
      errors: [{ messageId: "indexName", line: 2, column: 1, endLine: 2, endColumn: 106 }],
    },
    {
      name: "pattern option: no name to suggest",
      code: "CREATE TABLE orders (id bigint PRIMARY KEY, status text);\nCREATE INDEX idx_orders_status ON orders (status);",
      options: { indexes: { pattern: "^ix_[a-z0-9_]+$" } },
      errors: [{ messageId: "indexName", line: 2, column: 1, endLine: 2, endColumn: 50, message: "(pattern ^ix_[a-z0-9_]+$)" }],
    },
    {
      name: "template option",
      code: "CREATE TABLE orders (id bigint PRIMARY KEY, status text);\nCREATE INDEX idx_orders_status ON orders (status);",
      options: { indexes: "{table}_{columns}_idx" },
      errors: [{ messageId: "indexName", line: 2, column: 1, endLine: 2, endColumn: 50, suggestion: "ALTER INDEX idx_orders_status RENAME TO orders_status_idx;" }],
    },
  ],
});

describe("naming-convention: options", () => {
  it("rejects unknown placeholders, mixed shapes and invalid patterns", () => {
    expect(rule.meta.options.safeParse({ indexes: "idx_{tbl}_{columns}" }).success).toBe(false);
    expect(rule.meta.options.safeParse({ checkConstraints: "chk_{table}_{ref_table}" }).success).toBe(false);
    expect(rule.meta.options.safeParse({ tables: { plural: false, pattern: "^t_" } }).success).toBe(false);
    expect(rule.meta.options.safeParse({ foreignKeys: { pattern: "(" } }).success).toBe(false);
    expect(rule.meta.options.safeParse({ tables: { case: "camel" } }).success).toBe(false);
  });

  it("accepts each shape", () => {
    expect(rule.meta.options.safeParse({ tables: false, columns: { allow: ["createdBy"] }, indexes: { pattern: "^ix_" }, foreignKeys: "{table}_{columns}_fkey" }).success).toBe(true);
  });
});
