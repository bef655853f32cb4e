import rule from "../../src/rules/no-concurrent-in-transaction.js";
import { ruleTester } from "../helpers/rule-tester.js";

const orders = "CREATE TABLE orders (id bigint PRIMARY KEY, email text);";
const index = "CREATE INDEX CONCURRENTLY orders_email_idx ON orders (email);";

ruleTester(rule, {
  valid: [
    { name: "plain file: no transaction", code: [orders, `${index}\nDROP INDEX CONCURRENTLY orders_email_idx;\nREINDEX TABLE CONCURRENTLY orders;`] },
    { name: "after COMMIT", code: [orders, `BEGIN;\nALTER TABLE orders ADD COLUMN note text;\nCOMMIT;\n${index}`] },
    { name: "non-concurrent statements in a transaction", code: [orders, "BEGIN;\nCREATE INDEX orders_email_idx ON orders (email);\nREINDEX TABLE orders;\nCOMMIT;"] },
    { name: "REFRESH MATERIALIZED VIEW CONCURRENTLY runs fine in a transaction", code: [orders, "BEGIN;\nCREATE MATERIALIZED VIEW mv AS SELECT id FROM orders;\nCREATE UNIQUE INDEX ON mv (id);\nREFRESH MATERIALIZED VIEW CONCURRENTLY mv;\nCOMMIT;"] },
    { name: "golang-migrate: a file holding one statement runs outside a transaction", code: [{ path: "/m/000001_init.up.sql", sql: orders }, { path: "/m/000002_email_idx.up.sql", sql: index }] },
    { name: "dbmate: transaction:false", code: [{ path: "/db/20240101000000_init.sql", sql: `-- migrate:up\n${orders}` }, { path: "/db/20240102000000_idx.sql", sql: `-- migrate:up transaction:false\n${index}\n\n-- migrate:down\nDROP INDEX orders_email_idx;` }] },
    { name: "goose: NO TRANSACTION", code: [{ path: "/g/00001_init.sql", sql: `-- +goose Up\n${orders}` }, { path: "/g/00002_idx.sql", sql: `-- +goose NO TRANSACTION\n-- +goose Up\n${index}\n-- +goose Down\nDROP INDEX CONCURRENTLY orders_email_idx;` }] },
    { name: "sql-migrate: notransaction on the Up marker", code: [{ path: "/s/1_init.sql", sql: `-- +migrate Up\n${orders}` }, { path: "/s/2_idx.sql", sql: `-- +migrate Up notransaction\n${index}\n-- +migrate Down\nDROP INDEX orders_email_idx;` }] },
    { name: "Flyway: a migration made of the statement alone", code: [{ path: "/f/V1__init.sql", sql: orders }, { path: "/f/V2__email_idx.sql", sql: index }] },
    { name: "diesel: run_in_transaction = false", code: [{ path: "/d/2024-01-01-000000_init/up.sql", sql: orders }, { path: "/d/2024-01-02-000000_idx/up.sql", sql: index }, { path: "/d/2024-01-02-000000_idx/metadata.toml", sql: "run_in_transaction = false\n" }] },
    { name: "a DO block holding a plain CREATE INDEX (only CONCURRENTLY is refused in a function)", code: [orders, "DO $$ BEGIN CREATE INDEX orders_email_idx ON orders (email); END $$;"] },
  ],
  invalid: [
    {
      name: "inside a DO block, even in a file that runs without a transaction",
      code: [orders, `DO $$ BEGIN ${index} END $$;`],
      errors: [
        {
          messageId: "doBlock",
          file: 2,
          line: 1,
          column: 13,
          endLine: 1,
          endColumn: 73,
          message: 'PostgreSQL refuses CREATE INDEX CONCURRENTLY in a function ("CREATE INDEX CONCURRENTLY cannot be executed from a function"), and this one runs in a DO block, which PostgreSQL runs as one: the migration fails here.',
        },
      ],
    },
    {
      name: "between BEGIN and COMMIT",
      code: [orders, `BEGIN;\n${index}\nCOMMIT;`],
      errors: [
        {
          messageId: "explicitTransaction",
          file: 2,
          line: 2,
          column: 1,
          endLine: 2,
          endColumn: 61,
          message: 'PostgreSQL refuses CREATE INDEX CONCURRENTLY inside a transaction block ("CREATE INDEX CONCURRENTLY cannot run inside a transaction block"), and this one runs between BEGIN and COMMIT: the migration fails here.',
        },
      ],
    },
    {
      name: "every CONCURRENTLY form that PostgreSQL refuses in a block",
      code: [
        `${orders}\nCREATE TABLE events (id bigint, at date) PARTITION BY RANGE (at);\nCREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');`,
        "START TRANSACTION;\nDROP INDEX CONCURRENTLY IF EXISTS orders_email_idx;\nREINDEX (CONCURRENTLY) INDEX orders_pkey;\nALTER TABLE events DETACH PARTITION events_2024 CONCURRENTLY;\nCOMMIT;",
      ],
      errors: [
        { messageId: "explicitTransaction", file: 2, line: 2, column: 1, endLine: 2, endColumn: 51, message: '"DROP INDEX CONCURRENTLY cannot run inside a transaction block"' },
        { messageId: "explicitTransaction", file: 2, line: 3, column: 1, endLine: 3, endColumn: 41, message: '"REINDEX CONCURRENTLY cannot run inside a transaction block"' },
        { messageId: "explicitTransaction", file: 2, line: 4, column: 1, endLine: 4, endColumn: 61, message: '"ALTER TABLE ... DETACH CONCURRENTLY cannot run inside a transaction block"' },
      ],
    },
    {
      name: "golang-migrate: a file of several statements is one implicit transaction",
      code: [{ path: "/m/000001_init.up.sql", sql: orders }, { path: "/m/000002_email_idx.up.sql", sql: `SET lock_timeout = '5s';\n${index}` }],
      errors: [{ messageId: "toolTransaction", file: 2, line: 2, column: 1, endLine: 2, endColumn: 61, message: "golang-migrate sends this file as one multi-statement query" }],
    },
    {
      name: "dbmate runs the section in a transaction by default",
      code: [{ path: "/db/20240101000000_init.sql", sql: `-- migrate:up\n${orders}` }, { path: "/db/20240102000000_idx.sql", sql: `-- migrate:up\n${index}\n\n-- migrate:down\nDROP INDEX orders_email_idx;` }],
      errors: [{ messageId: "toolTransaction", file: 2, line: 2, column: 1, endLine: 2, endColumn: 61, message: "dbmate runs each migration in a transaction" }],
    },
    {
      name: "goose runs the migration in a transaction by default",
      code: [{ path: "/g/00001_init.sql", sql: `-- +goose Up\n${orders}` }, { path: "/g/00002_idx.sql", sql: `-- +goose Up\n${index}\n-- +goose Down\nDROP INDEX orders_email_idx;` }],
      errors: [{ messageId: "toolTransaction", file: 2, line: 2, column: 1, endLine: 2, endColumn: 61, message: "goose runs each migration in a transaction" }],
    },
    {
      name: "sql-migrate runs the migration in a transaction by default",
      code: [{ path: "/s/1_init.sql", sql: `-- +migrate Up\n${orders}` }, { path: "/s/2_idx.sql", sql: `-- +migrate Up\n${index}\n-- +migrate Down notransaction\nDROP INDEX orders_email_idx;` }],
      errors: [{ messageId: "toolTransaction", file: 2, line: 2, column: 1, endLine: 2, endColumn: 61, message: "sql-migrate runs each migration in a transaction" }],
    },
    {
      name: "Flyway: a migration with other statements",
      code: [{ path: "/f/V1__init.sql", sql: orders }, { path: "/f/V2__email_idx.sql", sql: `ALTER TABLE orders ADD COLUMN note text;\n${index}` }],
      errors: [{ messageId: "toolTransaction", file: 2, line: 2, column: 1, endLine: 2, endColumn: 61, message: "Flyway runs this migration in a transaction" }],
    },
    {
      name: "Supabase sends a file as one batch",
      code: [{ path: "/app/supabase/migrations/20240101000000_init.sql", sql: orders }, { path: "/app/supabase/migrations/20240102000000_idx.sql", sql: `ALTER TABLE orders ADD COLUMN note text;\n${index}` }],
      errors: [{ messageId: "toolTransaction", file: 2, line: 2, column: 1, endLine: 2, endColumn: 61, message: "the Supabase CLI sends this file as one batch" }],
    },
    {
      name: "diesel runs up.sql in a transaction by default",
      code: [{ path: "/d/2024-01-01-000000_init/up.sql", sql: orders }, { path: "/d/2024-01-02-000000_idx/up.sql", sql: index }],
      errors: [{ messageId: "toolTransaction", file: 2, line: 1, column: 1, endLine: 1, endColumn: 61, message: "diesel runs each migration in a transaction" }],
    },
    {
      name: "diesel with run_in_transaction = false still sends several statements as one query",
      code: [
        { path: "/d/2024-01-01-000000_init/up.sql", sql: orders },
        { path: "/d/2024-01-02-000000_idx/up.sql", sql: `ALTER TABLE orders ADD COLUMN note text;\n${index}` },
        { path: "/d/2024-01-02-000000_idx/metadata.toml", sql: "run_in_transaction = false\n" },
      ],
      errors: [
        {
          messageId: "toolTransaction",
          file: 2,
          line: 2,
          column: 1,
          endLine: 2,
          endColumn: 61,
          message:
            'PostgreSQL refuses CREATE INDEX CONCURRENTLY inside a transaction block ("CREATE INDEX CONCURRENTLY cannot run inside a transaction block"), and with the transaction turned off diesel (batch_execute) still sends this file as one multi-statement query, which PostgreSQL runs as a single implicit transaction: the migration fails here.',
        },
      ],
    },
    {
      name: "diesel: sqlx's -- no-transaction means nothing in a diesel directory (sqlx never reads directories)",
      code: [{ path: "/x/2024-01-01-000000_init/up.sql", sql: orders }, { path: "/x/2024-01-02-000000_idx/up.sql", sql: `-- no-transaction\n${index}` }],
      errors: [{ messageId: "toolTransaction", file: 2, line: 2, column: 1, endLine: 2, endColumn: 61, message: "diesel runs each migration in a transaction unless its metadata.toml says run_in_transaction = false" }],
    },
  ],
});
