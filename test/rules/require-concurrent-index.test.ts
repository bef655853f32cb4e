import rule from "../../src/rules/require-concurrent-index.js";
import { ruleTester } from "../helpers/rule-tester.js";
import { golang, tables } from "../helpers/truncated-table.js";

const orders = "CREATE TABLE orders (id bigint PRIMARY KEY, status text, email text, total numeric);\nCREATE INDEX orders_status_idx ON orders (status);";
const events =
  "CREATE TABLE events (id bigint, kind text, at date) PARTITION BY RANGE (at);\nCREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');\nCREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');";

ruleTester(rule, {
  valid: [
    {
      name: "DROP INDEX IF EXISTS of an index the history does not know, that the migration then creates on a table it created",
      code: "CREATE TABLE metrics (id bigint PRIMARY KEY, flow_id text NOT NULL);\nDROP INDEX IF EXISTS idx_metrics_flow_id;\nCREATE INDEX IF NOT EXISTS idx_metrics_flow_id ON metrics (flow_id);",
    },
    {
      name: "the same in a Flyway migration (parsed whole before it runs), with a schema-qualified DROP",
      code: { path: "/m/V1__init.sql", sql: "CREATE TABLE metrics (id bigint PRIMARY KEY, flow_id text NOT NULL);\nDROP INDEX IF EXISTS public.idx_metrics_flow_id;\nCREATE INDEX IF NOT EXISTS idx_metrics_flow_id ON metrics (flow_id);" },
    },

    {
      name: "IF NOT EXISTS of an index that already exists builds nothing",
      code: ["CREATE TABLE t (id int PRIMARY KEY, a int);\nCREATE INDEX idx_t_a ON t (a);", "CREATE INDEX IF NOT EXISTS idx_t_a ON t (a);"],
    },
    { name: "index on a table created in the same migration", code: "CREATE TABLE orders (id bigint, status text);\nCREATE INDEX ON orders (status);\nCREATE UNIQUE INDEX ON orders (id);" },
    { name: "CREATE INDEX CONCURRENTLY on an existing table", code: [orders, "CREATE INDEX CONCURRENTLY orders_email_idx ON orders (email);"] },
    { name: "a pg_dump --clean dump drops indexes it creates again", code: [{ path: "/app/db/structure.sql", sql: "--\n-- PostgreSQL database dump\n--\nDROP INDEX IF EXISTS public.index_items_on_name;\nDROP TABLE IF EXISTS public.items;\nCREATE TABLE public.items (id bigint NOT NULL, name text);\nCREATE INDEX index_items_on_name ON public.items USING btree (name);" }] },
    { name: "DROP INDEX CONCURRENTLY", code: [orders, "DROP INDEX CONCURRENTLY orders_status_idx;"] },
    { name: "DROP INDEX IF EXISTS of an index an earlier migration dropped, or that went with its table", code: [`${orders}\nCREATE TABLE old (id bigint);\nCREATE INDEX old_id_idx ON old (id);`, "DROP INDEX CONCURRENTLY orders_status_idx;\nDROP TABLE old;", "DROP INDEX IF EXISTS orders_status_idx;\nDROP INDEX IF EXISTS old_id_idx;"] },
    { name: "REINDEX ... CONCURRENTLY, both spellings", code: [orders, "REINDEX TABLE CONCURRENTLY orders;\nREINDEX (CONCURRENTLY, VERBOSE) INDEX orders_status_idx;"] },
    { name: "index created and dropped in the same migration", code: [orders, "CREATE INDEX CONCURRENTLY tmp_idx ON orders (total);\nDROP INDEX tmp_idx;"] },
    { name: "temporary table", code: [orders, "CREATE TEMP TABLE import_rows (id bigint, email text);\nCREATE INDEX ON import_rows (email);\nREINDEX TABLE import_rows;"] },
    { name: "SELECT ... INTO TEMP", code: [orders, "SELECT id, email INTO TEMP TABLE old_orders FROM orders;\nCREATE INDEX ON old_orders (email);"] },
    { name: "temporary table shadowing an existing table", code: [orders, "CREATE TEMPORARY TABLE orders (id bigint);\nCREATE INDEX ON orders (id);"] },
    { name: "CREATE INDEX ON ONLY a partitioned table (no build)", code: [events, "CREATE INDEX events_kind_idx ON ONLY events (kind);"] },
    { name: "DROP INDEX of a partitioned index (CONCURRENTLY is not supported there)", code: [`${events}\nCREATE INDEX events_kind_idx ON events (kind);`, "DROP INDEX events_kind_idx;"] },
    { name: "ADD CONSTRAINT ... USING INDEX", code: [orders, "ALTER TABLE orders ADD CONSTRAINT orders_email_key UNIQUE USING INDEX orders_email_idx;"] },
    { name: "ADD UNIQUE and PRIMARY KEY on a table created in the same migration", code: "CREATE TABLE t (id bigint, code text);\nALTER TABLE t ADD PRIMARY KEY (id), ADD UNIQUE (code), ADD COLUMN ref text UNIQUE;" },
    { name: "ADD PRIMARY KEY on a partitioned table (USING INDEX is not supported there)", code: [events, "ALTER TABLE events ADD PRIMARY KEY (id, at);"] },
    { name: "other constraints and columns", code: [orders, "ALTER TABLE orders ADD COLUMN note text, ADD CONSTRAINT total_positive CHECK (total > 0) NOT VALID;"] },
    { name: "REINDEX SCHEMA and DATABASE are out of scope", code: [orders, "REINDEX SCHEMA public;"] },
    { name: "REINDEX of a partitioned table before PostgreSQL 14 (not supported)", code: [events, "REINDEX TABLE events;"], postgresVersion: 13 },
    { name: "index on a materialized view created in the same migration", code: [orders, "CREATE MATERIALIZED VIEW totals AS SELECT status, sum(total) AS total FROM orders GROUP BY status;\nCREATE UNIQUE INDEX ON totals (status);"] },
    {
      name: "index on an existing materialized view: no writes to let through, and CONCURRENTLY blocks REFRESH MATERIALIZED VIEW just the same",
      code: [`${orders}\nCREATE MATERIALIZED VIEW totals AS SELECT status, sum(total) AS total FROM orders GROUP BY status;`, "CREATE UNIQUE INDEX totals_status_key ON totals (status);"],
    },
    { name: "down migrations are not checked", code: [{ path: "/m/000001_init.up.sql", sql: orders }, { path: "/m/000002_idx.up.sql", sql: "CREATE INDEX CONCURRENTLY orders_email_idx ON orders (email);" }, { path: "/m/000002_idx.down.sql", sql: "DROP INDEX orders_email_idx;" }] },
  ],
  invalid: [
    {
      name: "DROP INDEX IF EXISTS of an unknown index re-created on a table an earlier migration created",
      code: ["CREATE TABLE accounts (id bigint PRIMARY KEY);\nCREATE TABLE orders (id bigint PRIMARY KEY, account_id bigint);", "DROP INDEX IF EXISTS idx_orders_account;\nCREATE INDEX CONCURRENTLY IF NOT EXISTS idx_orders_account ON orders (account_id);"],
      errors: [{ messageId: "dropIndex", file: 2, line: 1, column: 22, endLine: 1, endColumn: 40, message: 'DROP INDEX "idx_orders_account" without CONCURRENTLY takes an ACCESS EXCLUSIVE lock on its table' }],
    },
    {
      name: "DROP INDEX IF EXISTS of an unknown index the migration does not create again",
      code: "CREATE TABLE metrics (id bigint PRIMARY KEY, flow_id text NOT NULL);\nDROP INDEX IF EXISTS idx_metrics_flow_id;\nCREATE INDEX IF NOT EXISTS idx_metrics_flow ON metrics (flow_id);",
      errors: [{ messageId: "dropIndex", line: 2, column: 22, endLine: 2, endColumn: 41 }],
    },
    {
      name: "DROP INDEX IF EXISTS of an unknown index created again only by a later migration",
      code: ["CREATE TABLE metrics (id bigint PRIMARY KEY, flow_id text NOT NULL);\nDROP INDEX IF EXISTS idx_metrics_flow_id;", "CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_metrics_flow_id ON metrics (flow_id);"],
      errors: [{ messageId: "dropIndex", file: 1, line: 2, column: 22, endLine: 2, endColumn: 41 }],
    },
    {
      name: "inside a DO block: no CONCURRENTLY suggestion, since PostgreSQL refuses it there",
      code: [orders, "DO $$ BEGIN\n  CREATE INDEX orders_email_idx ON orders (email);\nEND $$;"],
      errors: [{ messageId: "createIndex", file: 2, line: 2, column: 3, endLine: 2, endColumn: 50, suggestion: null }],
    },
    {
      name: "CREATE INDEX on an existing table",
      code: [orders, "CREATE INDEX orders_email_idx ON orders (email);"],
      errors: [
        {
          messageId: "createIndex",
          file: 2,
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 48,
          message: 'CREATE INDEX on existing table "orders" without CONCURRENTLY holds a SHARE lock',
          suggestion: "CREATE INDEX CONCURRENTLY orders_email_idx ON orders (email);",
        },
      ],
    },
    {
      name: "the suggestion keeps the whole definition",
      code: [
        orders,
        "CREATE UNIQUE INDEX IF NOT EXISTS orders_email_lower ON public.orders USING btree (lower(email) text_pattern_ops DESC NULLS LAST) INCLUDE (total) WITH (fillfactor = 90) WHERE status <> 'deleted';",
      ],
      errors: [
        {
          messageId: "createIndex",
          file: 2,
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 195,
          suggestion:
            "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS orders_email_lower ON public.orders ((lower(email)) text_pattern_ops DESC NULLS LAST) INCLUDE (total) WITH (fillfactor = 90) WHERE status <> 'deleted';",
        },
      ],
    },
    {
      name: "a table the history never created is treated as existing",
      code: "CREATE INDEX ON app.audit_log USING gin (payload jsonb_path_ops);",
      errors: [{ messageId: "createIndex", line: 1, column: 1, endLine: 1, endColumn: 65, message: '"app"."audit_log"', suggestion: "CREATE INDEX CONCURRENTLY ON app.audit_log USING gin (payload jsonb_path_ops);" }],
    },
    {
      name: "CREATE INDEX in a golang-migrate file with several statements",
      code: [{ path: "/m/000001_init.up.sql", sql: orders }, { path: "/m/000002_email.up.sql", sql: "ALTER TABLE orders ADD COLUMN phone text;\nCREATE INDEX ON orders (phone);" }],
      errors: [{ messageId: "createIndex", file: 2, line: 2, column: 1, endLine: 2, endColumn: 31, suggestion: "CREATE INDEX CONCURRENTLY ON orders (phone);" }],
    },
    {
      name: "partitioned table: ON ONLY, per-partition CONCURRENTLY and ATTACH PARTITION",
      code: [events, "CREATE INDEX events_kind_idx ON events (kind);"],
      errors: [
        {
          messageId: "partitionedIndex",
          file: 2,
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 46,
          message: 'CREATE INDEX on partitioned table "events"',
          suggestion: [
            "CREATE INDEX events_kind_idx ON ONLY events (kind);",
            "CREATE INDEX CONCURRENTLY events_2024_kind_idx ON events_2024 (kind);",
            "ALTER INDEX events_kind_idx ATTACH PARTITION events_2024_kind_idx;",
            "CREATE INDEX CONCURRENTLY events_2025_kind_idx ON events_2025 (kind);",
            "ALTER INDEX events_kind_idx ATTACH PARTITION events_2025_kind_idx;",
          ].join("\n"),
        },
      ],
    },
    {
      name: "a partition is a plain table: CONCURRENTLY works on it",
      code: [events, "CREATE INDEX ON events_2025 (kind);"],
      errors: [{ messageId: "createIndex", file: 2, line: 1, column: 1, endLine: 1, endColumn: 35, suggestion: "CREATE INDEX CONCURRENTLY ON events_2025 (kind);" }],
    },
    {
      name: "REINDEX of a partitioned table from PostgreSQL 14",
      code: [events, "REINDEX TABLE events;"],
      errors: [{ messageId: "reindex", file: 2, line: 1, column: 1, endLine: 1, endColumn: 21, message: 'REINDEX TABLE "events"', suggestion: "REINDEX TABLE CONCURRENTLY events;" }],
    },
    {
      name: "DROP INDEX of an existing index",
      code: [orders, "DROP INDEX orders_status_idx;"],
      errors: [
        {
          messageId: "dropIndex",
          file: 2,
          line: 1,
          column: 12,
          endLine: 1,
          endColumn: 29,
          message: 'DROP INDEX "orders_status_idx" without CONCURRENTLY takes an ACCESS EXCLUSIVE lock on "orders"',
          suggestion: "DROP INDEX CONCURRENTLY orders_status_idx;",
        },
      ],
    },
    {
      name: "one finding per index, each with its own statement; an unknown index counts as existing",
      code: [orders, "DROP INDEX IF EXISTS orders_status_idx, public.legacy_idx;"],
      errors: [
        { messageId: "dropIndex", file: 2, line: 1, column: 22, endLine: 1, endColumn: 39, suggestion: "DROP INDEX CONCURRENTLY IF EXISTS orders_status_idx;" },
        { messageId: "dropIndex", file: 2, line: 1, column: 41, endLine: 1, endColumn: 58, message: "its table", suggestion: "DROP INDEX CONCURRENTLY IF EXISTS public.legacy_idx;" },
      ],
    },
    {
      name: "DROP INDEX ... CASCADE gets no suggestion (CONCURRENTLY cannot cascade)",
      code: [orders, "DROP INDEX orders_status_idx CASCADE;"],
      errors: [{ messageId: "dropIndex", file: 2, line: 1, column: 12, endLine: 1, endColumn: 29 }],
    },
    {
      name: "REINDEX INDEX and REINDEX TABLE",
      code: [orders, "REINDEX INDEX orders_pkey;\nREINDEX (VERBOSE) TABLE orders;"],
      errors: [
        { messageId: "reindex", file: 2, line: 1, column: 1, endLine: 1, endColumn: 26, message: 'REINDEX INDEX "orders_pkey" without CONCURRENTLY blocks writes to "orders"', suggestion: "REINDEX INDEX CONCURRENTLY orders_pkey;" },
        { messageId: "reindex", file: 2, line: 2, column: 1, endLine: 2, endColumn: 31, message: 'REINDEX TABLE "orders"', suggestion: "REINDEX (VERBOSE) TABLE CONCURRENTLY orders;" },
      ],
    },
    {
      name: "REINDEX before PostgreSQL 12 (no CONCURRENTLY yet)",
      code: [orders, "REINDEX TABLE orders;"],
      postgresVersion: 11,
      errors: [{ messageId: "reindexWithoutConcurrently", file: 2, line: 1, column: 1, endLine: 1, endColumn: 21 }],
    },
    {
      name: "ADD CONSTRAINT ... UNIQUE on an existing table",
      code: [orders, "ALTER TABLE orders ADD CONSTRAINT orders_email_key UNIQUE (email);"],
      errors: [
        {
          messageId: "addConstraint",
          file: 2,
          line: 1,
          column: 24,
          endLine: 1,
          endColumn: 66,
          message: 'ADD CONSTRAINT "orders_email_key" UNIQUE builds a unique index on existing table "orders" while holding an ACCESS EXCLUSIVE lock',
          suggestion: "CREATE UNIQUE INDEX CONCURRENTLY orders_email_key ON orders (email);\nALTER TABLE orders ADD CONSTRAINT orders_email_key UNIQUE USING INDEX orders_email_key;",
        },
      ],
    },
    {
      name: "unnamed PRIMARY KEY and UNIQUE get the names PostgreSQL would choose",
      code: ["CREATE TABLE accounts (id bigint NOT NULL, code text, region text);", "ALTER TABLE accounts\n  ADD PRIMARY KEY (id),\n  ADD UNIQUE NULLS NOT DISTINCT (code, region) INCLUDE (id) DEFERRABLE INITIALLY DEFERRED;"],
      errors: [
        {
          messageId: "addConstraint",
          file: 2,
          line: 2,
          column: 7,
          endLine: 2,
          endColumn: 23,
          message: '"accounts_pkey" PRIMARY KEY',
          suggestion: "CREATE UNIQUE INDEX CONCURRENTLY accounts_pkey ON accounts (id);\nALTER TABLE accounts ADD CONSTRAINT accounts_pkey PRIMARY KEY USING INDEX accounts_pkey;",
        },
        {
          messageId: "addConstraint",
          file: 2,
          line: 3,
          column: 7,
          endLine: 3,
          endColumn: 90,
          message: '"accounts_code_region_key" UNIQUE',
          suggestion:
            "CREATE UNIQUE INDEX CONCURRENTLY accounts_code_region_key ON accounts (code, region) INCLUDE (id) NULLS NOT DISTINCT;\nALTER TABLE accounts ADD CONSTRAINT accounts_code_region_key UNIQUE USING INDEX accounts_code_region_key DEFERRABLE INITIALLY DEFERRED;",
        },
      ],
    },
    {
      name: "ADD COLUMN ... UNIQUE on an existing table",
      code: [orders, "ALTER TABLE app_orders ADD COLUMN external_id uuid UNIQUE;"],
      errors: [
        {
          messageId: "addColumnConstraint",
          file: 2,
          line: 1,
          column: 52,
          endLine: 1,
          endColumn: 58,
          message: 'ADD COLUMN "external_id" ... UNIQUE builds a unique index on existing table "app_orders"',
          suggestion: "CREATE UNIQUE INDEX CONCURRENTLY app_orders_external_id_key ON app_orders (external_id);\nALTER TABLE app_orders ADD CONSTRAINT app_orders_external_id_key UNIQUE USING INDEX app_orders_external_id_key;",
        },
      ],
    },
  ],
});

// A table a TRUNCATE emptied earlier in the same, still open transaction.
ruleTester(rule, {
  valid: [
    {
      name: "index builds and drops on a truncated table (concourse's migration)",
      code: [
        { path: "/m/000001_init.up.sql", sql: `${tables}\nCREATE INDEX inputs_note_idx ON inputs (note);` },
        golang("TRUNCATE TABLE inputs;\nCREATE INDEX inputs_id_idx ON inputs (id);\nDROP INDEX inputs_note_idx;\nREINDEX TABLE inputs;\nALTER TABLE inputs ADD UNIQUE (note);"),
      ],
    },
    { name: "a partitioned table", code: [{ path: "/m/000001_init.up.sql", sql: events }, golang("TRUNCATE events;\nCREATE INDEX events_kind_idx ON events (kind);")] },
  ],
  invalid: [
    {
      name: "after the COMMIT",
      code: [tables, "BEGIN;\nTRUNCATE inputs;\nCOMMIT;\nCREATE INDEX inputs_note_idx ON inputs (note);"],
      errors: [{ messageId: "createIndex", file: 2, line: 4, column: 1, endLine: 4, endColumn: 46 }],
    },
  ],
});
