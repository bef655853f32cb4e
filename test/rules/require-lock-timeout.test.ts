import rule from "../../src/rules/require-lock-timeout.js";
import { ruleTester } from "../helpers/rule-tester.js";
import { addColumn, golang, init } from "../helpers/truncated-table.js";

const schema =
  "CREATE TABLE accounts (id bigint PRIMARY KEY);\nCREATE TABLE orders (id bigint PRIMARY KEY, account_id bigint, status text);\nCREATE INDEX orders_status_idx ON orders (status);\nCREATE TABLE events (id bigint, at date) PARTITION BY RANGE (at);";

ruleTester(rule, {
  valid: [
    { name: "ALTER TABLE of a sequence the same migration created (pg_dump's OWNER TO)", code: ["CREATE TABLE a (id int PRIMARY KEY);", "CREATE SEQUENCE public.customers_id_seq;\nALTER TABLE public.customers_id_seq OWNER TO postgres;"] },
    {
      name: "DROP INDEX IF EXISTS of an index the history does not know, that the migration then creates on a table it created",
      code: "CREATE TABLE metrics (id bigint PRIMARY KEY, flow_id text NOT NULL);\nDROP INDEX IF EXISTS idx_metrics_flow_id;\nCREATE INDEX IF NOT EXISTS idx_metrics_flow_id ON metrics (flow_id);",
    },
    {
      name: "the CREATE INDEX in a later parse chunk of a long file (the file is parsed whole to look ahead)",
      code: `CREATE TABLE metrics (id bigint PRIMARY KEY, flow_id text NOT NULL);\nDROP INDEX IF EXISTS idx_metrics_flow_id;\n${"SELECT 1;\n".repeat(8000)}CREATE INDEX IF NOT EXISTS idx_metrics_flow_id ON metrics (flow_id);`,
    },
    {
      name: "the same in a Flyway migration (parsed whole before it runs), with a schema-qualified DROP",
      code: { path: "/m/V1__init.sql", sql: "CREATE TABLE metrics (id bigint PRIMARY KEY, flow_id text NOT NULL);\nDROP INDEX IF EXISTS public.idx_metrics_flow_id;\nCREATE INDEX IF NOT EXISTS idx_metrics_flow_id ON metrics (flow_id);" },
    },

    {
      name: "a new table referencing itself locks no existing table",
      code: ["CREATE TABLE a (id int PRIMARY KEY);", "CREATE TABLE t (id int PRIMARY KEY, parent_id int REFERENCES t);\nCREATE TABLE u (id int PRIMARY KEY, parent_id int, FOREIGN KEY (parent_id) REFERENCES public.u (id));"],
    },
    { name: "SET lock_timeout first", code: [schema, "SET lock_timeout = '5s';\nALTER TABLE orders ADD COLUMN note text;\nDROP INDEX orders_status_idx;"] },
    { name: "SET LOCAL inside a transaction", code: [schema, "BEGIN;\nSET LOCAL lock_timeout = '2s';\nALTER TABLE orders ADD COLUMN note text;\nCOMMIT;"] },
    { name: "set_config", code: [schema, "SELECT set_config('lock_timeout', '3s', false);\nTRUNCATE orders;"] },
    { name: "tables created in the same migration", code: "CREATE TABLE t (id bigint PRIMARY KEY, code text);\nALTER TABLE t ADD UNIQUE (code);\nCREATE INDEX ON t (code);\nCREATE TABLE u (t_id bigint REFERENCES t);\nTRUNCATE t;\nDROP TABLE u;" },
    {
      name: "locks that let reads and writes through",
      code: [
        schema,
        "ALTER TABLE orders VALIDATE CONSTRAINT orders_account_fk;\nALTER TABLE orders ALTER COLUMN status SET STATISTICS 500;\nALTER TABLE orders SET (fillfactor = 90, autovacuum_vacuum_scale_factor = 0.01);\nCREATE INDEX CONCURRENTLY orders_account_idx ON orders (account_id);\nREINDEX INDEX CONCURRENTLY orders_status_idx;\nDROP INDEX CONCURRENTLY orders_status_idx;\nLOCK TABLE orders IN ROW EXCLUSIVE MODE;\nCREATE TABLE events_2024 (id bigint, at date);\nALTER TABLE events ATTACH PARTITION events_2024 FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');",
      ],
    },
    { name: "LOCK ... NOWAIT does not queue", code: [schema, "LOCK TABLE orders IN ACCESS EXCLUSIVE MODE NOWAIT;"] },
    { name: "DROP ... IF EXISTS of a table and an index an earlier migration dropped", code: [schema, "SET lock_timeout = '5s';\nDROP INDEX orders_status_idx;\nDROP TABLE accounts;", "DROP TABLE IF EXISTS accounts;\nDROP INDEX IF EXISTS orders_status_idx;"] },
    { name: "lock_timeout set with PERFORM set_config in a DO block", code: [schema, "DO $$ BEGIN PERFORM set_config('lock_timeout', '2s', false); END $$;\nALTER TABLE orders ADD COLUMN note text;"] },
    { name: "temporary tables", code: [schema, "CREATE TEMP TABLE staging (id bigint);\nALTER TABLE staging ADD COLUMN note text;\nTRUNCATE staging;\nDROP TABLE staging;"] },
    { name: "REFRESH MATERIALIZED VIEW CONCURRENTLY", code: [`${schema}\nCREATE MATERIALIZED VIEW totals AS SELECT account_id, count(*) FROM orders GROUP BY account_id;\nCREATE UNIQUE INDEX ON totals (account_id);`, "REFRESH MATERIALIZED VIEW CONCURRENTLY totals;"] },
    { name: "the timeout in force from a SET in an earlier statement of the same migration", code: [{ path: "/m/000001_init.up.sql", sql: schema }, { path: "/m/000002_note.up.sql", sql: "SET lock_timeout = '5s';\nALTER TABLE orders ADD COLUMN note text;" }] },
    { name: "down migrations are not checked", code: [{ path: "/m/000001_init.up.sql", sql: schema }, { path: "/m/000002_note.up.sql", sql: "SET lock_timeout = '5s';\nALTER TABLE orders ADD COLUMN note text;" }, { path: "/m/000002_note.down.sql", sql: "ALTER TABLE orders DROP COLUMN note;" }] },
  ],
  invalid: [
    {
      name: "ALTER TABLE of a sequence an earlier migration created locks a sequence, not a table",
      code: ["CREATE SEQUENCE invoice_numbers;", "ALTER TABLE invoice_numbers OWNER TO billing;"],
      errors: [{ messageId: "missingLockTimeout", file: 2, line: 1, column: 1, endLine: 1, endColumn: 45, message: 'ALTER TABLE takes an ACCESS EXCLUSIVE lock on sequence "invoice_numbers"' }],
    },
    {
      name: "DROP INDEX IF EXISTS of an unknown index re-created on a table an earlier migration created",
      code: ["CREATE TABLE accounts (id bigint PRIMARY KEY);\nCREATE TABLE orders (id bigint PRIMARY KEY, account_id bigint);", "DROP INDEX IF EXISTS idx_orders_account;\nCREATE INDEX IF NOT EXISTS idx_orders_account ON orders (account_id);"],
      errors: [{ messageId: "missingLockTimeout", file: 2, line: 1, column: 1, endLine: 1, endColumn: 40, message: 'DROP INDEX takes an ACCESS EXCLUSIVE lock on the table of index "idx_orders_account"' }],
    },
    {
      name: "DROP INDEX IF EXISTS of an unknown index the migration does not create again",
      code: "CREATE TABLE metrics (id bigint PRIMARY KEY, flow_id text NOT NULL);\nDROP INDEX IF EXISTS idx_metrics_flow_id;\nCREATE INDEX IF NOT EXISTS idx_metrics_flow ON metrics (flow_id);",
      errors: [{ messageId: "missingLockTimeout", line: 2, column: 1, endLine: 2, endColumn: 41 }],
    },
    {
      name: "DROP INDEX IF EXISTS of an unknown index created again only by a later migration",
      code: ["CREATE TABLE metrics (id bigint PRIMARY KEY, flow_id text NOT NULL);\nDROP INDEX IF EXISTS idx_metrics_flow_id;", "CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_metrics_flow_id ON metrics (flow_id);"],
      errors: [{ messageId: "missingLockTimeout", file: 1, line: 2, column: 1, endLine: 2, endColumn: 41 }],
    },
    {
      name: "ALTER TABLE on an existing table",
      code: [schema, "ALTER TABLE orders ADD COLUMN note text;"],
      errors: [
        {
          messageId: "missingLockTimeout",
          file: 2,
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 40,
          message:
            'No lock_timeout is set, and ALTER TABLE takes an ACCESS EXCLUSIVE lock on table "orders": if another transaction holds a conflicting lock, the statement waits in the lock queue, and every later query on it, reads included, waits behind it until it gets the lock and finishes.',
          suggestion: "SET lock_timeout = '5s';",
        },
      ],
    },
    {
      name: "reported once per migration, at the first locking statement",
      code: [schema, "CREATE INDEX orders_account_idx ON orders (account_id);\nDROP INDEX orders_status_idx;\nTRUNCATE orders;"],
      errors: [{ messageId: "missingLockTimeout", file: 2, line: 1, column: 1, endLine: 1, endColumn: 55, message: 'CREATE INDEX takes a SHARE lock on table "orders"', suggestion: "SET lock_timeout = '5s';" }],
    },
    {
      name: "the first strong lock after weak ones; the suggested timeout is an option",
      code: [schema, "ALTER TABLE orders VALIDATE CONSTRAINT orders_account_fk;\nTRUNCATE accounts, orders;"],
      options: { suggestedTimeout: "2s" },
      errors: [{ messageId: "missingLockTimeout", file: 2, line: 2, column: 10, endLine: 2, endColumn: 18, message: 'TRUNCATE takes an ACCESS EXCLUSIVE lock on table "accounts"', suggestion: "SET lock_timeout = '2s';" }],
    },
    {
      name: "lock_timeout = 0 disables the timeout",
      code: [schema, "SET lock_timeout = 0;\nDROP TABLE orders;"],
      errors: [{ messageId: "missingLockTimeout", file: 2, line: 2, column: 1, endLine: 2, endColumn: 18, message: "DROP TABLE takes an ACCESS EXCLUSIVE lock" }],
    },
    {
      name: "SET LOCAL ends with its transaction",
      code: [schema, "BEGIN;\nSET LOCAL lock_timeout = '2s';\nCOMMIT;\nALTER TABLE orders RENAME COLUMN status TO state;"],
      errors: [{ messageId: "missingLockTimeout", file: 2, line: 4, column: 1, endLine: 4, endColumn: 49, message: "ALTER TABLE ... RENAME takes an ACCESS EXCLUSIVE lock" }],
    },
    {
      name: "a new table's foreign key locks the existing referenced table",
      code: [schema, "CREATE TABLE invoices (\n  id bigint PRIMARY KEY,\n  account_id bigint NOT NULL REFERENCES accounts (id)\n);"],
      errors: [
        {
          messageId: "missingLockTimeout",
          file: 2,
          line: 3,
          column: 30,
          endLine: 3,
          endColumn: 54,
          message: 'CREATE TABLE ... REFERENCES takes a SHARE ROW EXCLUSIVE lock on table "accounts": if another transaction holds a conflicting lock, the statement waits in the lock queue, and every later INSERT, UPDATE and DELETE on it waits behind it',
        },
      ],
    },
    {
      name: "CREATE TABLE ... PARTITION OF an existing partitioned table",
      code: [schema, "CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');"],
      errors: [{ messageId: "missingLockTimeout", file: 2, line: 1, column: 1, endLine: 1, endColumn: 94, message: 'CREATE TABLE ... PARTITION OF takes an ACCESS EXCLUSIVE lock on table "events"' }],
    },
    {
      name: "ATTACH PARTITION locked the partitioned table ACCESS EXCLUSIVE before PostgreSQL 12",
      code: [schema, "CREATE TABLE events_2024 (id bigint, at date);\nALTER TABLE events ATTACH PARTITION events_2024 FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');"],
      postgresVersion: 11,
      errors: [{ messageId: "missingLockTimeout", file: 2, line: 2, column: 1, endLine: 2, endColumn: 97, message: 'ALTER TABLE takes an ACCESS EXCLUSIVE lock on table "events"' }],
    },
    {
      name: "LOCK TABLE in the default mode and in SHARE mode",
      code: [schema, "LOCK orders;", "LOCK TABLE accounts IN SHARE MODE;"],
      errors: [
        { messageId: "missingLockTimeout", file: 2, line: 1, column: 6, endLine: 1, endColumn: 12, message: 'LOCK TABLE takes an ACCESS EXCLUSIVE lock on table "orders"' },
        { messageId: "missingLockTimeout", file: 3, line: 1, column: 12, endLine: 1, endColumn: 20, message: 'LOCK TABLE takes a SHARE lock on table "accounts"' },
      ],
    },
    {
      name: "REINDEX, VACUUM FULL and CLUSTER",
      code: [schema, "REINDEX INDEX orders_status_idx;", "VACUUM FULL;", "CLUSTER orders USING orders_status_idx;"],
      errors: [
        { messageId: "missingLockTimeout", file: 2, line: 1, column: 1, endLine: 1, endColumn: 32, message: 'REINDEX takes an ACCESS EXCLUSIVE lock on index "orders_status_idx"' },
        { messageId: "missingLockTimeout", file: 3, line: 1, column: 1, endLine: 1, endColumn: 12, message: "VACUUM FULL takes an ACCESS EXCLUSIVE lock on every table of the database in turn" },
        { messageId: "missingLockTimeout", file: 4, line: 1, column: 1, endLine: 1, endColumn: 39, message: 'CLUSTER takes an ACCESS EXCLUSIVE lock on table "orders"' },
      ],
    },
    {
      name: "ATTACH PARTITION of an existing table, DROP TRIGGER, SET SCHEMA, ENABLE TRIGGER, REFRESH MATERIALIZED VIEW",
      code: [
        `${schema}\nCREATE TABLE events_2024 (id bigint, at date);\nCREATE MATERIALIZED VIEW totals AS SELECT account_id, count(*) FROM orders GROUP BY account_id;`,
        "ALTER TABLE events ATTACH PARTITION events_2024 FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');",
        "DROP TRIGGER orders_audit ON orders;",
        "ALTER TABLE accounts SET SCHEMA archive;",
        "ALTER TABLE orders ENABLE TRIGGER orders_audit;",
        "REFRESH MATERIALIZED VIEW totals;",
      ],
      errors: [
        { messageId: "missingLockTimeout", file: 2, line: 1, column: 1, endLine: 1, endColumn: 97, message: 'ALTER TABLE ... ATTACH PARTITION takes an ACCESS EXCLUSIVE lock on table "events_2024"' },
        { messageId: "missingLockTimeout", file: 3, line: 1, column: 1, endLine: 1, endColumn: 36, message: 'DROP TRIGGER takes an ACCESS EXCLUSIVE lock on table "orders"' },
        { messageId: "missingLockTimeout", file: 4, line: 1, column: 1, endLine: 1, endColumn: 40, message: 'ALTER TABLE ... SET SCHEMA takes an ACCESS EXCLUSIVE lock on table "accounts"' },
        { messageId: "missingLockTimeout", file: 5, line: 1, column: 1, endLine: 1, endColumn: 47, message: 'ALTER TABLE takes a SHARE ROW EXCLUSIVE lock on table "orders"' },
        { messageId: "missingLockTimeout", file: 6, line: 1, column: 1, endLine: 1, endColumn: 33, message: 'REFRESH MATERIALIZED VIEW takes an ACCESS EXCLUSIVE lock on materialized view "totals"' },
      ],
    },
    {
      name: "triggers and storage parameters that need ACCESS EXCLUSIVE",
      code: [schema, "CREATE TRIGGER orders_audit AFTER UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION audit();", "ALTER TABLE accounts SET (user_catalog_table = true);"],
      errors: [
        { messageId: "missingLockTimeout", file: 2, line: 1, column: 1, endLine: 1, endColumn: 89, message: 'CREATE TRIGGER takes a SHARE ROW EXCLUSIVE lock on table "orders"' },
        { messageId: "missingLockTimeout", file: 3, line: 1, column: 1, endLine: 1, endColumn: 53, message: 'ALTER TABLE takes an ACCESS EXCLUSIVE lock on table "accounts"' },
      ],
    },
  ],
});

// A table a TRUNCATE emptied earlier in the same, still open transaction.
ruleTester(rule, {
  valid: [{ name: "after the TRUNCATE, with a lock_timeout", code: [init, golang("SET lock_timeout = '2s';\nTRUNCATE inputs;\nCREATE INDEX inputs_note_idx ON inputs (note);")] }],
  invalid: [
    {
      name: "the TRUNCATE itself still waits for ACCESS EXCLUSIVE",
      code: [init, golang(`TRUNCATE inputs;\n${addColumn}\nCREATE INDEX inputs_note_idx ON inputs (note);`)],
      errors: [{ messageId: "missingLockTimeout", file: 2, line: 1, column: 10, endLine: 1, endColumn: 16, message: 'TRUNCATE takes an ACCESS EXCLUSIVE lock on table "inputs"' }],
    },
  ],
});
